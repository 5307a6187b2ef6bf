"""Scalar root finding, vectorised over arrays of independent problems.

Two solvers, both bounded ``lax.while_loop`` s that stop when every problem has met its
tolerance, or after ``max_iterations`` steps, and say which problems converged:

* :func:`chandrupatla`, for any continuous function with a sign-changing bracket.
  Chandrupatla (1997, Adv. Eng. Softw. 28, 145) combines bisection with inverse quadratic
  interpolation, accepted only where the interpolant is monotone on the bracket; it keeps
  a sign-changing bracket at every step, so it converges for any continuous function, and
  superlinearly for smooth ones;
* :func:`newton_from_above`, for a function that increases and is convex between its root
  and the start.  Each Newton step from above the root lands between the root and the
  current point (the tangent lies below a convex function), so the iterates fall
  monotonically onto the root, quadratically once close, with one function and slope
  evaluation per step and no bracket.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

__all__ = ["RootResult", "chandrupatla", "newton_from_above", "with_implicit_derivative"]


class RootResult(NamedTuple):
    """Roots of a batch of bracketed problems.

    Attributes
    ----------
    root : jax.Array
        The abscissa of smallest |f| in the final bracket.
    converged : jax.Array of bool
        Whether the bracket shrank below the tolerance or f vanished; False where f did
        not change sign on the initial bracket or the iteration limit was reached.
    """

    root: jax.Array
    converged: jax.Array


class _State(NamedTuple):
    # Chandrupatla's three points: a the newest, b the other end of the bracket, c the
    # previous b; t the next step as a fraction of [a, b].
    a: jax.Array
    b: jax.Array
    c: jax.Array
    fa: jax.Array
    fb: jax.Array
    fc: jax.Array
    t: jax.Array
    iteration: jax.Array


def _best(state):
    return jnp.where(jnp.abs(state.fa) < jnp.abs(state.fb), state.a, state.b)


def _tolerance(state, x_tol):
    eps = jnp.finfo(state.a.dtype).eps
    return 2.0 * eps * jnp.abs(_best(state)) + x_tol


def _done(state, x_tol):
    """Converged per problem: bracket below tolerance, or an exact zero at an end."""
    return (_tolerance(state, x_tol) >= 0.5 * jnp.abs(state.b - state.a)) | (state.fa == 0.0) | (state.fb == 0.0)


def chandrupatla(fun, lower, upper, f_lower, f_upper, x_tol=1e-13, max_iterations=60) -> RootResult:
    """Roots of the elementwise function ``fun`` between ``lower`` and ``upper``.

    Parameters
    ----------
    fun : callable
        Elementwise map x -> f(x) on arrays of the broadcast shape.
    lower, upper : jax.Array
        Bracket ends.
    f_lower, f_upper : jax.Array
        ``fun`` at the bracket ends (callers need them anyway to test the bracket).
    x_tol : float
        Absolute tolerance on x.
    max_iterations : int
        Upper bound on the number of iterations.

    Returns
    -------
    RootResult
    """
    shape = jnp.broadcast_shapes(jnp.shape(lower), jnp.shape(upper), jnp.shape(f_lower), jnp.shape(f_upper))
    lower, upper, f_lower, f_upper = (jnp.broadcast_to(v, shape) for v in (lower, upper, f_lower, f_upper))
    bracketed = jnp.sign(f_lower) != jnp.sign(f_upper)

    def active(state):
        return bracketed & ~_done(state, x_tol)

    def cond(state):
        return jnp.any(active(state)) & (state.iteration < max_iterations)

    def body(state):
        live = active(state)
        xt = state.a + state.t * (state.b - state.a)
        ft = fun(xt)
        same = jnp.sign(ft) == jnp.sign(state.fa)
        c, fc = jnp.where(same, state.a, state.b), jnp.where(same, state.fa, state.fb)
        b, fb = jnp.where(same, state.b, state.a), jnp.where(same, state.fb, state.fa)
        a, fa = xt, ft
        # Inverse quadratic interpolation is trusted when it stays monotone on the bracket.
        xi = (a - b) / (c - b)
        phi = (fa - fb) / (fc - fb)
        iqi = (phi**2 < xi) & ((1.0 - phi) ** 2 < 1.0 - xi)
        t_iqi = fa / (fb - fa) * fc / (fb - fc) + (c - a) / (b - a) * fa / (fc - fa) * fb / (fc - fb)
        new = _State(a, b, c, fa, fb, fc, state.t, state.iteration)
        t_lim = jnp.clip(_tolerance(new, x_tol) / jnp.abs(b - a), 0.0, 0.5)
        t = jnp.clip(jnp.where(iqi, t_iqi, 0.5), t_lim, 1.0 - t_lim)
        new = new._replace(t=t)
        kept = jax.tree_util.tree_map(lambda n, o: jnp.where(live, n, o), new[:-1], state[:-1])
        return _State(*kept, state.iteration + 1)

    start = _State(upper, lower, upper, f_upper, f_lower, f_upper, jnp.full(shape, 0.5), jnp.asarray(0))
    final = jax.lax.while_loop(cond, body, start)
    return RootResult(root=_best(final), converged=bracketed & _done(final, x_tol))


def newton_from_above(fun_and_slope, start, lower, x_tol=1e-13, max_iterations=60) -> RootResult:
    """Roots of elementwise increasing convex functions, by Newton's method from ``start`` down.

    A point stops moving where f <= 0 (at or below the root) or f' <= 0 (past a minimum of f:
    no root between it and the minimum), and is never moved below ``lower``.

    Parameters
    ----------
    fun_and_slope : callable
        x -> (f(x), f'(x)), elementwise.
    start : jax.Array
        Points above the roots, where f > 0.
    lower : float or jax.Array
        The smallest x tried.
    x_tol : float
        Absolute tolerance on the last step, beyond the rounding of f (16 eps (1 + |x|)).
    max_iterations : int
        Upper bound on the number of steps (Newton converges only linearly onto a double
        root, where f touches zero at its minimum).

    Returns
    -------
    RootResult
        ``converged``: the last step was within the tolerance, at a point where f rises;
        callers test the residual for a root (the iterates also stop at a minimum of f
        above zero, at ``lower``, or at ``start`` when the root lies above it).
    """
    start = jnp.asarray(start)
    eps = float(jnp.finfo(start.dtype).eps)

    def cond(state):
        x, moved, _, iteration = state
        return jnp.any(moved > x_tol + 16.0 * eps * (1.0 + jnp.abs(x))) & (iteration < max_iterations)

    def body(state):
        x, _, _, iteration = state
        f, slope = fun_and_slope(x)
        moves = (f > 0.0) & (slope > 0.0)
        new = jnp.maximum(x - jnp.where(moves, f / jnp.where(moves, slope, 1.0), 0.0), lower)
        return new, jnp.abs(new - x), slope > 0.0, iteration + 1

    state = (start, jnp.full(start.shape, jnp.inf, start.dtype), jnp.zeros(start.shape, bool), jnp.asarray(0))
    x, moved, rising, _ = jax.lax.while_loop(cond, body, state)
    return RootResult(root=x, converged=rising & (moved <= x_tol + 16.0 * eps * (1.0 + jnp.abs(x))))


def with_implicit_derivative(solve, residual):
    """``solve(params) -> RootResult``, differentiated by the implicit-function theorem.

    The root x*(params) of ``residual(x, params) = 0`` has dx* = -(dF/dparams dparams) /
    (dF/dx), so no derivative flows through the solver's iterations (optimistix and jaxopt
    do the same).  Where dF/dx = 0 (no root was found) the derivative is 0.

    Parameters
    ----------
    solve : callable
        params -> RootResult.
    residual : callable
        (x, params) -> F, elementwise in x.

    Returns
    -------
    callable
        params -> RootResult, with a JVP (and so a VJP) for the root.
    """

    @jax.custom_jvp
    def solved(params):
        return solve(params)

    @solved.defjvp
    def _(primals, tangents):
        (params,), (d_params,) = primals, tangents
        result = solved(params)
        x = result.root
        _, d_residual = jax.jvp(lambda p: residual(x, p), (params,), (d_params,))
        _, slope = jax.jvp(lambda y: residual(y, params), (x,), (jnp.ones_like(x),))
        ok = slope != 0.0
        d_root = jnp.where(ok, -d_residual / jnp.where(ok, slope, 1.0), 0.0)
        no_tangent = np.zeros(jnp.shape(result.converged), dtype=jax.dtypes.float0)
        return result, RootResult(root=d_root, converged=no_tangent)

    return solved
