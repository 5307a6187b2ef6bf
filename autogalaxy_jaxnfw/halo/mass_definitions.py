"""Spherical-overdensity mass definitions and the NFW change of definition, in colossus' units.

The thresholds of ``"<Delta>c"``, ``"<Delta>m"`` and ``"vir"`` (Bryan & Norman 1998) and the
mass-radius relation live in :mod:`~autogalaxy_jaxnfw.halo.overdensity` and are re-exported
here.  Units: M in Msun/h, R in physical kpc/h, densities in Msun h^2 / kpc^3.

Changing the definition of an NFW halo (Navarro, Frenk & White 1997) keeps rho_s and r_s:
the new x = R_new / r_s solves 3 mu(x) / x^3 = rho_new / rho_s with
mu(x) = ln(1 + x) - x / (1 + x), found per halo by Newton's method in ln x from the top of an
exact bracket (3 ln x - ln mu(x) rises with slope between 1 and 3 and is convex, so the
iterates descend monotonically onto the root), with the implicit-function derivative.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp

from autogalaxy_jaxnfw.cosmology.parameters import checked_cosmology, planck15
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.numerics.inputs import as_floats
from autogalaxy_jaxnfw.numerics.roots import newton_from_above, with_implicit_derivative
from autogalaxy_jaxnfw.numerics.tracing import is_traced
from autogalaxy_jaxnfw.halo.overdensity import (
    RHO_CRIT_0_KPC3,
    delta_vir,
    density_threshold,
    mass_to_radius,
    parse_mass_definition,
    radius_to_mass,
    valid_redshift,
)

__all__ = [
    "RHO_CRIT_0_KPC3",
    "SAFE_CONCENTRATION",
    "SAFE_MASS",
    "MassConversion",
    "MassConversionSolution",
    "change_mass_definition",
    "change_mass_definition_solution",
    "change_mass_definition_with_mask",
    "delta_vir",
    "density_threshold",
    "ln_nfw_mu",
    "mass_to_radius",
    "parse_mass_definition",
    "radius_to_mass",
]

_PROFILES = ("nfw",)
SAFE_MASS, SAFE_CONCENTRATION = 1e12, 5.0
"""Stand-ins [Msun/h, c] where a halo has no mass or concentration, so that no NaN enters a derivative."""
# Below this x, mu(x) = sum_{n>=2} (-1)^n (n-1)/n x^n: the closed form cancels to ~eps / x^2.
_MU_SERIES_BELOW = 0.05
_MU_SERIES_TERMS = 14


def ln_nfw_mu(x):
    """ln mu(x), mu(x) = ln(1 + x) - x / (1 + x): the NFW enclosed mass in units of 4 pi rho_s r_s^3.

    Below x = 0.05 the alternating series x^2/2 - 2x^3/3 + 3x^4/4 - ... replaces the
    closed form, which loses digits to cancellation there.
    """
    small = x < _MU_SERIES_BELOW
    xs = jnp.where(small, x, _MU_SERIES_BELOW)
    series = 0.0
    for n in range(1 + _MU_SERIES_TERMS, 1, -1):  # Horner
        series = series * xs + (-1.0) ** n * (n - 1.0) / n
    xl = jnp.where(small, 1.0, x)
    return jnp.where(small, 2.0 * jnp.log(xs) + jnp.log(series), jnp.log(jnp.log1p(xl) - xl / (1.0 + xl)))


class MassConversion(NamedTuple):
    """A halo in the new mass definition (unpacks as colossus' ``changeMassDefinition``).

    Attributes
    ----------
    M : jax.Array
        Mass in the new definition, Msun/h.
    R : jax.Array
        Radius in the new definition, physical kpc/h.
    c : jax.Array
        Concentration R / r_s in the new definition.
    """

    M: jax.Array
    R: jax.Array
    c: jax.Array


class MassConversionSolution(NamedTuple):
    """:class:`MassConversion` with its validity (NaN entries where ``valid`` is False).

    Attributes
    ----------
    M, R, c : jax.Array
        As in :class:`MassConversion`.
    valid : jax.Array of bool
        ``input_valid & solved``.
    input_valid : jax.Array of bool
        M and c finite and > 0, z finite and > -1, the cosmology's fields in their domain
        (:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.cosmology_valid`; a traced cosmology).
    solved : jax.Array of bool
        The solver converged.
    """

    M: jax.Array
    R: jax.Array
    c: jax.Array
    valid: jax.Array
    input_valid: jax.Array
    solved: jax.Array


def _conversion_residual(ln_x, params):
    """ln(3 mu(x) / x^3) - ln(3 mu(c) / c^3) - ln(rho_new / rho_old); params = (ln c, ln ratio)."""
    ln_c, ln_ratio = params
    return ln_nfw_mu(jnp.exp(ln_x)) - 3.0 * ln_x - ln_nfw_mu(jnp.exp(ln_c)) + 3.0 * ln_c - ln_ratio


def _solve_conversion(params):
    # The mean density inside x falls with a logarithmic slope between -3 (x -> inf) and -1
    # (x -> 0), so ln x - ln c lies between -L and -L/3 with L = ln(rho_new / rho_old).
    ln_c, ln_ratio = params
    ends = (ln_c - ln_ratio, ln_c - ln_ratio / 3.0)
    rising = lambda ln_x: jax.jvp(lambda t: -_conversion_residual(t, params), (ln_x,), (jnp.ones_like(ln_x),))
    return newton_from_above(rising, jnp.maximum(*ends) + 1e-3, jnp.minimum(*ends) - 1e-3)


_solve_conversion_differentiably = with_implicit_derivative(_solve_conversion, _conversion_residual)


def change_mass_definition_solution(M, c, z, mdef_in, mdef_out, cosmology=planck15, profile="nfw"):
    """An NFW halo's mass, radius and concentration in another definition, with validity.

    Parameters
    ----------
    M : array_like
        Mass in ``mdef_in``, Msun/h.
    c : array_like
        Concentration in ``mdef_in``.
    z : array_like
        Redshift, > -1; M, c and z broadcast together.
    mdef_in, mdef_out : str
        Mass definitions (``"200c"``, ``"vir"``, ``"200m"``, ...).
    cosmology : Cosmology
        May be traced.
    profile : {"nfw"}
        The density profile that links the definitions.

    Returns
    -------
    MassConversionSolution

    Raises
    ------
    TypeError, ValueError
        For an argument of the wrong kind, shapes that do not broadcast, an unknown mass
        definition or profile, naming the argument.  Values outside the domain are NaN with
        ``valid = False`` (concrete or traced).
    """
    if profile not in _PROFILES:
        raise ValueError(f"profile must be one of {_PROFILES}; got {profile!r}")
    parse_mass_definition(mdef_in), parse_mass_definition(mdef_out)
    M, c, z = as_floats(M=M, c=c, z=z)
    cosmology = checked_cosmology(cosmology)
    if is_traced(cosmology) or is_traced(M, c, z):
        return _conversion(M, c, z, mdef_in, mdef_out, cosmology)
    return _jitted_conversion(M, c, z, mdef_in=mdef_in, mdef_out=mdef_out, cosmology=cosmology)


def _conversion(M, c, z, mdef_in, mdef_out, cosmology):
    cosmology, cosmology_ok = valid_or_stand_in(cosmology)
    z_safe, z_ok = valid_redshift(z)
    input_valid = jnp.isfinite(M) & (M > 0.0) & jnp.isfinite(c) & (c > 0.0) & z_ok & cosmology_ok
    M_safe, c_safe = jnp.where(input_valid, M, SAFE_MASS), jnp.where(input_valid, c, SAFE_CONCENTRATION)
    rho_in = density_threshold(z_safe, mdef_in, cosmology)
    rho_out = density_threshold(z_safe, mdef_out, cosmology)
    ln_c = jnp.log(c_safe)
    ln_ratio = jnp.log(rho_out / rho_in)
    shape = jnp.broadcast_shapes(ln_c.shape, ln_ratio.shape, M_safe.shape)
    params = (jnp.broadcast_to(ln_c, shape), jnp.broadcast_to(ln_ratio, shape))
    root = _solve_conversion_differentiably(params)
    valid = input_valid & root.converged
    c_new = jnp.exp(root.root)
    R_new = mass_to_radius(M_safe, z_safe, mdef_in, cosmology) / c_safe * c_new
    M_new = radius_to_mass(R_new, z_safe, mdef_out, cosmology)
    nan = lambda v: jnp.where(valid, v, jnp.nan)
    return MassConversionSolution(nan(M_new), nan(R_new), nan(c_new), valid, input_valid, root.converged)


# Concrete inputs: one compiled program per (definitions, cosmology).
_jitted_conversion = jax.jit(_conversion, static_argnames=("mdef_in", "mdef_out", "cosmology"))


def change_mass_definition_with_mask(M, c, z, mdef_in, mdef_out, cosmology=planck15, profile="nfw"):
    """(:class:`MassConversion`, valid): see :func:`change_mass_definition_solution`."""
    solution = change_mass_definition_solution(M, c, z, mdef_in, mdef_out, cosmology, profile)
    return MassConversion(solution.M, solution.R, solution.c), solution.valid


def change_mass_definition(M, c, z, mdef_in, mdef_out, cosmology=planck15, profile="nfw"):
    """(M, R, c) of an NFW halo in ``mdef_out``, as colossus' ``mass_defs.changeMassDefinition``.

    M in Msun/h, R in physical kpc/h.  Invalid entries (M or c not > 0, z not > -1) are NaN
    with zero gradients; see :func:`change_mass_definition_solution`.
    """
    solution = change_mass_definition_solution(M, c, z, mdef_in, mdef_out, cosmology, profile)
    return MassConversion(solution.M, solution.R, solution.c)
