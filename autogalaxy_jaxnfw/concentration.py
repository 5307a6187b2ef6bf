"""The Ludlow et al. (2016) concentration-mass-redshift relation, c200c(M, z).

Ludlow et al. (2016, MNRAS 460, 1214; L16) tie the mean density inside the scale radius
r_-2 = r_200 / c to the critical density at a "collapse redshift" z_-2:

    <rho_-2> = 200 c^3 M_-2 / M_200 rho_crit(z) = C rho_crit(z_-2),       (L16 eq. 6)

where z_-2 is when the collapsed mass in progenitors more massive than f M_200 equalled
M_-2 (extended Press-Schechter, L16 eq. 7):

    M_-2 / M_200 = erfc[(delta_c / D(z_-2) - delta_c / D(z)) / sqrt(2 (sigma^2(f M) - sigma^2(M)))].

M_-2 / M_200 is the Einasto (alpha = 0.18) enclosed-mass ratio, f = 0.02, C = 650.  As in
colossus (``halo.concentration.modelLudlow16``) the collapse redshift is obtained from the
density ratio with matter and Lambda only, the growth factor is colossus' (relativistic
species included), delta_c = 1.68647, sigma is the z = 0 top-hat variance of the
Lagrangian radii of M and f M, and solutions are sought for 1 <= c <= 100 with
-0.995 < z_-2 < 200.01 (colossus' redshift range).

For each halo the equation is solved in ln c by a bracketed root finder; the derivatives
of c follow from the implicit-function theorem (``jax.custom_jvp``), so d c / d M,
d c / d z and d c / d(cosmology) are exact and no gradient flows through iterations.
"""

import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.special import erfc

from autogalaxy_jaxnfw.chebyshev import chebyshev_coefficients, chebyshev_evaluate
from autogalaxy_jaxnfw.cosmology import planck15
from autogalaxy_jaxnfw.einasto import LN_C_RANGE, einasto_ln_mass_ratio_series
from autogalaxy_jaxnfw.growth import growth_factor_unnormalised, growth_of_scale_factor
from autogalaxy_jaxnfw.roots import chandrupatla
from autogalaxy_jaxnfw.sigma import LN_R_MAX, LN_R_MIN, lagrangian_radius, ln_sigma2, sigma_table

__all__ = [
    "LUDLOW16_F",
    "LUDLOW16_C",
    "DELTA_COLLAPSE",
    "concentration_ludlow16",
    "concentration_ludlow16_valid",
    "concentration_ludlow16_with_mask",
]

LUDLOW16_F = 0.02
LUDLOW16_C = 650.0
DELTA_COLLAPSE = 1.68647
"""Linear collapse threshold, as colossus' ``constants.DELTA_COLLAPSE``."""

_LN_C_BRACKET = LN_C_RANGE
_Z_FORMATION_RANGE = (-0.995, 200.01)
_CUBE_RANGE = tuple((1.0 + z) ** 3 for z in _Z_FORMATION_RANGE)
# A root at the edge of the formation-redshift range is where the residual jumps, not a
# solution of L16 eq. 7.
_Z_EDGE = 1e-6
_SAFE_MASS = 1e12
# c to ~1e-11: far below the 1e-6 goal at the cost of about one iteration (tune.py).
_LN_C_TOL = 1e-11
# One-redshift batches: interpolation nodes in ln s, their margin, and the batch size from
# which the 32 node solves pay for themselves.
_ONE_Z_NODES = np.cos(np.pi * (np.arange(32) + 0.5) / 32)
_ONE_Z_PAD = 1e-3
# Newton steps allowed: the interpolant is good to ~2e-5 in ln c.  colossus' growth factor
# has kinks at z = 5 and 20, so near them Newton contracts only by ~1e-3 per step; after a
# second step below 1e-6 the root is within ~1e-9 (measured: 5e-12 at worst on 1e5 halos).
_ONE_Z_STEPS = (1e-3, 1e-6)
_ONE_Z_MIN_HALOS = 256


def _formation_cube(cosmo, ln_c, ln_mass_ratio, rho_ratio_today):
    """(1 + z_-2)^3 from L16 eq. 6, inverting rho_crit with matter and Lambda only."""
    ln_rho_formation = np.log(200.0 / LUDLOW16_C) + 3.0 * ln_c + ln_mass_ratio
    return (jnp.exp(ln_rho_formation) * rho_ratio_today - cosmo.Ode0) / cosmo.Om0


def _residual(ln_c, problem):
    """M_-2/M_200 minus the collapsed fraction (L16 eq. 7); -1 / +1 where z_-2 is undefined."""
    cosmo, rho_ratio_today, delta_now, sqrt_variance, growth_today = problem
    ln_mass_ratio = einasto_ln_mass_ratio_series(ln_c)
    cube = _formation_cube(cosmo, ln_c, ln_mass_ratio, rho_ratio_today)
    inside = (cube > _CUBE_RANGE[0]) & (cube < _CUBE_RANGE[1])
    ln_a = -jnp.log(jnp.clip(cube, *_CUBE_RANGE)) / 3.0
    growth = growth_of_scale_factor(cosmo, jnp.exp(ln_a), ln_a) / growth_today
    argument = (DELTA_COLLAPSE / growth - delta_now) / sqrt_variance
    residual = jnp.exp(ln_mass_ratio) - erfc(argument)
    return jnp.where(inside, residual, jnp.where(cube <= _CUBE_RANGE[0], -1.0, 1.0))


def _bracketed_root(problem, f_lo, f_hi):
    lo, hi = (jnp.full(jnp.shape(f_lo), x) for x in _LN_C_BRACKET)
    return chandrupatla(lambda x: _residual(x, problem), lo, hi, f_lo, f_hi, x_tol=_LN_C_TOL)


def _one_redshift_root(problem, f_lo, f_hi):
    """Roots for many halos at one redshift: interpolate, polish, or fall back.

    At one redshift the root depends on a halo only through s = sqrt(2 (sigma^2(fM) -
    sigma^2(M))), smoothly and monotonically.  The roots are solved exactly at Chebyshev
    nodes spanning the batch's ln s, interpolated to every halo, and polished by two Newton
    steps on the same residual; accepted when every second step is below 1e-6 in ln c.
    Otherwise every halo goes through the bracketed solver.
    """
    cosmo, rho_ratio_today, delta_now, sqrt_variance, growth_today = problem
    bracketed = (f_lo <= 0.0) & (f_hi >= 0.0)
    ln_s = jnp.log(sqrt_variance)
    lo = jnp.min(jnp.where(bracketed, ln_s, jnp.inf)) - _ONE_Z_PAD
    hi = jnp.max(jnp.where(bracketed, ln_s, -jnp.inf)) + _ONE_Z_PAD
    span = jnp.where(jnp.isfinite(hi - lo), hi - lo, 1.0)
    lo = jnp.where(jnp.isfinite(lo), lo, 0.0)
    node_ln_s = lo + 0.5 * span * (1.0 + _ONE_Z_NODES)
    node_problem = (cosmo, rho_ratio_today, delta_now, jnp.exp(node_ln_s), growth_today)
    node_f_lo, node_f_hi = _residual(jnp.asarray(_LN_C_BRACKET)[:, None], node_problem)
    node_ln_c = _bracketed_root(node_problem, node_f_lo, node_f_hi)
    guess = chebyshev_evaluate(chebyshev_coefficients(node_ln_c), lo, lo + span, ln_s)
    ln_c = jnp.clip(jnp.where(bracketed, guess, 0.5 * sum(_LN_C_BRACKET)), *_LN_C_BRACKET)
    converged = jnp.all((node_f_lo <= 0.0) & (node_f_hi >= 0.0))
    for largest_step in _ONE_Z_STEPS:
        value, slope = jax.jvp(lambda x: _residual(x, problem), (ln_c,), (jnp.ones_like(ln_c),))
        usable = bracketed & (slope > 0.0)
        step = jnp.where(usable, value / jnp.where(usable, slope, 1.0), 0.0)
        converged &= jnp.all(~bracketed | (usable & (jnp.abs(step) < largest_step)))
        ln_c = jnp.clip(ln_c - step, *_LN_C_BRACKET)
    return jax.lax.cond(converged, lambda: ln_c, lambda: _bracketed_root(problem, f_lo, f_hi))


@jax.custom_jvp
def _solve_ln_c(problem, f_lo, f_hi):
    """Root in ln c of ``_residual``, given its values at the ends of ``_LN_C_BRACKET``."""
    if jnp.ndim(problem[1]) == 0 and jnp.size(f_lo) >= _ONE_Z_MIN_HALOS:
        return _one_redshift_root(problem, f_lo, f_hi)
    return _bracketed_root(problem, f_lo, f_hi)


@_solve_ln_c.defjvp
def _solve_ln_c_jvp(primals, tangents):
    # The bracket values only steer the search: the root does not depend on them.
    (problem, f_lo, f_hi), (d_problem, _, _) = primals, tangents
    ln_c = _solve_ln_c(problem, f_lo, f_hi)
    _, d_residual = jax.jvp(lambda p: _residual(ln_c, p), (problem,), (d_problem,))
    _, slope = jax.jvp(lambda x: _residual(x, problem), (ln_c,), (jnp.ones_like(ln_c),))
    # Implicit-function theorem; zero where the residual is flat (no root was bracketed).
    ok = slope != 0.0
    return ln_c, jnp.where(ok, -d_residual / jnp.where(ok, slope, 1.0), 0.0)


def _ludlow16(m200c, z, cosmology):
    m200c, z = jnp.asarray(m200c, dtype=float), jnp.asarray(z, dtype=float)
    # A scalar z stays scalar: its growth factor is computed once, and the solver can use
    # the one-redshift interpolation.
    valid_z = jnp.isfinite(z) & (z >= 0.0)
    valid_input = jnp.isfinite(m200c) & (m200c > 0.0) & valid_z
    # Double-where: invalid entries are computed at a harmless point, then masked.
    mass = jnp.where(valid_input, m200c, _SAFE_MASS)
    z = jnp.where(valid_z if z.ndim == 0 else valid_input, z, 0.0)

    ln_r = jnp.log(lagrangian_radius(cosmology, mass))
    ln_r_f = ln_r + np.log(LUDLOW16_F) / 3.0
    in_table = (ln_r_f >= LN_R_MIN) & (ln_r <= LN_R_MAX)
    ln_r = jnp.clip(ln_r, LN_R_MIN - np.log(LUDLOW16_F) / 3.0, LN_R_MAX)
    ln_r_f = ln_r + np.log(LUDLOW16_F) / 3.0
    # One stacked evaluation per series keeps the traced program (and compile time) small.
    sigma2_f, sigma2 = jnp.exp(ln_sigma2(sigma_table(cosmology), jnp.stack([ln_r_f, ln_r])))
    variance = 2.0 * (sigma2_f - sigma2)

    growth_today = growth_factor_unnormalised(cosmology, 0.0)
    delta_now = DELTA_COLLAPSE * growth_today / growth_factor_unnormalised(cosmology, z)
    rho_ratio_today = cosmology.Om0 * (1.0 + z) ** 3 + cosmology.Ode0
    problem = (cosmology, rho_ratio_today, delta_now, jnp.sqrt(variance), growth_today)

    shape = valid_input.shape
    f_lo, f_hi = _residual(jnp.asarray(_LN_C_BRACKET).reshape((2,) + (1,) * len(shape)), problem)
    ln_c = _solve_ln_c(problem, f_lo, f_hi)
    cube = _formation_cube(cosmology, ln_c, einasto_ln_mass_ratio_series(ln_c), rho_ratio_today)
    z_formation = jnp.cbrt(cube) - 1.0
    solved = (
        (f_lo <= 0.0)
        & (f_hi >= 0.0)
        & (z_formation > _Z_FORMATION_RANGE[0] + _Z_EDGE)
        & (z_formation < _Z_FORMATION_RANGE[1] - _Z_EDGE)
    )
    valid = valid_input & in_table & solved
    return jnp.where(valid, jnp.exp(ln_c), jnp.nan), valid


# A concrete cosmology is a compile-time constant: its sigma table is embedded once.
_ludlow16_static_cosmology = jax.jit(_ludlow16, static_argnames="cosmology")


def concentration_ludlow16_with_mask(m200c, z, cosmology=planck15):
    """c200c of Ludlow et al. (2016) and a mask of the entries where it is defined.

    Parameters
    ----------
    m200c : array_like
        Halo mass M_200c in Msun/h (colossus' convention), > 0.
    z : array_like
        Redshift, >= 0; broadcast against ``m200c``.
    cosmology : Cosmology
        Flat LCDM parameters (``autogalaxy_jaxnfw.cosmology``); may be traced.

    Returns
    -------
    concentration : jax.Array
        c200c with the broadcast shape; NaN where ``valid`` is False.
    valid : jax.Array of bool
        False where an input is non-finite, M <= 0 or z < 0, where the Lagrangian radius
        of f M or M leaves the sigma table (1e-3 to 40 Mpc/h, roughly
        2e4 < M < 2e16 Msun/h), or where L16 eqs. 6-7 have no solution with 1 <= c <= 100
        and -0.995 < z_-2 < 200.01.  Gradients are finite everywhere (zero where invalid).
    """
    if cosmology.is_concrete():
        return _ludlow16_static_cosmology(m200c, z, cosmology=cosmology.as_static())
    return _ludlow16(m200c, z, cosmology)


def concentration_ludlow16(m200c, z, cosmology=planck15):
    """c200c(M200c [Msun/h], z) of Ludlow et al. (2016); NaN where undefined.

    See :func:`concentration_ludlow16_with_mask` for parameters and the validity rules.
    """
    return concentration_ludlow16_with_mask(m200c, z, cosmology)[0]


def concentration_ludlow16_valid(m200c, z, cosmology=planck15):
    """Boolean mask of the (M200c [Msun/h], z) entries where c200c is defined."""
    return concentration_ludlow16_with_mask(m200c, z, cosmology)[1]
