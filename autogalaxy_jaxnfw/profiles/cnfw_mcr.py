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

        As :class:`~autogalaxy_jaxnfw.cNFWMCRScatterLudlowJax` with ``scatter_sigma = 0``.

        Parameters
        ----------
        centre
            (y, x) centre in arcsec.
        ell_comps
            Elliptical components (e1, e2), as ``cNFW``.
        mass_at_200
            M200c in Msun.
        f_c
            Core radius over scale radius, > 0 and != 1.
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.
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

        The substructure of autolens' simulators; as
        :class:`~autogalaxy_jaxnfw.cNFWMCRScatterLudlowSphJax` with ``scatter_sigma = 0``.

        Parameters
        ----------
        centre
            (y, x) centre in arcsec.
        mass_at_200
            M200c in Msun.
        f_c
            Core radius over scale radius, > 0 and != 1.
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.
        """
        self._init_from_mass(
            cNFWSph.__init__, dict(centre=centre), mass_at_200, redshift_object, redshift_source, scatter_sigma=0.0, f_c=f_c
        )
