"""Halo mass functions in colossus' call, units and conventions.

``mass_function(M, z, mdef, model, q_out, cosmology)`` is colossus'
``lss.mass_function.massFunction(M, z, mdef=mdef, model=model, q_in="M", q_out=q_out)``:

* ``q_out="f"``: the multiplicity f(sigma) of the model (:mod:`.multiplicity_models`);
* ``q_out="dndlnM"``: dn / d ln M = f(sigma) rho_m0 / M |d ln sigma / d ln M|, the comoving
  number density of halos per unit ln M in (Mpc/h)^-3, with rho_m0 = Om0 rho_c0 the mean
  matter density today in Msun h^2 / Mpc^3;
* ``q_out="M2dndM"``: M^2 / rho_m0 dn / dM = f(sigma) |d ln sigma / d ln M| (dimensionless).

sigma(M, z) is the top-hat variance at the Lagrangian radius of M (:mod:`.linear_field`), its
slope the exact derivative of the package's sigma series.  Masses are in Msun/h, in the
definition ``mdef`` the model is asked for ("fof" for friends-of-friends fits, "<Delta>c",
"<Delta>m" or "vir" for spherical-overdensity ones).

Warm dark matter: ``warm=`` chooses how a warm cosmology's abundance is made -- a turnover times the cold fit, or
the sharp-k mass function of the warm spectrum; without it a concrete warm cosmology raises ``ValueError`` naming
``warm`` (:mod:`.warm_routes`).

Validity (the package's contract): M finite, > 0 and with a Lagrangian radius inside the sigma series,
[1e-3, 60] Mpc/h (about 4e2 to 8e16 Msun/h); z finite and >= 0; the model inside its calibrated range of
overdensity (Tinker et al. 2008: 200 <= Delta_m <= 3200).  Elsewhere the value is NaN, ``valid`` False and
every derivative 0.  Unknown strings (``model``, ``q_out``, ``mdef``, ``warm``, or a definition the model does
not have) raise ``ValueError`` naming the argument and the allowed values.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp

from autogalaxy_jaxnfw.cosmology.parameters import planck15
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.cosmology.tables import tables_for
from autogalaxy_jaxnfw.halo.mass_definitions import SAFE_MASS
from autogalaxy_jaxnfw.halo.overdensity import parse_mass_definition
from autogalaxy_jaxnfw.lss.linear_field import linear_field, mean_matter_density
from autogalaxy_jaxnfw.lss.multiplicity_models import MODELS
from autogalaxy_jaxnfw.lss.outputs import Q_OUT, check_q_out
from autogalaxy_jaxnfw.lss.sharp_k_mass_function import SharpKModel, check_sharp_k_model, sharp_k_mass_function_solution
from autogalaxy_jaxnfw.lss.warm_routes import cold_only, is_static, turnover_cosmologies, warm_route
from autogalaxy_jaxnfw.lss.warm_turnover import Turnover, check_turnover, warm_factor_with_mask
from autogalaxy_jaxnfw.numerics.inputs import as_floats
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = [
    "MassFunctionSolution",
    "Q_OUT",
    "check_model",
    "check_q_out",
    "mass_function",
    "mass_function_at",
    "mass_function_solution",
    "mass_function_with_mask",
    "multiplicity",
    "multiplicity_with_mask",
]


class MassFunctionSolution(NamedTuple):
    """A mass function with its validity and the quantities it was built from.

    Attributes
    ----------
    value : jax.Array
        The mass function in the units asked for; NaN where not ``valid``.
    valid : jax.Array of bool
        ``input_valid & in_table & calibrated``.
    input_valid : jax.Array of bool
        M finite and > 0, z finite and >= 0.
    in_table : jax.Array of bool
        The Lagrangian radius of M lies in the sigma series' range.
    calibrated : jax.Array of bool
        The model is used inside its calibrated range of overdensity, on a valid cosmology
        (cold unless ``warm=`` chose a route).
    sigma : jax.Array
        sigma(M, z) (NaN where not ``valid``).
    """

    value: jax.Array
    valid: jax.Array
    input_valid: jax.Array
    in_table: jax.Array
    calibrated: jax.Array
    sigma: jax.Array


def check_model(model, mdef):
    """The :class:`MultiplicityModel` of ``model``; ``ValueError`` for an unknown model or definition."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {sorted(MODELS)}; got {model!r}")
    entry = MODELS[model]
    if mdef == "fof":
        if not entry.fof:
            raise ValueError(f"mdef 'fof' is not defined for model {model!r}: it needs a spherical-overdensity definition ('200m', '200c', 'vir', ...)")
        return entry
    parse_mass_definition(mdef)
    if not entry.spherical_overdensity:
        raise ValueError(f"mdef of model {model!r} must be 'fof' (a friends-of-friends fit); got {mdef!r}")
    return entry


def multiplicity_with_mask(sigma, z, model, mdef, cosmology=planck15):
    """f(sigma) of ``model`` at redshift z, and whether the model is calibrated there.

    Parameters
    ----------
    sigma : array_like
        rms linear fluctuation of the halos' Lagrangian regions at z, > 0.
    z : array_like
        Redshift, >= 0; broadcast against ``sigma``.
    model : str
        A key of :data:`~autogalaxy_jaxnfw.lss.multiplicity_models.MODELS`.
    mdef : str
        "fof" or a spherical-overdensity definition the model has.
    cosmology : Cosmology
        Enters through Omega_m(z) and the definitions' thresholds (may be traced).

    Returns
    -------
    (jax.Array, jax.Array of bool)
        f (NaN where not valid) and its validity: sigma, z and the cosmology valid, calibrated.
    """
    entry = check_model(model, mdef)
    sigma, z = as_floats(sigma=sigma, z=z)
    cosmology, cosmology_ok = valid_or_stand_in(cosmology)
    ok = jnp.isfinite(sigma) & (sigma > 0.0) & jnp.isfinite(z) & (z >= 0.0) & cosmology_ok
    f, calibrated = entry.function(jnp.where(ok, sigma, 1.0), jnp.where(ok, z, 0.0), mdef, cosmology)
    valid = ok & calibrated
    return jnp.where(valid, f, jnp.nan), valid


def multiplicity(sigma, z, model, mdef, cosmology=planck15):
    """f(sigma) of ``model`` (colossus' ``q_out="f"``, ``q_in="sigma"``); NaN where not valid.

    See :func:`multiplicity_with_mask` for the arguments.
    """
    return multiplicity_with_mask(sigma, z, model, mdef, cosmology)[0]


def mass_function_at(tables, cosmology, M, z, mdef, model, q_out):
    """``(value, in_table, calibrated, sigma)`` for valid M and z (no masking), given the tables.

    The core of :func:`mass_function_solution`, for callers that evaluate many masses with one
    set of tables (the integrals over mass); the strings must have been checked.
    """
    field = linear_field(tables, cosmology, M, z)
    f, calibrated = MODELS[model].function(field.sigma, z, mdef, cosmology)
    if q_out == "f":
        value = f
    elif q_out == "M2dndM":
        value = -f * field.d_ln_sigma_d_ln_M
    else:
        value = -f * field.d_ln_sigma_d_ln_M * mean_matter_density(cosmology) / M
    return value, field.in_table, calibrated, field.sigma


def _solution(M, z, mdef, model, q_out, cosmology, route) -> MassFunctionSolution:
    """The mass function of checked arguments, ``route`` from :func:`warm_route`."""
    if isinstance(route, SharpKModel):
        return MassFunctionSolution(*sharp_k_mass_function_solution(M, z, q_out, cosmology, route))
    if route is None:
        cold, cold_ok = cold_only(cosmology, model)
    else:
        cosmology, cold, cold_ok = turnover_cosmologies(cosmology)
    M_ok = jnp.isfinite(M) & (M > 0.0)
    z_ok = jnp.isfinite(z) & (z >= 0.0)
    input_valid = M_ok & z_ok
    # Each stand-in keeps its own shape: for many masses at one redshift, the redshift's growth
    # factor, overdensity and fit parameters are computed once, not once per mass.
    M_safe = jnp.where(M_ok, M, SAFE_MASS)
    z_safe = jnp.where(z_ok, z, 0.0)
    value, in_table, calibrated, sigma = mass_function_at(tables_for(cold), cold, M_safe, z_safe, mdef, model, q_out)
    calibrated = calibrated & cold_ok
    if route is not None:
        factor, factor_valid = warm_factor_with_mask(M_safe, cosmology, route)
        calibrated = calibrated & factor_valid
        value = value * jnp.where(factor_valid, factor, 1.0)
    valid = input_valid & in_table & calibrated
    nan = lambda x: jnp.where(valid, x, jnp.nan)  # noqa: E731
    return MassFunctionSolution(nan(value), valid, input_valid, in_table, calibrated, nan(sigma))


# Concrete cosmology and route: one compiled program per (definition, model, units, cosmology,
# route, shapes), as the concentrations do; op-by-op dispatch would compile every primitive of
# the series and the fit on a first call and dispatch each of them on every call.
_jitted_solution = jax.jit(_solution, static_argnames=("mdef", "model", "q_out", "cosmology", "route"))


def mass_function_solution(
    M, z, mdef, model="tinker08", q_out="dndlnM", cosmology=planck15, warm=None
) -> MassFunctionSolution:
    """The mass function with its validity flags: see :func:`mass_function`."""
    check_model(model, mdef)
    check_q_out(q_out)
    route = warm_route(warm)
    if isinstance(route, SharpKModel) and model != "sheth99":
        raise ValueError(
            f"model must be 'sheth99' with warm='sharp_k' (the route is the Sheth-Tormen multiplicity on the"
            f" sharp-k variance); got {model!r}"
        )
    # The route's parameters checked here: inside the compiled program they would be traced.
    if isinstance(route, Turnover):
        check_turnover(route)
    elif route is not None:
        check_sharp_k_model(route)
    M, z = as_floats(M=M, z=z)
    if is_traced(cosmology, M, z, route) or not is_static(route):
        return _solution(M, z, mdef, model, q_out, cosmology, route)
    return _jitted_solution(M, z, mdef=mdef, model=model, q_out=q_out, cosmology=cosmology.as_static(), route=route)


def mass_function_with_mask(M, z, mdef, model="tinker08", q_out="dndlnM", cosmology=planck15, warm=None):
    """``(value, valid)`` of :func:`mass_function`."""
    solution = mass_function_solution(M, z, mdef, model, q_out, cosmology, warm)
    return solution.value, solution.valid


def mass_function(M, z, mdef, model="tinker08", q_out="dndlnM", cosmology=planck15, warm=None):
    """Halo mass function, colossus' ``massFunction(M, z, mdef=mdef, model=model, q_out=q_out)``.

    Parameters
    ----------
    M : array_like
        Halo mass in Msun/h in the definition ``mdef``; finite, > 0, about 4e2 to 8e16.
    z : array_like
        Redshift, finite, >= 0; broadcast against ``M``.
    mdef : str
        "fof" for friends-of-friends fits, "<Delta>c", "<Delta>m" or "vir" for
        spherical-overdensity fits.
    model : str
        "press74", "sheth99", "jenkins01", "warren06", "angulo12", "tinker08", "watson13" or
        "despali16" (:mod:`.multiplicity_models`).
    q_out : {"dndlnM", "f", "M2dndM"}
        dn / d ln M in comoving (Mpc/h)^-3, the multiplicity f(sigma), or M^2 / rho_m0 dn / dM.
    cosmology : Cosmology
        May be traced (exact derivatives with respect to its parameters, ``m_wdm`` included).
    warm : None, str, Turnover or SharpKModel
        How a warm cosmology's abundance is made (:mod:`.warm_routes`): None, the cold model (an
        error for a concrete finite ``m_wdm``); a turnover preset ("lovell20", "lovell14",
        "schneider12", ...) or :class:`~autogalaxy_jaxnfw.lss.warm_turnover.Turnover`, the
        cold model times n_wdm / n_cdm; "sharp_k" or a
        :class:`~autogalaxy_jaxnfw.lss.sharp_k_mass_function.SharpKModel`, the sharp-k
        mass function of the warm spectrum (``model="sheth99"``, ``mdef="fof"``).

    Returns
    -------
    jax.Array
        The mass function, NaN where the inputs or the model's calibration are invalid
        (:func:`mass_function_with_mask` also returns the validity).

    Raises
    ------
    ValueError
        For an unknown ``model``, ``q_out`` or ``warm``, an ``mdef`` the model does not have,
        ``warm="sharp_k"`` with a model other than "sheth99", or a concrete warm cosmology
        with ``warm=None``.
    """
    return mass_function_solution(M, z, mdef, model, q_out, cosmology, warm).value
