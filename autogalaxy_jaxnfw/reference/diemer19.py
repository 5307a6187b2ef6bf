"""Diemer & Joyce (2019) and Ishiyama et al. (2021) concentrations without tables.

Every ingredient is evaluated directly:

* sigma(R) by the adaptive quadrature of :mod:`.sigma`, and d ln sigma / d ln R by the same
  quadrature of d sigma^2 / d ln R = 1/(2 pi^2) int k^3 P(k) 2 W(kR) W'(kR) kR d ln k;
* d ln D / d ln a from the closed-form derivative of each of colossus' growth-factor forms
  (integral form, Gnedin et al. 2011 matter + radiation form, and their blend in ln a);
* G^-1 by Brent's method on G's ascending branch within x in [0.1, 1000] (the minimum of G
  by Brent's method on 1 - p d ln mu / d ln x).

DJ19: ApJ 871, 168, eqs. 12-15 and Table 2.  Ishiyama et al. 2021: MNRAS 506, 4210,
Table 2.  Units: M in Msun/h.
"""

import functools
import math

import numpy as np
from scipy import integrate, optimize

from autogalaxy_jaxnfw.reference.cosmology import BRENT_RTOL, DELTA_COLLAPSE, SIGMA_EPSREL
from autogalaxy_jaxnfw.reference.growth import _growth_integral_form, _growth_matter_radiation, growth_factor
from autogalaxy_jaxnfw.reference.transfer import transfer_eh98
from autogalaxy_jaxnfw.reference.sigma import (
    _sigma2_cut_points,
    _tophat_window,
    lagrangian_radius,
    sigma,
    sigma2_unnormalised,
)

__all__ = ["PARAMETERS", "concentration_dj19_form", "concentration_diemer19", "concentration_ishiyama21", "growth_rate", "sigma_slope"]

# (kappa, a_0, a_1, b_0, b_1, c_alpha) from the papers' tables.
PARAMETERS = {
    ("diemer19", "median", "200c"): (0.41, 2.45, 1.82, 3.20, 2.30, 0.21),
    ("diemer19", "mean", "200c"): (0.42, 2.37, 1.74, 3.39, 1.82, 0.20),
    ("fit", "all", "500c"): (1.83, 1.95, 1.17, 3.57, 0.91, 0.26),
    ("fit", "relaxed", "500c"): (0.38, 1.44, 3.41, 2.86, 2.99, 0.42),
    ("fit", "all", "200c"): (1.19, 2.54, 1.33, 4.04, 1.21, 0.22),
    ("fit", "relaxed", "200c"): (0.60, 2.14, 2.63, 1.69, 6.36, 0.37),
    ("fit", "all", "vir"): (1.64, 2.67, 1.23, 3.92, 1.30, -0.19),
    ("fit", "relaxed", "vir"): (1.22, 2.52, 1.87, 2.13, 4.19, -0.017),
    ("vmax", "all", "200c"): (1.10, 2.30, 1.64, 1.72, 3.60, 0.32),
    ("vmax", "relaxed", "200c"): (1.79, 2.15, 2.06, 0.88, 9.24, 0.51),
    ("vmax", "all", "vir"): (0.76, 2.34, 1.82, 1.83, 3.52, -0.18),
    ("vmax", "relaxed", "vir"): (2.40, 2.27, 1.80, 0.56, 13.24, 0.079),
}
_X_RANGE = (0.1, 1000.0)


def _tophat_derivative(x):
    """dW/dx = 3 sin x / x^2 - 3 W / x, by its Taylor series below x = 0.5."""
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    small = x < 0.5
    xs, xl = x[small], x[~small]
    out[small] = sum((-1) ** (n + 1) * 6.0 * n * (2 * n - 2) / math.factorial(2 * n + 1) * xs ** (2 * n - 3) for n in range(2, 10))
    out[~small] = 3.0 * np.sin(xl) / xl**2 - 3.0 * _tophat_window(xl) / xl
    return out


@functools.lru_cache(maxsize=4096)
def sigma_slope(cosmo, R):
    """d ln sigma / d ln R at z = 0 for one radius R [Mpc/h], by adaptive quadrature."""
    cuts = _sigma2_cut_points(cosmo, R)
    start, width = cuts[:-1], np.diff(cuts)

    def integrand(t):
        k = np.exp(start + t * width)
        power = k**3 * k**cosmo.ns * transfer_eh98(cosmo, k) ** 2 / (2.0 * np.pi**2)
        return power * 2.0 * _tophat_window(k * R) * _tophat_derivative(k * R) * k * R * width

    pieces, _ = integrate.quad_vec(integrand, 0.0, 1.0, epsabs=0.0, epsrel=SIGMA_EPSREL, norm="max")
    return 0.5 * math.fsum(pieces) / sigma2_unnormalised(cosmo, R)


def _rate_integral_form(cosmo, a):
    """d ln D / d ln a of D = 5/2 Om0 E I(a), E^2 = Om0 a^-3 + Ode0 + Or0: d ln E/d ln a + 1/(a^2 E^3 I)."""
    lam = cosmo.Ode0 + cosmo.Or0
    e2 = cosmo.Om0 / a**3 + lam
    d_int = _growth_integral_form(cosmo, 1.0 / a - 1.0)
    integral = d_int / (2.5 * cosmo.Om0 * math.sqrt(e2))
    return -1.5 * cosmo.Om0 / (a**3 * e2) + 1.0 / (a * a * e2**1.5 * integral)


def _rate_matter_radiation(cosmo, a):
    """d ln D / d ln a of the Gnedin et al. (2011) eq. 5 form."""
    x = a / cosmo.a_eq
    r = math.sqrt(1.0 + x)
    d_bracket = 1.0 / r + math.log((r - 1.0) / (r + 1.0)) + (2.0 / 3.0 + x) / (x * r)
    d_growth_da = 1.0 + d_bracket / (2.0 * math.log(2.0) - 3.0)
    return a * d_growth_da / _growth_matter_radiation(cosmo, 1.0 / a - 1.0)


def growth_rate(cosmo, z):
    """alpha_eff = d ln D / d ln a at z, with colossus' blend between z = 5 and z = 20."""
    a = 1.0 / (1.0 + z)
    if not cosmo.relspecies or z <= 5.0:
        return _rate_integral_form(cosmo, a)
    if z >= 20.0:
        return _rate_matter_radiation(cosmo, a)
    ln_a5, ln_a20 = -math.log(6.0), -math.log(21.0)
    w = (math.log(a) - ln_a20) / (ln_a5 - ln_a20)
    d1, d2 = _growth_integral_form(cosmo, z), _growth_matter_radiation(cosmo, z)
    growth = w * d1 + (1.0 - w) * d2
    derivative = (d1 - d2) / (ln_a5 - ln_a20) + w * d1 * _rate_integral_form(cosmo, a) + (1.0 - w) * d2 * _rate_matter_radiation(cosmo, a)
    return derivative / growth


def _mu(x):
    return math.log1p(x) - x / (1.0 + x)


def _g_inverse(p, rhs):
    """x in [0.1, 1000] with x / mu(x)^p = rhs on the ascending branch, or NaN."""
    ln_g = lambda ln_x: ln_x - p * math.log(_mu(math.exp(ln_x)))
    # d ln G / d ln x = 1 - p x^2 / ((1 + x)^2 mu(x)): negative below G's minimum.
    rising = lambda ln_x: 1.0 - p * math.exp(2.0 * ln_x) / ((1.0 + math.exp(ln_x)) ** 2 * _mu(math.exp(ln_x)))
    lo, hi = (math.log(v) for v in _X_RANGE)
    if rising(lo) < 0.0:
        lo = optimize.brentq(rising, lo, hi, xtol=1e-15, rtol=BRENT_RTOL)
    target = math.log(rhs)
    if not ln_g(lo) <= target <= ln_g(hi):
        return math.nan
    return math.exp(optimize.brentq(lambda v: ln_g(v) - target, lo, hi, xtol=1e-15, rtol=BRENT_RTOL))


def concentration_dj19_form(cosmo, M, z, parameters):
    """c of DJ19 eqs. 12-15 with ``parameters`` = (kappa, a_0, a_1, b_0, b_1, c_alpha); NaN without a root."""
    kappa, a_0, a_1, b_0, b_1, c_alpha = parameters
    r_l = float(lagrangian_radius(cosmo, M))
    n_eff = -2.0 * sigma_slope(cosmo, kappa * r_l) - 3.0
    nu = DELTA_COLLAPSE / (sigma(cosmo, r_l) * growth_factor(cosmo, z))
    a_n = a_0 * (1.0 + a_1 * (n_eff + 3.0))
    b_n = b_0 * (1.0 + b_1 * (n_eff + 3.0))
    x = _g_inverse((5.0 + n_eff) / 6.0, a_n / nu * (1.0 + nu * nu / b_n))
    return (1.0 - c_alpha * (1.0 - growth_rate(cosmo, z))) * x


def concentration_diemer19(cosmo, M, z, statistic="median"):
    """c200c of Diemer & Joyce (2019), ``statistic`` "median" or "mean"."""
    return concentration_dj19_form(cosmo, M, z, PARAMETERS[("diemer19", statistic, "200c")])


def concentration_ishiyama21(cosmo, M, z, mdef, c_type="fit", halo_sample="all"):
    """c in ``mdef`` (500c, 200c or vir) of Ishiyama et al. (2021)."""
    return concentration_dj19_form(cosmo, M, z, PARAMETERS[(c_type, halo_sample, mdef)])
