"""The extended Press-Schechter spread of a halo's progenitor masses, s(M).

In extended Press-Schechter theory (Lacey & Cole 1993, MNRAS 262, 627) the fraction of a
halo's mass M in progenitors more massive than f M at an earlier time is set by the
difference of the top-hat variances of the two masses; Ludlow et al. (2016, MNRAS 460, 1214,
eq. 7; L16) write it through

    s(M) = sqrt(2 (sigma^2(f M) - sigma^2(M))),        f = 0.02 (L16 sec. 4.1).

sigma is the z = 0 variance of :mod:`autogalaxy_jaxnfw.cosmology.sigma`.  The per-cosmology
tables (:mod:`autogalaxy_jaxnfw.cosmology.tables`) hold a series of ln s in the Lagrangian radius of
M, so a halo costs one series evaluation.
"""

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.sigma import LN_R_MIN, lagrangian_radius, ln_sigma2
from autogalaxy_jaxnfw.numerics.chebyshev import chebyshev_evaluate

__all__ = ["LN_R_SPREAD", "LUDLOW16_F", "ln_spread", "spread_of_sigma"]

LUDLOW16_F = 0.02
_LN_F_RADIUS = float(np.log(LUDLOW16_F) / 3.0)
LN_R_SPREAD = (LN_R_MIN - _LN_F_RADIUS, float(np.log(40.0)))
"""Lagrangian radii of M (ln Mpc/h) of the spread series: those of f M in the sigma table, and
at most 40 Mpc/h, the relation's domain before the sigma table was extended to 60 Mpc/h for
other relations (kept, so Ludlow et al. 2016's validity mask is unchanged)."""


def spread_of_sigma(sigma_coefficients, ln_r, xp=jnp):
    """ln s at Lagrangian radii ln r (Mpc/h) of M, from the ln sigma^2 series (L16 eq. 7)."""
    s2_f = xp.exp(ln_sigma2(sigma_coefficients, ln_r + _LN_F_RADIUS))
    s2 = xp.exp(ln_sigma2(sigma_coefficients, ln_r))
    return 0.5 * xp.log(2.0 * (s2_f - s2))


def ln_spread(spread_coefficients, cosmology, mass, xp=jnp):
    """ln s of masses in Msun/h from the spread series, and where it is defined.

    Defined (second output True) where the Lagrangian radii of f M and M lie in the sigma
    table; elsewhere ln s is that of the nearest tabulated mass, for callers to mask.
    """
    ln_r = xp.log(lagrangian_radius(cosmology, mass))
    in_table = (ln_r >= LN_R_SPREAD[0]) & (ln_r <= LN_R_SPREAD[1])
    return chebyshev_evaluate(spread_coefficients, *LN_R_SPREAD, xp.clip(ln_r, *LN_R_SPREAD)), in_table
