"""Truncated NFW haloes (Baltz, Marshall & Oguri 2009) parameterised by M200c and scatter about Ludlow et al. (2016)."""

from typing import Tuple

from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autogalaxy.profiles.mass.dark.nfw_truncated_mcr_scatter import NFWTruncatedMCRScatterLudlowSph

from autogalaxy_jaxnfw.profiles.abstract import MCRLudlowJax
from autogalaxy_jaxnfw.profiles.exact_maps import ExactTruncatedNFWSphMaps


class NFWTruncatedMCRScatterLudlowSphJax(MCRLudlowJax, ExactTruncatedNFWSphMaps, NFWTruncatedMCRScatterLudlowSph):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        scatter_sigma: float = 0.0,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Spherical truncated NFW halo from its mass, drop-in for ``NFWTruncatedMCRScatterLudlowSph``.

        kappa_s and scale_radius [arcsec] come from the Ludlow et al. (2016) concentration and
        the truncation radius is r_t = 2 r_200, converted to arcsec (upstream passes r_200 in
        kpc, which the profile reads as arcsec; :func:`autogalaxy_jaxnfw.upstream_conventions`
        reproduces that).  The maps are exact at every radius
        (:class:`~autogalaxy_jaxnfw.profiles.exact_maps.ExactTruncatedNFWSphMaps`).

        Parameters
        ----------
        centre
            (y, x) centre in arcsec.
        mass_at_200
            M200c in Msun.
        scatter_sigma
            Offset from the mean relation, in units of 0.15 dex in log10 c.
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.
        """
        self._init_from_mass(
            NFWTruncatedSph.__init__,
            dict(centre=centre),
            mass_at_200,
            redshift_object,
            redshift_source,
            scatter_sigma=scatter_sigma,
            truncated=True,
        )
