"""Truncated NFW haloes (Baltz, Marshall & Oguri 2009) on the mean Ludlow et al. (2016) c(M, z)."""

from typing import Tuple

from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autogalaxy.profiles.mass.dark.nfw_truncated_mcr import NFWTruncatedMCRLudlowSph

from autogalaxy_jaxnfw.profiles.nfw_truncated_mcr_scatter import NFWTruncatedMCRScatterLudlowSphJax


class NFWTruncatedMCRLudlowSphJax(NFWTruncatedMCRScatterLudlowSphJax, NFWTruncatedMCRLudlowSph):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Spherical truncated NFW halo on the mean relation, drop-in for ``NFWTruncatedMCRLudlowSph``.

        The subhalo of autolens' subhalo simulators.  Parameters are those of
        :class:`~autogalaxy_jaxnfw.NFWTruncatedMCRScatterLudlowSphJax` without
        ``scatter_sigma`` (stored as 0, as upstream).
        """
        self._init_from_mass(
            NFWTruncatedSph.__init__,
            dict(centre=centre),
            mass_at_200,
            redshift_object,
            redshift_source,
            scatter_sigma=0.0,
            truncated=True,
        )
