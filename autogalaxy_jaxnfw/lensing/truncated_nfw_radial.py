"""The truncated NFW lens kernels L(x, tau) and m(x, tau) / x^2, exact at every radius for the cost of the closed form.

The n = 1 truncated NFW profile of Baltz, Marshall & Oguri (2009, JCAP 01, 015; BMO09),
autogalaxy's ``NFWTruncatedSph``, rho = rho_s tau^2 / [x (1 + x)^2 (tau^2 + x^2)] with
x = r / r_s and tau = r_t / r_s, has convergence kappa = 2 kappa_s L and radial deflection
alpha = 4 kappa_s r_s m / x, with (BMO09 eqs. A.1-A.8, in autogalaxy's normalisation)

    L (tau^2 + 1)^2 / tau^2 = (tau^2 + 1) G + 2 F - pi / R + (tau^2 - 1) K / (tau R),
    m (tau^2 + 1)^2 / tau^2 = (tau^2 + 2 x^2 - 1) F + pi tau + (tau^2 - 1) ln tau + R [(tau^2 - 1) K / tau - pi],

R = sqrt(x^2 + tau^2), K = ln(x / (R + tau)) = -asinh(tau / x), F the NFW function
(arccosh(1/x) / s with s = sqrt(1 - x^2) below x = 1, arctan(t) / t with t = sqrt(x^2 - 1)
above) and G = (F - 1) / (1 - x^2).  Written so, they cancel: near x = 1 (F and G are 0/0), as
x -> 0 (m's terms of order tau^2 ln x cancel down to x^2 ln x) and far outside (L's terms of
order 1 / x, 1 / x^2 and 1 / x^3 cancel down to tau^2 / x^4; m's of order x down to 1).  Here
the same functions are rearranged so that nothing cancels, with no branch that costs more than
the closed form:

* per element one square root gives s or t, one ``log1p`` gives A = arccosh(1/x) =
  ln((1 + s) / x) below x = 1 or asinh(tau / x) = log1p(tau / x + tau^2 / (x (x + R))) above,
  a second gives B = ln((1 + s) tau / (R + tau)) = log1p(b), b = -x^2 e (tau / (1 + s) + e),
  e = 1 / (R + tau), and one arctangent gives F above x = 1 (arctan of t or of 1 / t, whichever
  is below 1, so F = arctan(t) / t or (pi / 2 - arctan(1 / t)) / t loses nothing);
* for |1 - x^2| <= 0.1, F and G are their power series in u = 1 - x^2 (17 terms, evaluated
  everywhere: a polynomial costs less than a branch);
* below x = 1, with K = B - A - ln tau, the terms of m in ln x cancel analytically (L, whose
  terms do not cancel there, takes K as its own logarithm instead of B):

      m (tau^2 + 1)^2 / (tau^2 x^2) = F [(tau^2 - 1) / (1 + s) + 2] - A (tau^2 - 1) e / tau
                                      + (tau^2 - 1) (R / tau) B / x^2 - (tau^2 - 1) e ln tau / tau - pi e,

  with B / x^2 = -e (tau / (1 + s) + e) log1p(b) / b;
* above x = 1, 2 x^2 F - pi R, whose terms of order x cancel, is

      pi (x^2 (1 - tau^2) + tau^2) / (t (x^2 + t R)) - 2 x^2 arctan(1 / t) / t    (t >= 1);

* above x ~ 4.1 (1 / t < 1/4), L is ::

      L (tau^2 + 1)^2 / tau^2 = -pi (tau^2 + 1)^2 (R + 2t) / (2 t^3 R (R + t)^2)
          + (tau^2 - 1)(x^2 (tau^2 + 2) - 1) / (t^2 x R (x R + t^2)) + (tau^2 + 1) / t^4
          - theta_3 (tau^2 + 1 - 2 t^2) / t^3 + (tau^2 - 1) psi_3 / (tau R),

  theta_3 = 1 / t - arctan(1 / t) and psi_3 = y - asinh(y) (y = tau / x) from their odd power
  series (14 terms, for arguments below 1/4; psi_3 directly above).

Each branch sees a stand-in argument where it does not apply ("double where"), so values and
derivatives are finite for every x > 0; callers handle x = 0.  The error against 80-digit
mpmath is below 1e-13 from x = 1e-12 to 1e5, tau = 0.05 to 1e4 (``test_kernel.py``), and the
cost per evaluation is measured in ``docs/research/kernel/``.
"""

import math

import jax.numpy as jnp
import numpy as np

__all__ = ["nfw_series_f_g", "truncated_nfw_l", "truncated_nfw_m_over_x2"]

SERIES_U = 0.1
"""|1 - x^2| at and below which F and G are their series in u = 1 - x^2."""

_G_TERMS = [1.0 / (2.0 * n + 1.0) for n in range(17, 0, -1)]  # 0.1^17 / 35 < 1e-18
_TAIL = 0.25  # theta_3 and psi_3 from their series below this argument
_ATAN_TAIL = [(-1.0) ** k / (2 * k + 3) for k in range(14)]  # (z - arctan z) / z^3 = sum_k c_k z^2k
_ASINH_TAIL = [  # (y - asinh y) / y^3 = sum_k c_k y^2k
    (-1.0) ** k * math.factorial(2 * k + 2) / (4 ** (k + 1) * math.factorial(k + 1) ** 2 * (2 * k + 3)) for k in range(14)
]


def _horner(z, coefficients):
    """sum_k coefficients[k] z^k, highest power first in ``coefficients`` reversed."""
    total = 0.0 * z
    for c in reversed(coefficients):
        total = total * z + c
    return total


def nfw_series_f_g(u):
    """F and G = (F - 1) / u of the NFW profile from their series in u = 1 - x^2, for |u| <= 0.1."""
    g = 0.0 * u
    for c in _G_TERMS:
        g = g * u + c
    return 1.0 + u * g, g


def _log1p_ratio(z, xp):
    """log1p(z) / z, 1 at z = 0."""
    zero = z == 0.0
    z = xp.where(zero, 1.0, z)
    return xp.where(zero, 1.0, xp.log1p(z) / z)


def _shared(x, tau, xp):
    """The quantities both kernels share (see the module docstring); stand-ins where a branch does not apply."""
    x, tau = xp.asarray(x) * 1.0, xp.asarray(tau) * 1.0
    t2 = tau * tau
    u = (1.0 - x) * (1.0 + x)
    band = xp.abs(u) <= SERIES_U
    lower = x < 1.0
    a = xp.sqrt(xp.where(lower, u, xp.where(band, 3.0, -u)))
    s, t = xp.where(lower, a, 0.5), xp.where(lower, 2.0, a)
    root = xp.sqrt(x * x + t2)
    e = 1.0 / (root + tau)
    f_band, g_band = nfw_series_f_g(xp.where(band, u, 0.0))
    x_lo, x_hi = xp.where(lower, x, 0.5), xp.where(lower, 2.0, x)
    root_hi = xp.where(lower, 3.0, root)
    q = tau / x_hi + t2 / (x_hi * (x_hi + root_hi))
    log_a = xp.log1p(xp.where(lower, (1.0 + s - x_lo) / x_lo, q))  # A below x = 1, asinh(tau / x) above
    c = e * (tau / (1.0 + s) + e)
    b_over_x2 = -c * _log1p_ratio(-(x_lo * x_lo) * xp.where(lower, c, 0.0), xp)
    near = t < 1.0
    arc = xp.arctan(xp.where(near, t, 1.0 / t))
    f_lo = xp.where(band, f_band, log_a / xp.where(band, 1.0, s))
    f_hi = xp.where(band, f_band, xp.where(near, arc, 0.5 * np.pi - arc) / t)
    return dict(
        x=x, tau=tau, t2=t2, u=u, band=band, lower=lower, s=s, t=t, near=near, root=root, root_hi=root_hi, e=e,
        x_hi=x_hi, g_band=g_band, log_a=log_a, b_over_x2=b_over_x2, arc=arc, f_lo=f_lo, f_hi=f_hi,
        ln_tau=xp.log(tau), norm=t2 / (t2 + 1.0) ** 2,
    )


def truncated_nfw_m_over_x2(x, tau, xp=jnp):
    """m(x, tau) / x^2, alpha = 4 kappa_s r_s x (m / x^2), for x > 0 (BMO09 eq. A.8, rearranged)."""
    v = _shared(x, tau, xp)
    t2, tau, e, root, t = v["t2"], v["tau"], v["e"], v["root"], v["t"]
    below = (
        v["f_lo"] * ((t2 - 1.0) / (1.0 + v["s"]) + 2.0)
        - v["log_a"] * (t2 - 1.0) * e / tau
        + (t2 - 1.0) * (root / tau) * v["b_over_x2"]
        - (t2 - 1.0) * e * v["ln_tau"] / tau
        - np.pi * e
    )
    x2 = v["x_hi"] * v["x_hi"]
    two_x2_f_minus_pi_r = xp.where(
        v["near"] | v["band"],
        2.0 * x2 * v["f_hi"] - np.pi * root,
        np.pi * (x2 * (1.0 - t2) + t2) / (t * (x2 + t * root)) - 2.0 * x2 * v["arc"] / t,
    )
    above = (t2 - 1.0) * v["f_hi"] + two_x2_f_minus_pi_r + np.pi * tau + (t2 - 1.0) * (v["ln_tau"] - root * v["log_a"] / tau)
    return v["norm"] * xp.where(v["lower"], below, above / x2)


def truncated_nfw_l(x, tau, xp=jnp):
    """L(x, tau), kappa = 2 kappa_s L, for x > 0 (BMO09 eq. A.7, rearranged where it cancels)."""
    v = _shared(x, tau, xp)
    t2, tau, root, t, band = v["t2"], v["tau"], v["root"], v["t"], v["band"]
    # below x = 1 nothing cancels (B is not needed: K is its own logarithm)
    x_lo = xp.where(v["lower"], v["x"], 0.5)
    k_lo = xp.log(x_lo / (xp.where(v["lower"], root, 1.0) + tau))
    g_lo = xp.where(band, v["g_band"], (v["f_lo"] - 1.0) / xp.where(band, 1.0, v["u"]))
    below = (t2 + 1.0) * g_lo + 2.0 * v["f_lo"] - np.pi / root + (t2 - 1.0) * k_lo / (tau * root)
    # from the band to 1 / t = 1/4: the closed form, K = -asinh(tau / x)
    g_hi = xp.where(band, v["g_band"], (1.0 - v["f_hi"]) / (t * t))
    near = (t2 + 1.0) * g_hi + 2.0 * v["f_hi"] - np.pi / root - (t2 - 1.0) * v["log_a"] / (tau * root)
    # beyond: the rearranged form
    z = 1.0 / t
    far = z < _TAIL
    z = xp.where(far, z, 0.0)
    theta_3 = z * z * z * _horner(z * z, _ATAN_TAIL)
    y = tau / v["x_hi"]
    small_y = y < _TAIL
    y_s = xp.where(small_y, y, 0.0)
    psi_3 = xp.where(small_y, y_s * y_s * y_s * _horner(y_s * y_s, _ASINH_TAIL), y - v["log_a"])
    r, x_hi, t_2 = v["root_hi"], v["x_hi"], t * t
    xr = x_hi * r
    far_value = (
        -np.pi * (t2 + 1.0) ** 2 * (r + 2.0 * t) / (2.0 * t_2 * t * r * (r + t) ** 2)
        + (t2 - 1.0) * (x_hi * x_hi * (t2 + 2.0) - 1.0) / (t_2 * xr * (xr + t_2))
        + (t2 + 1.0) / (t_2 * t_2)
        - theta_3 * (t2 + 1.0 - 2.0 * t_2) / (t_2 * t)
        + (t2 - 1.0) * psi_3 / (tau * r)
    )
    return v["norm"] * xp.where(v["lower"], below, xp.where(far, far_value, near))
