"""Newton's method on L16 eq. 7 in the collapse density ratio, for a concrete cosmology.

In v = ln(rho_crit(z_-2) / rho_crit(z)) the equation is explicit in the halo's spread,
ln s = Phi(v; z) (:func:`autogalaxy_jaxnfw.ludlow16.ln_spread_of_v`), and Phi(v) - ln v
tends to a constant A(z) as v -> 0 and changes by order unity up to c = 100.  Newton's
method in psi = ln v on Phi - ln s, started from psi_0 = ln s - A(z), therefore converges
fast for every halo and redshift: a fixed number of steps in a ``fori_loop``, no bracket
and no branch, so the program is small and elementwise (any shapes of masses and
redshifts).  colossus' growth factor has kinks where z_-2 = 5 and 20, but its derivative
jumps only slightly there, so a step still contracts the error by orders of magnitude.
Steps are capped at c = 100; a halo whose last step is not below the tolerance is
reported as not converged (so it is invalid, never a silent wrong value).  Derivatives
follow from the implicit-function theorem.
"""

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.formation import V_TOP, ln_concentration_of_v
from autogalaxy_jaxnfw.ludlow16 import Ludlow16Root, formation_cube, formation_in_range, ln_spread_of_v
from autogalaxy_jaxnfw.roots import RootResult, with_implicit_derivative

__all__ = ["NEWTON_STEPS", "solve_newton"]

NEWTON_STEPS = 6
_PSI_TOP = float(np.log(V_TOP))
# Where Phi(v) - ln v is read for the first guess: close enough to v = 0 for ~1e-6 accuracy.
_PSI_GUESS = float(np.log(1e-6))
# On the last step's change of v (ln c changes by about a third of it).
_V_TOL = 1e-9


def _residual(psi, params):
    ln_s, problem = params
    return ln_spread_of_v(jnp.exp(psi), problem) - ln_s


def _solve(params) -> RootResult:
    ln_s = params[0]

    def step(i, state):
        # Step 0 reads Phi - psi at the guess point (the first guess); then Newton steps.
        # One evaluation site, so Phi and its derivative are compiled once.
        psi, _ = state
        value, slope = jax.jvp(lambda x: _residual(x, params), (psi,), (jnp.ones_like(psi),))
        return jnp.minimum(jnp.where(i == 0, psi - value, psi - value / slope), _PSI_TOP), psi

    # The loop carries the last two iterates only: convergence is judged after it (a flag
    # in the loop state doubled XLA's compile time).
    start = jnp.full_like(ln_s, _PSI_GUESS)
    psi, previous = jax.lax.fori_loop(0, 1 + NEWTON_STEPS, step, (start, start))
    # At the cap the root lies above c = 100 (or exactly on it, which has measure zero).
    converged = (jnp.abs(jnp.exp(psi) - jnp.exp(previous)) < _V_TOL) & (psi < _PSI_TOP)
    return RootResult(root=psi, converged=converged)


_solve_implicit = with_implicit_derivative(_solve, _residual)


def solve_newton(ln_s, problem) -> Ludlow16Root:
    """ln c solving L16 eq. 7 for halos of spread ln s (broadcast against ``problem``'s redshifts).

    Returns
    -------
    Ludlow16Root
        ``converged`` is False where the root lies above c = 100 or the steps did not settle.
    """
    ln_s = jnp.broadcast_to(ln_s, jnp.broadcast_shapes(jnp.shape(ln_s), jnp.shape(problem.delta_now)))
    result = _solve_implicit((ln_s, problem))
    v = jnp.exp(result.root)
    return Ludlow16Root(
        ln_c=ln_concentration_of_v(v),
        converged=result.converged,
        in_range=formation_in_range(formation_cube(problem, v)),
    )
