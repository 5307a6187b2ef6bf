"""NFW haloes on the mean Ludlow et al. (2016) c(M, z), without scatter."""

from typing import Tuple

from autogalaxy.profiles.mass.dark.nfw import NFW, NFWSph
from autogalaxy.profiles.mass.dark.nfw_mcr import NFWMCRLudlow, NFWMCRLudlowSph

from autogalaxy_jaxnfw.profiles.abstract import MCRLudlowJax
from autogalaxy_jaxnfw.profiles.nfw_mcr_scatter import NFWMCRScatterLudlowSphJax


class NFWMCRLudlowJax(MCRLudlowJax, NFWMCRLudlow):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        ell_comps: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Elliptical NFW halo on the mean relation, drop-in for ``NFWMCRLudlow``.

        As :class:`~autogalaxy_jaxnfw.NFWMCRScatterLudlowJax` with ``scatter_sigma = 0``
        (and, like upstream's class, no ``scatter_sigma`` attribute).

        Parameters
        ----------
        centre
            (y, x) centre in arcsec.
        ell_comps
            Elliptical components (e1, e2), as ``NFW``.
        mass_at_200
            M200c in Msun.
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.
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

        Parameters
        ----------
        centre
            (y, x) centre in arcsec.
        mass_at_200
            M200c in Msun.
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.
        """
        self._init_from_mass(
            NFWSph.__init__, dict(centre=centre), mass_at_200, redshift_object, redshift_source, scatter_sigma=0.0
        )
