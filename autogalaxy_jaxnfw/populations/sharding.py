"""Spread simulations over every visible device with JAX's own sharding.

Two splits cover the workflows of :mod:`autogalaxy_jaxnfw.populations.substructure`:

* realisations: :func:`sharded_vmap` is ``jax.jit(jax.vmap(fn))`` with the leading
  (realisation) axis of every argument split over a 1-D device mesh
  (``jax.sharding.NamedSharding``); each device simulates its share, nothing is exchanged;
* haloes of one large population: :func:`sharded_population_deflections` splits the haloes
  with ``jax.shard_map`` and sums the per-device deflections with one ``psum``, and
  :class:`ShardedTruncatedNFWHalos` does so inside autolens' multi-plane simulator.

On a CPU, ``XLA_FLAGS=--xla_force_host_platform_device_count=N`` (set before JAX starts)
makes N devices of the host's cores; add ``--xla_cpu_multi_thread_eigen=false`` there, since
XLA:CPU's multi-threaded Eigen pool can wedge on large vmapped programs split over host
devices (PyAutoFit issues #1528 and #1530).  On one CPU the split only tests the
program: a single host device already uses every core.
"""

from typing import Optional

import jax
import jax.numpy as jnp
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec

from autogalaxy_jaxnfw.populations.lensing import (
    DEFAULT_CHUNK_SIZE,
    EMPTY_HALO_RADII,
    truncated_nfw_population_deflections,
)
from autogalaxy_jaxnfw.populations.substructure import TruncatedNFWHalos

__all__ = [
    "ShardedTruncatedNFWHalos",
    "device_mesh",
    "sharded_population_deflections",
    "sharded_vmap",
]


def device_mesh(axis_name: str = "batch", devices=None) -> Mesh:
    """A 1-D mesh over ``devices`` (default: every device JAX sees), its one axis ``axis_name``."""
    devices = jax.devices() if devices is None else list(devices)
    return Mesh(np.asarray(devices), (axis_name,))


def _padded(tree, n_pad: int):
    """Every leaf extended along axis 0 by ``n_pad`` copies of its last entry."""
    if n_pad == 0:
        return tree
    return jax.tree_util.tree_map(lambda a: jnp.concatenate([a, jnp.repeat(a[-1:], n_pad, axis=0)]), tree)


def sharded_vmap(fn, mesh: Optional[Mesh] = None):
    """``jax.jit(jax.vmap(fn))`` with the batch axis split over the devices of ``mesh``.

    The batch is padded to a multiple of the number of devices (by repeating its last
    entry) and the padding is dropped from the results, so any batch size works.

    Parameters
    ----------
    fn : callable
        One realisation: arrays (or pytrees of arrays) in, a pytree of arrays out.
    mesh : jax.sharding.Mesh or None
        A 1-D mesh; ``None``: :func:`device_mesh` over every visible device.

    Returns
    -------
    callable
        ``f(*batched_args)``, each argument with a leading batch axis of one common size B;
        returns ``fn``'s outputs stacked along a leading axis of size B.
    """
    mesh = device_mesh() if mesh is None else mesh
    split = NamedSharding(mesh, PartitionSpec(mesh.axis_names[0]))
    batched = jax.jit(jax.vmap(fn), in_shardings=split, out_shardings=split)

    def call(*args):
        size = jax.tree_util.tree_leaves(args)[0].shape[0]
        out = batched(*_padded(args, -size % mesh.size))
        return jax.tree_util.tree_map(lambda a: a[:size], out)

    return call


def sharded_population_deflections(
    grid_yx, centres, kappa_s, scale_radius, truncation_radius, mesh: Optional[Mesh] = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
):
    """:func:`~autogalaxy_jaxnfw.truncated_nfw_population_deflections` with the haloes split over devices.

    Each device sums the deflections of its share of the haloes (padded with empty haloes,
    kappa_s = 0, to a multiple of the device count) and one ``psum`` adds the shares, so
    the result equals the single-device sum up to the order of the additions.  Parameters
    as :func:`~autogalaxy_jaxnfw.truncated_nfw_population_deflections`, plus ``mesh`` (a
    1-D mesh; ``None``: every visible device).  jit-, vmap- and grad-safe.

    Returns
    -------
    jax.Array, shape (n_pix, 2)
        (alpha_y, alpha_x) in arcsec, replicated on every device of the mesh.
    """
    mesh = device_mesh("halos") if mesh is None else mesh
    axis = mesh.axis_names[0]
    kappa_s = jnp.atleast_1d(jnp.asarray(kappa_s, dtype=float))
    n_halos = kappa_s.shape[0]
    halos = (
        jnp.broadcast_to(jnp.asarray(centres, dtype=float), (n_halos, 2)),
        kappa_s,
        jnp.broadcast_to(jnp.asarray(scale_radius, dtype=float), (n_halos,)),
        jnp.broadcast_to(jnp.asarray(truncation_radius, dtype=float), (n_halos,)),
    )
    n_pad = -n_halos % mesh.size
    pad = (jnp.zeros((n_pad, 2)), jnp.zeros(n_pad), jnp.full(n_pad, EMPTY_HALO_RADII[0]), jnp.full(n_pad, EMPTY_HALO_RADII[1]))
    halos = tuple(jnp.concatenate([h, p]) for h, p in zip(halos, pad))

    def share(grid, centres, kappa_s, scale_radius, truncation_radius):
        local = truncated_nfw_population_deflections(
            grid, centres, kappa_s, scale_radius, truncation_radius, chunk_size=chunk_size
        )
        return jax.lax.psum(local, axis)

    split = PartitionSpec(axis)
    # check_vma=False: the chunked sum's scan starts from a replicated zero and accumulates
    # device-varying terms, which the varying-axes type check would reject.
    return jax.shard_map(
        share, mesh=mesh, in_specs=(PartitionSpec(),) + (split,) * 4, out_specs=PartitionSpec(), check_vma=False
    )(jnp.asarray(grid_yx, dtype=float), *halos)


class ShardedTruncatedNFWHalos(TruncatedNFWHalos):
    """``halo_profile_cls`` for ``substructure_util`` that splits each plane's haloes over devices.

    As :class:`~autogalaxy_jaxnfw.populations.substructure.TruncatedNFWHalos`, through
    :func:`sharded_population_deflections`.  For populations so large that one device's
    time per plane dominates; for many small realisations :func:`sharded_vmap` is the split
    to use.  Subclass and set ``mesh`` to choose the devices (``None``: every visible one).
    """

    mesh: Optional[Mesh] = None

    @classmethod
    def summed_deflections(cls, grid, centres, kappa_s, scale_radius, truncation_radius):
        """The sum over one plane's haloes, split over the devices of ``mesh``."""
        return sharded_population_deflections(
            grid, centres, kappa_s, scale_radius, truncation_radius, mesh=cls.mesh, chunk_size=cls.chunk_size
        )
