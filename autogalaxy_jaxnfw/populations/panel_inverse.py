"""The cumulative of an abundance integral and its exact inverse, from the integrand at the rule's nodes.

The abundance integrals (:mod:`autogalaxy_jaxnfw.lss.abundance_integrals`,
:mod:`autogalaxy_jaxnfw.lss.subhalo_abundance`) integrate dN / d ln m by a composite
Gauss-Legendre rule: ``N_PANELS`` equal panels in ln m with ``N_NODES`` nodes each.  On one panel
the rule is the integral of the degree ``N_NODES - 1`` polynomial p through the integrand at the
nodes, so the rule's own cumulative,

    N(< ln m) = sum of the earlier panels + (h / 2) int_{-1}^{t} p(s) ds,    t in [-1, 1] on the panel,

is a polynomial of degree ``N_NODES`` in t.  It equals the integrals' totals at the panel edges and
is as accurate as the rule inside a panel (the integrand is analytic in ln m).  :func:`cdf_table`
writes the antiderivative in Legendre series (the discrete Legendre transform at the Gauss nodes
is exact for p) and converts it to powers of t: on [-1, 1] the series' coefficients fall by ~1.5
decades a degree, the powers' coefficients then too, and Horner's rule evaluates the cumulative and
its slope in 2 x ``N_NODES`` multiply-adds.  The conversion goes through the Legendre series (the
transform is well conditioned; the powers of each P_k then add the series' rounding noise back up
to itself) -- one matrix from the values straight to the powers, with entries to ~1e3, would cancel
in its sums, ~1e2 roundings of ln m in float32 tables.  The powers still round at ~1e-12 of a
panel's count in float64, so a draw maps its place in the panel onto the polynomial's own values
at the panel's ends: the edges stay exact.

:func:`inverse_cdf` finds the panel of a target count by one binary search over every
distribution's edges (each distribution's normalised edges offset by its index, one sorted
array), corrected against the exact edges, and solves N(< ln m) = target inside it by Newton's
method (monotone: the integrand is positive), a fixed number of steps from the linear guess.
Drawing masses is then a binary search, two gathers and ~150 multiply-adds per halo, with the
mass function evaluated only at the nodes, once per plane.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.lss.abundance_integrals import N_NODES, N_PANELS

__all__ = ["CdfTable", "NEWTON_STEPS", "cdf_table", "inverse_cdf", "ln_mass_nodes", "rule_integral"]

NEWTON_STEPS = 4
"""Newton steps inside a panel: from the linear guess the error squares each step (the
integrand varies by tens of per cent across a panel), so four reach rounding in float64."""

_T, _W = np.polynomial.legendre.leggauss(N_NODES)
_EDGES = np.linspace(0.0, 1.0, N_PANELS + 1)
_NODES = (0.5 * (_EDGES[:-1, None] + _EDGES[1:, None]) + 0.5 * np.diff(_EDGES)[:, None] * _T).ravel()
_WEIGHTS = (0.5 * np.diff(_EDGES)[:, None] * _W).ravel()
# P_k(t_j), k = 0 .. N_NODES - 1: the series coefficients of p are c_k = (2k + 1)/2 sum_j w_j P_k(t_j) f_j.
_P_AT_NODES = np.stack([np.polynomial.legendre.legval(_T, np.eye(N_NODES)[k]) for k in range(N_NODES)])
_TO_SERIES = (2.0 * np.arange(N_NODES)[:, None] + 1.0) / 2.0 * _W[None, :] * _P_AT_NODES
# int_{-1}^t P_0 = P_0 + P_1 and int_{-1}^t P_k = (P_{k+1} - P_{k-1}) / (2k + 1), k >= 1.
_ANTIDERIVATIVE = np.zeros((N_NODES + 1, N_NODES))
_ANTIDERIVATIVE[0, 0] = _ANTIDERIVATIVE[1, 0] = 1.0
for _k in range(1, N_NODES):
    _ANTIDERIVATIVE[_k + 1, _k] = 1.0 / (2 * _k + 1)
    _ANTIDERIVATIVE[_k - 1, _k] = -1.0 / (2 * _k + 1)
# Legendre series -> powers of t: P_k(t) = sum_j _LEGENDRE_POWERS[k, j] t^j.
_LEGENDRE_POWERS = np.zeros((N_NODES + 1, N_NODES + 1))
for _k in range(N_NODES + 1):
    _LEGENDRE_POWERS[_k, : _k + 1] = np.polynomial.legendre.leg2poly(np.eye(N_NODES + 1)[_k])
_TO_ANTIDERIVATIVE = _ANTIDERIVATIVE @ _TO_SERIES  # values at the nodes -> Legendre series of the antiderivative


class CdfTable(NamedTuple):
    """The rule's cumulative of dN / d ln m on [ln m1, ln m2], for a stack of distributions (leading axes ...).

    Attributes
    ----------
    ln_lower : jax.Array, shape (...)
        ln m1.
    half_width : jax.Array, shape (...)
        Half the panel width in ln m.
    cumulative : jax.Array, shape (..., N_PANELS + 1)
        N(< edge) at the panel edges; the last is the total.
    powers : jax.Array, shape (..., N_PANELS, N_NODES + 1)
        int_{-1}^t dN / d ln m dt' / (dt'/d ln m) on each panel as a polynomial in t: the
        coefficients of t^0 .. t^N_NODES (the cumulative inside the panel is
        ``half_width * polynomial``).
    """

    ln_lower: jax.Array
    half_width: jax.Array
    cumulative: jax.Array
    powers: jax.Array


def ln_mass_nodes(ln_lower, ln_upper):
    """The rule's nodes in ln m on [ln_lower, ln_upper], shape (..., N_PANELS * N_NODES), the integrals' order."""
    span = ln_upper - ln_lower
    return ln_lower[..., None] + span[..., None] * jnp.asarray(_NODES, dtype=span.dtype)


def cdf_table(ln_lower, ln_upper, dn_dln_m) -> CdfTable:
    """The :class:`CdfTable` of dN / d ln m given at :func:`ln_mass_nodes` (shape (..., N_PANELS * N_NODES))."""
    dtype = dn_dln_m.dtype
    values = dn_dln_m.reshape(dn_dln_m.shape[:-1] + (N_PANELS, N_NODES))
    half_width = 0.5 * (ln_upper - ln_lower) / N_PANELS
    per_panel = half_width[..., None] * jnp.sum(values * jnp.asarray(_W, dtype=dtype), axis=-1)
    zero = jnp.zeros(per_panel.shape[:-1] + (1,), dtype=dtype)
    cumulative = jnp.concatenate([zero, jnp.cumsum(per_panel, axis=-1)], axis=-1)
    # Two steps: the values -> powers matrix in one (entries to ~1e3) would cancel in the sums.
    series = values @ jnp.asarray(_TO_ANTIDERIVATIVE.T, dtype=dtype)
    return CdfTable(ln_lower, half_width, cumulative, series @ jnp.asarray(_LEGENDRE_POWERS, dtype=dtype))


def rule_integral(ln_lower, ln_upper, dn_dln_m):
    """The rule's integral of values at :func:`ln_mass_nodes` (shape (..., N_PANELS * N_NODES)) over ln m."""
    weights = jnp.asarray(_WEIGHTS, dtype=dn_dln_m.dtype)
    return (ln_upper - ln_lower) * jnp.sum(weights * dn_dln_m, axis=-1)


def _panel_of(table: CdfTable, q, index, target):
    """The panel of ``target`` = q N_total in distribution ``index``: one binary search, then the exact edges.

    The search runs over every distribution's interior edges as fractions of its total, offset by
    its index (sorted as a whole); the offset rounds the fractions (by index x eps), so the panel
    found is moved by one where the exact counts say so.
    """
    n_rows = table.cumulative.shape[0]
    total = table.cumulative[:, -1:]
    fraction = table.cumulative[:, 1:-1] / jnp.where(total > 0.0, total, 1.0)
    edges = (jnp.arange(n_rows, dtype=q.dtype)[:, None] + fraction.astype(q.dtype)).ravel()
    found = jnp.searchsorted(edges, index.astype(q.dtype) + q, side="right") - index * (N_PANELS - 1)
    panel = jnp.clip(found, 0, N_PANELS - 1)
    cumulative = table.cumulative.ravel()
    start = index * (N_PANELS + 1)
    panel = panel + ((target >= cumulative[start + panel + 1]) & (panel < N_PANELS - 1))
    return panel - ((target < cumulative[start + panel]) & (panel > 0))


def inverse_cdf(table: CdfTable, q, index):
    """ln m with N(< ln m) = q N_total on the rule's cumulative of distribution ``index``, and convergence.

    Parameters
    ----------
    table : CdfTable
        A stack of D distributions (one leading axis).
    q : jax.Array, shape (N,)
        Fractions in [0, 1].
    index : int array, shape (N,)
        The distribution of each draw, 0 .. D - 1.

    Returns
    -------
    (jax.Array, jax.Array of bool)
        ln m (inside [ln m1, ln m2]) and the convergence of the solve (the residual within a
        few hundred roundings of the counts involved).
    """
    index = jnp.asarray(index)
    half_width = table.half_width[index]
    target = q * table.cumulative[index, -1]
    panel = _panel_of(table, q, index, target)
    cumulative = table.cumulative.ravel()
    start = index * (N_PANELS + 1) + panel
    below = cumulative[start]
    in_panel = cumulative[start + 1] - below
    powers = table.powers.reshape(-1, N_NODES + 1)[index * N_PANELS + panel]  # only the drawn panel's
    # The polynomial's own values at the panel's ends (0 and in_panel / half_width up to the
    # conversion's rounding) map the target's place in the panel onto it: the edges stay exact.
    at_lower = jnp.sum(powers * jnp.asarray((-1.0) ** np.arange(N_NODES + 1), q.dtype), axis=-1)
    span = jnp.sum(powers, axis=-1) - at_lower
    per_count = 1.0 / jnp.where(in_panel > 0.0, in_panel, 1.0)
    share = (target - below) * per_count
    goal = at_lower + span * share
    t = jnp.clip(2.0 * share - 1.0, -1.0, 1.0)

    def residual_and_slope(t):
        value, slope = powers[:, N_NODES], jnp.zeros_like(t)
        for j in range(N_NODES - 1, -1, -1):  # Horner's rule, with the derivative alongside
            slope = slope * t + value
            value = value * t + powers[:, j]
        return value - goal, slope

    for _ in range(NEWTON_STEPS):
        value, slope = residual_and_slope(t)
        positive = slope > 0.0
        t = jnp.clip(t - value / jnp.where(positive, slope, 1.0) * positive, -1.0, 1.0)
    value, _ = residual_and_slope(t)
    # share is rounded relative to target / in_panel (target - below cancels in later panels).
    tolerance = 256.0 * jnp.finfo(t.dtype).eps * jnp.abs(span) * jnp.maximum(1.0, jnp.abs(target) * per_count)
    ln_m = table.ln_lower[index] + half_width * (2.0 * panel.astype(t.dtype) + 1.0 + t)
    return ln_m, jnp.abs(value) <= tolerance
