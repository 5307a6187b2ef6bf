"""Linear halo bias b(M, z) in colossus' call and conventions (``lss.bias.haloBias``).

The peak height is nu = delta_c / sigma(M, z) with the constant delta_c = 1.68647 (colossus'
``peaks.peakHeight`` default, no Omega_m correction).  Models:

==========  ===============  =======================================================
model       mass definition  b(nu)
==========  ===============  =======================================================
cole89      any              Cole & Kaiser (1989); Mo & White (1996) eq. 20: 1 + (nu^2 - 1) / delta_c
sheth01     any              Sheth, Mo & Tormen (2001) eq. 8, a = 0.707, b = 0.5, c = 0.6
tinker10    any SO           Tinker et al. (2010) eq. 6 with Table 2 in y = log10 Delta_m (200 <= Delta_m <= 3200)
==========  ===============  =======================================================

Validity as for :func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function`: M finite, > 0,
inside the sigma series; z finite >= 0; Tinker et al. (2010) inside the overdensities they
calibrated; a traced cosmology inside its domain and cold (``m_wdm`` inf).  Elsewhere NaN with
``valid`` False and zero derivatives; unknown strings raise ``ValueError`` naming the argument,
as does a concrete warm-dark-matter cosmology.
"""

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.parameters import planck15
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.cosmology.tables import tables_for
from autogalaxy_jaxnfw.halo.mass_definitions import SAFE_MASS
from autogalaxy_jaxnfw.halo.overdensity import parse_mass_definition
from autogalaxy_jaxnfw.halo.ludlow16.equations import DELTA_COLLAPSE
from autogalaxy_jaxnfw.lss.compiled import compiled_for_concrete
from autogalaxy_jaxnfw.lss.linear_field import delta_mean, linear_field
from autogalaxy_jaxnfw.lss.multiplicity_models import calibrated_overdensity
from autogalaxy_jaxnfw.lss.warm_routes import cold_fit_cosmology

__all__ = ["BIAS_MODELS", "TINKER10_DELTA_RANGE", "halo_bias", "halo_bias_from_nu", "halo_bias_with_mask"]

BIAS_MODELS = ("cole89", "sheth01", "tinker10")
"""The bias models, in colossus' names."""
TINKER10_DELTA_RANGE = (200.0, 3200.0)
"""The overdensities Delta_m that Tinker et al. (2010) calibrated."""


def _check(model, mdef):
    if model not in BIAS_MODELS:
        raise ValueError(f"model must be one of {list(BIAS_MODELS)}; got {model!r}")
    if model == "tinker10" or mdef != "fof":
        if model == "tinker10" and mdef == "fof":
            raise ValueError("mdef 'fof' is not defined for model 'tinker10': it needs a spherical-overdensity definition ('200m', '200c', 'vir', ...)")
        parse_mass_definition(mdef)


def _cole89(nu, z, mdef, cosmology):
    return 1.0 + (nu * nu - 1.0) / DELTA_COLLAPSE, jnp.ones(jnp.shape(nu), bool)


def _sheth01(nu, z, mdef, cosmology):
    a, b, c = 0.707, 0.5, 0.6
    anu2 = a * nu * nu
    anu2c = anu2**c
    t = b * (1.0 - c) * (1.0 - 0.5 * c)
    root_a = np.sqrt(a)
    bias = 1.0 + (root_a * anu2 + root_a * b * anu2 ** (1.0 - c) - anu2c / (anu2c + t)) / (root_a * DELTA_COLLAPSE)
    return bias, jnp.ones(jnp.shape(nu), bool)


def _tinker10(nu, z, mdef, cosmology):
    delta, calibrated = calibrated_overdensity(delta_mean(z, mdef, cosmology), TINKER10_DELTA_RANGE)
    y = jnp.log10(delta)
    cut = jnp.exp(-((4.0 / y) ** 4))
    A = 1.0 + 0.24 * y * cut
    a = 0.44 * y - 0.88
    B, b = 0.183, 1.5
    C, c = 0.019 + 0.107 * y + 0.19 * cut, 2.4
    nu_a = nu**a
    bias = 1.0 - A * nu_a / (nu_a + DELTA_COLLAPSE**a) + B * nu**b + C * nu**c
    return bias, jnp.broadcast_to(calibrated, jnp.shape(bias))


_FUNCTIONS = {"cole89": _cole89, "sheth01": _sheth01, "tinker10": _tinker10}


def _from_nu(nu, z, mdef, model, cosmology):
    cosmology, cosmology_ok = valid_or_stand_in(cosmology)
    ok = jnp.isfinite(nu) & (nu > 0.0) & jnp.isfinite(z) & (z >= 0.0) & cosmology_ok
    bias, calibrated = _FUNCTIONS[model](jnp.where(ok, nu, 1.0), jnp.where(ok, z, 0.0), mdef, cosmology)
    valid = ok & calibrated
    return jnp.where(valid, bias, jnp.nan), valid


def _of_mass(M, z, mdef, model, cosmology):
    cosmology, cosmology_ok = cold_fit_cosmology(cosmology, lambda m_wdm: (
        f"cosmology {cosmology.name!r} is warm dark matter (m_wdm = {m_wdm} keV): the bias models are cold-dark-matter fits;"
        " use m_wdm = inf"))
    input_valid = jnp.isfinite(M) & (M > 0.0) & jnp.isfinite(z) & (z >= 0.0) & cosmology_ok
    # Each stand-in keeps its own shape (one redshift's quantities computed once, not per mass).
    M_safe = jnp.where(jnp.isfinite(M) & (M > 0.0), M, SAFE_MASS)
    z_safe = jnp.where(jnp.isfinite(z) & (z >= 0.0), z, 0.0)
    field = linear_field(tables_for(cosmology), cosmology, M_safe, z_safe)
    bias, calibrated = _FUNCTIONS[model](DELTA_COLLAPSE / field.sigma, z_safe, mdef, cosmology)
    valid = input_valid & field.in_table & calibrated
    return jnp.where(valid, bias, jnp.nan), valid


_bias_from_nu = compiled_for_concrete(_from_nu, _check)
_bias_of_mass = compiled_for_concrete(_of_mass, _check)


def halo_bias_from_nu(nu, z, mdef, model="tinker10", cosmology=planck15):
    """``(b, valid)`` at peak height nu = 1.68647 / sigma (colossus' ``haloBiasFromNu``)."""
    return _bias_from_nu(mdef, model, cosmology, nu=nu, z=z)


def halo_bias_with_mask(M, z, mdef, model="tinker10", cosmology=planck15):
    """``(b, valid)`` of :func:`halo_bias`."""
    return _bias_of_mass(mdef, model, cosmology, M=M, z=z)


def halo_bias(M, z, mdef, model="tinker10", cosmology=planck15):
    """Linear halo bias, colossus' ``haloBias(M, z, mdef, model)``.

    Parameters
    ----------
    M : array_like
        Halo mass in Msun/h in the definition ``mdef``; finite, > 0, about 4e2 to 8e16.
    z : array_like
        Redshift, finite, >= 0; broadcast against ``M``.
    mdef : str
        "<Delta>c", "<Delta>m" or "vir" (and "fof" for "cole89" and "sheth01", which do not
        depend on it).
    model : {"tinker10", "sheth01", "cole89"}
    cosmology : Cosmology
        Cold dark matter; may be traced (a traced finite ``m_wdm`` gives NaN).

    Returns
    -------
    jax.Array
        b, dimensionless; NaN where not valid (:func:`halo_bias_with_mask` gives the mask).

    Raises
    ------
    ValueError
        For an unknown ``model`` or ``mdef``, or a concrete warm cosmology.
    """
    return halo_bias_with_mask(M, z, mdef, model, cosmology)[0]
