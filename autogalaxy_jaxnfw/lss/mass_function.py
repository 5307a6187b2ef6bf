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

Warm dark matter (``warm=``).  The fits are calibrated on cold spectra; for a cosmology with
a finite ``m_wdm`` the user chooses how the warm abundance is made:

* ``warm="lovell20"`` (or another key of
  :data:`~autogalaxy_jaxnfw.lss.warm_turnover.TURNOVERS`, or a
  :class:`~autogalaxy_jaxnfw.lss.warm_turnover.Turnover`): route (a), the model on the cold
  spectrum (the cosmology with ``m_wdm = inf``) times the simulation-fitted ratio
  n_wdm / n_cdm at the half-mode mass of ``m_wdm`` (:mod:`.warm_turnover`);
* ``warm="sharp_k"`` (or a
  :class:`~autogalaxy_jaxnfw.lss.sharp_k_mass_function.SharpKModel`): route (b), extended
  Press-Schechter theory on the warm spectrum itself through a sharp-k filter
  (:mod:`.sharp_k_mass_function`); its multiplicity is Sheth-Tormen's with the sharp-k
  parameters, so it takes ``model="sheth99"`` (and ``mdef="fof"``).

``warm=None`` (the default) is the cold model: with a concrete warm cosmology it raises
``ValueError`` naming ``warm`` -- as the concentration relations do without
``warm="bose16"`` -- rather than return the cold number for a warm cosmology or pick a route
for the user: the two routes differ by orders of magnitude far below the half-mode mass
(docs/research/abundance_warm.md).  With a traced ``m_wdm``, ``warm=None`` is valid only where
``m_wdm`` is ``inf``.  For a cold cosmology every ``warm`` gives the cold mass function (the
turnover is 1, the sharp-k route is its own cold model).

Validity (the package's contract): M finite, > 0 and with a Lagrangian radius inside the
sigma series, [1e-3, 60] Mpc/h (about 4e2 to 8e16 Msun/h); z finite and >= 0; the model inside
its calibrated range of overdensity (Tinker et al. 2008: 200 <= Delta_m <= 3200).  Elsewhere
the value is NaN, ``valid`` False and every derivative 0.  Unknown strings (``model``,
``q_out``, ``mdef``, ``warm``, or a definition the model does not have) raise ``ValueError``
naming the argument and the allowed values.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp

from autogalaxy_jaxnfw.cosmology.parameters import planck15
from autogalaxy_jaxnfw.cosmology.tables import tables_for
from autogalaxy_jaxnfw.halo.mass_definitions import SAFE_MASS
from autogalaxy_jaxnfw.halo.overdensity import parse_mass_definition
from autogalaxy_jaxnfw.lss.linear_field import linear_field, mean_matter_density
from autogalaxy_jaxnfw.lss.multiplicity_models import MODELS
from autogalaxy_jaxnfw.lss.outputs import Q_OUT, check_q_out
from autogalaxy_jaxnfw.lss.sharp_k_mass_function import (
    DEFAULT_SHARP_K_MODEL,
    SHARP_K_MODELS,
    SharpKModel,
    sharp_k_mass_function_solution,
)
from autogalaxy_jaxnfw.lss.warm_turnover import TURNOVERS, Turnover, warm_factor_with_mask
from autogalaxy_jaxnfw.numerics.inputs import as_floats
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = [
    "MassFunctionSolution",
    "Q_OUT",
    "check_arguments",
    "check_model",
    "check_q_out",
    "mass_function",
    "mass_function_at",
    "mass_function_solution",
    "mass_function_with_mask",
    "multiplicity",
    "multiplicity_with_mask",
    "warm_route",
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
        The model is used inside its calibrated range of overdensity.
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


def _check_cold(cosmology, model):
    if cosmology.dark_matter != "cold":
        raise ValueError(
            f"cosmology {cosmology.name!r} is warm dark matter (m_wdm = {cosmology.m_wdm}): model {model!r} is a"
            " cold-dark-matter fit; use a cold cosmology (m_wdm = inf)"
        )


def warm_route(warm):
    """``warm`` as None (the cold model), a :class:`Turnover` (route a) or a :class:`SharpKModel` (route b).

    Raises
    ------
    ValueError
        For anything else, naming ``warm`` and the allowed values.
    """
    if warm is None or isinstance(warm, (Turnover, SharpKModel)):
        return warm
    if isinstance(warm, str):
        if warm == "sharp_k":
            return SHARP_K_MODELS[DEFAULT_SHARP_K_MODEL]
        if warm in TURNOVERS:
            return TURNOVERS[warm]
    raise ValueError(
        f"warm must be None, 'sharp_k', one of {sorted(TURNOVERS)}, a Turnover or a SharpKModel; got {warm!r}"
    )


def _cold_only(cosmology, model):
    """The cold cosmology to evaluate a cold fit on, and whether it is the cosmology asked for.

    ``warm=None`` with a concrete finite ``m_wdm`` raises; a traced one is valid only at inf.
    """
    if cosmology.dark_matter == "cold":
        return cosmology, True
    if not is_traced(cosmology.m_wdm):
        raise ValueError(
            f"warm must be a turnover (route a: 'lovell20', 'lovell14', 'schneider12' or a Turnover) or 'sharp_k'"
            f" (route b, with model='sheth99') for a warm-dark-matter cosmology (m_wdm = {cosmology.m_wdm} keV):"
            f" model {model!r} is a cold-dark-matter fit; got warm=None (or use a cold cosmology, m_wdm = inf)"
        )
    return cosmology.replace(m_wdm=float("inf")), jnp.isposinf(cosmology.m_wdm)


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
        f (NaN where not valid) and its validity: sigma finite > 0, z finite >= 0, calibrated.
    """
    entry = check_model(model, mdef)
    sigma, z = as_floats(sigma=sigma, z=z)
    ok = jnp.isfinite(sigma) & (sigma > 0.0) & jnp.isfinite(z) & (z >= 0.0)
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


def check_arguments(mdef, model, q_out, cosmology):
    """``ValueError`` naming the argument for a bad ``model``, ``mdef``, ``q_out`` or a warm cosmology."""
    check_model(model, mdef)
    check_q_out(q_out)
    _check_cold(cosmology, model)


def mass_function_solution(
    M, z, mdef, model="tinker08", q_out="dndlnM", cosmology=planck15, warm=None
) -> MassFunctionSolution:
    """The mass function with its validity flags: see :func:`mass_function`."""
    check_model(model, mdef)
    check_q_out(q_out)
    route = warm_route(warm)
    if isinstance(route, SharpKModel):
        if model != "sheth99":
            raise ValueError(
                f"model must be 'sheth99' with warm='sharp_k' (the route is the Sheth-Tormen multiplicity on the"
                f" sharp-k variance); got {model!r}"
            )
        return MassFunctionSolution(*sharp_k_mass_function_solution(M, z, q_out, cosmology, route))
    if route is None:
        cold, cold_ok = _cold_only(cosmology, model)
    else:
        cold, cold_ok = (cosmology, True) if cosmology.dark_matter == "cold" else (cosmology.replace(m_wdm=float("inf")), True)
    M, z = as_floats(M=M, z=z)
    input_valid = jnp.isfinite(M) & (M > 0.0) & jnp.isfinite(z) & (z >= 0.0)
    M_safe = jnp.where(input_valid, M, SAFE_MASS)
    z_safe = jnp.where(input_valid, z, 0.0)
    value, in_table, calibrated, sigma = mass_function_at(tables_for(cold), cold, M_safe, z_safe, mdef, model, q_out)
    calibrated = calibrated & cold_ok
    if route is not None:
        factor, factor_valid = warm_factor_with_mask(M_safe, cosmology, route)
        calibrated = calibrated & factor_valid
        value = value * jnp.where(factor_valid, factor, 1.0)
    valid = input_valid & in_table & calibrated
    nan = lambda x: jnp.where(valid, x, jnp.nan)  # noqa: E731
    return MassFunctionSolution(nan(value), valid, input_valid, in_table, calibrated, nan(sigma))


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
        How a warm cosmology's abundance is made (see the module): None, the cold model (an
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
