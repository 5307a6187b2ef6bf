"""The equations of the Ludlow et al. (2016) concentration model, shared by its solvers.

Ludlow et al. (2016, MNRAS 460, 1214; L16) tie the mean density inside the scale radius
r_-2 = r_200 / c to the critical density at a "collapse redshift" z_-2:

    <rho_-2> = 200 c^3 M_-2 / M_200 rho_crit(z) = C rho_crit(z_-2),       (L16 eq. 6)

where z_-2 is when the collapsed mass in progenitors more massive than f M_200 equalled
M_-2 (extended Press-Schechter, L16 eq. 7):

    M_-2 / M_200 = erfc[(delta_c / D(z_-2) - delta_c / D(z)) / s],
    s = sqrt(2 (sigma^2(f M) - sigma^2(M))).

M_-2 / M_200 is the Einasto (alpha = 0.18) enclosed-mass ratio, f = 0.02, C = 650.  As in
colossus (``halo.concentration.modelLudlow16``) the collapse redshift is obtained from the
density ratio with matter and Lambda only, the growth factor is colossus' (relativistic
species included), delta_c = 1.68647, sigma is the z = 0 top-hat variance of the
Lagrangian radii of M and f M, and solutions are sought for 1 <= c <= 100 with
-0.995 < z_-2 < 200.01 (colossus' redshift range).

A halo enters only through s, and at given c eq. 7 is explicit in s
(:func:`ln_spread_of_concentration`): the solvers in ``concentration`` and
``fixed_redshift`` invert that map.
"""

import functools

import jax.numpy as jnp
import numpy as np
import scipy.special
from jax.scipy.special import erfc, ndtri

from autogalaxy_jaxnfw.chebyshev import chebyshev_coefficients, chebyshev_evaluate, chebyshev_nodes
from autogalaxy_jaxnfw.einasto import LN_C_RANGE, einasto_ln_mass_ratio_series
from autogalaxy_jaxnfw.growth import growth_factor_unnormalised, growth_of_scale_factor
from autogalaxy_jaxnfw.sigma import LN_R_MAX, LN_R_MIN, lagrangian_radius, ln_sigma2, sigma_table

__all__ = ["LUDLOW16_F", "LUDLOW16_C", "DELTA_COLLAPSE"]

LUDLOW16_F = 0.02
LUDLOW16_C = 650.0
DELTA_COLLAPSE = 1.68647
"""Linear collapse threshold, as colossus' ``constants.DELTA_COLLAPSE``."""

LN_C_BRACKET = LN_C_RANGE
Z_FORMATION_RANGE = (-0.995, 200.01)
CUBE_RANGE = tuple((1.0 + z) ** 3 for z in Z_FORMATION_RANGE)
# A root at the edge of the formation-redshift range is where the residual jumps, not a
# solution of L16 eq. 7.
Z_EDGE = 1e-6
_LN_F_RADIUS = float(np.log(LUDLOW16_F) / 3.0)
# Lagrangian radii of M (Mpc/h) for which those of M and f M are in the sigma table.
LN_R_SPREAD = (LN_R_MIN - _LN_F_RADIUS, LN_R_MAX)
_N_SPREAD = 64


def _ln_spread_of_radius(cosmology, ln_r, xp):
    """ln s from the sigma series at the Lagrangian radii of M (ln_r, Mpc/h) and f M."""
    table = sigma_table(cosmology)
    # Two evaluations, not one of the stacked radii: XLA's loop over a (2, N) array is ~5x slower.
    variance = 2.0 * (xp.exp(ln_sigma2(table, ln_r + _LN_F_RADIUS)) - xp.exp(ln_sigma2(table, ln_r)))
    return 0.5 * xp.log(variance)


@functools.lru_cache(maxsize=64)
def _spread_series(cosmology):
    """Chebyshev series of ln s in ln r for a static cosmology.

    One series instead of two sigma series, an exponential and a logarithm per halo: 64
    terms reproduce them to ~3e-14 in ln s (planck15, wmap9, and sigma8 = 0.6, ns = 1.1).
    """
    ln_r = chebyshev_nodes(*LN_R_SPREAD, _N_SPREAD)
    return chebyshev_coefficients(_ln_spread_of_radius(cosmology, ln_r, np))


def ln_spread(cosmology, mass, xp=jnp):
    """ln s = ln sqrt(2 (sigma^2(f M) - sigma^2(M))) for masses in Msun/h, and where it is defined.

    Defined (second output True) where the Lagrangian radii of f M and M lie in the sigma
    table; elsewhere ln s is that of the nearest tabulated mass, for callers to mask.
    ``xp``: ``jax.numpy`` or, for a concrete cosmology, ``numpy``.
    """
    ln_r = xp.log(lagrangian_radius(cosmology, mass))
    in_table = (ln_r >= LN_R_SPREAD[0]) & (ln_r <= LN_R_SPREAD[1])
    return ln_spread_of_radius(cosmology, xp.clip(ln_r, *LN_R_SPREAD), xp), in_table


def ln_spread_of_radius(cosmology, ln_r, xp=jnp):
    """ln s at Lagrangian radii ln r (Mpc/h) of M within ``LN_R_SPREAD``."""
    if cosmology.is_concrete():
        return chebyshev_evaluate(_spread_series(cosmology.as_static()), *LN_R_SPREAD, ln_r)
    return _ln_spread_of_radius(cosmology, ln_r, xp)


def collapse_problem(cosmology, z, spread, xp=jnp):
    """The per-redshift constants of L16 eqs. 6-7 and the spread s, as the solvers take them."""
    if cosmology.is_concrete():
        # D+(0) as a number: inside a program XLA on CPU would compile each of its scalar
        # quadrature terms as a separate kernel.
        growth_today = float(growth_factor_unnormalised(cosmology.as_static(), 0.0, np))
    else:
        growth_today = growth_factor_unnormalised(cosmology, 0.0)
    delta_now = DELTA_COLLAPSE * growth_today / growth_factor_unnormalised(cosmology, z, xp)
    rho_ratio_today = cosmology.Om0 * (1.0 + z) ** 3 + cosmology.Ode0
    return (cosmology, rho_ratio_today, delta_now, spread, growth_today)


def formation_cube(cosmo, ln_c, ln_mass_ratio, rho_ratio_today, xp=jnp):
    """(1 + z_-2)^3 from L16 eq. 6, inverting rho_crit with matter and Lambda only."""
    ln_rho_formation = np.log(200.0 / LUDLOW16_C) + 3.0 * ln_c + ln_mass_ratio
    return (xp.exp(ln_rho_formation) * rho_ratio_today - cosmo.Ode0) / cosmo.Om0


def collapse_terms(ln_c, problem, xp=jnp):
    """ln(M_-2/M_200), delta_c/D(z_-2) - delta_c/D(z), and (1 + z_-2)^3 at concentration c."""
    cosmo, rho_ratio_today, delta_now, _, growth_today = problem
    ln_mass_ratio = einasto_ln_mass_ratio_series(ln_c)
    cube = formation_cube(cosmo, ln_c, ln_mass_ratio, rho_ratio_today, xp)
    ln_a = -xp.log(xp.clip(cube, *CUBE_RANGE)) / 3.0
    growth = growth_of_scale_factor(cosmo, xp.exp(ln_a), ln_a, xp) / growth_today
    return ln_mass_ratio, DELTA_COLLAPSE / growth - delta_now, cube


def inside(cube):
    """Whether z_-2 lies in colossus' range."""
    return (cube > CUBE_RANGE[0]) & (cube < CUBE_RANGE[1])


def residual(ln_c, problem):
    """M_-2/M_200 minus the collapsed fraction (L16 eq. 7); -1 / +1 where z_-2 is undefined."""
    ln_mass_ratio, excess, cube = collapse_terms(ln_c, problem)
    value = jnp.exp(ln_mass_ratio) - erfc(excess / problem[3])
    return jnp.where(inside(cube), value, jnp.where(cube <= CUBE_RANGE[0], -1.0, 1.0))


def ln_spread_of_concentration(ln_c, problem, xp=jnp):
    """ln s at which c solves L16 eq. 7: explicit, s = excess / erfcinv(M_-2/M_200).

    Increasing in c above c_0; +inf where z_-2 leaves colossus' range (the residual is +1
    there).  ``problem``'s spread is not used.
    """
    ln_mass_ratio, excess, cube = collapse_terms(ln_c, problem, xp)
    normal_quantile = scipy.special.ndtri if xp is np else ndtri
    erfcinv = -normal_quantile(0.5 * xp.exp(ln_mass_ratio)) / np.sqrt(2.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return xp.where(inside(cube), xp.log(excess / erfcinv), np.inf)


@functools.cache
def ln_c_collapse_now():
    """ln c_0, where 200 c_0^3 M_-2/M_200 = C: by L16 eq. 6, z_-2 = z there at any redshift.

    Below c_0 the collapse redshift precedes z and eq. 7 has no root.  Found by bisection on
    the Einasto series; it does not depend on cosmology.
    """
    lo, hi = LN_C_BRACKET
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        excess = np.log(200.0 / LUDLOW16_C) + 3.0 * mid + float(einasto_ln_mass_ratio_series(mid))
        lo, hi = (lo, mid) if excess > 0.0 else (mid, hi)
    return 0.5 * (lo + hi)
