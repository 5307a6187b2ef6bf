"""NFW parameters of N truncated haloes (subhaloes, line of sight) in one batched call.

The batched counterpart of constructing N truncated Ludlow profiles; their summed lensing is
in :mod:`autogalaxy_jaxnfw.populations.lensing`.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp

from autogalaxy_jaxnfw.halo.relation_choice import Relation
from autogalaxy_jaxnfw.numerics.inputs import as_float, as_float64, broadcast_shapes
from autogalaxy_jaxnfw.profiles.halo_cosmology import CosmologyLike
from autogalaxy_jaxnfw.profiles.nfw_parameters import nfw_parameters_from

__all__ = [
    "TruncatedNFWPopulation",
    "truncated_nfw_population_parameters",
]


class TruncatedNFWPopulation(NamedTuple):
    """Lensing parameters of N truncated NFW haloes, each an array of shape (N,).

    Attributes
    ----------
    kappa_s : array
        rho_s r_s / Sigma_crit, dimensionless.
    scale_radius : array
        r_s in arcsec.
    truncation_radius : array
        r_t = 2 r_200 in arcsec, as :class:`autogalaxy_jaxnfw.NFWTruncatedMCRScatterLudlowSphJax`
        sets it (2 r_200 in kpc, read as arcsec, under
        :func:`autogalaxy_jaxnfw.upstream_conventions`, as upstream's class).
    """

    kappa_s: jax.Array
    scale_radius: jax.Array
    truncation_radius: jax.Array


def truncated_nfw_population_parameters(
    mass_at_200,
    scatter_sigma=0.0,
    redshift_object=0.5,
    redshift_source=1.0,
    cosmology: CosmologyLike = None,
    relation: Relation = None,
) -> TruncatedNFWPopulation:
    """kappa_s, r_s and r_t of N truncated NFW haloes on the Ludlow et al. (2016) c(M, z).

    The batched counterpart of constructing N
    :class:`~autogalaxy_jaxnfw.NFWTruncatedMCRScatterLudlowSphJax` (or upstream
    ``NFWTruncatedMCRScatterLudlowSph``) profiles: one call of
    :func:`autogalaxy_jaxnfw.profiles.nfw_parameters_from` on arrays.  jit-, grad- and
    vmap-safe; wrap it in ``jax.jit`` for speed (eagerly it dispatches op by op).

    Redshifts given as Python or NumPy numbers are constants of the trace: the distances
    (Sigma_crit, kpc / arcsec) are evaluated in NumPy once per distinct (redshift_object,
    redshift_source) pair at trace time, and each redshift plane's concentrations come from
    its own series (:func:`autogalaxy_jaxnfw.halo.ludlow16.relation.choose_method`), so the program
    has no loop and no padding.  Traced redshifts cost one evaluation of the distances per
    halo and per call.

    Parameters
    ----------
    mass_at_200 : float or array, shape (N,)
        M200c in Msun.
    scatter_sigma : float or array, broadcastable to (N,)
        Offset from the mean relation in units of 0.15 dex in log10 c.
    redshift_object : float or array, broadcastable to (N,)
        Halo redshifts z_l >= 0.
    redshift_source : float or array, broadcastable to (N,)
        Source redshift(s), > redshift_object.
    cosmology : HaloCosmology, Cosmology or None
        As :func:`~autogalaxy_jaxnfw.profiles.nfw_parameters_from` (``None``: the active
        pairing, upstream's split by default).
    relation : Relation or None
        The haloes' c(M) (:class:`~autogalaxy_jaxnfw.Relation`; ``None``: Ludlow et al. 2016 in
        200c); static under jit.  In another mass definition ``mass_at_200`` is the mass in it.

    Returns
    -------
    TruncatedNFWPopulation
        JAX arrays of the broadcast shape of the inputs; NaN for a halo whose input is
        invalid or whose concentration is undefined (no exception, as on the profiles'
        JAX path).

    Raises
    ------
    TypeError
        For an argument that is not real numbers (a string, say) or a ``cosmology`` that is
        not one, naming it.
    ValueError
        For shapes that do not broadcast, naming the arguments.
    """
    mass, scatter = as_float(mass_at_200, "mass_at_200"), as_float(scatter_sigma, "scatter_sigma")
    # The redshifts stay NumPy where concrete: their distances are evaluated once, in float64.
    redshift_object, redshift_source = (as_float64(redshift_object, "redshift_object"),
                                        as_float64(redshift_source, "redshift_source"))
    shape = broadcast_shapes(mass_at_200=mass, scatter_sigma=scatter, redshift_object=redshift_object,
                             redshift_source=redshift_source)
    mass, scatter = jnp.broadcast_to(mass, shape), jnp.broadcast_to(scatter, shape)
    params = nfw_parameters_from(mass, scatter, redshift_object, redshift_source, cosmology=cosmology, relation=relation)
    return TruncatedNFWPopulation(
        kappa_s=params.kappa_s,
        scale_radius=params.scale_radius,
        truncation_radius=params.truncation_radius,
    )
