"""Chebyshev interpolation on an interval: nodes, coefficients and Clenshaw evaluation.

A smooth function sampled at the n Chebyshev points of the first kind is represented by
its degree n-1 interpolant, which converges geometrically for analytic functions
(Trefethen 2019, *Approximation Theory and Approximation Practice*, chs. 3 and 8).
"""

import operator

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

__all__ = [
    "chebyshev_nodes",
    "chebyshev_lobatto_nodes",
    "chebyshev_coefficients",
    "chebyshev_evaluate",
    "chebyshev_evaluate_rows",
]


def _cosine_matrix(n):
    """T_j(t_i) at the first-kind nodes t_i = cos(pi (i + 1/2) / n), as a NumPy array."""
    theta = np.pi * (np.arange(n) + 0.5) / n
    return np.cos(np.outer(theta, np.arange(n)))


def chebyshev_nodes(lower, upper, n):
    """The n first-kind Chebyshev points mapped to [lower, upper] (NumPy, static)."""
    t = np.cos(np.pi * (np.arange(n) + 0.5) / n)
    return 0.5 * (upper + lower) + 0.5 * (upper - lower) * t


def chebyshev_lobatto_nodes(lower, upper, n):
    """The n second-kind Chebyshev points (extrema of T_(n-1)) from ``lower`` to ``upper``, ends included."""
    t = np.cos(np.pi * np.arange(n) / (n - 1))
    return 0.5 * (upper + lower) - 0.5 * (upper - lower) * t


def chebyshev_coefficients(values):
    """Coefficients a_j of sum_j a_j T_j from values at ``chebyshev_nodes`` (last axis).

    Discrete orthogonality of T_j at the first-kind nodes gives
    a_j = (2 - delta_j0) / n * sum_i f_i T_j(t_i).
    """
    n = values.shape[-1]
    scale = np.full(n, 2.0 / n)
    scale[0] = 1.0 / n
    return values @ (_cosine_matrix(n) * scale[None, :])


def _clenshaw(coefficients, t, mul, sub, add):
    two_t = mul(t, 2.0)
    b1 = b2 = mul(t, 0.0)
    for a in coefficients[:0:-1]:
        b1, b2 = add(sub(mul(two_t, b1), b2), a), b1
    return add(sub(mul(t, b1), b2), coefficients[0])


def _constant_series(coefficients, lower, upper):
    """x -> the series, with the derivative series as its JVP (``coefficients`` a NumPy array).

    Through lax primitives, unrolled: jax.numpy's operators take several times longer to
    trace, XLA fuses the recurrence into one elementwise kernel, and the JVP is one more
    series instead of the linearised recurrence (a smaller program to trace, transpose and
    compile; the same polynomial's derivative).
    """
    scale = 2.0 / (upper - lower)
    derivative = np.polynomial.chebyshev.chebder(coefficients) * scale

    def evaluate(series, x):
        t = lax.mul(lax.sub(x, 0.5 * (lower + upper)), scale)
        return _clenshaw(series.astype(t.dtype), t, lax.mul, lax.sub, lax.add)

    @jax.custom_jvp
    def value(x):
        return evaluate(coefficients, x)

    @value.defjvp
    def _(primals, tangents):
        (x,), (dx,) = primals, tangents
        return value(x), lax.mul(evaluate(derivative, x), dx)

    return value


def chebyshev_evaluate(coefficients, lower, upper, x):
    """Evaluate sum_j a_j T_j(t), t = (2x - lower - upper) / (upper - lower), by Clenshaw.

    ``coefficients`` has shape (n,); ``x`` any shape.  Outside [lower, upper] the series
    is extrapolated: callers mask such points.  NumPy coefficients and ``x`` give a NumPy
    result (no JAX dispatch, for tables built at trace time); NumPy coefficients and a JAX
    ``x`` (a table of constants in a program) are differentiated through the derivative
    series.
    """
    if isinstance(coefficients, np.ndarray) and isinstance(x, jax.Array):
        return _constant_series(coefficients, lower, upper)(x)
    t = (2.0 * x - (lower + upper)) / (upper - lower)
    if isinstance(coefficients, np.ndarray):
        return _clenshaw(coefficients, t, operator.mul, operator.sub, operator.add)
    return _clenshaw_scan(coefficients, t)


def _clenshaw_scan(coefficients, t):
    """Clenshaw's recurrence for coefficients that are JAX arrays (a traced cosmology's series).

    The same operations in the same order as :func:`_clenshaw`, as one ``lax.scan`` step: the
    unrolled recurrence put 96-128 steps, and their transposes, into every program that
    differentiates with respect to the cosmology (compile times: docs/research/abundance.md).
    """
    dtype = jnp.result_type(t, coefficients)
    t, coefficients = jnp.asarray(t, dtype), jnp.asarray(coefficients, dtype)
    two_t = 2.0 * t

    def step(carry, a):
        b1, b2 = carry
        return (two_t * b1 - b2 + a, b1), None

    zero = jnp.zeros_like(t)
    (b1, b2), _ = lax.scan(step, (zero, zero), coefficients[:0:-1])
    return t * b1 - b2 + coefficients[0]


def chebyshev_evaluate_rows(table, rows, t):
    """sum_j table[rows, j] T_j(t): each element of ``t`` in [-1, 1] with its own row of a constant table.

    ``table`` is a NumPy array (n_rows, n) (shorter series padded with zeros), ``rows`` an
    integer array of ``t``'s shape.  One program serves every row (its size does not grow
    with the number of rows), and the JVP is the rows' derivative series.
    """
    table = np.asarray(table, dtype=float)
    derivative = np.zeros_like(table)
    derivative[:, :-1] = np.polynomial.chebyshev.chebder(table, axis=1)

    def evaluate(series, t):
        # One gather per coefficient from a constant column, which XLA fuses into the
        # recurrence's loop; gathering whole rows would write an (n_elements, n) array first.
        columns = [jnp.asarray(column)[rows] for column in series.T]
        return _clenshaw(columns, t, lax.mul, lax.sub, lax.add)

    @jax.custom_jvp
    def value(t):
        return evaluate(table, t)

    @value.defjvp
    def _(primals, tangents):
        (t,), (dt,) = primals, tangents
        return value(t), lax.mul(evaluate(derivative, t), dt)

    return value(t)
