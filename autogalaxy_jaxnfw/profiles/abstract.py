"""The construction shared by every mass-parameterised (Ludlow et al. 2016) halo profile."""

from typing import Callable, Optional

import jax
import jax.numpy as jnp
import numpy as np
from autogalaxy import exc

from autogalaxy_jaxnfw.profiles.halo_cosmology import HaloCosmology
from autogalaxy_jaxnfw.profiles.nfw_parameters import NFWParameters, cnfw_parameters_from, nfw_parameters_from

# The shift given to ell_comps[1] when both components are traced zeros; the value of
# autogalaxy's own ``convert._ORIGIN_NUDGE``, so the two conversions see one point.
_ORIGIN_NUDGE = 1e-8


def nudged_ell_comps(ell_comps):
    """``ell_comps``, with the second component moved by 1e-8 when both are traced zeros.

    Every elliptical profile converts (e1, e2) to polar form through sqrt(e1^2 + e2^2),
    whose derivative at the origin is 0/0: ``jax.grad`` of a likelihood at ell_comps =
    (0, 0) -- the prior median -- is NaN through autogalaxy's elliptical NFW deflections.
    The maps are smooth in (e1, e2) there, so their derivative at (0, 1e-8) is the
    derivative at the origin to O(1e-8); autogalaxy's ``convert.axis_ratio_and_angle_from``
    already nudges its angle this way, and doing it once on the components makes every
    method of the profile see the same point.  Only traced values are nudged (NumPy and
    concrete values carry no derivative and stay bit-identical to upstream's).
    """
    e1, e2 = ell_comps
    if not any(isinstance(c, jax.core.Tracer) for c in (e1, e2)):
        return ell_comps
    e2 = jnp.asarray(e2, dtype=float)
    return (e1, jnp.where((e1 == 0.0) & (e2 == 0.0), e2 + _ORIGIN_NUDGE, e2))


def numpy_sidm_values(values, params, inputs: dict):
    """The derived SIDM parameters as Python floats on the NumPy path (raising for NaN); unchanged under JAX.

    Parameters
    ----------
    values : tuple of arrays
        The parameters, computed with ``jax.numpy``.
    params : NFWParameters
        The halo's parameters: NumPy floats on the NumPy path.
    inputs : dict
        The SIDM constructor arguments, for the path and the error message.
    """
    leaves = (params.kappa_s, *inputs.values())
    if any(isinstance(leaf, jax.Array) for leaf in leaves):
        return values
    values = tuple(float(v) for v in values)
    if any(np.isnan(v) for v in values):
        shown = ", ".join(f"{name}={value!r}" for name, value in inputs.items())
        raise exc.ModelParameterException(f"The self-interaction parameters must be finite (and velocity_exponent < 8); got {shown}.")
    return values


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
    """

    halo_cosmology: Optional[HaloCosmology] = None

    def _parameters_from_mass(
        self, mass_at_200, redshift_object, redshift_source, scatter_sigma=None, f_c=None
    ) -> NFWParameters:
        """Store the halo arguments as upstream does and return the halo's parameters.

        ``scatter_sigma=None`` (classes without scatter whose upstream counterpart stores no
        such attribute) means no scatter; ``f_c=None`` an NFW rather than a cored halo.
        """
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
            cosmology=type(self).halo_cosmology,
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
            :mod:`autogalaxy_jaxnfw.conventions`).
        profile_arguments
            Further arguments of ``base_init`` (e.g. ``inner_slope``).
        """
        params = self._parameters_from_mass(mass_at_200, redshift_object, redshift_source, scatter_sigma, f_c)
        if "ell_comps" in geometry:
            geometry = dict(geometry, ell_comps=nudged_ell_comps(geometry["ell_comps"]))
        radii = {}
        if f_c is not None:
            radii["core_radius"] = params.core_radius
        if truncated:
            radii["truncation_radius"] = params.truncation_radius
        base_init(
            self, kappa_s=params.kappa_s, scale_radius=params.scale_radius, **geometry, **radii, **profile_arguments
        )
