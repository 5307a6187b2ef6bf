"""The construction shared by the mass-parameterised (M200c + scatter) halo profiles."""

from typing import Callable, Optional

from autogalaxy_jaxnfw.profiles.halo_cosmology import HaloCosmology
from autogalaxy_jaxnfw.profiles.nfw_parameters import cnfw_parameters_from, nfw_parameters_from


class MCRScatterLudlowJax:
    """Mixin: set kappa_s, scale_radius (, core_radius, truncation_radius) from M200c.

    Each profile subclasses its upstream ``*MCRScatterLudlow*`` counterpart (so
    ``isinstance`` checks, prior-config fallbacks and plotting keep working) and replaces the
    parent's ``__init__`` -- which would call ``mcr_util`` -- by one that stores the
    constructor arguments exactly as upstream does and then calls the *grandparent's*
    ``__init__`` (``NFW``, ``NFWSph``, ``cNFW``, ``cNFWSph`` or ``NFWTruncatedSph``) with the
    parameters of :mod:`autogalaxy_jaxnfw.profiles.nfw_parameters`.

    Attributes
    ----------
    halo_cosmology : HaloCosmology or None
        Class-level cosmology pairing; ``None`` (the default) uses the module-level one
        (:func:`autogalaxy_jaxnfw.profiles.use_cosmology`).  Override in a subclass, e.g.
        ``halo_cosmology = HaloCosmology.consistent(autogalaxy_jaxnfw.planck18)``.
    """

    halo_cosmology: Optional[HaloCosmology] = None

    def _init_from_mass(
        self,
        base_init: Callable,
        geometry: dict,
        mass_at_200,
        scatter_sigma,
        redshift_object,
        redshift_source,
        f_c=None,
        truncated: bool = False,
    ):
        """Store the halo arguments, derive the profile parameters and call ``base_init``.

        Parameters
        ----------
        base_init
            The unbound ``__init__`` of the autogalaxy profile that takes kappa_s and radii.
        geometry
            ``centre`` (and ``ell_comps``) passed through to ``base_init``.
        f_c
            r_c / r_s for cored profiles, ``None`` for NFW ones.
        truncated
            Whether to pass ``truncation_radius = 2 r_200``.  As upstream
            (``NFWTruncatedMCRScatterLudlowSph``), r_200 is in kpc although the truncation
            radius is read as arcsec; kept for drop-in compatibility.
        """
        self.mass_at_200 = mass_at_200
        self.scatter_sigma = scatter_sigma
        if f_c is not None:
            self.f_c = f_c
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source

        halo = dict(
            mass_at_200=mass_at_200,
            scatter_sigma=scatter_sigma,
            redshift_object=redshift_object,
            redshift_source=redshift_source,
            cosmology=type(self).halo_cosmology,
        )
        if f_c is None:
            params = nfw_parameters_from(**halo)
            radii = {}
        else:
            params = cnfw_parameters_from(f_c=f_c, **halo)
            radii = dict(core_radius=params.core_radius)
        if truncated:
            radii["truncation_radius"] = 2.0 * params.radius_at_200

        base_init(self, kappa_s=params.kappa_s, scale_radius=params.scale_radius, **geometry, **radii)
