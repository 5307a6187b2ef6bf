"""Halo mass functions and halo bias by direct evaluation: quadrature, no series, no tables.

sigma(R) is the adaptive quadrature of :mod:`.sigma`; d ln sigma / d ln R the adaptive quadrature
of the integral with the derivative of the top-hat window (:func:`.diemer19.sigma_slope`; not a
difference of sigma); D+(z) the growth integral of :mod:`.growth`; the thresholds of the mass
definitions those of :mod:`.mass_definitions` (mpmath).  The fits are written here from the
papers' equations, in colossus' normalisation and with its ``massFunction``'s collapse
threshold, delta_c = 1.68647 at every redshift:

dn / d ln M = f(sigma) rho_m0 / M |d ln sigma / d ln M|,  d ln sigma / d ln M = (1/3) d ln sigma / d ln R,

rho_m0 = Om0 rho_c0 (Msun h^2 / Mpc^3), M in Msun/h, densities comoving (Mpc/h)^-3.
"""

import functools
import math

import numpy as np

from autogalaxy_jaxnfw.reference.cosmology import DELTA_COLLAPSE, RHO_CRIT_0
from autogalaxy_jaxnfw.reference.diemer19 import sigma_slope
from autogalaxy_jaxnfw.reference.growth import growth_factor
from autogalaxy_jaxnfw.reference.mass_definitions import density_threshold
from autogalaxy_jaxnfw.reference.sigma import lagrangian_radius, sigma

__all__ = ["halo_bias", "linear_quantities", "mass_function", "multiplicity"]


@functools.lru_cache(maxsize=4096)
def _sigma_and_slope(cosmo, R):
    return float(sigma(cosmo, R)), float(sigma_slope(cosmo, R))


def linear_quantities(cosmo, M, z):
    """(sigma(M, z), d ln sigma / d ln M) for one mass [Msun/h] and redshift."""
    s0, slope_r = _sigma_and_slope(cosmo, float(lagrangian_radius(cosmo, M)))
    return s0 * float(growth_factor(cosmo, z)), slope_r / 3.0


def _omega_m(cosmo, z):
    zp1 = 1.0 + z
    return cosmo.Om0 * zp1**3 / (cosmo.Om0 * zp1**3 + cosmo.Ode0 + cosmo.Or0 * zp1**4)


def _delta_m(cosmo, z, mdef):
    """Threshold of ``mdef`` over the mean matter density at z (Tinker's fits are calibrated for
    200 <= Delta_m <= 3200; the ends are widened by 1e-12 relative for the rounding of "200m")."""
    rho_m = RHO_CRIT_0 * 1e-9 * cosmo.Om0 * (1.0 + z) ** 3
    return float(density_threshold(cosmo, z, mdef)) / rho_m


def _tinker08(cosmo, s, z, mdef):
    # Table 2 of Tinker et al. (2008), linear in Delta_m between its rows; eqs. 3, 5-8.
    rows = np.array([
        (200, 0.186, 1.47, 2.57, 1.19), (300, 0.200, 1.52, 2.25, 1.27), (400, 0.212, 1.56, 2.05, 1.34),
        (600, 0.218, 1.61, 1.87, 1.45), (800, 0.248, 1.87, 1.59, 1.58), (1200, 0.255, 2.13, 1.51, 1.80),
        (1600, 0.260, 2.30, 1.46, 1.97), (2400, 0.260, 2.53, 1.44, 2.24), (3200, 0.260, 2.66, 1.41, 2.44),
    ])
    delta = _delta_m(cosmo, z, mdef)
    if not 200.0 * (1 - 1e-12) <= delta <= 3200.0 * (1 + 1e-12):
        return math.nan
    delta = min(max(delta, 200.0), 3200.0)
    big_a0, a0, b0, c0 = (np.interp(delta, rows[:, 0], rows[:, i]) for i in range(1, 5))
    alpha = 10.0 ** (-((0.75 / math.log10(delta / 75.0)) ** 1.2))
    big_a = big_a0 * (1.0 + z) ** -0.14
    a = a0 * (1.0 + z) ** -0.06
    b = b0 * (1.0 + z) ** -alpha
    return big_a * ((s / b) ** (-a) + 1.0) * math.exp(-c0 / s**2)


def _watson13(cosmo, s, z, mdef):
    if mdef == "fof":  # eq. 12
        return 0.282 * ((1.406 / s) ** 2.163 + 1.0) * math.exp(-1.210 / s**2)
    om = _omega_m(cosmo, z)
    if z == 0.0:
        big_a, alpha, beta, gamma = 0.194, 1.805, 2.267, 1.287
    elif z > 6.0:
        big_a, alpha, beta, gamma = 0.563, 3.810, 0.874, 1.453
    else:  # eqs. 14-16, alpha and beta as in Table 2
        zp1 = 1.0 + z
        big_a = om * (1.097 * zp1**-3.216 + 0.074)
        alpha = om * (5.907 * zp1**-3.058 + 2.349)
        beta = om * (3.136 * zp1**-3.599 + 2.344)
        gamma = 1.318
    f_178 = big_a * ((beta / s) ** alpha + 1.0) * math.exp(-gamma / s**2)
    ratio = _delta_m(cosmo, z, mdef) / 178.0  # eqs. 17-19
    big_c = math.exp(0.023 * (ratio - 1.0))
    d = -0.456 * om - 0.139
    return f_178 * big_c * ratio**d * math.exp(0.072 * (1.0 - ratio) / s**2.130)


def _despali16(cosmo, s, z, mdef):
    x = math.log10(float(density_threshold(cosmo, z, mdef) / density_threshold(cosmo, z, "vir")))
    big_a = -0.1362 * x + 0.3292
    a = 0.4332 * x**2 + 0.2263 * x + 0.7665
    p = -0.1151 * x**2 + 0.2554 * x + 0.2488
    nu_p = a * (DELTA_COLLAPSE / s) ** 2
    return 2.0 * big_a * math.sqrt(nu_p / (2.0 * math.pi)) * math.exp(-nu_p / 2.0) * (1.0 + nu_p**-p)


def _press74(cosmo, s, z, mdef):
    nu = DELTA_COLLAPSE / s
    return math.sqrt(2.0 / math.pi) * nu * math.exp(-nu * nu / 2.0)


def _sheth99(cosmo, s, z, mdef):
    nu_p = 0.707 * (DELTA_COLLAPSE / s) ** 2
    return 0.3222 * math.sqrt(2.0 * nu_p / math.pi) * math.exp(-nu_p / 2.0) * (1.0 + nu_p**-0.3)


_MODELS = {
    "press74": _press74,
    "sheth99": _sheth99,
    "jenkins01": lambda cosmo, s, z, mdef: 0.315 * math.exp(-abs(math.log(1.0 / s) + 0.61) ** 3.8),
    "warren06": lambda cosmo, s, z, mdef: 0.7234 * (s**-1.625 + 0.2538) * math.exp(-1.1982 / s**2),
    "angulo12": lambda cosmo, s, z, mdef: 0.201 * ((2.08 / s) ** 1.7 + 1.0) * math.exp(-1.172 / s**2),
    "tinker08": _tinker08,
    "watson13": _watson13,
    "despali16": _despali16,
}


def multiplicity(cosmo, s, z, mdef, model):
    """f(sigma) of ``model`` for one sigma and redshift (NaN outside Tinker et al. 2008's Delta_m range)."""
    return _MODELS[model](cosmo, float(s), float(z), mdef)


def mass_function(cosmo, M, z, mdef, model, q_out="dndlnM"):
    """The mass function of ``model`` at masses M [Msun/h] (array) and one redshift, in colossus' units."""
    out = []
    for m in np.atleast_1d(np.asarray(M, dtype=float)).ravel():
        s, slope = linear_quantities(cosmo, m, z)
        f = multiplicity(cosmo, s, z, mdef, model)
        value = {"f": f, "M2dndM": -f * slope, "dndlnM": -f * slope * cosmo.Om0 * RHO_CRIT_0 / m}[q_out]
        out.append(value)
    return np.reshape(out, np.shape(M))


def _tinker10(cosmo, nu, z, mdef):
    delta = _delta_m(cosmo, z, mdef)
    if not 200.0 * (1 - 1e-12) <= delta <= 3200.0 * (1 + 1e-12):
        return math.nan
    y = math.log10(delta)
    cut = math.exp(-((4.0 / y) ** 4))
    big_a, a = 1.0 + 0.24 * y * cut, 0.44 * y - 0.88
    big_c = 0.019 + 0.107 * y + 0.19 * cut
    return 1.0 - big_a * nu**a / (nu**a + DELTA_COLLAPSE**a) + 0.183 * nu**1.5 + big_c * nu**2.4


def _sheth01(cosmo, nu, z, mdef):
    a, b, c = 0.707, 0.5, 0.6
    x = a * nu * nu
    return 1.0 + (math.sqrt(a) * x + math.sqrt(a) * b * x ** (1.0 - c) - x**c / (x**c + b * (1.0 - c) * (1.0 - c / 2.0))) / (
        math.sqrt(a) * DELTA_COLLAPSE
    )


_BIAS = {"tinker10": _tinker10, "sheth01": _sheth01, "cole89": lambda cosmo, nu, z, mdef: 1.0 + (nu * nu - 1.0) / DELTA_COLLAPSE}


def halo_bias(cosmo, M, z, mdef, model="tinker10"):
    """Linear halo bias at masses M [Msun/h] (array), nu = 1.68647 / sigma(M, z)."""
    out = [_BIAS[model](cosmo, DELTA_COLLAPSE / linear_quantities(cosmo, m, z)[0], float(z), mdef)
           for m in np.atleast_1d(np.asarray(M, dtype=float)).ravel()]
    return np.reshape(out, np.shape(M))
