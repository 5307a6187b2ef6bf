"""Mass normalisation of the cored NFW profile: the enclosed-mass integral, and upstream's expression.

For the cored NFW density of autogalaxy's ``cNFW`` (Penarrubia et al. 2012, ApJ 759, L42),

    rho(r) = rho_0 r_s^3 / ((r + r_c)(r + r_s)^2),   r_c = f_c r_s,

the mass within r_200 = c r_s is M200c = 4 pi rho_0 r_s^3 P(c, f_c) with

    P(c, f_c) = int_0^c x^2 / ((x + f_c)(x + 1)^2) dx.

Splitting x^2 / (x + f) = x - f x / (x + f) and decomposing into partial fractions,

    P = m(c) - f_c D(c, f_c),
    m(c) = ln(1 + c) - c / (1 + c)                       (the NFW enclosed-mass function),
    D = c / ((1 + c)(1 - f_c)) - f_c / (1 - f_c)^2 [ln(1 + c / f_c) - ln(1 + c)],

which is :func:`cored_nfw_normalisation`: m(c) carries the whole mass of the cusp and f_c D
the (smaller) deficit of the core, so no large terms cancel for 0 < f_c <= 0.5 (it is 0/0
at f_c = 1, where the density is (r + r_s)^-3).  Collecting the terms over (1 - f_c)^2
instead gives

    P = [f_c^2 ln(1 + c / f_c) + (1 - 2 f_c) ln(1 + c)] / (1 - f_c)^2 - c / ((1 + c)(1 - f_c)),

which upstream autogalaxy (``mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow``)
has with (1 + f_c)^2 in the first denominator (:func:`penarrubia_normalisation`): too small
by a relative ~4 f_c ln(1 + c) / m(c) for small f_c, and negative above f_c ~ 0.2 for
typical concentrations.
"""

import jax.numpy as jnp

from autogalaxy_jaxnfw.settings.conventions import Conventions

__all__ = ["cored_nfw_normalisation", "normalisation_for", "penarrubia_normalisation"]


def cored_nfw_normalisation(concentration, f_c, xp=jnp):
    """P(c, f_c) = int_0^c x^2 / ((x + f_c)(x + 1)^2) dx, the enclosed-mass integral of the cored NFW density.

    Parameters
    ----------
    concentration : float or array
        c200c = r_200 / r_s, > 0.
    f_c : float or array
        r_c / r_s, > 0 and != 1.
    xp : module
        ``numpy`` or ``jax.numpy``.
    """
    c, f = concentration, f_c
    nfw = xp.log1p(c) - c / (1.0 + c)
    deficit = c / ((1.0 + c) * (1.0 - f)) - f / (1.0 - f) ** 2 * (xp.log1p(c / f) - xp.log1p(c))
    return nfw - f * deficit


def penarrubia_normalisation(concentration, f_c, xp=jnp):
    """Upstream autogalaxy's cored-NFW normalisation, with (1 + f_c)^2 where the integral has (1 - f_c)^2.

    Reproduced verbatim for :func:`autogalaxy_jaxnfw.upstream_conventions`; see the module
    docstring for the correct :func:`cored_nfw_normalisation`.
    """
    return (
        f_c**2 * xp.log(1.0 + concentration / f_c) + (1.0 - 2.0 * f_c) * xp.log(1.0 + concentration)
    ) / (1.0 + f_c) ** 2 - concentration / ((1.0 + concentration) * (1.0 - f_c))


def normalisation_for(conventions: Conventions):
    """The normalisation function selected by ``conventions.cored_normalisation``."""
    if conventions.cored_normalisation == "upstream":
        return penarrubia_normalisation
    return cored_nfw_normalisation
