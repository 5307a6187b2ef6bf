"""NFW parameters of N truncated haloes (subhaloes, line of sight) in one batched call.

The batched counterpart of constructing N truncated Ludlow profiles; their summed lensing is
in :mod:`autogalaxy_jaxnfw.population_lensing`.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

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
) -> TruncatedNFWPopulation:
    """kappa_s, r_s and r_t of N truncated NFW haloes on the Ludlow et al. (2016) c(M, z).

    The batched counterpart of constructing N
    :class:`~autogalaxy_jaxnfw.NFWTruncatedMCRScatterLudlowSphJax` (or upstream
    ``NFWTruncatedMCRScatterLudlowSph``) profiles: one call of
    :func:`autogalaxy_jaxnfw.profiles.nfw_parameters_from` on arrays.  jit-, grad- and
    vmap-safe; wrap it in ``jax.jit`` for speed (eagerly it dispatches op by op).

    Redshifts given concretely (Python or NumPy numbers, or JAX arrays that are not traced
    -- e.g. closed over rather than passed as arguments under ``jax.jit``) are constants of
    the trace: autogalaxy's distances (Sigma_crit, kpc / arcsec) are then evaluated in NumPy
    at trace time (~0.3 ms per redshift pair) and cost nothing per call.  Haloes sharing
    redshifts (lens planes) are grouped so that each distinct (redshift_object,
    redshift_source) pair is evaluated once.  Traced redshifts cost one JAX evaluation of
    the distances per halo and per call (~0.2 ms each on a CPU).

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

    Returns
    -------
    TruncatedNFWPopulation
        JAX arrays of the broadcast shape of the inputs; NaN for a halo whose input is
        invalid or whose concentration is undefined (no exception, as on the profiles'
        JAX path).
    """
    mass, scatter = (jnp.asarray(v, dtype=float) for v in (mass_at_200, scatter_sigma))
    concrete = _is_concrete(redshift_object) and _is_concrete(redshift_source)
    zp = np if concrete else jnp  # NumPy redshifts take nfw_parameters_from's static path
    z_l, z_s = zp.asarray(redshift_object, dtype=float), zp.asarray(redshift_source, dtype=float)
    shape = jnp.broadcast_shapes(mass.shape, scatter.shape, z_l.shape, z_s.shape)
    mass, scatter = jnp.broadcast_to(mass, shape), jnp.broadcast_to(scatter, shape)
    if concrete and (z_l.ndim or z_s.ndim):
        params = _parameters_by_redshift_plane(mass, scatter, z_l, z_s, shape, cosmology)
    else:
        params = nfw_parameters_from(mass, scatter, z_l, z_s, cosmology=cosmology)
    return TruncatedNFWPopulation(
        kappa_s=params.kappa_s,
        scale_radius=params.scale_radius,
        truncation_radius=params.truncation_radius,
    )


def _is_concrete(value) -> bool:
    """True for Python / NumPy numbers and arrays and for concrete (non-traced) JAX arrays."""
    return not any(isinstance(leaf, jax.core.Tracer) for leaf in jax.tree_util.tree_leaves(value))


# Grouping pads every plane to the largest one; beyond this much padding (relative to the
# population) the per-halo path is used instead.
_MAX_PADDING = 4


def _parameters_by_redshift_plane(mass, scatter, z_l, z_s, shape, cosmology):
    """nfw_parameters_from with the distances evaluated once per distinct (z_l, z_s), not per halo.

    The haloes are scattered into a (K planes, M = largest plane) array, padded with a
    harmless halo, so one call sees K redshift pairs; the results are gathered back.  Used
    when K < N and K M <= 4 N.
    """
    z_l, z_s = (np.broadcast_to(z, shape).ravel() for z in (z_l, z_s))
    planes, plane_of = np.unique(np.stack([z_l, z_s], axis=-1), axis=0, return_inverse=True)
    plane_of = plane_of.ravel()
    n_halos, n_planes = z_l.size, planes.shape[0]
    counts = np.bincount(plane_of, minlength=n_planes)
    width = int(counts.max())
    if n_planes >= n_halos or n_planes * width > _MAX_PADDING * n_halos:
        return nfw_parameters_from(mass, scatter, z_l.reshape(shape), z_s.reshape(shape), cosmology=cosmology)
    order = np.argsort(plane_of, kind="stable")
    slot = np.empty(n_halos, dtype=int)
    slot[order] = np.arange(n_halos) - (np.cumsum(counts) - counts)[plane_of[order]]
    index = (plane_of, slot)

    def grouped(values, pad):
        return jnp.full((n_planes, width), pad, dtype=float).at[index].set(values.ravel())

    params = nfw_parameters_from(
        grouped(mass, 1.0e10),
        grouped(scatter, 0.0),
        planes[:, :1],
        planes[:, 1:],
        cosmology=cosmology,
    )
    return type(params)(*(None if p is None else p[index].reshape(shape) for p in params))
