"""A relation's concentration in a mass definition other than its native one (colossus' nested solve).

Given M in definition ``mdef``, find the native mass M_n whose NFW halo, with the relation's
c_n(M_n), has mass M in ``mdef`` (colossus' ``concentration`` does the same with Brent's
method and a search for a bracket); c is then c_n converted to ``mdef``.

The bracket is exact: an NFW halo's mean density falls with a logarithmic slope between -1
and -3, so with L = ln(rho_mdef / rho_native) the masses satisfy
ln(M / M_n) between 0 and -2 L, i.e. ln M_n lies between ln M and ln M + 2 L whatever c_n.
It is clipped to the masses the relation is defined for.  The root in ln M_n is
Chandrupatla's, differentiated by the implicit-function theorem (with respect to M, z and,
when traced, the cosmology).
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp

from autogalaxy_jaxnfw.halo.mass_definitions import SAFE_CONCENTRATION, change_mass_definition_solution, density_threshold
from autogalaxy_jaxnfw.numerics.roots import chandrupatla, with_implicit_derivative
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = ["NestedSolution", "solve_nested"]

# The exact bracket is widened by this much in ln M_n: its ends are attained only as c_n -> 0 or inf.
_MARGIN = 1e-3
# |ln M(M_n) - ln M| below this: a root; in float32 the rounding of ln M sets it instead.
_RESIDUAL_TOLERANCE = 1e-9
_RESIDUAL_ROUNDING = 64.0


class NestedSolution(NamedTuple):
    """c in the requested definition and the native mass behind it.

    Attributes
    ----------
    c : jax.Array
        Concentration in the requested definition; NaN where not ``solved``.
    native_mass : jax.Array
        M_n in the relation's native definition, Msun/h.
    solved : jax.Array of bool
        A native mass was found inside the relation's domain, with valid c_n and conversion.
    """

    c: jax.Array
    native_mass: jax.Array
    solved: jax.Array


def solve_nested(native, M, z, mdef, native_mdef, cosmology, ln_mass_range) -> NestedSolution:
    """Solve for the native mass of each halo (M [Msun/h] in ``mdef``, z; broadcast, valid inputs).

    Parameters
    ----------
    native : callable
        ``(M_n, z, cosmology) -> (c_n, valid)``, the relation in its native definition.
    M, z : jax.Array
        Valid masses (> 0) and redshifts; callers substitute safe values elsewhere.
    mdef, native_mdef : str
    cosmology : Cosmology
        May be traced.
    ln_mass_range : (float or jax.Array, float or jax.Array)
        The natural-log native masses between which ``native`` is defined.

    Returns
    -------
    NestedSolution
    """
    traced = is_traced(cosmology)
    shape = jnp.broadcast_shapes(jnp.shape(M), jnp.shape(z))
    ln_m, z = jnp.broadcast_to(jnp.log(M), shape), jnp.broadcast_to(jnp.asarray(z, dtype=float), shape)

    def unpack(params):
        return params if traced else (*params, cosmology)

    def convert(ln_mn, params):
        ln_m, z, cosmo = unpack(params)
        native_c, native_valid = native(jnp.exp(ln_mn), z, cosmo)
        # A stand-in c where the relation has none keeps the residual and its derivatives
        # finite; the validity checks below reject such points.
        native_c = jnp.where(native_valid, native_c, SAFE_CONCENTRATION)
        converted = change_mass_definition_solution(jnp.exp(ln_mn), native_c, z, native_mdef, mdef, cosmo)
        return converted, native_valid & converted.valid

    def residual(ln_mn, params):
        return jnp.log(convert(ln_mn, params)[0].M) - params[0]

    def solve(params):
        ln_m, z, cosmo = unpack(params)
        two_l = 2.0 * jnp.log(density_threshold(z, mdef, cosmo) / density_threshold(z, native_mdef, cosmo))
        lower = jnp.maximum(ln_m + jnp.minimum(0.0, two_l) - _MARGIN, ln_mass_range[0])
        upper = jnp.minimum(ln_m + jnp.maximum(0.0, two_l) + _MARGIN, ln_mass_range[1])
        upper = jnp.maximum(upper, lower)
        f = lambda x: residual(x, params)
        return chandrupatla(f, lower, upper, f(lower), f(upper))

    params = (ln_m, z, cosmology) if traced else (ln_m, z)
    root = with_implicit_derivative(solve, residual)(params)
    converted, ok = convert(root.root, params)
    eps = float(jnp.finfo(root.root.dtype).eps)
    tolerance = jnp.maximum(_RESIDUAL_TOLERANCE, _RESIDUAL_ROUNDING * eps * (1.0 + jnp.abs(ln_m)))
    solved = root.converged & ok & (jnp.abs(residual(root.root, params)) <= tolerance)
    return NestedSolution(jnp.where(solved, converted.c, jnp.nan), jnp.exp(root.root), solved)
