"""The halo mass function on the (warm) linear spectrum itself, through a sharp-k filter.

Extended Press-Schechter theory with a filter sharp in Fourier space, W(kR) = Theta(1 - kR)
(Bond et al. 1991, ApJ 379, 440, sec. 3; Benson et al. 2013, MNRAS 428, 1774, B13, sec. 2;
Schneider, Smith & Reed 2013, MNRAS 433, 1573, S13, sec. 3):

    dn / d ln M = rho_m0 / M f(nu) |d ln sigma / d ln M|,       nu = (delta_c / sigma(M, z))^2,

    f(nu) = A sqrt(2 q nu / pi) (1 + (q nu)^-p) exp(-q nu / 2),

the multiplicity of Sheth & Tormen (1999, MNRAS 308, 119, eq. 10, written in nu), with
sigma(M, z) = sigma_sk(R) D+(z), the sharp-k variance of
:mod:`~autogalaxy_jaxnfw.cosmology.sharp_k` (z = 0) times the linear growth factor, at the
filter radius R of M = 4 pi / 3 rho_m0 (c R)^3.  Its slope needs no derivative of a series:

    d ln sigma / d ln M = (1/3) d ln sigma / d ln R = -P(1/R) / (12 pi^2 R^3 sigma_sk^2(R)),

and delta_c = 1.68647, the spherical-collapse threshold (colossus' ``DELTA_COLLAPSE``),
independent of mass and redshift.  Unlike the top hat, the sharp-k filter follows the cut-off
of a warm spectrum: sigma_sk stops growing below the half-mode scale and the slope, hence the
abundance, falls steeply there -- the turnover that the fits of
:mod:`~autogalaxy_jaxnfw.lss.warm_turnover` describe.

The sharp-k filter has no volume of its own; c ties a mass to its radius and is calibrated on
simulations (:data:`SHARP_K_MODELS`):

* ``"benson13"`` (the default): c = 2.5, B13's value -- the normalisation Benson's own code,
  Galacticus, uses for warm dark matter (its ``sharpKSpace`` window, k_s = c / r_s with
  r_s the radius of the sphere holding M) -- with S13's multiplicity below.  B13 itself solves
  the excursion set's first crossing of a moving (ellipsoidal) barrier numerically, with the
  warm-dark-matter collapse threshold of Barkana et al. (2001, ApJ 558, 482) rising below the
  free-streaming scale; neither is in this closed form.
* ``"schneider13"``: c = 2.7, S13's value for its sharp-k model.

Both take S13's Sheth-Tormen parameters for the sharp-k filter: A = 0.3222, p = 0.3 and
q = 1 (the top-hat fit has q = 0.707).  The values of S13 (c = 2.7, q = 1) are as the
paper is cited, and could not be re-read from the sources available here
(docs/research/abundance_warm.md).

Units are colossus': M in Msun/h, dn / d ln M in comoving (Mpc/h)^-3; ``q_out`` "f" and
"M2dndM" as in :func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function`, which gives this
route as ``warm="sharp_k"``.

Validity, per element (NaN with ``valid`` False and zero derivatives where not, concrete or
traced): M finite, > 0 and with R inside the sharp-k series (about 10 to 1e17 Msun/h for
c = 2.5), z finite and >= 0.  Model parameters: the :class:`SharpKModel`'s c, A and q finite
and > 0, p finite (a concrete value outside raises ``ValueError`` naming ``model``); a traced
cosmology inside its domain, ``m_wdm`` > 0 included
(:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.cosmology_valid`; a concrete one is checked
by the :class:`~autogalaxy_jaxnfw.cosmology.Cosmology`).
"""

from typing import NamedTuple

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.growth import growth_factor
from autogalaxy_jaxnfw.cosmology.parameters import planck15, require_cosmology
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.cosmology.sharp_k import LN_R_SHARP_K, sharp_k_ln_sigma2, sharp_k_slope, sharp_k_table
from autogalaxy_jaxnfw.cosmology.sigma import lagrangian_radius
from autogalaxy_jaxnfw.halo.ludlow16.equations import DELTA_COLLAPSE
from autogalaxy_jaxnfw.lss.linear_field import mean_matter_density
from autogalaxy_jaxnfw.lss.outputs import check_q_out
from autogalaxy_jaxnfw.numerics.domain import require
from autogalaxy_jaxnfw.numerics.inputs import as_floats

__all__ = [
    "DEFAULT_SHARP_K_MODEL",
    "SHARP_K_MODELS",
    "SharpKModel",
    "SharpKSolution",
    "check_sharp_k_model",
    "sharp_k_mass_function",
    "sharp_k_mass_function_solution",
    "sharp_k_mass_function_with_mask",
    "sharp_k_model",
]


class SharpKModel(NamedTuple):
    """The mass assignment and Sheth-Tormen multiplicity of the sharp-k route; a pytree.

    Attributes
    ----------
    c : float
        M = 4 pi / 3 rho_m0 (c R)^3, R the filter radius; > 0.
    A, q, p : float
        f(nu) = A sqrt(2 q nu / pi) (1 + (q nu)^-p) exp(-q nu / 2); A, q > 0, p finite.
    """

    c: float
    A: float
    q: float
    p: float


SHARP_K_MODELS = {
    "benson13": SharpKModel(c=2.5, A=0.3222, q=1.0, p=0.3),
    "schneider13": SharpKModel(c=2.7, A=0.3222, q=1.0, p=0.3),
}
"""Sharp-k models by name: c of Benson et al. (2013) or of S13, both with S13's multiplicity."""

DEFAULT_SHARP_K_MODEL = "benson13"
"""The model of ``warm="sharp_k"`` and of :func:`sharp_k_mass_function`'s default."""


class SharpKSolution(NamedTuple):
    """The sharp-k mass function with its validity flags (the fields of a mass-function solution)."""

    value: object
    valid: object
    input_valid: object
    in_table: object
    calibrated: object
    sigma: object


def sharp_k_model(model) -> SharpKModel:
    """``model`` as a :class:`SharpKModel` (a key of :data:`SHARP_K_MODELS` or the parameters), checked.

    Raises
    ------
    ValueError
        For an unknown name or concrete parameters outside their domain.
    TypeError
        For anything but a name or a :class:`SharpKModel`.
    """
    if isinstance(model, str):
        if model not in SHARP_K_MODELS:
            raise ValueError(f"model must be one of {sorted(SHARP_K_MODELS)} or a SharpKModel; got {model!r}")
        return SHARP_K_MODELS[model]
    if not isinstance(model, SharpKModel):
        raise TypeError(f"model must be a preset name or a SharpKModel; got {type(model).__name__}")
    return model


def check_sharp_k_model(parameters):
    """Validity of a :class:`SharpKModel`'s parameters; concrete invalid ones raise naming ``model``."""
    ok = jnp.all(jnp.isfinite(jnp.asarray(parameters, dtype=float)))
    ok = ok & (parameters.c > 0.0) & (parameters.A > 0.0) & (parameters.q > 0.0)
    return require("model", parameters, ok, "a SharpKModel with finite c > 0, A > 0, q > 0 and p")


def sharp_k_mass_function_solution(M, z, q_out="dndlnM", cosmology=planck15, model=DEFAULT_SHARP_K_MODEL) -> SharpKSolution:
    """The sharp-k mass function with its validity flags; see :func:`sharp_k_mass_function_with_mask`."""
    check_q_out(q_out)
    parameters = sharp_k_model(model)
    model_ok = check_sharp_k_model(parameters)
    M, z = as_floats(M=M, z=z)
    M_ok = jnp.isfinite(M) & (M > 0.0)
    z_ok = jnp.isfinite(z) & (z >= 0.0)
    input_valid = M_ok & z_ok
    # A valid stand-in where a traced field leaves its domain: no NaN in the series or derivatives.
    cosmology, cosmology_ok = valid_or_stand_in(require_cosmology(cosmology))
    ln_r = jnp.log(lagrangian_radius(cosmology, jnp.where(M_ok, M, 1e10)) / jnp.where(model_ok, parameters.c, 2.5))
    in_table = (ln_r >= LN_R_SHARP_K[0]) & (ln_r <= LN_R_SHARP_K[1])
    calibrated = model_ok & cosmology_ok
    valid = input_valid & in_table & calibrated
    ln_r = jnp.where(valid, ln_r, 0.0)
    table = sharp_k_table(cosmology)
    # The growth factor on z's own shape: once per redshift, not once per mass.
    sigma = jnp.exp(0.5 * sharp_k_ln_sigma2(table, ln_r)) * growth_factor(cosmology, jnp.where(z_ok, z, 0.0))
    safe = lambda x, v: jnp.where(model_ok, x, v)  # noqa: E731
    q_nu = safe(parameters.q, 1.0) * (DELTA_COLLAPSE / sigma) ** 2
    f = safe(parameters.A, 0.3222) * jnp.sqrt(2.0 * q_nu / np.pi) * (1.0 + q_nu ** (-safe(parameters.p, 0.3))) * jnp.exp(-0.5 * q_nu)
    if q_out == "f":
        value = f
    else:
        value = -f * sharp_k_slope(table, cosmology, ln_r) / 3.0
        if q_out == "dndlnM":
            value = value * mean_matter_density(cosmology) / jnp.where(valid, M, 1e10)
    nan = lambda x: jnp.where(valid, x, jnp.nan)  # noqa: E731
    return SharpKSolution(nan(value), valid, input_valid, in_table, calibrated, nan(sigma))


def sharp_k_mass_function_with_mask(M, z, q_out="dndlnM", cosmology=planck15, model=DEFAULT_SHARP_K_MODEL):
    """The sharp-k Sheth-Tormen mass function of the cosmology's (warm) spectrum, and its validity.

    Parameters
    ----------
    M : array_like
        Halo mass in Msun/h, > 0, with the filter radius M -> R in [1e-4, 30] Mpc/h.
    z : array_like
        Redshift, >= 0; broadcast against ``M``.
    q_out : {"dndlnM", "f", "M2dndM"}
        dn / d ln M [(Mpc/h)^-3], f(nu), or M^2 / rho_m0 dn / dM.
    cosmology : Cosmology
        Cold or warm; may be traced.
    model : str or SharpKModel
        A key of :data:`SHARP_K_MODELS` or a :class:`SharpKModel`.

    Returns
    -------
    (jax.Array, jax.Array of bool)

    Raises
    ------
    ValueError
        For an unknown ``q_out`` or ``model``, or concrete model parameters outside their domain.
    """
    solution = sharp_k_mass_function_solution(M, z, q_out, cosmology, model)
    return solution.value, solution.valid


def sharp_k_mass_function(M, z, q_out="dndlnM", cosmology=planck15, model=DEFAULT_SHARP_K_MODEL):
    """The sharp-k mass function, NaN where not valid; see :func:`sharp_k_mass_function_with_mask`."""
    return sharp_k_mass_function_solution(M, z, q_out, cosmology, model).value
