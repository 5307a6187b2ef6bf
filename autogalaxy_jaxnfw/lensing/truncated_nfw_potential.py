"""Exact lensing potential of the spherical truncated NFW profile (Baltz, Marshall & Oguri 2009).

psi(x) = 2 kappa_s r_s^2 P(x, tau), x = r / r_s, tau = r_t / r_s, zero at x = 0, with P the
closed form of BMO09 eq. 18 (as in autogalaxy's ``nfw_truncated.potential_func_sph_from``)::

    (tau^2 + 1)^2 P = 2 pi tau^2 (tau - R + tau ln(tau + R)) + 2 (tau^2 - 1) tau R K
                      + tau^2 (tau^2 - 1) K^2 + 4 tau^2 (x^2 - 1) F + tau^2 (tau^2 - 1) (x^2 - 1) F^2
                      + tau^2 ((tau^2 - 1) ln tau - tau^2 - 1) ln x^2
                      - tau^2 ((tau^2 - 1) ln tau ln(4 tau) + 2 ln(tau / 2) - 2 tau (tau - pi) ln(2 tau)),

R = sqrt(x^2 + tau^2), K = ln(x / (R + tau)) and F, (x^2 - 1) F^2 = -arccosh^2(1/x) or
arccos^2(1/x) from :func:`autogalaxy_jaxnfw.lensing.nfw_radial.nfw_f_g`, exact through x = 1.

Its terms of order tau^4 ln^2 x cancel down to P = O(x^2 ln x) as x -> 0.  Below x = 1/2 the
same function is evaluated with the cancellations done analytically.  With L = ln(2 / x),
s = sqrt(1 - x^2), d = ln((1 + s) / 2), eps = R - tau = x^2 / (R + tau) and
delta = ln((R + tau) / (2 tau)) = log1p(eps / (2 tau)) -- each O(x^2) and computed without
cancellation -- and using K = -(L + ln tau + delta), arccosh(1/x) = L + d, ::

    (tau^2 + 1)^2 P = tau^2 (tau^2 - 1) [ln tau (delta + d) + (delta - d)(2 L + ln tau + delta + d)]
                      + 2 pi tau^2 (tau delta - eps)
                      + 4 tau^2 [L x^2 / (1 + s) - s d] - 2 tau^2 (tau^2 - 1) delta
                      - 2 (tau^2 - 1) tau eps (L + ln tau + delta),

a sum of O(x^2) terms (autogalaxy switches to a three-term series below x = 0.1 instead).
"""

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.lensing.nfw_radial import nfw_f_g

__all__ = ["truncated_nfw_potential"]

_INNER = 0.5  # the rearranged form below x = 1/2


def _inner(x, tau, xp=jnp):
    t2 = tau * tau
    big_l = xp.log(2.0 / x)
    s = xp.sqrt((1.0 - x) * (1.0 + x))
    d = xp.log1p(-x * x / (2.0 * (1.0 + s)))
    root = xp.sqrt(t2 + x * x)
    eps = x * x / (root + tau)
    delta = xp.log1p(eps / (2.0 * tau))
    ln_tau = xp.log(tau)
    total = (
        t2 * (t2 - 1.0) * (ln_tau * (delta + d) + (delta - d) * (2.0 * big_l + ln_tau + delta + d))
        + 2.0 * np.pi * t2 * (tau * delta - eps)
        + 4.0 * t2 * (big_l * x * x / (1.0 + s) - s * d)
        - 2.0 * t2 * (t2 - 1.0) * delta
        - 2.0 * (t2 - 1.0) * tau * eps * (big_l + ln_tau + delta)
    )
    return total / (t2 + 1.0) ** 2


def _closed_form(x, tau, xp=jnp):
    t2 = tau * tau
    x2 = x * x
    root = xp.sqrt(t2 + x2)
    k = xp.log(x / (root + tau))
    f, _ = nfw_f_g(x, xp=xp)
    ln_tau = xp.log(tau)
    total = (
        2.0 * np.pi * t2 * (tau - root + tau * xp.log(tau + root))
        + 2.0 * (t2 - 1.0) * tau * root * k
        + t2 * (t2 - 1.0) * k * k
        + 4.0 * t2 * (x2 - 1.0) * f
        + t2 * (t2 - 1.0) * (x - 1.0) * (x + 1.0) * f * f
        + t2 * ((t2 - 1.0) * ln_tau - t2 - 1.0) * 2.0 * xp.log(x)
        - t2 * ((t2 - 1.0) * ln_tau * xp.log(4.0 * tau) + 2.0 * xp.log(0.5 * tau) - 2.0 * tau * (tau - np.pi) * xp.log(2.0 * tau))
    )
    return total / (t2 + 1.0) ** 2


def truncated_nfw_potential(x, tau, xp=jnp):
    """P(x, tau) = psi / (2 kappa_s r_s^2) of the truncated NFW profile, zero at x = 0, for x > 0."""
    x, tau = xp.asarray(x) * 1.0, xp.asarray(tau) * 1.0  # the inputs' float precision
    inner = x < _INNER
    x_in = xp.where(inner, x, 0.5 * _INNER)
    x_out = xp.where(inner, 1.0, x)
    return xp.where(inner, _inner(x_in, tau, xp=xp), _closed_form(x_out, tau, xp=xp))
