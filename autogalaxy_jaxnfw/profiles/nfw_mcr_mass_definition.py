"""A spherical NFW halo on Ludlow et al. (2016) parameterised by its mass in any definition.

Simulation suites and other codes quote halo masses as M_vir (Bryan & Norman 1998), M_200m,
M_500c, ...; PyAutoGalaxy's profiles take M200c.  Here the mass ``mass`` [Msun] is in the
class attribute ``mass_definition`` (colossus' names: ``"vir"``, ``"<Delta>c"``,
``"<Delta>m"``); its concentration in that definition is Ludlow et al.'s c200c relation
carried over by the nested solve of :func:`autogalaxy_jaxnfw.halo.concentration.concentration`,
and the NFW halo is the same one expressed through M200c
(:func:`autogalaxy_jaxnfw.halo.mass_definitions.change_mass_definition`).  Subclass to pick
another definition::

    class NFW200mHalo(NFWMCRLudlowMassDefinitionSphJax):
        mass_definition = "200m"
"""

from typing import Tuple

import jax.numpy as jnp
import numpy as np
from autogalaxy import exc

from autogalaxy_jaxnfw.halo.concentration import concentration_with_mask
from autogalaxy_jaxnfw.halo.mass_definitions import change_mass_definition_with_mask
from autogalaxy_jaxnfw.numerics.tracing import uses_jax
from autogalaxy_jaxnfw.profiles.halo_cosmology import resolve_cosmology
from autogalaxy_jaxnfw.profiles.nfw_mcr import NFWMCRLudlowSphJax

__all__ = ["NFWMCRLudlowMassDefinitionSphJax", "mass_at_200_from"]


def mass_at_200_from(mass, mass_definition, redshift_object, cosmology=None):
    """M200c [Msun] of the Ludlow et al. (2016) NFW halo of mass ``mass`` [Msun] in ``mass_definition``.

    NaN where the relation or the conversion has no solution (JAX path); on the NumPy path
    that raises ``autogalaxy.exc.ModelParameterException``.
    """
    conc_cosmo = resolve_cosmology(cosmology).concentration
    jax_path = uses_jax((mass, redshift_object), conc_cosmo)
    m_h = jnp.asarray(mass, dtype=float) * conc_cosmo.h  # Msun/h
    c, c_ok = concentration_with_mask(m_h, mass_definition, redshift_object, model="ludlow16", cosmology=conc_cosmo)
    converted, m_ok = change_mass_definition_with_mask(
        jnp.where(c_ok, m_h, 1e12), jnp.where(c_ok, c, 5.0), redshift_object, mass_definition, "200c", conc_cosmo
    )
    m200c = jnp.where(c_ok & m_ok, converted.M / conc_cosmo.h, jnp.nan)
    if jax_path:
        return m200c
    value = float(np.asarray(m200c))
    if not np.isfinite(value):
        raise exc.ModelParameterException(
            f"no Ludlow et al. (2016) halo with mass={mass} Msun (M_{mass_definition}) at redshift_object="
            f"{redshift_object}: mass must be finite and > 0, and its 200c halo inside the relation's domain "
            "(see autogalaxy_jaxnfw.concentration_with_mask)"
        )
    return value


class NFWMCRLudlowMassDefinitionSphJax(NFWMCRLudlowSphJax):
    mass_definition: str = "vir"

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass: float = 1e9,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Spherical NFW halo on the mean Ludlow et al. (2016) relation with its mass in ``mass_definition``.

        Parameters
        ----------
        centre
            (y, x) centre in arcsec.
        mass
            The halo mass in the class' ``mass_definition`` (``"vir"`` here), in Msun.
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.

        The attribute ``mass_at_200`` holds the equivalent M200c.
        """
        self.mass = mass
        super().__init__(
            centre=centre,
            mass_at_200=mass_at_200_from(mass, self.mass_definition, redshift_object, self._halo_cosmology()),
            redshift_object=redshift_object,
            redshift_source=redshift_source,
        )
