"""Sharding over devices (autogalaxy_jaxnfw.populations.sharding) gives the single-device results.

XLA reads ``--xla_force_host_platform_device_count`` when JAX starts, so the checks run in a
fresh interpreter started with it (``subprocess``: a new process, never a fork of this one,
in which JAX already runs).  The child prints its results as JSON; the assertions are here.
It also runs with ``--xla_cpu_multi_thread_eigen=false``: XLA:CPU's multi-threaded Eigen
pool can wedge on vmapped programs over forced host devices (PyAutoFit issues #1528, #1530).
"""

import json
import os
import subprocess
import sys

import pytest

CHILD = r"""
import json
import jax, jax.numpy as jnp, numpy as np
import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.populations.sharding import ShardedTruncatedNFWHalos, sharded_population_deflections, sharded_vmap

rng = np.random.default_rng(11)
planes = (0.3, 0.5, 1.5)
grid = jnp.asarray(rng.uniform(-2.0, 2.0, (200, 2)))


def realisation(mass, centres, scatter, halo_cls=agj.TruncatedNFWHalos):
    halos = agj.truncated_halo_arrays(mass, centres, jnp.arange(mass.shape[0]) % 2, planes, 4, scatter)
    per_plane = jax.vmap(halo_cls.vmapped_deflections_from, in_axes=(None, 0, 0))
    return per_plane(grid, halos.params, halos.mask).sum(axis=0)


# Six realisations (not a multiple of 4: padded and trimmed) of seven haloes each.
mass = 10.0 ** rng.uniform(7.0, 10.0, (6, 7))
centres = rng.uniform(-1.5, 1.5, (6, 7, 2))
scatter = rng.normal(size=(6, 7))
single = jax.jit(jax.vmap(realisation))(mass, centres, scatter)
split = sharded_vmap(realisation)(mass, centres, scatter)
# One population's haloes split over the devices, alone and inside the per-plane sum.
population = [rng.uniform(-1.5, 1.5, (37, 2)), rng.uniform(1e-3, 1e-2, 37), rng.uniform(0.1, 1.0, 37),
              rng.uniform(2.0, 20.0, 37)]
summed = agj.truncated_nfw_population_deflections(grid, *population)
summed_split = jax.jit(sharded_population_deflections)(grid, *population)
planes_split = jax.jit(lambda *a: realisation(*a, halo_cls=ShardedTruncatedNFWHalos))(mass[0], centres[0], scatter[0])

def relative(a, b):
    return float(jnp.max(jnp.abs(a - b)) / jnp.max(jnp.abs(b)))

print(json.dumps(dict(
    devices=jax.device_count(),
    realisations_shape=list(split.shape),
    realisations_devices=len(split.sharding.device_set),
    realisations=relative(split, single),
    population=relative(summed_split, summed),
    population_in_planes=relative(planes_split, single[0]),
)))
"""


@pytest.fixture(scope="module")
def sharded():
    flags = "--xla_force_host_platform_device_count=4 --xla_cpu_multi_thread_eigen=false"
    env = dict(os.environ, XLA_FLAGS=flags, JAX_PLATFORMS="cpu")
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test__sharded_vmap__realisations_over_four_devices_equal_one_device(sharded):
    assert sharded["devices"] == 4
    assert sharded["realisations_shape"] == [6, 200, 2] and sharded["realisations_devices"] == 4
    # Each device runs the same per-realisation program on its share.
    assert sharded["realisations"] <= 1e-14


def test__sharded_population_deflections__haloes_over_four_devices_equal_one_device(sharded):
    # The per-device sums are added in another order: equal up to rounding.
    assert sharded["population"] <= 1e-13
    assert sharded["population_in_planes"] <= 1e-13
