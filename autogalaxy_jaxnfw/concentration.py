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

The equation is solved in ln c.  Halos with their own redshifts go through a bracketed
root finder (Chandrupatla).  Halos sharing one redshift (a scalar ``z``: a single halo, a
lens plane, a likelihood call) use that eq. 7 is explicit in the spread
s = sqrt(2 (sigma^2(f M) - sigma^2(M))) at given c: a table of s(c) at 32 nodes places each
root to ~4e-4, three Newton steps polish it, and the bracketed solver takes over if a step
is not small enough.  Both leave c within ~1e-11 of the root.  The derivatives of c
follow from the implicit-function theorem (``jax.custom_jvp``), so d c / d M, d c / d z
and d c / d(cosmology) are exact and no gradient flows through iterations.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.special import erfc, ndtri

from autogalaxy_jaxnfw.chebyshev import chebyshev_lobatto_nodes
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
# One-redshift solves: nodes in y = ln(ln c - ln c_0), the lowest one just above c_0, and
# polishing steps.  32 nodes put the interpolated root within ~4e-4 in ln c; near colossus'
# growth-factor kinks (z_-2 = 5 and 20) a step contracts the error only ~1e-3-fold, so three
# steps, the last below 1e-6, leave it at ~1e-11 (tune.py: 48 nodes and two steps give
# ~5e-10 and run slower for a single halo, where the node table dominates).
_N_NODES = 32
_LOWEST_NODE = 1e-3
_POLISH_STEPS = 3
_POLISH_TOL = 1e-6


def _formation_cube(cosmo, ln_c, ln_mass_ratio, rho_ratio_today):
    """(1 + z_-2)^3 from L16 eq. 6, inverting rho_crit with matter and Lambda only."""
    ln_rho_formation = np.log(200.0 / LUDLOW16_C) + 3.0 * ln_c + ln_mass_ratio
    return (jnp.exp(ln_rho_formation) * rho_ratio_today - cosmo.Ode0) / cosmo.Om0


def _collapse_terms(ln_c, problem):
    """ln(M_-2/M_200), delta_c/D(z_-2) - delta_c/D(z), and (1 + z_-2)^3 at concentration c."""
    cosmo, rho_ratio_today, delta_now, _, growth_today = problem
    ln_mass_ratio = einasto_ln_mass_ratio_series(ln_c)
    cube = _formation_cube(cosmo, ln_c, ln_mass_ratio, rho_ratio_today)
    ln_a = -jnp.log(jnp.clip(cube, *_CUBE_RANGE)) / 3.0
    growth = growth_of_scale_factor(cosmo, jnp.exp(ln_a), ln_a) / growth_today
    return ln_mass_ratio, DELTA_COLLAPSE / growth - delta_now, cube


def _inside(cube):
    return (cube > _CUBE_RANGE[0]) & (cube < _CUBE_RANGE[1])


def _residual(ln_c, problem):
    """M_-2/M_200 minus the collapsed fraction (L16 eq. 7); -1 / +1 where z_-2 is undefined."""
    ln_mass_ratio, excess, cube = _collapse_terms(ln_c, problem)
    residual = jnp.exp(ln_mass_ratio) - erfc(excess / problem[3])
    return jnp.where(_inside(cube), residual, jnp.where(cube <= _CUBE_RANGE[0], -1.0, 1.0))


def _bracketed_root(problem, f_hi):
    # At c = 1, 200 c^3 M_-2/M_200 < C puts z_-2 before z (L16 eq. 6), so the collapsed
    # fraction exceeds M_-2/M_200 = 1: the residual is negative at the lower end for every
    # halo, and -1 stands in for its value.
    lo, hi = (jnp.full(jnp.shape(f_hi), x) for x in _LN_C_BRACKET)
    f_lo = jnp.full_like(f_hi, -1.0)
    return chandrupatla(lambda x: _residual(x, problem), lo, hi, f_lo, f_hi, x_tol=_LN_C_TOL)


@functools.cache
def _ln_c_collapse_now():
    """ln c_0, where 200 c_0^3 M_-2/M_200 = C: by L16 eq. 6, z_-2 = z there at any redshift.

    Below c_0 the collapse redshift precedes z and eq. 7 has no root.  Found by bisection on
    the Einasto series; it does not depend on cosmology.
    """
    lo, hi = _LN_C_BRACKET
    with jax.ensure_compile_time_eval():
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            excess = np.log(200.0 / LUDLOW16_C) + 3.0 * mid + float(einasto_ln_mass_ratio_series(mid))
            lo, hi = (lo, mid) if excess > 0.0 else (mid, hi)
    return 0.5 * (lo + hi)


@functools.cache
def _y_nodes():
    """Chebyshev-Lobatto nodes in y = ln(ln c - ln c_0), the last one at c = 100."""
    top = np.log(_LN_C_BRACKET[1] - _ln_c_collapse_now())
    return chebyshev_lobatto_nodes(np.log(_LOWEST_NODE), top, _N_NODES)


def _ln_s_at_nodes(problem):
    """ln s(c) at the nodes y = ln(ln c - ln c_0), at one redshift.

    Solving L16 eq. 7 for the spread instead of c is explicit:
    s = (delta_c/D(z_-2) - delta_c/D(z)) / erfcinv(M_-2/M_200), increasing with c; it is
    +inf where z_-2 leaves colossus' range (the residual is +1 there).
    """
    ln_mass_ratio, excess, cube = _collapse_terms(_ln_c_collapse_now() + np.exp(_y_nodes()), problem)
    erfcinv = -ndtri(0.5 * jnp.exp(ln_mass_ratio)) / np.sqrt(2.0)
    return jnp.where(_inside(cube), jnp.log(excess / erfcinv), jnp.inf)


def _one_redshift_root(problem, f_hi):
    """Roots for halos at one redshift: invert a node table of ln s(c), polish, or fall back.

    At one redshift the root depends on a halo only through s = sqrt(2 (sigma^2(fM) -
    sigma^2(M))), and ln s is explicit in c (``_ln_s_at_nodes``).  Comparing a halo's ln s
    with the nodes' places its root between two nodes; the cubic through the four nearest
    nodes (Newton's divided differences of y against ln s) gives the root to ~4e-4 and the
    slope d ln c / d ln s.  Three Newton steps on the residual, linearised in ln s at the
    root, polish it.  Accepted when every last step is below 1e-6 in ln c; otherwise
    every halo goes through the bracketed solver.
    """
    ln_c0 = _ln_c_collapse_now()
    q = _ln_s_at_nodes(problem)
    sqrt_variance = problem[3]
    ln_s = jnp.log(sqrt_variance)
    segment = jnp.searchsorted(q, ln_s, side="right", method="compare_all") - 1
    # The cubic through nodes j-1 .. j+2 for segment [j, j+1], shifted inwards at the ends.
    first = jnp.clip(segment - 1, 0, _N_NODES - 4)[..., None] + np.arange(4)
    q0, q1, q2, q3 = jnp.moveaxis(q[first], -1, 0)
    y0, y1, y2, y3 = jnp.moveaxis(jnp.asarray(_y_nodes())[first], -1, 0)
    # Newton's divided differences of y over ln s, and the cubic and its slope at ln s.
    d01, d12, d23 = (y1 - y0) / (q1 - q0), (y2 - y1) / (q2 - q1), (y3 - y2) / (q3 - q2)
    d012, d123 = (d12 - d01) / (q2 - q0), (d23 - d12) / (q3 - q1)
    d0123 = (d123 - d012) / (q3 - q0)
    u0, u1, u2 = ln_s - q0, ln_s - q1, ln_s - q2
    offset = jnp.exp(y0 + u0 * (d01 + u1 * (d012 + u2 * d0123)))
    dx_dq = offset * (d01 + d012 * (u0 + u1) + d0123 * (u0 * u1 + u0 * u2 + u1 * u2))
    ln_c = ln_c0 + offset

    bracketed = f_hi >= 0.0

    def polish(_, state):
        ln_c, _ = state
        ln_mass_ratio, excess, cube = _collapse_terms(ln_c, problem)
        w = excess / sqrt_variance
        # residual = erfc(erfcinv(mu)) - erfc(erfcinv(mu) e^(ln s(c) - ln s)) to first order.
        d_ln_s = (jnp.exp(ln_mass_ratio) - erfc(w)) * np.sqrt(np.pi) * jnp.exp(w * w) / (2.0 * w)
        step = jnp.where(_inside(cube) & (w > 0.0), d_ln_s * dx_dq, jnp.nan)
        return jnp.clip(ln_c - step, ln_c0, _LN_C_BRACKET[1]), step

    # A loop, not unrolled: one copy of the residual to compile instead of three.
    ln_c, step = jax.lax.fori_loop(0, _POLISH_STEPS, polish, (ln_c, jnp.zeros_like(ln_c)))
    converged = jnp.all(~bracketed | (jnp.abs(step) < _POLISH_TOL))
    ln_c = jnp.where(bracketed & jnp.isfinite(ln_c), ln_c, 0.5 * sum(_LN_C_BRACKET))
    return jax.lax.cond(converged, lambda: ln_c, lambda: _bracketed_root(problem, f_hi))


@jax.custom_jvp
def _solve_ln_c(problem, f_hi):
    """Root in ln c of ``_residual``, given its value at c = 100 (it is negative at c = 1)."""
    if jnp.ndim(problem[1]) == 0:
        return _one_redshift_root(problem, f_hi)
    return _bracketed_root(problem, f_hi)


@_solve_ln_c.defjvp
def _solve_ln_c_jvp(primals, tangents):
    # The bracket value only steers the search: the root does not depend on it.
    (problem, f_hi), (d_problem, _) = primals, tangents
    ln_c = _solve_ln_c(problem, f_hi)
    _, d_residual = jax.jvp(lambda p: _residual(ln_c, p), (problem,), (d_problem,))
    _, slope = jax.jvp(lambda x: _residual(x, problem), (ln_c,), (jnp.ones_like(ln_c),))
    # Implicit-function theorem; zero where the residual is flat (no root was bracketed).
    ok = slope != 0.0
    return ln_c, jnp.where(ok, -d_residual / jnp.where(ok, slope, 1.0), 0.0)


def _ludlow16(m200c, z, cosmology):
    m200c, z = jnp.asarray(m200c, dtype=float), jnp.asarray(z, dtype=float)
    # A scalar z stays scalar: its growth factor is computed once, and the solver can use
    # the one-redshift table.
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
    # Two evaluations, not one of the stacked radii: XLA's loop over a (2, N) array is ~5x slower.
    table = sigma_table(cosmology)
    variance = 2.0 * (jnp.exp(ln_sigma2(table, ln_r_f)) - jnp.exp(ln_sigma2(table, ln_r)))

    growth_today = growth_factor_unnormalised(cosmology, 0.0)
    delta_now = DELTA_COLLAPSE * growth_today / growth_factor_unnormalised(cosmology, z)
    rho_ratio_today = cosmology.Om0 * (1.0 + z) ** 3 + cosmology.Ode0
    problem = (cosmology, rho_ratio_today, delta_now, jnp.sqrt(variance), growth_today)

    # A root lies in [1, 100] where the residual is positive at c = 100 (it is negative at 1).
    f_hi = _residual(jnp.asarray(_LN_C_BRACKET[1]), problem)
    ln_c = _solve_ln_c(problem, f_hi)
    cube = _formation_cube(cosmology, ln_c, einasto_ln_mass_ratio_series(ln_c), rho_ratio_today)
    z_formation = jnp.cbrt(cube) - 1.0
    solved = (
        (f_hi >= 0.0)
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
