"""Cored NFW haloes parameterised by M200c, scatter about Ludlow et al. (2016) and a core fraction."""

from typing import Tuple

from autogalaxy.profiles.mass.dark.cnfw import cNFW, cNFWSph
from autogalaxy.profiles.mass.dark.cnfw_mcr_scatter import cNFWMCRScatterLudlow, cNFWMCRScatterLudlowSph

from autogalaxy_jaxnfw.profiles.abstract import MCRLudlowJax
from autogalaxy_jaxnfw.profiles.cored_convergence import CoredNFWConvergence
from autogalaxy_jaxnfw.profiles.cored_deflections import CoredNFWSphDeflections


class cNFWMCRScatterLudlowJax(MCRLudlowJax, CoredNFWConvergence, cNFWMCRScatterLudlow):
    float32_unusable_maps = ("deflections_yx_2d_from", "convergence_2d_from", "potential_2d_from")

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

        rho = rho_0 r_s^3 / ((r + r_c)(r + r_s)^2) with r_c = f_c r_s (Penarrubia et al.
        2012), rho_0 from M200c through the enclosed-mass integral
        (:mod:`autogalaxy_jaxnfw.profiles.cored_normalisation`; upstream's expression under
        :func:`autogalaxy_jaxnfw.upstream_conventions`), and r_s from the Ludlow et al.
        (2016) concentration.  The maps are autogalaxy's ``cNFW`` ones (a Gaussian
        expansion; :class:`~autogalaxy_jaxnfw.profiles.cored_convergence.CoredNFWConvergence`
        runs the convergence's on JAX grids too).

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
            scatter_sigma=scatter_sigma,
            f_c=f_c,
        )


class cNFWMCRScatterLudlowSphJax(
    MCRLudlowJax, CoredNFWSphDeflections, CoredNFWConvergence, cNFWMCRScatterLudlowSph
):
    float32_unusable_maps = ("convergence_2d_from", "potential_2d_from")

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
            Core radius over scale radius (Penarrubia et al. 2012), > 0 and != 1.
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.
        """
        self._init_from_mass(
            cNFWSph.__init__,
            dict(centre=centre),
            mass_at_200,
            redshift_object,
            redshift_source,
            scatter_sigma=scatter_sigma,
            f_c=f_c,
        )
