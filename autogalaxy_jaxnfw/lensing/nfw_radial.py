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

The truncated NFW kernels ``truncated_nfw_l`` and ``truncated_nfw_m_over_x2`` (Baltz, Marshall
& Oguri 2009) live in :mod:`autogalaxy_jaxnfw.lensing.truncated_nfw_radial` and are re-exported
here.  The NFW functions are made exact where the direct forms are not:

* F and G use the power series in u = 1 - x^2 for |u| <= 0.1, so x = 1 (r = r_s) is
  evaluated exactly and with the right derivative (the direct forms are 0/0 there and lose
  ~1e-16 / |x - 1| of relative precision near it);
* h / x^2 (below the series band) and psi (below x = 1/2) are written without the
  cancelling logarithms: with s = sqrt(1 - x^2) and d = ln((1 + s) / 2) =
  log1p(-x^2 / (2 (1 + s))), h = [d - x^2 ln(x / 2) / (1 + s)] / s and
  psi / (2 kappa_s r_s^2) = -d (2 ln(2 / x) + d) (the direct forms lose ~1e-16 / x^2).

Every branch is evaluated at a stand-in argument where it does not apply ("double where"),
so values and derivatives are finite for every x > 0; callers handle x = 0.  Inputs keep their
float precision (``xp.asarray(x) * 1.0``: float32 stays float32, integers become floats).
"""

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.lensing.truncated_nfw_radial import (
    SERIES_U,
    nfw_series_f_g,
    truncated_nfw_l,
    truncated_nfw_m_over_x2,
)

__all__ = ["nfw_enclosed_mass", "nfw_f_g", "nfw_h_over_x2", "nfw_potential", "truncated_nfw_l", "truncated_nfw_m_over_x2"]

_HALF = 0.5  # psi of the NFW profile without cancelling logarithms below x = 1/2.
_TINY_X = 1.0e-8  # below which d / x^2 = -1/4 to rounding.


def nfw_f_g(x, xp=jnp):
    """F(x) and G(x) = (F - 1) / (1 - x^2) of the NFW profile, for x > 0, series near x = 1."""
    x = xp.asarray(x) * 1.0
    u = (1.0 - x) * (1.0 + x)  # 1 - x^2 without cancellation near x = 1
    lower = u > SERIES_U
    upper = u < -SERIES_U
    series = ~(lower | upper)

    # x < 1: arccosh(1/x) / sqrt(1 - x^2) = ln((1 + s) / x) / s, s = sqrt(1 - x^2).
    x_lt = xp.where(lower, x, 0.5)
    s_lt = xp.sqrt(xp.where(lower, u, 0.75))
    f_lt = xp.log((1.0 + s_lt) / x_lt) / s_lt
    # x > 1: arccos(1/x) / sqrt(x^2 - 1) = arctan(t) / t, t = sqrt(x^2 - 1).
    t_gt = xp.sqrt(xp.where(upper, -u, 3.0))
    f_gt = xp.arctan(t_gt) / t_gt
    # |1 - x^2| <= 0.1: F = sum u^n / (2n + 1), G = sum_{n >= 1} u^(n - 1) / (2n + 1).
    f_series, g_series = nfw_series_f_g(xp.where(series, u, 0.0))

    f = xp.where(lower, f_lt, xp.where(upper, f_gt, f_series))
    u_direct = xp.where(series, 1.0, u)
    g = xp.where(series, g_series, (f - 1.0) / u_direct)
    return f, g


def nfw_enclosed_mass(x, xp=jnp):
    """ln(1 + x) - x / (1 + x), the NFW mass within r = x r_s over 4 pi rho_s r_s^3, for x >= 0.

    Below x = 1e-3 from its series sum_{n >= 2} (-1)^n (n - 1) x^n / n (five terms), where the
    two logarithmic terms would cancel to ~1e-16 / x.  In float32 they cancel to ~1e-7 / x^2
    (1e-4 at x = 0.03), so there, below x = 1, ``_nfw_enclosed_mass_atanh`` is used.
    """
    x = xp.asarray(x) * 1.0
    if np.finfo(x.dtype).eps > 1e-10:
        inner = x < 1.0
        x_inner = xp.where(inner, x, 0.0)
        x_outer = xp.where(inner, 1.0, x)
        return xp.where(inner, _nfw_enclosed_mass_atanh(x_inner), xp.log1p(x_outer) - x_outer / (1.0 + x_outer))
    small = x < 1e-3
    x_small = xp.where(small, x, 0.0)
    series = x_small**2 * (0.5 + x_small * (-2.0 / 3.0 + x_small * (0.75 + x_small * (-0.8 + x_small * 5.0 / 6.0))))
    x_large = xp.where(small, 1.0, x)
    return xp.where(small, series, xp.log1p(x_large) - x_large / (1.0 + x_large))


def _nfw_enclosed_mass_atanh(x):
    """ln(1 + x) - x / (1 + x) for 0 <= x <= 1 as a sum of positive terms (no cancellation).

    With z = x / (2 + x), ln(1 + x) = 2 atanh z and x / (1 + x) = 2 z / (1 + z), so
    m = 2 z^2 [1 / (1 + z) + z sum_{k >= 0} z^(2k) / (2k + 3)]; z <= 1/3, and eight terms
    leave < 1e-9 relative.
    """
    z = x / (2.0 + x)
    z2 = z * z
    tail = 0.0
    for k in range(7, -1, -1):
        tail = 1.0 / (2 * k + 3) + z2 * tail
    return 2.0 * z2 * (1.0 / (1.0 + z) + z * tail)


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
    x = xp.asarray(x) * 1.0
    u = (1.0 - x) * (1.0 + x)
    lower = u > SERIES_U
    upper = u < -SERIES_U
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
    f_series, _ = nfw_series_f_g(xp.where(series, u, 0.0))
    h_rest = (log_half_x + xp.where(upper, f_gt, f_series)) / (x * x)
    return xp.where(lower, h_lt, h_rest)


def nfw_potential(x, xp=jnp):
    """psi / (2 kappa_s r_s^2) of the NFW profile, zero at x = 0, for x > 0."""
    x = xp.asarray(x) * 1.0
    inner = x < _HALF
    x_in = xp.where(inner, x, 0.5 * _HALF)
    d, _ = _d_and_s(x_in, xp=xp)
    psi_in = -d * (2.0 * xp.log(2.0 / x_in) + d)
    x_out = xp.where(inner, 1.0, x)
    f, _ = nfw_f_g(x_out, xp=xp)
    psi_out = xp.log(0.5 * x_out) ** 2 - (1.0 - x_out) * (1.0 + x_out) * f * f
    return xp.where(inner, psi_in, psi_out)
