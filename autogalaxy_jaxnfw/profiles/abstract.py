"""The construction shared by every mass-parameterised (Ludlow et al. 2016) halo profile."""

import warnings
from typing import Callable, Optional

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.halo.relation_choice import DEFAULT_RELATION, Relation
from autogalaxy_jaxnfw.profiles.halo_cosmology import HaloCosmology
from autogalaxy_jaxnfw.profiles.sidm_domains import in_sidm_domain, raise_outside_sidm_domain
from autogalaxy_jaxnfw.profiles.nfw_parameters import NFWParameters, cnfw_parameters_from, nfw_parameters_from
from autogalaxy_jaxnfw.numerics.inputs import as_float64
from autogalaxy_jaxnfw.numerics.tracing import is_traced, uses_jax

# The shift given to ell_comps[1] when both components are traced zeros; the value of
# autogalaxy's own ``convert._ORIGIN_NUDGE``, so the two conversions see one point.
_ORIGIN_NUDGE = 1e-8
# autogalaxy's ``convert.ELL_COMPS_MAGNITUDE_CLAMP``: its axis ratio saturates there.
_MAGNITUDE_CLAMP = 0.999


def safe_ell_comps(ell_comps):
    """``ell_comps`` as every map of an elliptical sibling can evaluate them, with finite derivatives.

    * Magnitudes above 0.999 are scaled down to 0.999.  autogalaxy's axis ratio already
      saturates there (``convert.ELL_COMPS_MAGNITUDE_CLAMP``), but its elliptical NFW
      deflections recompute the eccentricity from the raw components and divide by
      sqrt(1 - e^2), which is 0 at |e| = 1 (a corner of the shipped TruncatedGaussian(-1, 1)
      priors): NaN there.  Components inside the clamp are returned unchanged (bit for bit).
    * When both components are traced zeros, the second is moved by 1e-8.  Every elliptical
      profile converts (e1, e2) to polar form through sqrt(e1^2 + e2^2), whose derivative at
      the origin is 0/0, so ``jax.grad`` of a likelihood at ell_comps = (0, 0) -- the prior
      median -- is NaN.  autogalaxy's ``convert.axis_ratio_and_angle_from`` nudges its angle
      this way; doing it once on the components makes every method see the same point.  The
      maps have a cone-like kink at the origin (autogalaxy's profiles keep the major-axis
      profile, so the mass inside a contour changes at first order in |e|): the gradient
      there is the one-sided derivative towards +e2.  Concrete (NumPy) zeros are unchanged.
    """
    e1, e2 = ell_comps
    traced = is_traced(e1, e2)
    xp = jnp if uses_jax(e1, e2) else np
    magnitude2 = e1 * e1 + e2 * e2
    if xp is np and magnitude2 <= _MAGNITUDE_CLAMP**2:
        return ell_comps
    over = magnitude2 > _MAGNITUDE_CLAMP**2
    scale = xp.where(over, _MAGNITUDE_CLAMP / xp.sqrt(xp.where(over, magnitude2, 1.0)), 1.0)
    e1, e2 = e1 * scale, e2 * scale
    if traced:
        e2 = jnp.where((e1 == 0.0) & (e2 == 0.0), e2 + _ORIGIN_NUDGE, e2)
    return (e1, e2)


# A harmless halo whose parameters stand in for an invalid (NaN) one in derived computations.
_STAND_IN = dict(kappa_s=0.1, scale_radius=1.0, radius_at_200=50.0, concentration=10.0, rho_s=1.0e7, kpc_per_arcsec=6.0)


def stored_scalar(value):
    """A 0-d NumPy array as its NumPy scalar; anything else (JAX arrays, tracers) as it is."""
    return value[()] if isinstance(value, np.ndarray) and value.ndim == 0 else value


def derived_parameters(function, params, inputs: dict):
    """``(params, function(params, **inputs))``: the halo's parameters and the derived ones, NaN where invalid.

    On the JAX path a halo is invalid where its NFW parameters are NaN or an input lies outside
    its domain (:data:`~autogalaxy_jaxnfw.profiles.sidm_domains.SIDM_DOMAINS`): ``function``
    sees a stand-in halo there, and its outputs and the NFW parameters are replaced by NaN
    afterwards ("double where").  The maps combine both, so masking only one would send NaN
    cotangents into the other's derivatives.  On the NumPy path the outputs are Python floats,
    and an input outside its domain raises ``ModelParameterException`` naming it.

    Parameters
    ----------
    function : callable
        The derived parameters, e.g. the SIDM ones, as ``function(params, **inputs)``.
    params : NFWParameters
        The halo's parameters: NumPy floats on the NumPy path.
    inputs : dict
        The further constructor arguments (e.g. ``sigma_over_m``).
    """
    # Checked, then stored as upstream would (a NumPy scalar, not a 0-d array: autofit's database
    # cannot store those).
    inputs = {name: stored_scalar(as_float64(value, name)) for name, value in inputs.items()}
    if uses_jax(params.kappa_s, *inputs.values()):
        valid = jnp.isfinite(params.kappa_s) & in_sidm_domain(jnp, **inputs)
        safe = params._replace(**{name: jnp.where(valid, getattr(params, name), v) for name, v in _STAND_IN.items()})
        masked = params._replace(**{name: jnp.where(valid, getattr(params, name), jnp.nan) for name in _STAND_IN})
        return masked, tuple(jnp.where(valid, value, jnp.nan) for value in function(safe, **inputs))
    raise_outside_sidm_domain(inputs)
    return params, tuple(float(v) for v in function(params, **inputs))


class MCRLudlowJax:
    """Mixin: the halo's profile parameters from M200c through the plugin's Ludlow et al. (2016) relation.

    Each profile subclasses its upstream ``*MCR*Ludlow*`` counterpart (so ``isinstance``
    checks, prior-config fallbacks and plotting keep working) and replaces the parent's
    ``__init__`` -- which would call ``mcr_util`` -- by one that stores the constructor
    arguments exactly as upstream does and calls the ``__init__`` of the profile the
    parameters feed (``NFW``, ``cNFWSph``, ``NFWTruncatedSph``, ...) with the parameters of
    :mod:`autogalaxy_jaxnfw.profiles.nfw_parameters`.

    Attributes
    ----------
    halo_cosmology : HaloCosmology or None
        Class-level cosmology pairing; ``None`` (the default) uses the process-wide one
        (:func:`autogalaxy_jaxnfw.profiles.use_cosmology`).  Override in a subclass, e.g.
        ``halo_cosmology = HaloCosmology.consistent(autogalaxy_jaxnfw.planck18)``.
    relation : Relation
        Class-level c(M): Ludlow et al. (2016) in 200c by default (upstream's).  With another
        mass definition the ``mass_at_200`` argument is the mass in that definition; make
        such a class with :func:`autogalaxy_jaxnfw.with_relation`.
    """

    halo_cosmology: Optional[HaloCosmology] = None
    relation: Relation = DEFAULT_RELATION
    float32_unusable_maps: tuple = ()
    """Maps left to autogalaxy's multi-Gaussian expansion, which float32 cannot evaluate
    (its Euler-summed amplitudes cancel: errors of order the map, docs/research/float32.md)."""

    def _warn_if_float32(self):
        """Warn, naming the setting, when this class has maps that float32 gets wrong and x64 is off."""
        if self.float32_unusable_maps and not jax.config.jax_enable_x64:
            warnings.warn(
                f"{type(self).__name__}: {', '.join(self.float32_unusable_maps)} use autogalaxy's multi-Gaussian "
                "expansion, which is wrong in float32 (errors of order the map); enable float64 with "
                'jax.config.update("jax_enable_x64", True) or JAX_ENABLE_X64=1 before importing JAX.',
                RuntimeWarning,
                stacklevel=4,
            )

    def _halo_cosmology(self):
        """The pairing this halo uses: the class attribute (a subclass may derive one from its parameters)."""
        return type(self).halo_cosmology

    def _parameters_from_mass(
        self, mass_at_200, redshift_object, redshift_source, scatter_sigma=None, f_c=None
    ) -> NFWParameters:
        """Store the halo arguments as upstream does and return the halo's parameters.

        ``scatter_sigma=None`` (classes without scatter whose upstream counterpart stores no
        such attribute) means no scatter; ``f_c=None`` an NFW rather than a cored halo.
        """
        self._warn_if_float32()
        self.mass_at_200 = mass_at_200
        if scatter_sigma is not None:
            self.scatter_sigma = scatter_sigma
        if f_c is not None:
            self.f_c = f_c
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source
        halo = dict(
            mass_at_200=mass_at_200,
            scatter_sigma=0.0 if scatter_sigma is None else scatter_sigma,
            redshift_object=redshift_object,
            redshift_source=redshift_source,
            cosmology=self._halo_cosmology(),
            relation=type(self).relation,
        )
        if f_c is None:
            return nfw_parameters_from(**halo)
        return cnfw_parameters_from(f_c=f_c, **halo)

    def _init_from_mass(
        self,
        base_init: Callable,
        geometry: dict,
        mass_at_200,
        redshift_object,
        redshift_source,
        scatter_sigma=None,
        f_c=None,
        truncated: bool = False,
        **profile_arguments,
    ):
        """Derive the halo's parameters and call ``base_init`` with them.

        Parameters
        ----------
        base_init
            The unbound ``__init__`` of the autogalaxy profile that takes kappa_s and radii.
        geometry
            ``centre`` (and ``ell_comps``) passed through to ``base_init``.
        scatter_sigma, f_c
            As :meth:`_parameters_from_mass`.
        truncated
            Whether to pass ``truncation_radius`` (2 r_200, in arcsec by default; see
            :mod:`autogalaxy_jaxnfw.settings.conventions`).
        profile_arguments
            Further arguments of ``base_init`` (e.g. ``inner_slope``).
        """
        params = self._parameters_from_mass(mass_at_200, redshift_object, redshift_source, scatter_sigma, f_c)
        if "ell_comps" in geometry:
            geometry = dict(geometry, ell_comps=safe_ell_comps(geometry["ell_comps"]))
        radii = {}
        if f_c is not None:
            radii["core_radius"] = params.core_radius
        if truncated:
            radii["truncation_radius"] = params.truncation_radius
        base_init(
            self, kappa_s=params.kappa_s, scale_radius=params.scale_radius, **geometry, **radii, **profile_arguments
        )
