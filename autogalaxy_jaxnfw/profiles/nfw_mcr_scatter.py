"""NFW haloes parameterised by M200c and scatter about the Ludlow et al. (2016) c(M, z)."""

from typing import Tuple

from autogalaxy.profiles.mass.dark.nfw import NFW, NFWSph
from autogalaxy.profiles.mass.dark.nfw_mcr_scatter import NFWMCRScatterLudlow, NFWMCRScatterLudlowSph

from autogalaxy_jaxnfw.profiles.abstract import MCRLudlowJax
from autogalaxy_jaxnfw.profiles.exact_maps import ExactNFWSphMaps


class NFWMCRScatterLudlowJax(MCRLudlowJax, NFWMCRScatterLudlow):
    float32_unusable_maps = ("potential_2d_from",)

    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        ell_comps: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        scatter_sigma: float = 0.0,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Elliptical NFW halo (Navarro, Frenk & White 1997) from its mass, drop-in for ``NFWMCRScatterLudlow``.

        kappa_s and scale_radius follow from M200c through the JAX-native Ludlow et al.
        (2016) concentration (:func:`autogalaxy_jaxnfw.profiles.nfw_parameters_from`), so the
        profile is jit-, vmap- and grad-safe in every parameter, including at ell_comps =
        (0, 0) (:func:`~autogalaxy_jaxnfw.profiles.abstract.safe_ell_comps`).  The maps are
        autogalaxy's ``NFW`` ones (Heyrovsky & Karamazov 2024 deflections and convergence,
        a Gaussian expansion for the potential).

        Parameters
        ----------
        centre
            (y, x) centre in arcsec.
        ell_comps
            Elliptical components (e1, e2) of the NFW potential/density, as ``NFW``.
        mass_at_200
            M200c in Msun.
        scatter_sigma
            Offset from the mean relation, in units of 0.15 dex in log10 c.
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.

        Raises
        ------
        autogalaxy.exc.ModelParameterException
            (A ``ValueError``) for invalid NumPy input; JAX input gives NaN parameters.
        """
        self._init_from_mass(
            NFW.__init__,
            dict(centre=centre, ell_comps=ell_comps),
            mass_at_200,
            redshift_object,
            redshift_source,
            scatter_sigma=scatter_sigma,
        )


class NFWMCRScatterLudlowSphJax(MCRLudlowJax, ExactNFWSphMaps, NFWMCRScatterLudlowSph):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        scatter_sigma: float = 0.0,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Spherical NFW halo from its mass, drop-in for ``NFWMCRScatterLudlowSph``, with exact maps.

        Parameters
        ----------
        centre
            (y, x) centre in arcsec.
        mass_at_200
            M200c in Msun.
        scatter_sigma
            Offset from the mean Ludlow et al. (2016) relation, in units of 0.15 dex in log10 c.
        redshift_object
            Halo (lens) redshift.
        redshift_source
            Source redshift, > redshift_object.
        """
        self._init_from_mass(
            NFWSph.__init__, dict(centre=centre), mass_at_200, redshift_object, redshift_source, scatter_sigma=scatter_sigma
        )
