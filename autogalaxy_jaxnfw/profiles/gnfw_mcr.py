"""Generalised NFW haloes (free inner slope) with r_s from the Ludlow et al. (2016) c(M, z)."""

from typing import Tuple

import jax.numpy as jnp
import numpy as np
from autogalaxy.profiles.mass.dark.gnfw import gNFW
from autogalaxy.profiles.mass.dark.gnfw_mcr import gNFWMCRLudlow

from autogalaxy_jaxnfw.numerics.inputs import as_float64
from autogalaxy_jaxnfw.numerics.tracing import uses_jax
from autogalaxy_jaxnfw.profiles.abstract import MCRLudlowJax, stored_scalar
from autogalaxy_jaxnfw.profiles.gnfw_convergence import gnfw_convergence_over_2_kappa_s


class gNFWMCRLudlowJax(MCRLudlowJax, gNFWMCRLudlow):
    float32_unusable_maps = ("deflections_yx_2d_from", "potential_2d_from")

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        ell_comps: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
        inner_slope: float = 1.0,
    ):
        """Elliptical generalised NFW halo (Wyithe, Turner & Spergel 2001), drop-in for ``gNFWMCRLudlow``.

        As upstream, kappa_s and r_s are those of the NFW halo of mass M200c on the mean
        relation (the normalisation ignores the inner slope); the deflections are
        autogalaxy's ``gNFW`` Gaussian expansion (Shajib 2019), which runs under JAX.  The
        convergence is the same projection integral as ``gNFW``'s, by fixed Gauss-Legendre
        rules instead of SciPy per pixel
        (:mod:`autogalaxy_jaxnfw.profiles.gnfw_convergence`), so it runs under JAX too.

        Parameters
        ----------
        centre
            (y, x) centre in arcsec.
        ell_comps
            Elliptical components (e1, e2), as ``gNFW``.
        mass_at_200
            M200c in Msun.
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.
        inner_slope
            Inner logarithmic slope gamma of rho ~ r^-gamma (1 + r / r_s)^(gamma - 3).
        """
        inner_slope = stored_scalar(as_float64(inner_slope, "inner_slope"))
        self._init_from_mass(
            gNFW.__init__, dict(centre=centre, ell_comps=ell_comps), mass_at_200, redshift_object, redshift_source,
            inner_slope=inner_slope,
        )
        if uses_jax(self.kappa_s, inner_slope):
            # The inner slope enters the maps directly, not through the halo's masked parameters:
            # masked with them (and they with it), no NaN cotangent reaches its derivative.
            ok = jnp.isfinite(self.kappa_s) & jnp.isfinite(inner_slope)
            self.kappa_s, self.scale_radius, self.inner_slope = (
                jnp.where(ok, value, jnp.nan) for value in (self.kappa_s, self.scale_radius, inner_slope)
            )

    def convergence_func(self, grid_radius, xp=np):
        """kappa at elliptical radii ``grid_radius`` [arcsec] (Wyithe, Turner & Spergel 2001, eq. 8)."""
        radius = grid_radius.array if hasattr(grid_radius, "array") else grid_radius
        x = xp.asarray(radius) / self.scale_radius
        return 2.0 * self.kappa_s * gnfw_convergence_over_2_kappa_s(x, self.inner_slope, xp=xp)
