"""The secant method on L16 eq. 7 in the collapse density ratio, for a concrete cosmology.

In v = ln(rho_crit(z_-2) / rho_crit(z)) the equation is explicit in the halo's spread,
ln s = Phi(v; z) (:func:`autogalaxy_jaxnfw.halo.ludlow16.equations.ln_spread_of_v`), and Phi(v) - ln v
tends to a constant A(z) as v -> 0 and changes by order unity up to c = 100.  In
psi = ln v the root of Phi - ln s is therefore close to psi_1 = ln s - A(z), the step of
slope one from a point near v = 0, and the secant method from there converges
superlinearly for every halo and redshift.  colossus' growth factor has kinks where
z_-2 = 5 and 20, but its derivative jumps only slightly there, so convergence slows little.

The iteration is a bounded ``lax.while_loop`` that stops once every halo's last change of
v is below the tolerance (a handful of steps); each step evaluates Phi once, so the
program is small and elementwise (any shapes of masses and redshifts).  Steps are capped
at c = 100; a halo that ends on the cap, or whose last change is not below the tolerance,
is reported as not converged (so it is invalid, never a silent wrong value).  Derivatives
follow from the implicit-function theorem.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.halo.ludlow16.formation import V_TOP, ln_concentration_of_v
from autogalaxy_jaxnfw.halo.ludlow16.equations import Ludlow16Root, formation_cube, formation_in_range, ln_spread_of_v
from autogalaxy_jaxnfw.numerics.roots import RootResult, with_implicit_derivative

__all__ = ["MAX_ITERATIONS", "solve_secant"]

MAX_ITERATIONS = 12
_PSI_TOP = float(np.log(V_TOP))
# Where Phi(v) - ln v is read for the first step: close enough to v = 0 for ~1e-6 accuracy.
_PSI_GUESS = float(np.log(1e-6))
# On the last change of v (ln c changes by about a third of it); in float32 the steps settle
# at rounding instead (warm spectra noisier than cold), so the tolerance is at least 64 ulp of v.
_V_TOL = 1e-9
_ULPS = 64.0


class _State(NamedTuple):
    previous: jax.Array  # psi of the previous step
    residual_previous: jax.Array  # Phi - ln s there
    psi: jax.Array
    change: jax.Array  # |v - v_previous| of the last step
    iteration: jax.Array


def _residual(psi, params):
    ln_s, problem = params
    return ln_spread_of_v(jnp.exp(psi), problem) - ln_s


def _solve(params) -> RootResult:
    ln_s = params[0]

    def tolerance(psi):
        return jnp.maximum(_V_TOL, _ULPS * jnp.finfo(psi.dtype).eps * jnp.exp(psi))

    def cond(state):
        return (state.iteration < MAX_ITERATIONS) & jnp.any(state.change >= tolerance(state.psi))

    def body(state):
        # One evaluation of Phi per step; step 0 takes slope one from the guess point.
        residual = _residual(state.psi, params)
        difference = residual - state.residual_previous
        usable = difference != 0.0
        secant = state.psi - residual * (state.psi - state.previous) / jnp.where(usable, difference, 1.0)
        target = jnp.where(state.iteration == 0, state.psi - residual, jnp.where(usable, secant, state.psi))
        psi = jnp.minimum(target, _PSI_TOP)
        change = jnp.abs(jnp.exp(psi) - jnp.exp(state.psi))
        return _State(state.psi, residual, psi, change, state.iteration + 1)

    start = jnp.full_like(ln_s, _PSI_GUESS)
    final = jax.lax.while_loop(cond, body, _State(start, jnp.zeros_like(ln_s), start, jnp.full_like(ln_s, jnp.inf), 0))
    # On the cap the root lies above c = 100 (or exactly on it, which has measure zero).
    return RootResult(root=final.psi, converged=(final.change < tolerance(final.psi)) & (final.psi < _PSI_TOP))


_solve_implicit = with_implicit_derivative(_solve, _residual)


def solve_secant(ln_s, problem) -> Ludlow16Root:
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
