"""Exact radial functions of the spherical NFW and truncated NFW lens profiles.

One implementation serves the single-halo profile classes
(:mod:`autogalaxy_jaxnfw.profiles.exact_maps`) and the halo populations
(:mod:`autogalaxy_jaxnfw.populations.lensing`).  With x = r / r_s:

NFW (Navarro, Frenk & White 1997; lensing by Wright & Brainerd 2000, ApJ 534, 34, eqs. 11-13,
and Golse & Kneib 2002, A&A 390, 821, eqs. 6-8, in autogalaxy's normalisation):

    kappa(x) = 2 kappa_s G(x),    alpha(x) = 4 kappa_s r_s h(x) / x,
    psi(x) = 2 kappa_s r_s^2 [ln^2(x / 2) - (1 - x^2) F(x)^2],      h(x) = ln(x / 2) + F(x),

with F the NFW function (arccosh(1/x) / sqrt(1 - x^2) below x = 1, arccos(1/x) /
sqrt(x^2 - 1) above, 1 at x = 1) and G = (F - 1) / (1 - x^2); (1 - x^2) F^2 is
arccosh^2(1/x) below x = 1 and -arccos^2(1/x) above, so psi is one analytic expression.

Truncated NFW, the n = 1 profile of Baltz, Marshall & Oguri (2009, JCAP 01, 015; BMO09),
autogalaxy's ``NFWTruncatedSph``,

    rho(r) = rho_s / ((r / r_s) (1 + r / r_s)^2) * tau^2 / (tau^2 + (r / r_s)^2),   tau = r_t / r_s,

with convergence and radial deflection (BMO09 eqs. 11 and 13 in autogalaxy's normalisation)

    kappa(x) = 2 kappa_s L(x, tau),
    alpha(x) = 4 kappa_s r_s m(x, tau) / x,

    L = tau^2 / (tau^2 + 1)^2 [(tau^2 + 1) G + 2 F - pi / R + (tau^2 - 1) / (tau R) K],
    m = tau^2 / (tau^2 + 1)^2 [(tau^2 + 2 x^2 - 1) F + pi tau + (tau^2 - 1) ln tau
                                + R ((tau^2 - 1) / tau K - pi)],

with R = sqrt(x^2 + tau^2) and K = ln(x / (R + tau)); its potential is in
:mod:`autogalaxy_jaxnfw.lensing.truncated_nfw_potential`.  These are the expressions of autogalaxy's
``NFWSph`` and ``NFWTruncatedSph``, made exact where the direct forms are not:

* F and G use the power series in u = 1 - x^2, F = sum_n u^n / (2n + 1), for |u| < 0.1,
  so x = 1 (r = r_s) is evaluated exactly and with the right derivative (the direct forms
  are 0/0 there and lose ~1e-16 / |x - 1| of relative precision near it);
* h / x^2 (below the series band) and psi (below x = 1/2) are written without the
  cancelling logarithms: with s = sqrt(1 - x^2) and d = ln((1 + s) / 2) =
  log1p(-x^2 / (2 (1 + s))), h = [d - x^2 ln(x / 2) / (1 + s)] / s and
  psi / (2 kappa_s r_s^2) = -d (2 ln(2 / x) + d) (the direct forms lose ~1e-16 / x^2);
* m / x^2 uses its small-x expansion (five orders in x^2, with ln x terms) below
  x = 0.05 min(1, tau): the direct bracket cancels O(tau^2 ln x) terms down to
  O(tau^2 x^2 ln x), losing ~1e-16 / x^2;
* L and m / x^2 use far-field expansions above x = 8 max(1, tau)
  (:mod:`autogalaxy_jaxnfw.lensing.truncated_nfw_asymptotic`), where the closed forms cancel
  O(1 / x^2) terms down to O(tau^2 / x^4).

Every branch is evaluated at a stand-in argument where it does not apply ("double where"),
so values and derivatives are finite for every x > 0; callers handle x = 0.
"""

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.lensing.truncated_nfw_asymptotic import FAR_FIELD, far_field_l_and_m_over_x2

__all__ = ["nfw_enclosed_mass", "nfw_f_g", "nfw_h_over_x2", "nfw_potential", "truncated_nfw_l", "truncated_nfw_m_over_x2"]

_SERIES_U = 0.1  # |1 - x^2| below which F and G are summed as series in u = 1 - x^2.
_SERIES_TERMS = 17  # 0.1^17 / 35 < 1e-18.
_SMALL_X = 0.05  # m / x^2 from its expansion below x = _SMALL_X * min(1, tau).
_HALF = 0.5  # psi of the NFW profile without cancelling logarithms below x = 1/2.
_TINY_X = 1.0e-8  # below which d / x^2 = -1/4 to rounding.


def _g_series(u):
    """G = sum_{n >= 1} u^(n - 1) / (2n + 1) for |u| <= 0.1 (so F = 1 + u G), by Horner's rule."""
    g = 0.0 * u
    for n in range(_SERIES_TERMS, 0, -1):
        g = g * u + 1.0 / (2.0 * n + 1.0)
    return g


def nfw_f_g(x, xp=jnp):
    """F(x) and G(x) = (F - 1) / (1 - x^2) of the NFW profile, for x > 0, series near x = 1."""
    x = xp.asarray(x, dtype=float)
    u = (1.0 - x) * (1.0 + x)  # 1 - x^2 without cancellation near x = 1
    lower = u > _SERIES_U
    upper = u < -_SERIES_U
    series = ~(lower | upper)

    # x < 1: arccosh(1/x) / sqrt(1 - x^2) = ln((1 + s) / x) / s, s = sqrt(1 - x^2).
    x_lt = xp.where(lower, x, 0.5)
    s_lt = xp.sqrt(xp.where(lower, u, 0.75))
    f_lt = xp.log((1.0 + s_lt) / x_lt) / s_lt
    # x > 1: arccos(1/x) / sqrt(x^2 - 1) = arctan(t) / t, t = sqrt(x^2 - 1).
    t_gt = xp.sqrt(xp.where(upper, -u, 3.0))
    f_gt = xp.arctan(t_gt) / t_gt
    # |1 - x^2| <= 0.1: F = sum u^n / (2n + 1), G = sum_{n >= 1} u^(n - 1) / (2n + 1).
    u_s = xp.where(series, u, 0.0)
    g_series = _g_series(u_s)
    f_series = 1.0 + u_s * g_series

    f = xp.where(lower, f_lt, xp.where(upper, f_gt, f_series))
    u_direct = xp.where(series, 1.0, u)
    g = xp.where(series, g_series, (f - 1.0) / u_direct)
    return f, g


def nfw_enclosed_mass(x, xp=jnp):
    """ln(1 + x) - x / (1 + x), the NFW mass within r = x r_s over 4 pi rho_s r_s^3, for x >= 0.

    Below x = 1e-3 from its series sum_{n >= 2} (-1)^n (n - 1) x^n / n (five terms), where the
    two logarithmic terms would cancel to ~1e-16 / x.
    """
    x = xp.asarray(x, dtype=float)
    small = x < 1e-3
    x_small = xp.where(small, x, 0.0)
    series = x_small**2 * (0.5 + x_small * (-2.0 / 3.0 + x_small * (0.75 + x_small * (-0.8 + x_small * 5.0 / 6.0))))
    x_large = xp.where(small, 1.0, x)
    return xp.where(small, series, xp.log1p(x_large) - x_large / (1.0 + x_large))


def _d_and_s(x, xp=jnp):
    """d = ln((1 + s) / 2) and s = sqrt(1 - x^2) for 0 < x < 1, without cancellation."""
    s = xp.sqrt((1.0 - x) * (1.0 + x))
    return xp.log1p(-x * x / (2.0 * (1.0 + s))), s


def nfw_h_over_x2(x, xp=jnp):
    """h(x) / x^2 of the NFW profile, alpha = 4 kappa_s r_s x (h / x^2), for x > 0.

    One logarithm L = ln(x / 2) serves every branch: below the series band
    h / x^2 = (d / x^2 - L / (1 + s)) / s (h = L + (d - L) / s rewritten without the
    cancelling logarithms), above it (L + arctan(t) / t) / x^2 with t = sqrt(x^2 - 1), and in
    it (L + F_series) / x^2.
    """
    x = xp.asarray(x, dtype=float)
    u = (1.0 - x) * (1.0 + x)
    lower = u > _SERIES_U
    upper = u < -_SERIES_U
    series = ~(lower | upper)
    log_half_x = xp.log(0.5 * x)

    # d / x^2 = log1p(-w) / x^2 with w = x^2 / (2 (1 + s)); below x = 1e-8 its limit -1/4
    # (x^2 underflows far below that, and d / x^2 would be 0/0).
    tiny = x < _TINY_X
    x_lt = xp.where(lower & ~tiny, x, 0.5)
    s = xp.sqrt(xp.where(lower, u, 0.75))
    d_over_x2 = xp.where(tiny, -0.25, xp.log1p(-x_lt * x_lt / (2.0 * (1.0 + s))) / (x_lt * x_lt))
    h_lt = (d_over_x2 - log_half_x / (1.0 + s)) / s

    t = xp.sqrt(xp.where(upper, -u, 3.0))
    f_gt = xp.arctan(t) / t
    u_s = xp.where(series, u, 0.0)
    f_series = 1.0 + u_s * _g_series(u_s)
    h_rest = (log_half_x + xp.where(upper, f_gt, f_series)) / (x * x)
    return xp.where(lower, h_lt, h_rest)


def nfw_potential(x, xp=jnp):
    """psi / (2 kappa_s r_s^2) of the NFW profile, zero at x = 0, for x > 0."""
    x = xp.asarray(x, dtype=float)
    inner = x < _HALF
    x_in = xp.where(inner, x, 0.5 * _HALF)
    d, _ = _d_and_s(x_in, xp=xp)
    psi_in = -d * (2.0 * xp.log(2.0 / x_in) + d)
    x_out = xp.where(inner, 1.0, x)
    f, _ = nfw_f_g(x_out, xp=xp)
    psi_out = xp.log(0.5 * x_out) ** 2 - (1.0 - x_out) * (1.0 + x_out) * f * f
    return xp.where(inner, psi_in, psi_out)


def _m_series_coefficients(tau, xp=jnp):
    """(a_k, c_k), k = 0..4, of m(x, tau) = tau^2 / (tau^2 + 1)^2 x^2 sum_k x^(2k) [a_k ln(x / 2) + c_k]."""
    t2 = tau * tau
    it2 = 1.0 / t2
    ln_tau = xp.log(tau)
    pi_t = np.pi / tau
    a = (
        -0.5 * t2 - 1.0 - 0.5 * it2,
        -3.0 / 8.0 * t2 - 5.0 / 8.0 - it2 / 8.0 + it2**2 / 8.0,
        -5.0 / 16.0 * t2 - 7.0 / 16.0 + it2**2 / 16.0 - it2**3 / 16.0,
        -35.0 / 128.0 * t2 - 45.0 / 128.0 - 5.0 / 128.0 * it2**3 + 5.0 / 128.0 * it2**4,
        -63.0 / 256.0 * t2 - 77.0 / 256.0 + 7.0 / 256.0 * it2**4 - 7.0 / 256.0 * it2**5,
    )
    c = (
        ln_tau * (-0.5 + 0.5 * it2) - 0.25 * t2 - 0.5 * pi_t + 0.25 * it2,
        ln_tau * (it2 - it2**2) / 8.0 - 7.0 / 32.0 * t2 - 9.0 / 32.0 - it2 / 32.0
        + pi_t * it2 / 8.0 + it2**2 / 32.0,
        ln_tau * (it2**3 - it2**2) / 16.0 - 37.0 / 192.0 * t2 - 47.0 / 192.0 + 5.0 / 192.0 * it2**2
        - pi_t * it2**2 / 16.0 - 5.0 / 192.0 * it2**3,
        ln_tau * 5.0 / 128.0 * (it2**3 - it2**4) - 533.0 / 3072.0 * t2 - 217.0 / 1024.0
        - 59.0 / 3072.0 * it2**3 + 5.0 / 128.0 * pi_t * it2**3 + 59.0 / 3072.0 * it2**4,
        ln_tau * 7.0 / 256.0 * (it2**5 - it2**4) - 1627.0 / 10240.0 * t2 - 5779.0 / 30720.0
        + 449.0 / 30720.0 * it2**4 - 7.0 / 256.0 * pi_t * it2**4 - 449.0 / 30720.0 * it2**5,
    )
    return a, c


def _m_over_x2_series(x, tau, xp=jnp):
    """m(x, tau) / x^2 from its expansion about x = 0 (five orders in x^2), for 0 < x << min(1, tau)."""
    a, c = _m_series_coefficients(tau, xp=xp)
    ln_half_x = xp.log(0.5 * x)
    x2 = x * x
    total = xp.zeros_like(x2 * tau)
    for a_k, c_k in zip(reversed(a), reversed(c)):
        total = total * x2 + (a_k * ln_half_x + c_k)
    t2 = tau * tau
    return total * t2 / (t2 + 1.0) ** 2


def _m_over_x2_direct(x, tau, xp=jnp):
    """m(x, tau) / x^2 from the closed form (autogalaxy's ``coord_func_m_from``), for x > 0."""
    f, _ = nfw_f_g(x, xp=xp)
    t2 = tau * tau
    root = xp.sqrt(x * x + t2)
    k = xp.log(x / (root + tau))
    bracket = (
        (t2 + 2.0 * x * x - 1.0) * f
        + np.pi * tau
        + (t2 - 1.0) * xp.log(tau)
        + root * ((t2 - 1.0) / tau * k - np.pi)
    )
    return t2 / (t2 + 1.0) ** 2 * bracket / (x * x)


def _far(x, tau, xp):
    """The far-field mask and x for each form: the expansions' stand-in lies inside their domain, and vice versa."""
    limit = FAR_FIELD * xp.maximum(1.0, tau)
    far = x > limit
    return far, xp.where(far, x, 2.0 * limit), xp.where(far, 0.5 * limit, x)


def truncated_nfw_m_over_x2(x, tau, xp=jnp):
    """m(x, tau) / x^2 for x > 0: series below x = 0.05 min(1, tau), far-field expansion above 8 max(1, tau)."""
    x, tau = xp.asarray(x, dtype=float), xp.asarray(tau, dtype=float)
    far, x_far, x_near = _far(x, tau, xp)
    small = x_near < _SMALL_X * xp.minimum(1.0, tau)
    x_small = xp.where(small, x_near, 0.5 * _SMALL_X * xp.minimum(1.0, tau))
    x_large = xp.where(small, 1.0 + _SERIES_U, x_near)  # any x where the closed form is well behaved
    near = xp.where(small, _m_over_x2_series(x_small, tau, xp=xp), _m_over_x2_direct(x_large, tau, xp=xp))
    return xp.where(far, far_field_l_and_m_over_x2(x_far, tau, xp=xp)[1], near)


def truncated_nfw_l(x, tau, xp=jnp):
    """L(x, tau) (autogalaxy's ``NFWTruncatedSph.coord_func_l``), kappa = 2 kappa_s L, for x > 0."""
    x, tau = xp.asarray(x, dtype=float), xp.asarray(tau, dtype=float)
    far, x_far, x_near = _far(x, tau, xp)
    f, g = nfw_f_g(x_near, xp=xp)
    t2 = tau * tau
    root = xp.sqrt(t2 + x_near * x_near)
    k = xp.log(x_near / (root + tau))
    near = t2 / (t2 + 1.0) ** 2 * ((t2 + 1.0) * g + 2.0 * f - np.pi / root + (t2 - 1.0) / (tau * root) * k)
    return xp.where(far, far_field_l_and_m_over_x2(x_far, tau, xp=xp)[0], near)
