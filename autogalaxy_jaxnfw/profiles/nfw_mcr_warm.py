"""A spherical NFW halo on Ludlow et al. (2016) evaluated on a warm-dark-matter spectrum.

The warm-dark-matter particle is a parameter of the halo: ``inverse_m_wdm`` = 1 / m_wdm
[1/keV], 0 for cold dark matter.  The inverse, not the mass, is sampled: cold dark matter is a
finite point of the prior (0), and the concentration varies smoothly through it (its
derivative there is 0).  The relation is the model's own physics on the suppressed spectrum
(:mod:`autogalaxy_jaxnfw.cosmology.warm_dark_matter`); everything else is the cosmology pairing
the halo would use cold (:func:`autogalaxy_jaxnfw.profiles.get_cosmology`).
"""

from typing import Tuple

import jax.numpy as jnp
import numpy as np
from autogalaxy import exc

from autogalaxy_jaxnfw.numerics.inputs import as_float, as_float64
from autogalaxy_jaxnfw.numerics.tracing import uses_jax
from autogalaxy_jaxnfw.profiles.nfw_parameters import NFWParameters
from autogalaxy_jaxnfw.profiles.halo_cosmology import HaloCosmology, resolve_cosmology
from autogalaxy_jaxnfw.profiles.nfw_mcr import NFWMCRLudlowSphJax

__all__ = ["NFWMCRWarmLudlowSphJax", "warm_pairing"]


def _inverse_mass_and_validity(inverse_m_wdm):
    """(1 / m_wdm as a float array, its validity: finite and >= 0) on the JAX path."""
    u = jnp.asarray(as_float(inverse_m_wdm, "inverse_m_wdm"))
    return u, jnp.isfinite(u) & (u >= 0.0)


def _pairing(pairing, m_wdm):
    return HaloCosmology(concentration=pairing.concentration.replace(m_wdm=m_wdm), lensing=pairing.lensing)


def warm_pairing(inverse_m_wdm, cosmology=None) -> HaloCosmology:
    """``cosmology`` (or the process-wide pairing) with m_wdm = 1 / ``inverse_m_wdm`` [keV] for c.

    ``inverse_m_wdm`` = 0 is cold dark matter; on the JAX path a negative or non-finite value
    gives m_wdm = NaN, on the NumPy path it raises ``autogalaxy.exc.ModelParameterException``.
    (:class:`NFWMCRWarmLudlowSphJax` evaluates such a halo at a cold stand-in and masks its
    parameters to NaN instead.)
    """
    pairing = resolve_cosmology(cosmology)
    if uses_jax((inverse_m_wdm,), pairing.concentration):
        u, valid = _inverse_mass_and_validity(inverse_m_wdm)
        return _pairing(pairing, jnp.where(valid, _m_wdm(u), jnp.nan))
    return _pairing(pairing, _numpy_m_wdm(inverse_m_wdm))


# Below this 1 / m_wdm [1/keV] the particle is cold to double precision: alpha < 3e-24 Mpc/h, so
# (alpha k)^(2 nu) < 1e-35 at every k of the sigma(R) rule.  Taken as 0 there, 1/u's derivative
# -1/u^2 stays finite (it overflows below u ~ 1e-154, and 0 x inf made the gradient NaN).
_COLD_BELOW = 1e-20


def _m_wdm(u):
    """1 / u, inf below :data:`_COLD_BELOW`, for valid u >= 0 (double where: no infinite derivative enters)."""
    warm = u > _COLD_BELOW
    return jnp.where(warm, 1.0 / jnp.where(warm, u, 1.0), jnp.inf)


def _numpy_m_wdm(inverse_m_wdm):
    u = as_float64(inverse_m_wdm, "inverse_m_wdm")
    if u.shape != ():
        raise ValueError(f"inverse_m_wdm must be one number (the cosmology's m_wdm is a scalar); got shape {u.shape}")
    u = float(u)
    if not (np.isfinite(u) and u >= 0.0):
        raise exc.ModelParameterException(
            f"inverse_m_wdm (1 / m_wdm, 1/keV) must be finite and >= 0 (0 is cold dark matter); got {u!r}."
        )
    return np.inf if u == 0.0 else 1.0 / u


class NFWMCRWarmLudlowSphJax(NFWMCRLudlowSphJax):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        inverse_m_wdm: float = 0.0,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Spherical NFW halo whose concentration is Ludlow et al. (2016) for a warm-dark-matter particle.

        Parameters are those of :class:`~autogalaxy_jaxnfw.NFWMCRLudlowSphJax` plus

        inverse_m_wdm
            1 / m_wdm in 1/keV of a thermal relic (Viel et al. 2005), >= 0; 0 is cold dark
            matter, where the halo equals ``NFWMCRLudlowSphJax``'s.

        A free ``inverse_m_wdm`` differentiates: ``jax.grad`` of a likelihood with respect to
        it is exact (the sigma(R) table is rebuilt inside the trace for each value).
        """
        self.inverse_m_wdm = inverse_m_wdm
        super().__init__(
            centre=centre, mass_at_200=mass_at_200, redshift_object=redshift_object, redshift_source=redshift_source
        )

    def _halo_cosmology(self):
        pairing = resolve_cosmology(type(self).halo_cosmology)
        if uses_jax((self.inverse_m_wdm,), pairing.concentration):
            # An invalid particle is evaluated cold ("double where") and its halo masked to NaN.
            u, valid = _inverse_mass_and_validity(self.inverse_m_wdm)
            return _pairing(pairing, _m_wdm(jnp.where(valid, u, 0.0)))
        return _pairing(pairing, _numpy_m_wdm(self.inverse_m_wdm))

    def _parameters_from_mass(self, *args, **kwargs) -> NFWParameters:
        params = super()._parameters_from_mass(*args, **kwargs)
        if not uses_jax(params.kappa_s):
            return params
        _, valid = _inverse_mass_and_validity(self.inverse_m_wdm)
        return NFWParameters(*(None if p is None else jnp.where(valid, p, jnp.nan) for p in params))
