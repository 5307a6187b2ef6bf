"""Solving the Ludlow et al. (2016) model for c200c(M, z).

The equations are in :mod:`autogalaxy_jaxnfw.ludlow16`; the root in ln c is found in one of
three ways, chosen by what is known when the program is traced:

* halos with their own redshifts: a bracketed root finder (Chandrupatla);
* halos sharing one redshift (a scalar ``z``: a single halo, a lens plane): L16 eq. 7 is
  explicit in the spread s at given c, so a table of s(c) at 32 nodes places each root to
  ~4e-4, three Newton steps polish it, and the bracketed solver takes over if a step is
  not small enough;
* a redshift and cosmology that are plain numbers inside a traced function (a lens plane
  in a likelihood): :mod:`autogalaxy_jaxnfw.fixed_redshift` builds c(s) at trace time.

All leave c within ~1e-11 of the root.  The derivatives of the first two follow from the
implicit-function theorem (``jax.custom_jvp``), so d c / d M, d c / d z and
d c / d(cosmology) are exact and no gradient flows through iterations.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.special import erfc

from autogalaxy_jaxnfw.chebyshev import chebyshev_lobatto_nodes
from autogalaxy_jaxnfw.cosmology import planck15
from autogalaxy_jaxnfw.einasto import einasto_ln_mass_ratio_series
from autogalaxy_jaxnfw.fixed_redshift import concentration_at_fixed_redshift, is_fixed_redshift, spread_inverse
from autogalaxy_jaxnfw.ludlow16 import (
    DELTA_COLLAPSE,
    LN_C_BRACKET,
    LUDLOW16_C,
    LUDLOW16_F,
    Z_EDGE,
    Z_FORMATION_RANGE,
    collapse_problem,
    collapse_terms,
    formation_cube,
    inside,
    ln_c_collapse_now,
    ln_spread,
    ln_spread_of_concentration,
    residual,
)
from autogalaxy_jaxnfw.roots import chandrupatla

__all__ = [
    "LUDLOW16_F",
    "LUDLOW16_C",
    "DELTA_COLLAPSE",
    "concentration_ludlow16",
    "concentration_ludlow16_valid",
    "concentration_ludlow16_with_mask",
]

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


def _bracketed_root(problem, f_hi):
    # At c = 1, 200 c^3 M_-2/M_200 < C puts z_-2 before z (L16 eq. 6), so the collapsed
    # fraction exceeds M_-2/M_200 = 1: the residual is negative at the lower end for every
    # halo, and -1 stands in for its value.
    lo, hi = (jnp.full(jnp.shape(f_hi), x) for x in LN_C_BRACKET)
    f_lo = jnp.full_like(f_hi, -1.0)
    return chandrupatla(lambda x: residual(x, problem), lo, hi, f_lo, f_hi, x_tol=_LN_C_TOL)


@functools.cache
def _y_nodes():
    """Chebyshev-Lobatto nodes in y = ln(ln c - ln c_0), the last one at c = 100."""
    top = np.log(LN_C_BRACKET[1] - ln_c_collapse_now())
    return chebyshev_lobatto_nodes(np.log(_LOWEST_NODE), top, _N_NODES)


def _one_redshift_root(problem, f_hi):
    """Roots for halos at one redshift: invert a node table of ln s(c), polish, or fall back.

    At one redshift the root depends on a halo only through s = sqrt(2 (sigma^2(fM) -
    sigma^2(M))), and ln s is explicit in c (``ln_spread_of_concentration``).  Comparing a
    halo's ln s with the nodes' places its root between two nodes; the cubic through the
    four nearest nodes (Newton's divided differences of y against ln s) gives the root to
    ~4e-4 and the slope d ln c / d ln s.  Three Newton steps on the residual, linearised in
    ln s at the root, polish it.  Accepted when every last step is below 1e-6 in ln c;
    otherwise every halo goes through the bracketed solver.
    """
    ln_c0 = ln_c_collapse_now()
    q = ln_spread_of_concentration(ln_c0 + np.exp(_y_nodes()), problem)
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
        ln_mass_ratio, excess, cube = collapse_terms(ln_c, problem)
        w = excess / sqrt_variance
        # residual = erfc(erfcinv(mu)) - erfc(erfcinv(mu) e^(ln s(c) - ln s)) to first order.
        d_ln_s = (jnp.exp(ln_mass_ratio) - erfc(w)) * np.sqrt(np.pi) * jnp.exp(w * w) / (2.0 * w)
        step = jnp.where(inside(cube) & (w > 0.0), d_ln_s * dx_dq, jnp.nan)
        return jnp.clip(ln_c - step, ln_c0, LN_C_BRACKET[1]), step

    # A loop, not unrolled: one copy of the residual to compile instead of three.
    ln_c, step = jax.lax.fori_loop(0, _POLISH_STEPS, polish, (ln_c, jnp.zeros_like(ln_c)))
    converged = jnp.all(~bracketed | (jnp.abs(step) < _POLISH_TOL))
    ln_c = jnp.where(bracketed & jnp.isfinite(ln_c), ln_c, 0.5 * sum(LN_C_BRACKET))
    return jax.lax.cond(converged, lambda: ln_c, lambda: _bracketed_root(problem, f_hi))


@jax.custom_jvp
def _solve_ln_c(problem, f_hi):
    """Root in ln c of ``residual``, given its value at c = 100 (it is negative at c = 1)."""
    if jnp.ndim(problem[1]) == 0:
        return _one_redshift_root(problem, f_hi)
    return _bracketed_root(problem, f_hi)


@_solve_ln_c.defjvp
def _solve_ln_c_jvp(primals, tangents):
    # The bracket value only steers the search: the root does not depend on it.
    (problem, f_hi), (d_problem, _) = primals, tangents
    ln_c = _solve_ln_c(problem, f_hi)
    _, d_residual = jax.jvp(lambda p: residual(ln_c, p), (problem,), (d_problem,))
    _, slope = jax.jvp(lambda x: residual(x, problem), (ln_c,), (jnp.ones_like(ln_c),))
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

    ln_s, in_table = ln_spread(cosmology, mass)
    problem = collapse_problem(cosmology, z, jnp.exp(ln_s))
    rho_ratio_today = problem[1]

    # A root lies in [1, 100] where the residual is positive at c = 100 (it is negative at 1).
    f_hi = residual(jnp.asarray(LN_C_BRACKET[1]), problem)
    ln_c = _solve_ln_c(problem, f_hi)
    cube = formation_cube(cosmology, ln_c, einasto_ln_mass_ratio_series(ln_c), rho_ratio_today)
    z_formation = jnp.cbrt(cube) - 1.0
    solved = (
        (f_hi >= 0.0)
        & (z_formation > Z_FORMATION_RANGE[0] + Z_EDGE)
        & (z_formation < Z_FORMATION_RANGE[1] - Z_EDGE)
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

    Notes
    -----
    Inside a traced function (``jax.jit``, ``grad`` or ``vmap`` over ``m200c``) with ``z`` a
    single plain number and a concrete ``cosmology`` -- a lens plane in a likelihood -- the
    root is evaluated from a series in the halo's spread built at trace time
    (:mod:`autogalaxy_jaxnfw.fixed_redshift`): no iterations at run time and a small
    program to compile.  Otherwise it is solved (one-redshift table and Newton steps for
    a scalar ``z``, a bracketed solver for per-halo redshifts).
    """
    if not cosmology.is_concrete():
        return _ludlow16(m200c, z, cosmology)
    cosmology = cosmology.as_static()
    if isinstance(m200c, jax.core.Tracer) and is_fixed_redshift(z):
        inverse = spread_inverse(cosmology, float(z))
        if inverse is not None:
            return concentration_at_fixed_redshift(m200c, inverse, cosmology)
    return _ludlow16_static_cosmology(m200c, z, cosmology=cosmology)


def concentration_ludlow16(m200c, z, cosmology=planck15):
    """c200c(M200c [Msun/h], z) of Ludlow et al. (2016); NaN where undefined.

    See :func:`concentration_ludlow16_with_mask` for parameters and the validity rules.
    """
    return concentration_ludlow16_with_mask(m200c, z, cosmology)[0]


def concentration_ludlow16_valid(m200c, z, cosmology=planck15):
    """Boolean mask of the (M200c [Msun/h], z) entries where c200c is defined."""
    return concentration_ludlow16_with_mask(m200c, z, cosmology)[1]
