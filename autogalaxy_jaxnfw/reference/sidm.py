"""Self-interacting-dark-matter haloes from an NFW halo, by Brent's method and closed forms (reference).

Densities of the two SIDM models autogalaxy parameterises by M200c, from the NFW halo's
(rho_s [Msun / kpc^3], r_s [kpc]); the lensing maps follow from
:mod:`.spherical_lensing`.  No code is shared with the JAX siblings.

* Kaplinghat, Tulin & Yu (2016, PRL 116, 041302): r_1 solves (sigma / m) rho(r_1) v(r_1)
  t_age = 1 with v^2 = G M(<r) / r (their eq. 1); inside r_1 an isothermal sphere
  rho_0 exp(-h(r / r_0)) matched in density and enclosed mass at r_1 (eqs. 2-3); h solves the
  isothermal Lane-Emden equation (1 / y^2) (y^2 h')' = exp(-h), h(0) = h'(0) = 0, with the
  dimensionless mass m = y^2 h', here by an 8th-order Runge-Kutta integration at rtol 1e-13
  sampled on 20001 geometric nodes of y in [1e-5, 200] and read by a cubic spline in ln y
  (autogalaxy tabulates it at rtol 1e-9 on 4096 nodes, read linearly: a ~1e-6 difference).
* Yang et al. (2024, arXiv:2305.16176, sec. 2): the gravothermal time tau = t_age / t_c with
  t_c = (150 / C) / [(sigma_eff / m) rho_s r_s sqrt(4 pi G rho_s)], C = 0.75, sigma_eff of
  sigma ~ v^-a averaged with weight v^5 over a Maxwell-Boltzmann distribution of dispersion
  nu_eff = 0.64 V_max (Outmezguine et al. 2023), and the fitted evolution of rho_s, r_s and the
  core radius r_c with tau in [0, 1]: rho = rho_s' / [((r^4 + r_c^4)^(1/4) / r_s') (1 + r / r_s')^2].
"""

import functools
import math

import numpy as np
from scipy import integrate, interpolate, optimize, special

__all__ = ["ISOTHERMAL_Y_RANGE", "isothermal_sphere", "kaplinghat_density", "yang24_density"]

MSUN_G = 1.98847e33
KPC_CM = 3.0856775814913673e21
GYR_S = 3.15576e16
G_KPC_KM2_S2_MSUN = 4.30091727003628e-6  # G in kpc (km/s)^2 / Msun
G_CGS = 6.6743e-8
_RTOL = 4.0 * 2.0**-52


def _mu(x):
    return math.log1p(x) - x / (1.0 + x)


def _nfw_density(rho_s, r_s, r):
    x = r / r_s
    return rho_s / (x * (1.0 + x) ** 2)


ISOTHERMAL_Y_RANGE = (1e-5, 200.0)


_NODES = 20001


@functools.lru_cache(maxsize=1)
def _isothermal_splines():
    """Cubic-spline coefficients of h and ln m on uniform ln y nodes, as Python lists (fast scalar reads)."""
    y_min, y_max = ISOTHERMAL_Y_RANGE
    # Series start at y_min: h = y^2 / 6 - y^4 / 120, h' = y / 3 - y^3 / 30.
    start = [y_min**2 / 6.0 - y_min**4 / 120.0, y_min / 3.0 - y_min**3 / 30.0]
    nodes = np.geomspace(y_min, y_max, _NODES)
    solution = integrate.solve_ivp(
        lambda y, v: [v[1], math.exp(-v[0]) - 2.0 * v[1] / y], ISOTHERMAL_Y_RANGE, start, method="DOP853",
        t_eval=nodes, rtol=1e-13, atol=1e-16,
    )
    h, dh = solution.y
    ln_y = np.log(nodes)
    return [interpolate.CubicSpline(ln_y, f).c.T.tolist() for f in (h, np.log(nodes**2 * dh))]


def _spline_at(coefficients, ln_y):
    ln_y0, step = math.log(ISOTHERMAL_Y_RANGE[0]), math.log(ISOTHERMAL_Y_RANGE[1] / ISOTHERMAL_Y_RANGE[0]) / (_NODES - 1)
    i = min(max(int((ln_y - ln_y0) / step), 0), _NODES - 2)
    t = ln_y - (ln_y0 + i * step)
    a, b, c, d = coefficients[i]
    return ((a * t + b) * t + c) * t + d


def isothermal_h(y):
    """h(y) of the isothermal Lane-Emden solution, y in ``ISOTHERMAL_Y_RANGE``."""
    return _spline_at(_isothermal_splines()[0], math.log(y))


def isothermal_sphere(y):
    """(h(y), m(y)) of the isothermal Lane-Emden solution, y in ``ISOTHERMAL_Y_RANGE``."""
    ln_y = math.log(y)
    h, ln_m = _isothermal_splines()
    return _spline_at(h, ln_y), math.exp(_spline_at(ln_m, ln_y))


def kaplinghat_density(rho_s, r_s, concentration, sigma_over_m, t_age):
    """(density(r) [Msun / kpc^3, r in kpc], r_1 [kpc]) of the Kaplinghat et al. (2016) halo.

    r_1 must lie in (0, concentration r_s) (the case without a core or with r_1 = r_200 is
    not handled here); below y = 1e-5 the isothermal density is its value there.
    """
    lane_emden, y_range = isothermal_sphere, ISOTHERMAL_Y_RANGE
    velocity_unit = math.sqrt(4.0 * math.pi * G_KPC_KM2_S2_MSUN * rho_s) * r_s  # km/s
    amplitude = sigma_over_m * t_age * GYR_S * rho_s * MSUN_G / KPC_CM**3 * velocity_unit * 1e5

    def log_rate(ln_x):  # ln of scatterings per particle in t_age at x = r / r_s
        x = math.exp(ln_x)
        return math.log(amplitude) - ln_x - 2.0 * math.log1p(x) + 0.5 * math.log(_mu(x) / x)

    ln_x1 = optimize.brentq(log_rate, math.log(1e-8), math.log(concentration), xtol=1e-15, rtol=_RTOL)
    x1 = math.exp(ln_x1)
    r_1 = x1 * r_s
    rho_1 = _nfw_density(rho_s, r_s, r_1)
    # m(y) e^h(y) / y^3 = M(<r_1) / (4 pi rho_1 r_1^3) fixes y_1 = r_1 / r_0.
    target = rho_s * r_s**3 * _mu(x1) / (rho_1 * r_1**3)

    def mismatch(ln_y):
        h, m = lane_emden(math.exp(ln_y))
        return math.log(m) + h - 3.0 * ln_y - math.log(target)

    ln_y1 = optimize.brentq(mismatch, math.log(y_range[0]), math.log(y_range[1]), xtol=1e-15, rtol=_RTOL)
    y_1 = math.exp(ln_y1)
    r_0 = r_1 / y_1
    rho_0 = rho_1 * math.exp(lane_emden(y_1)[0])

    def density(r):
        if r < r_1:
            return rho_0 * math.exp(-isothermal_h(max(r / r_0, y_range[0])))
        return _nfw_density(rho_s, r_s, r)

    return density, r_1


_X_AT_V_MAX = optimize.brentq(lambda x: math.log1p(x) - x * (1.0 + 2.0 * x) / (1.0 + x) ** 2, 1.0, 5.0, xtol=1e-15)


def yang24_density(rho_s, r_s, sigma_over_m, velocity_exponent, velocity_ref, t_age, collapse_c=0.75):
    """(density(r) [Msun / kpc^3, r in kpc], r_c [kpc]) of the Yang et al. (2024) halo, tau in (0, 1]."""
    a = velocity_exponent
    v_max = math.sqrt(4.0 * math.pi * G_KPC_KM2_S2_MSUN * rho_s * r_s**2 * _mu(_X_AT_V_MAX) / _X_AT_V_MAX)
    nu_eff = 0.64 * v_max
    sigma_eff = sigma_over_m * (velocity_ref / (2.0 * nu_eff)) ** a * special.gamma(4.0 - a / 2.0) / 6.0
    rho_cgs = rho_s * MSUN_G / KPC_CM**3
    rate = sigma_eff * rho_cgs * r_s * KPC_CM * math.sqrt(4.0 * math.pi * G_CGS * rho_cgs)
    tau = min(t_age * GYR_S * rate * collapse_c / 150.0, 1.0)
    log_term = math.log(tau + 0.001) / math.log(0.001)
    rho_ratio = 2.033 + 0.7381 * tau + 7.264 * tau**5 - 12.73 * tau**7 + 9.915 * tau**9 + (1.0 - 2.033) * log_term
    r_s_ratio = 0.7178 - 0.1026 * tau + 0.2474 * tau**2 - 0.4079 * tau**3 + (1.0 - 0.7178) * log_term
    r_c_ratio = 2.555 * math.sqrt(tau) - 3.632 * tau + 2.131 * tau**2 - 1.415 * tau**3 + 0.4683 * tau**4
    rho_new, r_s_new, r_c = rho_ratio * rho_s, r_s_ratio * r_s, max(r_c_ratio, 0.0) * r_s

    def density(r):
        return rho_new / ((r**4 + r_c**4) ** 0.25 / r_s_new * (1.0 + r / r_s_new) ** 2)

    return density, r_c
