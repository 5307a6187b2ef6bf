"""Phase-2 staging: run autogalaxy's own Ludlow classes on the plugin's relation, in unchanged scripts.

Every autogalaxy class whose parameters come from the Ludlow et al. (2016) relation
(``NFWMCRLudlowSph``, ``cNFWMCRScatterLudlow``, ``KaplinghatCoredNFWMCRLudlowSph``, ...)
obtains the concentration and the three lensing quantities it needs from one function,
``autogalaxy.profiles.mass.dark.mcr_util.ludlow16_cosmology(mass_at_200, redshift_object,
redshift_source, xp)``.  :func:`enable` replaces that function by :func:`ludlow16_cosmology`,
which returns

* c200c from :func:`autogalaxy_jaxnfw.concentration_ludlow16_with_mask` (instead of
  upstream's 200-point grid), for the concentration half of the plugin's cosmology pairing
  (:func:`autogalaxy_jaxnfw.profiles.get_cosmology`; colossus' ``planck15``, as upstream, by
  default), and
* rho_crit, Sigma_crit and kpc / arcsec from the pairing's lensing half (autogalaxy's
  ``Planck15``, as upstream, by default),

on the NumPy path (raising ``ModelParameterException`` where the concentration is undefined)
and the JAX path (NaN there, with finite derivatives).  Upstream's own formulas then turn
these into kappa_s and the radii, so with staging on every upstream Ludlow class gives the
parameters of its plugin sibling under :func:`autogalaxy_jaxnfw.upstream_conventions`
(staging changes the relation, not upstream's cored normalisation or truncation radius).
:func:`disable` puts the original function object back.

Staging is a change to this process's ``mcr_util`` module.  :func:`enable` also records it in
the environment (``AUTOGALAXY_JAXNFW_STAGING``), and importing ``autogalaxy_jaxnfw`` applies
it when that variable is set, so a worker process that imports the plugin (e.g. in a pool
initialiser) stages too; one that never imports it runs upstream's relation.

Examples
--------
>>> import autogalaxy_jaxnfw as agj
>>> agj.staging.enable()          # the one added line: al.mp.NFWMCRLudlowSph now uses the port
>>> with agj.staging.enabled():   # or for a block only
...     halo = al.mp.NFWMCRLudlowSph(mass_at_200=1e10)
"""

import contextlib

import jax
import jax.numpy as jnp
import numpy as np
from autogalaxy import exc
from autogalaxy.profiles.mass.dark import mcr_util

from autogalaxy_jaxnfw.settings import process_state
from autogalaxy_jaxnfw.halo.ludlow16.relation import concentration_ludlow16_with_mask
from autogalaxy_jaxnfw.profiles.halo_cosmology import get_cosmology
from autogalaxy_jaxnfw.profiles.lensing_quantities import lensing_quantities
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = ["disable", "enable", "enabled", "is_enabled", "ludlow16_cosmology"]

_ENV_NAME = "staging"
_ORIGINAL = mcr_util.ludlow16_cosmology


def ludlow16_cosmology(mass_at_200, redshift_object, redshift_source, xp=np):
    """The plugin's replacement of ``mcr_util.ludlow16_cosmology``: same arguments, same returns.

    Returns
    -------
    tuple
        (c200c, rho_crit(z_l) [Msun / kpc^3], Sigma_crit(z_l, z_s) [Msun / kpc^2],
        kpc / arcsec at z_l), NumPy floats for ``xp=numpy`` and JAX arrays otherwise.

    Raises
    ------
    autogalaxy.exc.ModelParameterException
        On the NumPy path, where the concentration is undefined (see
        :func:`autogalaxy_jaxnfw.concentration_ludlow16_with_mask`).
    """
    pairing = get_cosmology()
    cosmology = pairing.concentration
    concentration, valid = concentration_ludlow16_with_mask(mass_at_200 * cosmology.h, redshift_object, cosmology)
    # Concrete redshifts take autogalaxy's NumPy distances, as the plugin's profiles do.
    traced = is_traced(redshift_object, redshift_source)
    quantities = lensing_quantities(pairing.lensing, redshift_object, redshift_source, jnp if traced else np)
    if xp is np:
        if not np.all(valid):
            raise exc.ModelParameterException(
                f"The Ludlow et al. (2016) concentration is undefined for mass_at_200={mass_at_200!r} Msun "
                f"at redshift_object={redshift_object!r} (staged autogalaxy_jaxnfw relation)."
            )
        return (np.asarray(concentration, dtype=float)[()], *(np.asarray(q, dtype=float)[()] for q in quantities))
    # Materialised, as the siblings' parameters (nfw_parameters.py): not recomputed per pixel.
    return jax.lax.optimization_barrier((jnp.where(valid, concentration, jnp.nan), *(jnp.asarray(q) for q in quantities)))


def is_enabled() -> bool:
    """Whether autogalaxy's ``mcr_util.ludlow16_cosmology`` is the plugin's in this process."""
    return mcr_util.ludlow16_cosmology is ludlow16_cosmology


def enable() -> None:
    """Route every autogalaxy Ludlow class through the plugin's relation and cosmology pairing."""
    mcr_util.ludlow16_cosmology = ludlow16_cosmology
    process_state.write(_ENV_NAME, True)


def disable() -> None:
    """Restore autogalaxy's own ``mcr_util.ludlow16_cosmology`` (the original function object)."""
    mcr_util.ludlow16_cosmology = _ORIGINAL
    process_state.write(_ENV_NAME, None)


@contextlib.contextmanager
def enabled():
    """Staging inside a ``with`` block; the previous state (on or off) is restored on exit."""
    was_enabled = is_enabled()
    enable()
    try:
        yield
    finally:
        if not was_enabled:
            disable()


def apply_from_environment() -> None:
    """Enable staging if ``AUTOGALAXY_JAXNFW_STAGING`` says so (called when the plugin is imported)."""
    if process_state.read(_ENV_NAME):
        enable()
