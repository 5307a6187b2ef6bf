"""Truncated NFW haloes parameterised by M200c and scatter about Ludlow et al. (2016)."""

from typing import Tuple

import jax
import jax.numpy as jnp
import numpy as np
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autogalaxy.profiles.mass.dark.nfw_truncated_mcr_scatter import NFWTruncatedMCRScatterLudlowSph

from autogalaxy_jaxnfw.profiles.abstract import MCRScatterLudlowJax


class NFWTruncatedMCRScatterLudlowSphJax(MCRScatterLudlowJax, NFWTruncatedMCRScatterLudlowSph):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        scatter_sigma: float = 0.0,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Spherical truncated NFW halo (Baltz, Marshall & Oguri 2009) from its mass.

        Drop-in for ``NFWTruncatedMCRScatterLudlowSph``: kappa_s and scale_radius [arcsec]
        come from the Ludlow et al. (2016) concentration, and ``truncation_radius`` is
        2 r_200 *with r_200 in kpc*, exactly as upstream sets it although
        ``NFWTruncatedSph`` reads the truncation radius in arcsec: the truncation sits a
        factor (kpc / arcsec at the lens, ~6 at z = 0.5) further out than 2 r_200 on the
        sky.  Kept for compatibility with upstream results.

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
            scatter_sigma,
            redshift_object,
            redshift_source,
            truncated=True,
        )

    def deflection_func_sph(self, grid_radius, xp=np):
        """The dimensionless radial deflection m(x, tau) of Baltz, Marshall & Oguri (2009).

        Upstream's ``NFWTruncatedSph.deflections_yx_2d_from`` calls this without passing
        ``xp``, which makes it evaluate NumPy functions on tracers and fail under
        ``jax.jit``; the backend is therefore taken from the array itself.
        """
        if isinstance(grid_radius, jax.Array):
            xp = jnp
        return super().deflection_func_sph(grid_radius, xp=xp)
