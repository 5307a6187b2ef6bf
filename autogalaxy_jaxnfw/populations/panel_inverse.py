"""The cumulative of an abundance integral and its exact inverse, from the integrand at the rule's nodes.

The abundance integrals (:mod:`autogalaxy_jaxnfw.lss.abundance_integrals`,
:mod:`autogalaxy_jaxnfw.lss.subhalo_abundance`) integrate dN / d ln m by a composite
Gauss-Legendre rule: ``N_PANELS`` equal panels in ln m with ``N_NODES`` nodes each.  On one panel
the rule is the integral of the degree ``N_NODES - 1`` polynomial p through the integrand at the
nodes, so the rule's own cumulative,

    N(< ln m) = sum of the earlier panels + (h / 2) int_{-1}^{t} p(s) ds,    t in [-1, 1] on the panel,

is a polynomial of degree ``N_NODES`` in t.  It equals the integrals' totals at the panel edges and
is as accurate as the rule inside a panel (the integrand is analytic in ln m).  :func:`cdf_table`
writes p and its antiderivative in Legendre series (the discrete Legendre transform at the Gauss
nodes is exact for p); :func:`inverse_cdf` finds the panel of a target count by comparison with
the edges and solves N(< ln m) = target inside it by Newton's method on the series (monotone: the
integrand is positive), a fixed number of steps from the linear guess.  Drawing masses is then
a few dozen multiplications per halo, with the mass function evaluated only at the nodes, once
per plane.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.lss.abundance_integrals import N_NODES, N_PANELS

__all__ = ["CdfTable", "NEWTON_STEPS", "cdf_table", "inverse_cdf", "ln_mass_nodes", "rule_integral"]

NEWTON_STEPS = 4
"""Newton steps inside a panel: from the linear guess the error squares each step (the
integrand varies by tens of per cent across a panel), so six reach rounding in float64."""

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
_TO_ANTIDERIVATIVE = _ANTIDERIVATIVE @ _TO_SERIES


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
    series : jax.Array, shape (..., N_PANELS, N_NODES)
        Legendre coefficients of dN / d ln m on each panel (in t).
    antiderivative : jax.Array, shape (..., N_PANELS, N_NODES + 1)
        Legendre coefficients of int_{-1}^t of it.
    """

    ln_lower: jax.Array
    half_width: jax.Array
    cumulative: jax.Array
    series: jax.Array
    antiderivative: jax.Array


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
    series = values @ jnp.asarray(_TO_SERIES.T, dtype=dtype)
    antiderivative = values @ jnp.asarray(_TO_ANTIDERIVATIVE.T, dtype=dtype)
    return CdfTable(ln_lower, half_width, cumulative, series, antiderivative)


def _legendre(t, degree):
    """P_0(t) .. P_degree(t) along a new last axis (Bonnet's recurrence)."""
    p = [jnp.ones_like(t), t]
    for n in range(1, degree):
        p.append(((2 * n + 1) * t * p[n] - n * p[n - 1]) / (n + 1))
    return jnp.stack(p, axis=-1)


def rule_integral(ln_lower, ln_upper, dn_dln_m):
    """The rule's integral of values at :func:`ln_mass_nodes` (shape (..., N_PANELS * N_NODES)) over ln m."""
    weights = jnp.asarray(_WEIGHTS, dtype=dn_dln_m.dtype)
    return (ln_upper - ln_lower) * jnp.sum(weights * dn_dln_m, axis=-1)


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
    cumulative = table.cumulative[index]
    half_width = table.half_width[index]
    target = q * cumulative[:, -1]
    panel = jnp.clip(jnp.sum(cumulative[:, 1:-1] <= target[:, None], axis=-1), 0, N_PANELS - 1)
    below = jnp.take_along_axis(cumulative, panel[:, None], axis=-1)[:, 0]
    in_panel = jnp.take_along_axis(cumulative, panel[:, None] + 1, axis=-1)[:, 0] - below
    # Only the drawn panel's coefficients are gathered (not the whole table per draw).
    series, antiderivative = table.series[index, panel], table.antiderivative[index, panel]
    remaining = target - below
    t = jnp.clip(2.0 * remaining / jnp.where(in_panel > 0.0, in_panel, 1.0) - 1.0, -1.0, 1.0)

    def residual_and_slope(t):
        p = _legendre(t, N_NODES)
        value = half_width * jnp.sum(antiderivative * p, axis=-1) - remaining
        return value, half_width * jnp.sum(series * p[:, :-1], axis=-1)

    for _ in range(NEWTON_STEPS):
        value, slope = residual_and_slope(t)
        positive = slope > 0.0
        t = jnp.clip(t - value / jnp.where(positive, slope, 1.0) * positive, -1.0, 1.0)
    value, _ = residual_and_slope(t)
    tolerance = 256.0 * jnp.finfo(t.dtype).eps * jnp.maximum(jnp.abs(in_panel), jnp.abs(target))
    ln_m = table.ln_lower[index] + half_width * (2.0 * panel.astype(t.dtype) + 1.0 + t)
    return ln_m, jnp.abs(value) <= tolerance
