"""A bracketed scalar root whose derivative comes from the implicit-function theorem."""

import functools

import jax
import jax.numpy as jnp
import numpy as np
from scipy.optimize import brentq

from autogalaxy_jaxnfw.roots import chandrupatla

__all__ = ["bracketed_root", "implicit_root"]


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


def bracketed_root(residual, lower, upper, *params, xp=jnp):
    """:func:`implicit_root` under JAX; SciPy's ``brentq`` for NumPy scalars (no compilation).

    ``residual`` must accept ``xp`` as a keyword.  Where g does not change sign the result is
    ``lower`` on the NumPy path (the caller masks it, as on the JAX path).
    """
    if xp is not np:
        return implicit_root(lambda u, *p: residual(u, *p, xp=jnp), lower, upper, *params)
    g_lower, g_upper = residual(lower, *params, xp=np), residual(upper, *params, xp=np)
    if not np.sign(g_lower) * np.sign(g_upper) < 0.0:
        return lower
    return brentq(lambda u: residual(u, *params, xp=np), lower, upper, xtol=1e-15, rtol=4.0 * np.finfo(float).eps)
