"""Cored NFW haloes on the mean Ludlow et al. (2016) c(M, z), without scatter."""

from typing import Tuple

from autogalaxy.profiles.mass.dark.cnfw import cNFW, cNFWSph
from autogalaxy.profiles.mass.dark.cnfw_mcr import cNFWMCRLudlow, cNFWMCRLudlowSph

from autogalaxy_jaxnfw.profiles.cnfw_mcr_scatter import cNFWMCRScatterLudlowJax, cNFWMCRScatterLudlowSphJax


class cNFWMCRLudlowJax(cNFWMCRScatterLudlowJax, cNFWMCRLudlow):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        ell_comps: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        f_c: float = 0.01,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Elliptical cored NFW halo on the mean relation, drop-in for ``cNFWMCRLudlow``.

        Parameters are those of :class:`~autogalaxy_jaxnfw.cNFWMCRScatterLudlowJax` without
        ``scatter_sigma`` (stored as 0, as upstream).
        """
        self._init_from_mass(
            cNFW.__init__,
            dict(centre=centre, ell_comps=ell_comps),
            mass_at_200,
            redshift_object,
            redshift_source,
            scatter_sigma=0.0,
            f_c=f_c,
        )


class cNFWMCRLudlowSphJax(cNFWMCRScatterLudlowSphJax, cNFWMCRLudlowSph):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        f_c: float = 0.01,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Spherical cored NFW halo on the mean relation, drop-in for ``cNFWMCRLudlowSph``.

        The substructure of autolens' simulators.  Parameters are those of
        :class:`~autogalaxy_jaxnfw.cNFWMCRScatterLudlowSphJax` without ``scatter_sigma``
        (stored as 0, as upstream).
        """
        self._init_from_mass(
            cNFWSph.__init__, dict(centre=centre), mass_at_200, redshift_object, redshift_source, scatter_sigma=0.0, f_c=f_c
        )
