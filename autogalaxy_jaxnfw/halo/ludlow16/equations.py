"""The equations of the Ludlow et al. (2016) concentration model, shared by its solvers.

Ludlow et al. (2016, MNRAS 460, 1214; L16) tie the mean density inside the scale radius
r_-2 = r_200 / c to the critical density at a collapse redshift z_-2,

    200 c^3 M_-2 / M_200 rho_crit(z) = C rho_crit(z_-2),                    (L16 eq. 6)

when the mass in progenitors more massive than f M_200 equalled M_-2 (extended
Press-Schechter),

    M_-2 / M_200 = erfc[(delta_c / D(z_-2) - delta_c / D(z)) / s],           (L16 eq. 7)
    s = sqrt(2 (sigma^2(f M) - sigma^2(M))),

with the Einasto (alpha = 0.18) mass ratio for M_-2 / M_200, f = 0.02 and C = 650.  As in
colossus (``halo.concentration.modelLudlow16``), rho_crit is inverted with matter and
Lambda only, D is colossus' growth factor (relativistic species included), delta_c =
1.68647, sigma is the z = 0 top-hat variance of the Lagrangian radii of M and f M, and
solutions count for 1 <= c <= 100 with -0.995 < z_-2 < 200.01 (colossus' redshift range).

A halo enters only through s, and everything else depends on z alone: the
``CollapseProblem``.  In the collapse density ratio v = ln(rho_crit(z_-2) / rho_crit(z))
of :mod:`autogalaxy_jaxnfw.halo.ludlow16.formation`, L16 eq. 7 is explicit in s
(:func:`ln_spread_of_v`), which the secant and fixed-redshift solvers invert; the bracketed
solver finds the root of :func:`collapse_residual` in ln c.
"""

from dataclasses import dataclass
from typing import NamedTuple

import jax
import jax.numpy as jnp
from jax.scipy.special import erfc

from autogalaxy_jaxnfw.cosmology.parameters import Cosmology
from autogalaxy_jaxnfw.halo.ludlow16.einasto import einasto_ln_mass_ratio_series
from autogalaxy_jaxnfw.halo.ludlow16.formation import LN_200_OVER_C, ln_erfcinv_mass_ratio_of_v
from autogalaxy_jaxnfw.cosmology.growth import growth_from_series

__all__ = [
    "DELTA_COLLAPSE",
    "Z_FORMATION_RANGE",
    "CollapseProblem",
    "Ludlow16Root",
    "collapse_problem",
    "collapse_residual",
    "formation_cube",
    "formation_in_range",
    "ln_spread_of_v",
]

DELTA_COLLAPSE = 1.68647
"""Linear collapse threshold, as colossus' ``constants.DELTA_COLLAPSE``."""

Z_FORMATION_RANGE = (-0.995, 200.01)
# A root at the edge of the formation-redshift range is where the bracketed residual jumps,
# not a solution of L16 eq. 7.
_Z_EDGE = 1e-6
CUBE_RANGE = tuple((1.0 + z) ** 3 for z in Z_FORMATION_RANGE)
_CUBE_ACCEPTED = ((1.0 + Z_FORMATION_RANGE[0] + _Z_EDGE) ** 3, (1.0 + Z_FORMATION_RANGE[1] - _Z_EDGE) ** 3)


class Ludlow16Root(NamedTuple):
    """A solver's answer for a batch of halos.

    Attributes
    ----------
    ln_c : jax.Array
        ln c200c (meaningful where ``converged & in_range``).
    converged : jax.Array of bool
        The solver settled on a root with 1 <= c <= 100.
    in_range : jax.Array of bool
        The root's collapse redshift z_-2 lies inside colossus' range (and not on its edge).
    """

    ln_c: jax.Array
    converged: jax.Array
    in_range: jax.Array


@jax.tree_util.register_dataclass
@dataclass(frozen=True)
class CollapseProblem:
    """The halo-independent part of L16 eqs. 6-7 at one redshift (or an array of them).

    Attributes
    ----------
    cosmology : Cosmology
    density_ratio_now : array
        rho_crit(z) / rho_crit(0) with matter and Lambda only, Om0 (1 + z)^3 + Ode0.
    delta_now : array
        delta_c / D(z), D normalised to 1 today.
    growth_today : float or array
        The unnormalised growth factor D+(0).
    growth_series : array
        The cosmology's growth series (:func:`autogalaxy_jaxnfw.cosmology.growth.growth_series`).
    """

    cosmology: Cosmology
    density_ratio_now: jax.Array
    delta_now: jax.Array
    growth_today: jax.Array
    growth_series: jax.Array


def _growth(problem_or_tables, cosmology, ln_a, xp):
    """D+(a) / D+(0) from the cosmology's growth series."""
    growth = growth_from_series(cosmology, problem_or_tables.growth_series, xp.exp(ln_a), ln_a, xp)
    return growth / problem_or_tables.growth_today


def collapse_problem(tables, cosmology, z, xp=jnp):
    """The ``CollapseProblem`` at redshift(s) z >= 0, from the cosmology's ``CosmologyTables``."""
    ln_a = -xp.log1p(xp.asarray(z, dtype=float))
    return CollapseProblem(
        cosmology=cosmology,
        density_ratio_now=cosmology.Om0 * xp.exp(-3.0 * ln_a) + cosmology.Ode0,
        delta_now=DELTA_COLLAPSE / _growth(tables, cosmology, ln_a, xp),
        growth_today=tables.growth_today,
        growth_series=tables.growth_series,
    )


def formation_cube(problem, v, xp=jnp):
    """(1 + z_-2)^3 at collapse density ratio v (L16 eq. 6, matter and Lambda only)."""
    cosmo = problem.cosmology
    return (xp.exp(v) * problem.density_ratio_now - cosmo.Ode0) / cosmo.Om0


def formation_in_range(cube):
    """Whether z_-2 lies inside colossus' range (and not on its edge) at this (1 + z_-2)^3."""
    return (cube > _CUBE_ACCEPTED[0]) & (cube < _CUBE_ACCEPTED[1])


def _collapse_excess(problem, cube, xp):
    """delta_c / D(z_-2) - delta_c / D(z) at (1 + z_-2)^3 = cube >= 1."""
    return DELTA_COLLAPSE / _growth(problem, problem.cosmology, -xp.log(cube) / 3.0, xp) - problem.delta_now


def ln_spread_of_v(v, problem, xp=jnp):
    """ln s for which collapse density ratio v > 0 solves L16 eq. 7: explicit in s.

    s = (delta_c / D(z_-2) - delta_c / D(z)) / erfcinv(M_-2 / M_200); increasing in v, and
    ln s - ln v tends to a constant as v -> 0.  The growth factor is evaluated beyond
    colossus' redshift range too (its formulas hold there), so the curve is smooth and
    monotone; callers apply the range.
    """
    excess = _collapse_excess(problem, formation_cube(problem, v, xp), xp)
    return xp.log(excess) - ln_erfcinv_mass_ratio_of_v(v)


def collapse_residual(ln_c, ln_s, problem):
    """M_-2/M_200 minus the collapsed fraction (L16 eq. 7) at ln c.

    -1 where z_-2 <= z (c <= c_0, where the collapsed fraction is 1 and no root lies), +1
    where z_-2 is beyond colossus' range: negative at c = 1 for every halo, positive to the
    root's right.
    """
    ln_mass_ratio = einasto_ln_mass_ratio_series(ln_c)
    v = LN_200_OVER_C + 3.0 * ln_c + ln_mass_ratio
    cube = formation_cube(problem, v)
    inside = (v > 0.0) & (cube < CUBE_RANGE[1])
    safe_cube = jnp.where(inside, cube, 8.0)
    value = jnp.exp(ln_mass_ratio) - erfc(_collapse_excess(problem, safe_cube, jnp) / jnp.exp(ln_s))
    return jnp.where(inside, value, jnp.where(v <= 0.0, -1.0, 1.0))
