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

from autogalaxy_jaxnfw.numerics.tracing import uses_jax
from autogalaxy_jaxnfw.profiles.halo_cosmology import HaloCosmology, resolve_cosmology
from autogalaxy_jaxnfw.profiles.nfw_mcr import NFWMCRLudlowSphJax

__all__ = ["NFWMCRWarmLudlowSphJax", "warm_pairing"]


def warm_pairing(inverse_m_wdm, cosmology=None) -> HaloCosmology:
    """``cosmology`` (or the process-wide pairing) with m_wdm = 1 / ``inverse_m_wdm`` [keV] for c.

    ``inverse_m_wdm`` = 0 is cold dark matter; on the JAX path a negative or non-finite value
    gives m_wdm = NaN (NaN concentrations, which a fit resamples), on the NumPy path it raises
    ``autogalaxy.exc.ModelParameterException``.
    """
    pairing = resolve_cosmology(cosmology)
    if uses_jax((inverse_m_wdm,), pairing.concentration):
        u = jnp.asarray(inverse_m_wdm, dtype=float)
        positive = u > 0.0
        # Double where: 1/u at u = 0 would put an infinite derivative into the chain rule.
        m_wdm = jnp.where(positive, 1.0 / jnp.where(positive, u, 1.0), jnp.where(u == 0.0, jnp.inf, jnp.nan))
    else:
        u = float(inverse_m_wdm)
        if not (np.isfinite(u) and u >= 0.0):
            raise exc.ModelParameterException(f"inverse_m_wdm must be finite and >= 0 (1/keV), got {u}")
        m_wdm = np.inf if u == 0.0 else 1.0 / u
    return HaloCosmology(concentration=pairing.concentration.replace(m_wdm=m_wdm), lensing=pairing.lensing)


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
        return warm_pairing(self.inverse_m_wdm, type(self).halo_cosmology)
