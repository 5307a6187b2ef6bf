"""The general solver: a bracketed root of L16 eq. 7 in ln c, halo by halo.

Used where nothing is known when the program is traced -- above all a traced cosmology
(gradients with respect to cosmological parameters) -- and as the reference of the faster
solvers.  Chandrupatla's method (:func:`autogalaxy_jaxnfw.numerics.roots.chandrupatla`) brackets the
root in ln c on [0, ln 100]: at c = 1, 200 c^3 M_-2/M_200 < C puts z_-2 before z (L16 eq. 6),
so the residual is negative there for every halo, and a root exists in the bracket where it
is non-negative at c = 100.  Derivatives follow from the implicit-function theorem.
"""

import jax.numpy as jnp

from autogalaxy_jaxnfw.halo.ludlow16.einasto import LN_C_RANGE
from autogalaxy_jaxnfw.halo.ludlow16.formation import collapse_density_ratio
from autogalaxy_jaxnfw.halo.ludlow16.equations import Ludlow16Root, collapse_residual, formation_cube, formation_in_range
from autogalaxy_jaxnfw.numerics.roots import RootResult, chandrupatla, with_implicit_derivative

__all__ = ["solve_bracketed"]

# Far below the 1e-9 goal in c, at the cost of about one iteration (tune.py).
_LN_C_TOL = 1e-11


def _residual(ln_c, params):
    ln_s, problem = params
    return collapse_residual(ln_c, ln_s, problem)


def _solve(params) -> RootResult:
    f_top = _residual(jnp.full(jnp.shape(params[0]), LN_C_RANGE[1]), params)
    lower, upper = (jnp.full(jnp.shape(f_top), x) for x in LN_C_RANGE)
    # -1 stands in for the residual at c = 1 (negative by construction, see above).
    return chandrupatla(
        lambda x: _residual(x, params), lower, upper, jnp.full_like(f_top, -1.0), f_top, x_tol=_LN_C_TOL
    )


_solve_implicit = with_implicit_derivative(_solve, _residual)


def solve_bracketed(ln_s, problem) -> Ludlow16Root:
    """ln c solving L16 eq. 7 for halos of spread ln s (broadcast against ``problem``'s redshifts).

    Returns
    -------
    Ludlow16Root
        ``converged`` is False where no root lies in [1, 100] or the iteration limit was
        reached.
    """
    ln_s = jnp.broadcast_to(ln_s, jnp.broadcast_shapes(jnp.shape(ln_s), jnp.shape(problem.delta_now)))
    result = _solve_implicit((ln_s, problem))
    cube = formation_cube(problem, collapse_density_ratio(result.root))
    return Ludlow16Root(ln_c=result.root, converged=result.converged, in_range=formation_in_range(cube))
