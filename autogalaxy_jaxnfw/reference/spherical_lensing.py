"""Convergence and deflection of any spherical density, by SciPy quadrature to infinity (reference).

Independent of the profile classes' evaluation (no Gauss-Legendre rules, no split into an
NFW part and an excess): for a density rho(r) in autogalaxy's units (kappa_s / arcsec),

    kappa(R) = 2 int_0^inf rho(sqrt(R^2 + z^2)) dz,
    alpha(R) = M_cyl(R) / (pi R),
    M_cyl(R) = int_0^R 4 pi r^2 rho dr + int_R^inf 4 pi r^2 rho (1 - sqrt(1 - R^2 / r^2)) dr,

each integral by adaptive Gauss-Kronrod (``scipy.integrate.quad``) split at the given
breakpoints (e.g. a core or interaction radius) and on a logarithmic grid of sub-intervals,
with relative tolerance 1e-11.  Used by the tests and the assessment to measure the floor of
the self-interacting profiles' maps.
"""

import numpy as np
from scipy.integrate import quad

__all__ = ["convergence", "deflection"]

_TOL = dict(epsabs=0.0, epsrel=1e-11, limit=500)


def _pieces(lower, upper, breaks):
    """Sub-intervals of [lower, upper], logarithmic (a factor 10 each) and split at ``breaks``."""
    edges = [lower, upper, *[b for b in breaks if lower < b < upper]]
    if lower > 0.0:
        edges += list(np.geomspace(lower, upper, max(2, int(np.log10(upper / lower)) + 2)))
    return np.unique(edges)


def _integral(func, lower, upper, breaks):
    edges = _pieces(lower, upper, breaks)
    return sum(quad(func, a, b, **_TOL)[0] for a, b in zip(edges[:-1], edges[1:]))


def convergence(density, radius, breaks=(), outer=1e8):
    """kappa at projected radius ``radius`` > 0 of ``density(r)``; the line of sight is cut at ``outer`` R."""
    # z = R sinh(t): the integrand is smooth at z = 0 and spreads over t logarithmically in z.
    t_breaks = [np.arcsinh(np.sqrt(max(b * b - radius * radius, 0.0)) / radius) for b in breaks]

    def integrand(t):
        return density(radius * np.cosh(t)) * radius * np.cosh(t)

    return 2.0 * _integral(integrand, 0.0, np.arcsinh(outer), t_breaks + [1.0, 3.0, 10.0])


def deflection(density, radius, breaks=(), outer=1e8):
    """|alpha| at projected radius ``radius`` > 0 of ``density(r)``; the cylinder is cut at ``outer`` R."""
    small = 1e-12 * radius
    sphere = _integral(lambda r: 4.0 * np.pi * r * r * density(r), small, radius, breaks)

    def shell(t):  # r = R cosh t: 4 pi r^2 rho (1 - s / r) dr = 4 pi R^3 rho sinh t cosh t e^-t dt
        return 4.0 * np.pi * radius**3 * density(radius * np.cosh(t)) * np.sinh(t) * np.cosh(t) * np.exp(-t)

    t_breaks = [np.arccosh(b / radius) for b in breaks if b > radius]
    cylinder = _integral(shell, 0.0, np.arccosh(outer), t_breaks + [1.0, 3.0, 10.0])
    return (sphere + cylinder) / (np.pi * radius)
