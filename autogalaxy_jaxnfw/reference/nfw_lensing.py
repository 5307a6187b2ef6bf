"""High-precision (mpmath) radial lensing functions of the NFW and truncated NFW profiles.

The ground truth of the exactness tests of :mod:`autogalaxy_jaxnfw.lensing.nfw_radial`,
:mod:`autogalaxy_jaxnfw.lensing.truncated_nfw_potential` and the profile classes.  Two independent
evaluations of each function of x = r / r_s (and tau = r_t / r_s):

* ``closed_form(name, x, tau)``: the closed forms (Wright & Brainerd 2000, ApJ 534, 34;
  Baltz, Marshall & Oguri 2009, JCAP 01, 015, eqs. 11, 13 and 18), evaluated directly with
  :data:`DIGITS` significant digits, so that their cancellations near x = 1 and x = 0 (about
  2 log10(1 / |x - 1|) and 2 log10(1 / x) digits) leave more than 30 correct digits at the
  radii tested (|x - 1| >= 1e-15, x >= 1e-12);
* ``by_quadrature(name, x, tau)``: the same quantity from the density by mpmath quadrature,
  used to check the closed forms at a few points (slow):

      G = L = int_0^inf rho~(sqrt(x^2 + t^2)) dt,   h = m = int_0^x kappa~(t) t dt,
      P = int_0^x 2 m(t) / t dt,

  with rho~ = 1 / (y (1 + y)^2) [times tau^2 / (tau^2 + y^2) when truncated] and kappa~ the
  projected density so obtained (kappa = 2 kappa_s kappa~, alpha = 4 kappa_s r_s m / x,
  psi = 2 kappa_s r_s^2 P).

Names: ``"kappa"`` (G or L), ``"alpha"`` (h / x^2 or m / x^2), ``"psi"`` (P); ``tau=None``
is the untruncated NFW profile.
"""

import mpmath as mp

__all__ = ["DIGITS", "by_quadrature", "closed_form"]

DIGITS = 80


def _f(x):
    """The NFW function F(x), for x > 0."""
    if x < 1:
        s = mp.sqrt((1 - x) * (1 + x))
        return mp.atanh(s) / s
    if x > 1:
        t = mp.sqrt((x - 1) * (x + 1))
        return mp.atan(t) / t
    return mp.mpf(1)


def _nfw(name, x):
    f = _f(x)
    if name == "kappa":
        return (f - 1) / (1 - x * x) if x != 1 else mp.mpf(1) / 3
    if name == "alpha":
        return (mp.log(x / 2) + f) / (x * x)
    return mp.log(x / 2) ** 2 - (1 - x * x) * f * f


def _truncated(name, x, tau):
    f, t2 = _f(x), tau * tau
    root = mp.sqrt(x * x + t2)
    k = mp.log(x / (root + tau))
    norm = t2 / (t2 + 1) ** 2
    if name == "kappa":
        g = (f - 1) / (1 - x * x) if x != 1 else mp.mpf(1) / 3
        return norm * ((t2 + 1) * g + 2 * f - mp.pi / root + (t2 - 1) / (tau * root) * k)
    if name == "alpha":
        bracket = (t2 + 2 * x * x - 1) * f + mp.pi * tau + (t2 - 1) * mp.log(tau) + root * ((t2 - 1) / tau * k - mp.pi)
        return norm * bracket / (x * x)
    ln_tau = mp.log(tau)
    total = (
        2 * mp.pi * t2 * (tau - root + tau * mp.log(tau + root))
        + 2 * (t2 - 1) * tau * root * k
        + t2 * (t2 - 1) * k * k
        + 4 * t2 * (x * x - 1) * f
        + t2 * (t2 - 1) * (x * x - 1) * f * f
        + t2 * ((t2 - 1) * ln_tau - t2 - 1) * mp.log(x * x)
        - t2 * ((t2 - 1) * ln_tau * mp.log(4 * tau) + 2 * mp.log(tau / 2) - 2 * tau * (tau - mp.pi) * mp.log(2 * tau))
    )
    return total / (t2 + 1) ** 2


def closed_form(name, x, tau=None):
    """The closed form of ``name`` ("kappa", "alpha" or "psi") at x (and tau), as an ``mpf``."""
    with mp.workdps(DIGITS):
        x = mp.mpf(x)
        if tau is None:
            return _nfw(name, x)
        return _truncated(name, x, mp.mpf(tau))


def _density(y, tau):
    rho = 1 / (y * (1 + y) ** 2)
    return rho if tau is None else rho * tau * tau / (tau * tau + y * y)


def _projected(x, tau):
    return mp.quad(lambda t: _density(mp.sqrt(x * x + t * t), tau), [0, 1, 10, mp.inf])


def _enclosed(x, tau):
    points = [0, x] if x <= 1 else [0, 1, x]
    return mp.quad(lambda t: _projected(t, tau) * t, points)


def by_quadrature(name, x, tau=None, digits=20):
    """``name`` at x (and tau) by quadrature of the density, to about ``digits`` digits."""
    with mp.workdps(digits):
        x = mp.mpf(x)
        tau = None if tau is None else mp.mpf(tau)
        if name == "kappa":
            return _projected(x, tau)
        if name == "alpha":
            return _enclosed(x, tau) / (x * x)
        return mp.quad(lambda t: 2 * _enclosed(t, tau) / t, [0, x])
