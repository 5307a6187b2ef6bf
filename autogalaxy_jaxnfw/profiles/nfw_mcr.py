"""NFW haloes on the mean Ludlow et al. (2016) c(M, z), without scatter."""

from typing import Tuple

from autogalaxy.profiles.mass.dark.nfw import NFW, NFWSph
from autogalaxy.profiles.mass.dark.nfw_mcr import NFWMCRLudlow, NFWMCRLudlowSph

from autogalaxy_jaxnfw.profiles.abstract import MCRLudlowJax
from autogalaxy_jaxnfw.profiles.nfw_mcr_scatter import NFWMCRScatterLudlowSphJax


class NFWMCRLudlowJax(MCRLudlowJax, NFWMCRLudlow):
    float32_unusable_maps = ("potential_2d_from",)

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        ell_comps: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Elliptical NFW halo on the mean relation, drop-in for ``NFWMCRLudlow``.

        Parameters are those of :class:`~autogalaxy_jaxnfw.NFWMCRScatterLudlowJax` without
        ``scatter_sigma`` (0; like upstream's class, no such attribute is stored).
        """
        self._init_from_mass(
            NFW.__init__, dict(centre=centre, ell_comps=ell_comps), mass_at_200, redshift_object, redshift_source
        )


class NFWMCRLudlowSphJax(NFWMCRScatterLudlowSphJax, NFWMCRLudlowSph):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Spherical NFW halo on the mean relation, drop-in for ``NFWMCRLudlowSph``, with exact maps.

        The subhalo of autolens' subhalo-detection and sensitivity-mapping workflows.
        Parameters are those of :class:`~autogalaxy_jaxnfw.NFWMCRScatterLudlowSphJax` without
        ``scatter_sigma`` (stored as 0, as upstream).
        """
        self._init_from_mass(
            NFWSph.__init__, dict(centre=centre), mass_at_200, redshift_object, redshift_source, scatter_sigma=0.0
        )
