"""Cored NFW haloes parameterised by M200c, scatter about Ludlow et al. (2016) and a core fraction."""

from typing import Tuple

import numpy as np
from autogalaxy.profiles.mass.dark.cnfw import cNFW, cNFWSph
from autogalaxy.profiles.mass.dark.cnfw_mcr_scatter import cNFWMCRScatterLudlow, cNFWMCRScatterLudlowSph

from autogalaxy_jaxnfw.profiles.abstract import MCRScatterLudlowJax


def f_func_from(theta, radius, xp=np):
    """Upstream's ``cnfw.F_func_from`` (cored-NFW deflection kernel), with finite derivatives.

    Same values; each branch is evaluated only on radii inside its own domain, because
    upstream evaluates sqrt(radius^2 - theta^2) etc. on every radius and masks afterwards,
    which leaves NaN in reverse-mode derivatives (0 * NaN) of ``cNFWSph`` deflections.

    Parameters
    ----------
    theta : array
        Projected radius [arcsec], > 0.
    radius : float
        Scale or core radius [arcsec].
    """
    below = (theta > 0.0) & (theta < radius)
    above = theta > radius
    t_below = xp.where(below, theta, 0.5 * radius)
    t_above = xp.where(above, theta, 2.0 * radius)
    f_below = radius / 2.0 * xp.log(2.0 * radius / t_below) - xp.sqrt(radius**2 - t_below**2) * xp.arctanh(
        xp.sqrt((radius - t_below) / (radius + t_below))
    )
    f_above = radius / 2.0 * xp.log(2.0 * radius / t_above) + xp.sqrt(t_above**2 - radius**2) * xp.arctan(
        xp.sqrt((t_above - radius) / (t_above + radius))
    )
    f_equal = xp.where(theta == radius, radius / 2.0 * np.log(2.0), 0.0)
    return 2.0 * radius * xp.where(below, f_below, xp.where(above, f_above, f_equal))


def dev_f_func_from(theta, radius, xp=np):
    """Upstream's ``cnfw.dev_F_func_from`` (d F / d radius kernel), with finite derivatives."""
    below = (theta > 0.0) & (theta < radius)
    above = theta > radius
    t_below = xp.where(below, theta, 0.5 * radius)
    t_above = xp.where(above, theta, 2.0 * radius)
    d_below = radius * xp.log(2.0 * radius / t_below) - (2.0 * radius**2 - t_below**2) / xp.sqrt(
        radius**2 - t_below**2
    ) * xp.arctanh(xp.sqrt((radius - t_below) / (radius + t_below)))
    d_above = radius * xp.log(2.0 * radius / t_above) + (t_above**2 - 2.0 * radius**2) / xp.sqrt(
        t_above**2 - radius**2
    ) * xp.arctan(xp.sqrt((t_above - radius) / (t_above + radius)))
    d_equal = xp.where(theta == radius, radius * (np.log(2.0) - 0.5), 0.0)
    return 2.0 * xp.where(below, d_below, xp.where(above, d_above, d_equal))


class cNFWMCRScatterLudlowJax(MCRScatterLudlowJax, cNFWMCRScatterLudlow):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        ell_comps: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        scatter_sigma: float = 0.0,
        f_c: float = 0.01,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Elliptical cored NFW halo from its mass, drop-in for ``cNFWMCRScatterLudlow``.

        rho = rho_0 r_s^3 / ((r + r_c)(r + r_s)^2) with r_c = f_c r_s, normalised to M200c
        as upstream does (Penarrubia et al. 2012; see
        :func:`autogalaxy_jaxnfw.profiles.penarrubia_normalisation`), and r_s from the
        Ludlow et al. (2016) concentration.

        Parameters
        ----------
        centre
            (y, x) centre in arcsec.
        ell_comps
            Elliptical components (e1, e2), as ``cNFW``.
        mass_at_200
            M200c in Msun.
        scatter_sigma
            Offset from the mean relation, in units of 0.15 dex in log10 c.
        f_c
            Core radius over scale radius; the normalisation is positive only for f_c up to
            roughly 0.15-0.25.
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.
        """
        self._init_from_mass(
            cNFW.__init__,
            dict(centre=centre, ell_comps=ell_comps),
            mass_at_200,
            scatter_sigma,
            redshift_object,
            redshift_source,
            f_c=f_c,
        )


class cNFWMCRScatterLudlowSphJax(MCRScatterLudlowJax, cNFWMCRScatterLudlowSph):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        scatter_sigma: float = 0.0,
        f_c: float = 0.01,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Spherical cored NFW halo from its mass, drop-in for ``cNFWMCRScatterLudlowSph``.

        Parameters
        ----------
        centre
            (y, x) centre in arcsec.
        mass_at_200
            M200c in Msun.
        scatter_sigma
            Offset from the mean Ludlow et al. (2016) relation, in units of 0.15 dex in log10 c.
        f_c
            Core radius over scale radius (Penarrubia et al. 2012).
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.
        """
        self._init_from_mass(
            cNFWSph.__init__,
            dict(centre=centre),
            mass_at_200,
            scatter_sigma,
            redshift_object,
            redshift_source,
            f_c=f_c,
        )

    def F_func(self, theta, radius, xp=np):
        return f_func_from(theta, radius, xp=xp)

    def dev_F_func(self, theta, radius, xp=np):
        return dev_f_func_from(theta, radius, xp=xp)
