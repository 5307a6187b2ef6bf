"""Exact radial functions of the spherical truncated NFW lens profile.

The profile is the n = 1 truncated NFW of Baltz, Marshall & Oguri (2009, JCAP 01, 015; BMO09),
autogalaxy's ``NFWTruncatedSph``,

    rho(r) = rho_s / ((r / r_s) (1 + r / r_s)^2) * tau^2 / (tau^2 + (r / r_s)^2),   tau = r_t / r_s.

At x = r / r_s its convergence and radial deflection are (BMO09 eqs. 11 and 13 with the
normalisation of autogalaxy)

    kappa(x) = 2 kappa_s L(x, tau),
    alpha(x) = 4 kappa_s r_s m(x, tau) / x,

    L = tau^2 / (tau^2 + 1)^2 [(tau^2 + 1) G + 2 F - pi / R + (tau^2 - 1) / (tau R) K],
    m = tau^2 / (tau^2 + 1)^2 [(tau^2 + 2 x^2 - 1) F + pi tau + (tau^2 - 1) ln tau
                                + R ((tau^2 - 1) / tau K - pi)],

with R = sqrt(x^2 + tau^2), K = ln(x / (R + tau)), F the NFW function
(arccosh(1/x) / sqrt(1 - x^2) below x = 1, arccos(1/x) / sqrt(x^2 - 1) above, 1 at x = 1)
and G = (F - 1) / (1 - x^2).  These are the expressions of autogalaxy's
``NFWTruncatedSph.coord_func_l`` and ``coord_func_m_from``, made exact where the direct
forms are not:

* F and G use the power series in u = 1 - x^2, F = sum_n u^n / (2n + 1), for |u| < 0.1,
  so x = 1 (r = r_s) is evaluated exactly and with the right derivative (the direct forms
  are 0/0 there and lose ~1e-16 / |x - 1| of relative precision near it);
* m / x^2 uses its small-x expansion (five orders in x^2, with ln x terms) below
  x = 0.05 min(1, tau): the direct bracket cancels O(tau^2 ln x) terms down to
  O(tau^2 x^2 ln x), losing ~1e-16 / x^2.

Every branch is evaluated at a stand-in argument where it does not apply ("double where"),
so values and derivatives are finite for every x > 0; callers handle x = 0.
"""

import jax.numpy as jnp
import numpy as np

__all__ = ["nfw_f_g", "truncated_nfw_m_over_x2", "truncated_nfw_l"]

_SERIES_U = 0.1  # |1 - x^2| below which F and G are summed as series in u = 1 - x^2.
_SERIES_TERMS = 17  # 0.1^17 / 35 < 1e-18.
_SMALL_X = 0.05  # m / x^2 from its expansion below x = _SMALL_X * min(1, tau).


def nfw_f_g(x):
    """F(x) and G(x) = (F - 1) / (1 - x^2) of the NFW profile, for x > 0, series near x = 1."""
    x = jnp.asarray(x, dtype=float)
    u = (1.0 - x) * (1.0 + x)  # 1 - x^2 without cancellation near x = 1
    lower = u > _SERIES_U
    upper = u < -_SERIES_U
    series = ~(lower | upper)

    # x < 1: arccosh(1/x) / sqrt(1 - x^2) = ln((1 + s) / x) / s, s = sqrt(1 - x^2).
    x_lt = jnp.where(lower, x, 0.5)
    s_lt = jnp.sqrt(jnp.where(lower, u, 0.75))
    f_lt = jnp.log((1.0 + s_lt) / x_lt) / s_lt
    # x > 1: arccos(1/x) / sqrt(x^2 - 1) = arctan(t) / t, t = sqrt(x^2 - 1).
    t_gt = jnp.sqrt(jnp.where(upper, -u, 3.0))
    f_gt = jnp.arctan(t_gt) / t_gt
    # |1 - x^2| <= 0.1: F = sum u^n / (2n + 1), G = sum_{n >= 1} u^(n - 1) / (2n + 1).
    u_s = jnp.where(series, u, 0.0)
    g_series = jnp.zeros_like(u_s)
    for n in range(_SERIES_TERMS, 0, -1):
        g_series = g_series * u_s + 1.0 / (2.0 * n + 1.0)
    f_series = 1.0 + u_s * g_series

    f = jnp.where(lower, f_lt, jnp.where(upper, f_gt, f_series))
    u_direct = jnp.where(series, 1.0, u)
    g = jnp.where(series, g_series, (f - 1.0) / u_direct)
    return f, g


def _m_over_x2_series(x, tau):
    """m(x, tau) / x^2 from its expansion about x = 0 (five orders in x^2), for 0 < x << min(1, tau)."""
    t2 = tau * tau
    it2 = 1.0 / t2
    ln_tau = jnp.log(tau)
    ln_half_x = jnp.log(0.5 * x)
    pi_t = np.pi / tau
    # B / x^2 = sum_k x^(2k) [a_k ln(x / 2) + c_k],  m = tau^2 / (tau^2 + 1)^2 B.
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
    x2 = x * x
    total = jnp.zeros_like(x2 * tau)
    for a_k, c_k in zip(reversed(a), reversed(c)):
        total = total * x2 + (a_k * ln_half_x + c_k)
    return total * t2 / (t2 + 1.0) ** 2


def _m_over_x2_direct(x, tau):
    """m(x, tau) / x^2 from the closed form (autogalaxy's ``coord_func_m_from``), for x > 0."""
    f, _ = nfw_f_g(x)
    t2 = tau * tau
    root = jnp.sqrt(x * x + t2)
    k = jnp.log(x / (root + tau))
    bracket = (
        (t2 + 2.0 * x * x - 1.0) * f
        + np.pi * tau
        + (t2 - 1.0) * jnp.log(tau)
        + root * ((t2 - 1.0) / tau * k - np.pi)
    )
    return t2 / (t2 + 1.0) ** 2 * bracket / (x * x)


def truncated_nfw_m_over_x2(x, tau):
    """m(x, tau) / x^2 for x > 0: the series below x = 0.05 min(1, tau), the closed form above."""
    x, tau = jnp.asarray(x, dtype=float), jnp.asarray(tau, dtype=float)
    small = x < _SMALL_X * jnp.minimum(1.0, tau)
    x_small = jnp.where(small, x, 0.5 * _SMALL_X * jnp.minimum(1.0, tau))
    x_large = jnp.where(small, 1.0 + _SERIES_U, x)  # any x where the closed form is well behaved
    return jnp.where(small, _m_over_x2_series(x_small, tau), _m_over_x2_direct(x_large, tau))


def truncated_nfw_l(x, tau):
    """L(x, tau) (autogalaxy's ``NFWTruncatedSph.coord_func_l``), kappa = 2 kappa_s L, for x > 0."""
    x, tau = jnp.asarray(x, dtype=float), jnp.asarray(tau, dtype=float)
    f, g = nfw_f_g(x)
    t2 = tau * tau
    root = jnp.sqrt(t2 + x * x)
    k = jnp.log(x / (root + tau))
    return t2 / (t2 + 1.0) ** 2 * (
        (t2 + 1.0) * g + 2.0 * f - np.pi / root + (t2 - 1.0) / (tau * root) * k
    )
