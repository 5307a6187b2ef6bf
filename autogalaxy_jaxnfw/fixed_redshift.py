"""c200c for halos whose redshift and cosmology are plain numbers inside a traced function.

In a likelihood the lens redshift and the cosmology are usually fixed: inside ``jax.jit``
(or ``grad``, ``vmap``) over the halo masses, everything in the Ludlow et al. (2016) root
except the halo's spread s = sqrt(2 (sigma^2(f M) - sigma^2(M))) is then a compile-time
constant.  The root as a function of ln s is built once, when the program is traced, and
the compiled program only evaluates it:

* L16 eq. 7 is explicit in s at given c (:func:`ludlow16.ln_spread_of_concentration`), so
  the exact curve (ln s, ln c) is sampled without solving anything, at Chebyshev-Lobatto
  points in y = ln(ln c - ln c_0) (c_0: where z_-2 = z, below which there is no root);
* colossus' growth factor blends two expressions linearly in ln a between z = 5 and 20,
  so the curve has kinks where z_-2 = 5 and 20.  They are located by bisection in y, and
  between them the inverse y(ln s) is analytic: a least-squares Chebyshev series in ln s,
  of the lowest degree in (16, 24, 32, 48, 64) whose error at points between the samples
  is below 1e-13 in ln c (degree 16-48 for the presets), represents each piece;
* the pieces run from below the ln s of every mass in the sigma table up to the largest
  admissible root: c = 100, or z_-2 a hair (1e-6) below colossus' 200.01.

The compiled program is the halo's ln s series, at most three of these series and
comparisons: no iterations at run time, and a fifth or less of a solver's XLA compile time.
Derivatives are those of the series, smooth, and within 1e-8 of the solver's
implicit-function derivatives (d c / d M only: the redshift and cosmology are constants
here).  Where no series can be built (no degree reaches the tolerance, or z_-2 > z is
beyond colossus' range for every c) the build returns ``None`` and ``concentration``
solves for the root instead.
"""

import functools
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
from numpy.polynomial import chebyshev

from autogalaxy_jaxnfw.chebyshev import chebyshev_evaluate, chebyshev_lobatto_nodes
from autogalaxy_jaxnfw.einasto import einasto_ln_mass_ratio_series
from autogalaxy_jaxnfw.ludlow16 import (
    LN_C_BRACKET,
    LN_R_SPREAD,
    Z_EDGE,
    Z_FORMATION_RANGE,
    collapse_problem,
    formation_cube,
    ln_c_collapse_now,
    ln_spread,
    ln_spread_of_concentration,
    ln_spread_of_radius,
)

__all__ = ["SpreadInverse", "is_fixed_redshift", "spread_inverse", "concentration_at_fixed_redshift"]

_SAFE_MASS = 1e12
_Z_KINKS = (5.0, 20.0)
_DEGREES = (16, 24, 32, 48, 64)
_N_SAMPLES = 129
_LN_C_TOL = 1e-13
# The lowest piece starts this far (in ln s) below the smallest spread of a tabulated mass.
_LN_S_MARGIN = 0.5


@dataclass(frozen=True)
class SpreadInverse:
    """Piecewise Chebyshev series of y = ln(ln c - ln c_0) in ln s, at one redshift.

    ``breaks`` are the ln s at the ends of the pieces (increasing); piece i spans
    [breaks[i], breaks[i + 1]] with coefficients ``coefficients[i]``.  The last break is
    the largest admissible root.
    """

    breaks: tuple
    coefficients: tuple
    ln_c0: float


def is_fixed_redshift(z):
    """Whether ``z`` is a single number (not a tracer), finite and >= 0."""
    if isinstance(z, jax.core.Tracer) or np.ndim(z) != 0:
        return False
    return bool(np.isfinite(z) and z >= 0.0)


def _y_at_cubes(cubes, problem):
    """y where (1 + z_-2)^3 reaches each of ``cubes`` (increasing in y), by bisection."""
    ln_c0 = ln_c_collapse_now()
    lo = np.full(len(cubes), np.log(1e-12))
    hi = np.full(len(cubes), np.log(LN_C_BRACKET[1] - ln_c0))
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        ln_c = ln_c0 + np.exp(mid)
        cube = formation_cube(problem[0], ln_c, einasto_ln_mass_ratio_series(ln_c), problem[1], np)
        below = cube < np.asarray(cubes)
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return 0.5 * (lo + hi)


def _smallest_ln_spread(cosmology):
    """Smallest ln s of the masses whose Lagrangian radii are in the sigma table."""
    return ln_spread_of_radius(cosmology, np.linspace(*LN_R_SPREAD, 512), np).min()


def _fit_piece(q, y, q_check, y_check):
    """Lowest-degree least-squares Chebyshev series of y(q) meeting the tolerance, or None."""
    lo, hi = q[0], q[-1]
    t, t_check = (2.0 * q - lo - hi) / (hi - lo), (2.0 * q_check - lo - hi) / (hi - lo)
    for degree in _DEGREES:
        coefficients = chebyshev.chebfit(t, y, degree)
        error = np.abs(chebyshev.chebval(t_check, coefficients) - y_check) * np.exp(y_check)
        if error.max() < _LN_C_TOL:
            return coefficients
    return None


@functools.lru_cache(maxsize=256)
def spread_inverse(cosmology, z):
    """The root y(ln s) at redshift ``z`` for a static ``cosmology``, or None if not representable.

    Parameters
    ----------
    cosmology : Cosmology
        With Python-float fields (``Cosmology.as_static()``).
    z : float
        Redshift, >= 0.

    Returns
    -------
    SpreadInverse or None
    """
    problem = collapse_problem(cosmology, z, None, np)
    ln_c0 = ln_c_collapse_now()

    def ln_s_of_y(y):
        return ln_spread_of_concentration(ln_c0 + np.exp(y), problem, np)

    # The top: c = 100, unless z_-2 reaches colossus' limit first.
    edge = (1.0 + Z_FORMATION_RANGE[1] - Z_EDGE) ** 3
    kinks = [(1.0 + zk) ** 3 for zk in _Z_KINKS if cosmology.relspecies and zk > z]
    *y_kinks, y_edge = _y_at_cubes(kinks + [edge], problem)
    y_top = min(np.log(LN_C_BRACKET[1] - ln_c0), y_edge)
    # The bottom: below the smallest spread of a tabulated mass (ln s ~ y + const there).
    y_lowest = np.log(1e-10)
    if not y_top > y_lowest + 1.0:
        return None  # z_-2 > z is beyond colossus' range for every c
    y_grid = np.linspace(y_lowest, y_top, 400)
    q_grid = ln_s_of_y(y_grid)
    q_needed = _smallest_ln_spread(cosmology) - _LN_S_MARGIN
    if not q_grid[0] < q_needed:
        return None
    y_bottom = y_grid[np.searchsorted(q_grid, q_needed) - 1]

    ends = [y_bottom] + [y for y in y_kinks if y_bottom < y < y_top] + [y_top]
    samples = [chebyshev_lobatto_nodes(a, b, _N_SAMPLES) for a, b in zip(ends[:-1], ends[1:])]
    checks = [0.5 * (y[1:] + y[:-1]) for y in samples]
    q_all = ln_s_of_y(np.concatenate(samples + checks))
    if not np.all(np.isfinite(q_all)):
        return None
    n = len(samples)
    q_samples = np.split(q_all[: n * _N_SAMPLES], n)
    q_checks = np.split(q_all[n * _N_SAMPLES :], n)
    pieces = [_fit_piece(*args) for args in zip(q_samples, samples, q_checks, checks)]
    if any(p is None for p in pieces) or not all(np.all(np.diff(q) > 0.0) for q in q_samples):
        return None
    breaks = tuple(float(q[0]) for q in q_samples) + (float(q_samples[-1][-1]),)
    return SpreadInverse(breaks=breaks, coefficients=tuple(pieces), ln_c0=float(ln_c0))


def concentration_at_fixed_redshift(m200c, inverse, cosmology):
    """c200c and its validity mask for masses in Msun/h at the redshift of ``inverse``.

    Same conventions as :func:`autogalaxy_jaxnfw.concentration_ludlow16_with_mask`: NaN and
    ``False`` where the mass is not finite and positive, outside the sigma table, or has no
    root (its spread beyond the last break); finite gradients everywhere.
    """
    m200c = jnp.asarray(m200c, dtype=float)
    valid_input = jnp.isfinite(m200c) & (m200c > 0.0)
    # Double-where: invalid entries are computed at a harmless point, then masked.
    ln_s, in_table = ln_spread(cosmology, jnp.where(valid_input, m200c, _SAFE_MASS))
    breaks = inverse.breaks
    y = jnp.zeros_like(ln_s)
    for lo, hi, coefficients in zip(breaks[:-1], breaks[1:], inverse.coefficients):
        # Clipped, so that no piece is extrapolated into an overflow (and a NaN gradient).
        t = jnp.clip((2.0 * ln_s - lo - hi) / (hi - lo), -1.0, 1.0)
        y = jnp.where(ln_s >= lo, chebyshev_evaluate(coefficients, -1.0, 1.0, t), y)
    valid = valid_input & in_table & (ln_s >= breaks[0]) & (ln_s < breaks[-1])
    return jnp.where(valid, jnp.exp(inverse.ln_c0 + jnp.exp(y)), jnp.nan), valid
