"""Halo mass functions of warm dark matter, by two routes.

(a) :func:`warm_mass_function`: the cold mass function of
:func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function` (the cosmology with
``m_wdm = inf``) times the simulation-calibrated ratio n_wdm / n_cdm of
:mod:`~autogalaxy_jaxnfw.lss.warm_turnover` at the half-mode mass of the cosmology's ``m_wdm``;
``warm=None`` is the cold mass function itself.

(b) :func:`sharp_k_mass_function`: extended Press-Schechter theory on the warm spectrum with
a sharp-k filter (Schneider, Smith & Reed 2013, MNRAS 433, 1573, S13; Benson et al. 2013,
MNRAS 428, 1774):

    dn / d ln M = rho_m / M f(nu) |d ln sigma / d ln M|,      nu = (delta_c / sigma(M, z))^2,
    f(nu) = A sqrt(2 q nu / pi) (1 + (q nu)^-p) exp(-q nu / 2)     (Sheth & Tormen 1999),

with sigma(M, z) = sigma_sk(R) D+(z), the sharp-k variance of
:mod:`~autogalaxy_jaxnfw.cosmology.sharp_k` at the filter radius R of M = 4 pi / 3 rho_m (c R)^3,
d ln sigma / d ln M = (1/3) d ln sigma / d ln R = -P(1/R) / (12 pi^2 R^3 sigma^2) exactly, and
delta_c = 1.68647.  The sharp-k filter has no volume of its own; c sets it and is calibrated
on simulations (:data:`SHARP_K_MODELS`: c = 2.5 by default, as Benson et al. 2013; S13 fit
c = 2.7 and the Sheth-Tormen q = 1 instead of 0.707 for the sharp-k filter).  Both
multiplicities use A = 0.3222, p = 0.3.  The route needs no fit of the warm suppression: it
follows the cosmology's spectrum.  docs/research/abundance_warm.md compares the routes.

Units are colossus': M in Msun/h, dn / d ln M in comoving (Mpc/h)^-3; ``q_out`` "f" and
"M2dndM" as in :func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function`.

Validity: M finite, > 0 (and, for (b), with R in the sharp-k series' range, about 10 to 1e17
Msun/h); z finite, >= 0; ``m_wdm`` > 0.  Outside: NaN, ``valid`` False and zero derivatives
(traced input, or the ``_with_mask`` variants); the plain functions raise ``ValueError`` naming
the argument on concrete input (route (a): M as the turnover requires it; z and the cold
model as :func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function` treats them).
"""

from typing import NamedTuple

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.growth import growth_factor
from autogalaxy_jaxnfw.cosmology.parameters import planck15
from autogalaxy_jaxnfw.cosmology.sharp_k import (
    LN_R_SHARP_K,
    safe_particle_mass,
    sharp_k_ln_sigma2,
    sharp_k_slope,
    sharp_k_table,
)
from autogalaxy_jaxnfw.cosmology.sigma import lagrangian_radius
from autogalaxy_jaxnfw.halo.ludlow16.equations import DELTA_COLLAPSE
from autogalaxy_jaxnfw.lss.linear_field import mean_matter_density
from autogalaxy_jaxnfw.lss.mass_function import check_q_out, mass_function_solution
from autogalaxy_jaxnfw.lss.warm_turnover import warm_factor_with_mask
from autogalaxy_jaxnfw.numerics.domain import raising, require
from autogalaxy_jaxnfw.numerics.inputs import as_floats

__all__ = [
    "SHARP_K_MODELS",
    "SharpKModel",
    "sharp_k_mass_function",
    "sharp_k_mass_function_with_mask",
    "warm_mass_function",
    "warm_mass_function_with_mask",
]


class SharpKModel(NamedTuple):
    """The mass assignment and Sheth-Tormen multiplicity of the sharp-k route; a pytree.

    Attributes
    ----------
    c : float
        M = 4 pi / 3 rho_m (c R)^3 (S13 sec. 3).
    A, q, p : float
        f(nu) = A sqrt(2 q nu / pi) (1 + (q nu)^-p) exp(-q nu / 2).
    """

    c: float
    A: float
    q: float
    p: float


SHARP_K_MODELS = {
    "benson13": SharpKModel(c=2.5, A=0.3222, q=1.0, p=0.3),
    "schneider13": SharpKModel(c=2.7, A=0.3222, q=1.0, p=0.3),
}
"""Sharp-k models by name: c of Benson et al. (2013) or of S13, with S13's multiplicity."""


def warm_mass_function_with_mask(M, z, mdef, model="tinker08", q_out="dndlnM", cosmology=planck15, warm="lovell20"):
    """Route (a): the cold mass function times the turnover ``warm`` of ``cosmology.m_wdm``, and its validity.

    Parameters
    ----------
    M, z, mdef, model, q_out
        As for :func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function` (M in Msun/h).
    cosmology : Cosmology
        Its ``m_wdm`` [keV] sets the half-mode mass; the cold model runs on the same
        cosmology with ``m_wdm = inf``.  May be traced.
    warm : str, Turnover or None
        A key of :data:`~autogalaxy_jaxnfw.lss.warm_turnover.TURNOVERS` ("lovell20" for field
        haloes) or a :class:`~autogalaxy_jaxnfw.lss.warm_turnover.Turnover`; None: no turnover.

    Returns
    -------
    (jax.Array, jax.Array of bool)
    """
    cold = cosmology if cosmology.dark_matter == "cold" else cosmology.replace(m_wdm=float("inf"))
    solution = mass_function_solution(M, z, mdef, model, q_out, cold)
    if warm is None:
        return solution.value, solution.valid
    factor, factor_valid = warm_factor_with_mask(M, cosmology, warm)
    valid = solution.valid & factor_valid
    return jnp.where(valid, solution.value * jnp.where(valid, factor, 1.0), jnp.nan), valid


def warm_mass_function(M, z, mdef, model="tinker08", q_out="dndlnM", cosmology=planck15, warm="lovell20"):
    """Route (a): the cold mass function times n_wdm / n_cdm; see :func:`warm_mass_function_with_mask`."""
    with raising():
        return warm_mass_function_with_mask(M, z, mdef, model, q_out, cosmology, warm)[0]


def _sharp_k_model(model):
    if isinstance(model, str):
        if model not in SHARP_K_MODELS:
            raise ValueError(f"model must be one of {sorted(SHARP_K_MODELS)} or a SharpKModel; got {model!r}")
        return SHARP_K_MODELS[model]
    if not isinstance(model, SharpKModel):
        raise TypeError(f"model must be a preset name or a SharpKModel; got {type(model).__name__}")
    return model


def sharp_k_mass_function_with_mask(M, z, q_out="dndlnM", cosmology=planck15, model="benson13"):
    """Route (b): Sheth-Tormen on the sharp-k variance of the cosmology's (warm) spectrum, and its validity.

    Parameters
    ----------
    M : array_like
        Halo mass in Msun/h, > 0, with the filter radius in [1e-4, 30] Mpc/h.
    z : array_like
        Redshift, >= 0; broadcast against ``M``.
    q_out : {"dndlnM", "f", "M2dndM"}
        dn / d ln M [(Mpc/h)^-3], f(nu), or M^2 / rho_m dn / dM.
    cosmology : Cosmology
        Cold or warm; may be traced.
    model : str or SharpKModel
        A key of :data:`SHARP_K_MODELS` or a :class:`SharpKModel`.

    Returns
    -------
    (jax.Array, jax.Array of bool)
    """
    check_q_out(q_out)
    parameters = _sharp_k_model(model)
    M, z = as_floats(M=M, z=z)
    M_ok = jnp.isfinite(M) & (M > 0.0)
    z_ok = jnp.isfinite(z) & (z >= 0.0)
    require("M", M, M_ok, "finite and > 0 Msun/h")
    require("z", z, z_ok, "finite and >= 0")
    cosmology, cosmology_ok = safe_particle_mass(cosmology)
    ln_r = jnp.log(lagrangian_radius(cosmology, jnp.where(M_ok, M, 1e10)) / parameters.c)
    in_table = (ln_r >= LN_R_SHARP_K[0]) & (ln_r <= LN_R_SHARP_K[1])
    require("M", M, in_table | ~M_ok, "inside the sharp-k series (filter radius 1e-4 to 30 Mpc/h)")
    valid = M_ok & z_ok & in_table & cosmology_ok
    ln_r = jnp.where(valid, ln_r, 0.0)
    table = sharp_k_table(cosmology)
    sigma = jnp.exp(0.5 * sharp_k_ln_sigma2(table, ln_r)) * growth_factor(cosmology, jnp.where(valid, z, 0.0))
    q_nu = parameters.q * (DELTA_COLLAPSE / sigma) ** 2
    f = parameters.A * jnp.sqrt(2.0 * q_nu / np.pi) * (1.0 + q_nu ** (-parameters.p)) * jnp.exp(-0.5 * q_nu)
    if q_out == "f":
        value = f
    else:
        value = -f * sharp_k_slope(table, cosmology, ln_r) / 3.0
        if q_out == "dndlnM":
            value = value * mean_matter_density(cosmology) / jnp.where(valid, M, 1e10)
    return jnp.where(valid, value, jnp.nan), valid


def sharp_k_mass_function(M, z, q_out="dndlnM", cosmology=planck15, model="benson13"):
    """Route (b): the sharp-k Sheth-Tormen mass function; see :func:`sharp_k_mass_function_with_mask`."""
    with raising():
        return sharp_k_mass_function_with_mask(M, z, q_out, cosmology, model)[0]
