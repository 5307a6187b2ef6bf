"""c200c as a trace-time series in the halo's spread, for a redshift and cosmology known at trace time.

In a likelihood or a population on fixed lens planes, the redshift and the cosmology are
plain numbers: everything in the Ludlow et al. (2016) root except the halo's spread s is
then a constant of the program.  The root as a function of ln s is built once, in NumPy,
and the compiled program only evaluates it -- no iterations at run time:

* L16 eq. 7 is explicit in s at given collapse density ratio v
  (:func:`autogalaxy_jaxnfw.halo.ludlow16.equations.ln_spread_of_v`), so the exact curve
  (ln s, y = ln(ln c - ln c_0)) is sampled without solving anything, at Chebyshev-Lobatto
  points in ln v;
* colossus' growth factor blends two expressions linearly in ln a between z = 5 and 20, so
  the curve has kinks where z_-2 = 5 and 20, at explicit v (rho_crit ratios); between them
  y(ln s) is analytic, and each piece is the least-squares Chebyshev series of the lowest
  degree in (16, 24, 32) whose error between the samples is below 1e-13 in ln c, a piece
  that needs more being halved;
* the pieces run from below the ln s of every mass in the sigma table up to the largest
  admissible root: c = 100, or z_-2 a hair (1e-6) below colossus' 200.01.

Derivatives are those of the series.  Where no series can be built (z_-2 > z is beyond
colossus' range for every c) :func:`spread_inverse` returns ``None``.
"""

from dataclasses import dataclass

import jax.numpy as jnp
import numpy as np
from numpy.polynomial import chebyshev

from autogalaxy_jaxnfw.numerics.chebyshev import chebyshev_evaluate, chebyshev_evaluate_rows, chebyshev_lobatto_nodes
from autogalaxy_jaxnfw.halo.ludlow16.formation import LN_C0, V_TOP, ln_concentration_offset_of_v
from autogalaxy_jaxnfw.halo.ludlow16.equations import Z_FORMATION_RANGE, Ludlow16Root, collapse_problem, ln_spread_of_v
from autogalaxy_jaxnfw.cosmology.spread import LN_R_SPREAD
from autogalaxy_jaxnfw.cosmology.tables import cached, parameters, tables_for

__all__ = ["SpreadInverse", "spread_inverse", "solve_fixed_redshift"]

_Z_KINKS = (5.0, 20.0)
_Z_TOP = Z_FORMATION_RANGE[1] - 1e-6
_DEGREES = (16, 24, 32)
# Pieces that need more terms are halved (at most this often): shorter series, smaller programs.
_MAX_HALVINGS = 4
_N_SAMPLES = 129
_LN_C_TOL = 1e-13
# The lowest piece starts this far (in ln s) below the smallest spread of a tabulated mass.
_LN_S_MARGIN = 0.5
_PSI_GUESS = float(np.log(1e-6))


@dataclass(frozen=True)
class SpreadInverse:
    """Piecewise Chebyshev series of y = ln(ln c - ln c_0) in ln s, at one redshift.

    Attributes
    ----------
    breaks : tuple of float
        ln s at the ends of the pieces, increasing; the last is the largest admissible root.
    coefficients : tuple of numpy.ndarray
        Piece i spans [breaks[i], breaks[i + 1]], in t = (2 ln s - lo - hi) / (hi - lo).
    """

    breaks: tuple
    coefficients: tuple


def _fit(curve, a, b, depth=0):
    """[(ln s at a, coefficients)] of the lowest-degree series of y(ln s) on psi in [a, b] meeting
    the tolerance, halving the interval where no degree does; None if the curve is unusable."""
    psi = chebyshev_lobatto_nodes(a, b, _N_SAMPLES)
    q, y = curve(psi)
    q_check, y_check = curve(0.5 * (psi[1:] + psi[:-1]))
    if not (np.all(np.isfinite(q)) and np.all(np.diff(q) > 0.0)):
        return None
    t = (2.0 * q - q[0] - q[-1]) / (q[-1] - q[0])
    t_check = (2.0 * q_check - q[0] - q[-1]) / (q[-1] - q[0])
    for degree in _DEGREES:
        coefficients = chebyshev.chebfit(t, y, degree)
        if np.max(np.abs(chebyshev.chebval(t_check, coefficients) - y_check) * np.exp(y_check)) < _LN_C_TOL:
            return [(float(q[0]), float(q[-1]), coefficients)]
    if depth == _MAX_HALVINGS:
        return None
    halves = [_fit(curve, a, 0.5 * (a + b), depth + 1), _fit(curve, 0.5 * (a + b), b, depth + 1)]
    return None if None in halves else halves[0] + halves[1]


def _build(cosmology, z):
    tables = tables_for(cosmology)
    problem = collapse_problem(tables, cosmology, z, np)

    def v_at(z_formation):
        return float(np.log((cosmology.Om0 * (1.0 + z_formation) ** 3 + cosmology.Ode0) / problem.density_ratio_now))

    def ln_s_of_psi(psi):
        return ln_spread_of_v(np.exp(psi), problem, np)

    def curve(psi):
        return ln_s_of_psi(psi), ln_concentration_offset_of_v(np.exp(psi))

    psi_top = np.log(min(V_TOP, v_at(_Z_TOP))) if v_at(_Z_TOP) > 0.0 else -np.inf
    # Near v = 0, ln s = psi + A: start the lowest piece a little below the smallest spread.
    smallest = np.min(chebyshev_evaluate(tables.spread, *LN_R_SPREAD, np.linspace(*LN_R_SPREAD, 512)))
    offset = ln_s_of_psi(_PSI_GUESS) - _PSI_GUESS
    psi_bottom = smallest - _LN_S_MARGIN - offset - 1.0
    if not psi_top > psi_bottom + 1.0:
        return None  # z_-2 > z is beyond colossus' range for every c
    kinks = [np.log(v_at(zk)) for zk in _Z_KINKS if cosmology.relspecies and zk > z]
    ends = [psi_bottom] + [k for k in kinks if psi_bottom < k < psi_top] + [psi_top]
    pieces = [_fit(curve, a, b) for a, b in zip(ends[:-1], ends[1:])]
    if None in pieces:
        return None
    pieces = [piece for fitted in pieces for piece in fitted]
    breaks = tuple(lo for lo, _, _ in pieces) + (pieces[-1][1],)
    return SpreadInverse(breaks=breaks, coefficients=tuple(c for _, _, c in pieces))


def spread_inverse(cosmology, z: float):
    """The root y(ln s) at redshift ``z`` >= 0 for a concrete ``cosmology``, or None if not representable.

    Built in NumPy on first use and kept in the tables' cache
    (:func:`autogalaxy_jaxnfw.cosmology.tables.clear_cache`).
    """
    static = cosmology.as_static()
    return cached(("spread_inverse", parameters(static), float(z)), lambda: _build(static, float(z)))


def _stacked(inverses):
    """The pieces of several redshifts' series as flat NumPy tables, one row per piece."""
    width = max(len(c) for inverse in inverses for c in inverse.coefficients)
    n_inner = max(len(inverse.breaks) for inverse in inverses) - 2
    coefficients, lower, upper, first, inner = [], [], [], [], []
    for inverse in inverses:
        first.append(len(lower))
        for lo, hi, c in zip(inverse.breaks[:-1], inverse.breaks[1:], inverse.coefficients):
            coefficients.append(np.pad(c, (0, width - len(c))))
            lower.append(lo)
            upper.append(hi)
        inner.append(list(inverse.breaks[1:-1]) + [np.inf] * (n_inner - len(inverse.breaks) + 2))
    return (
        np.array(coefficients),
        np.array(lower),
        np.array(upper),
        np.array(first),
        np.array(inner).reshape(len(inverses), n_inner),
    )


def solve_fixed_redshift(ln_s, inverses, plane) -> Ludlow16Root:
    """ln c of halos of spread ln s from their redshifts' series; no root is admissible outside them.

    Parameters
    ----------
    ln_s : jax.Array
        The halos' ln s.
    inverses : sequence of SpreadInverse
        One per distinct redshift.
    plane : numpy.ndarray of int
        Each halo's index into ``inverses`` (``ln_s``'s shape).

    Each halo's piece is evaluated on its clipped argument (no extrapolation into an
    overflow and a NaN derivative); one program serves any number of redshifts.
    """
    coefficients, lower, upper, first, inner = _stacked(inverses)
    piece = sum((ln_s >= jnp.asarray(inner[:, i])[plane]).astype(int) for i in range(inner.shape[1]))
    row = jnp.asarray(first)[plane] + piece
    lo, hi = jnp.asarray(lower)[row], jnp.asarray(upper)[row]
    y = chebyshev_evaluate_rows(coefficients, row, jnp.clip((2.0 * ln_s - lo - hi) / (hi - lo), -1.0, 1.0))
    bottom = np.array([inverse.breaks[0] for inverse in inverses])
    top = np.array([inverse.breaks[-1] for inverse in inverses])
    inside = (ln_s >= jnp.asarray(bottom)[plane]) & (ln_s < jnp.asarray(top)[plane])
    return Ludlow16Root(ln_c=LN_C0 + jnp.exp(y), converged=inside, in_range=inside)
