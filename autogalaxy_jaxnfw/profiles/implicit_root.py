"""A bracketed scalar root whose derivative comes from the implicit-function theorem."""

import jax
import jax.numpy as jnp
import numpy as np
from scipy.optimize import brentq

from autogalaxy_jaxnfw.numerics.roots import chandrupatla, with_implicit_derivative

__all__ = ["bracketed_root", "implicit_root"]


def implicit_root(residual, lower, upper, *params):
    """The root u of ``residual(u, *params)`` in [lower, upper], with derivatives by implicit differentiation.

    The forward solve is :func:`autogalaxy_jaxnfw.numerics.roots.chandrupatla` (a bounded loop, which
    reverse-mode differentiation cannot go through); the derivative comes from
    :func:`autogalaxy_jaxnfw.numerics.roots.with_implicit_derivative`, so ``jax.grad``, ``jax.jvp``
    and ``jax.vmap`` all work.  Where g does not change sign on the bracket the
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

    def solve(args):
        lower, upper, params = args
        g = lambda u: residual(u, *params)  # noqa: E731
        return chandrupatla(g, lower, upper, g(lower), g(upper))

    # The bracket travels with the parameters but the residual ignores it, so it gets no derivative.
    solved = with_implicit_derivative(solve, lambda u, args: residual(u, *args[2]))
    return solved((jax.lax.stop_gradient(lower), jax.lax.stop_gradient(upper), params)).root


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
