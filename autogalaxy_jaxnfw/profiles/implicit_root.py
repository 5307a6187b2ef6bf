"""A bracketed scalar root whose derivative comes from the implicit-function theorem."""

import functools

import jax
import jax.numpy as jnp

from autogalaxy_jaxnfw.roots import chandrupatla

__all__ = ["implicit_root"]


@functools.partial(jax.custom_jvp, nondiff_argnums=(0,))
def _solve(residual, lower, upper, params):
    return chandrupatla(lambda u: residual(u, *params), lower, upper, residual(lower, *params), residual(upper, *params))


@_solve.defjvp
def _solve_jvp(residual, primals, tangents):
    lower, upper, params = primals
    root = _solve(residual, lower, upper, params)
    # g(u*(p), p) = 0  =>  du* = -(dg/dp . dp) / (dg/du); the bracket does not move the root.
    _, d_params = jax.jvp(lambda *p: residual(root, *p), params, tangents[2])
    _, slope = jax.jvp(lambda u: residual(u, *params), (root,), (jnp.ones_like(root),))
    flat = slope == 0.0
    return root, jnp.where(flat, 0.0, -d_params / jnp.where(flat, 1.0, slope))


def implicit_root(residual, lower, upper, *params):
    """The root u of ``residual(u, *params)`` in [lower, upper], with derivatives by implicit differentiation.

    The forward solve is :func:`autogalaxy_jaxnfw.roots.chandrupatla` (a bounded loop, which
    reverse-mode differentiation cannot go through); the JVP is
    du = -(dg/dp . dp) / (dg/du) at the root, as quadax / optimistix do, so ``jax.grad``,
    ``jax.jvp`` and ``jax.vmap`` all work.  Where g does not change sign on the bracket the
    result is meaningless and the caller masks it (its derivative stays finite).

    Parameters
    ----------
    residual : callable
        g(u, *params), elementwise in u.
    lower, upper : array
        The bracket (treated as constants: the root does not depend on them).
    params : arrays
        The differentiable parameters of g.
    """
    return _solve(residual, jax.lax.stop_gradient(lower), jax.lax.stop_gradient(upper), params)
