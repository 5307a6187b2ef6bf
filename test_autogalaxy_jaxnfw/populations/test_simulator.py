"""Masses to noisy images, batched (autogalaxy_jaxnfw.populations.simulator): against 0.4.0's route,
realisation by realisation, split over 4 devices and over 2 processes (``jax.distributed``); one
population's deflections split over the same devices and processes.

The 4-device and 2-process runs are fresh interpreters (``subprocess``: XLA reads its flags
and the distributed runtime starts when JAX starts); each writes its images to an ``.npz``
and the assertions are here, against this process's single-device images.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

SETUP = r'''
import jax, jax.numpy as jnp, numpy as np
import autoarray as aa, autolens as al
from autogalaxy_jaxnfw.populations.planes import PlaneLayout
from autogalaxy_jaxnfw.populations.simulator import HaloSample, PopulationSimulator

REDSHIFTS, SOURCE_REDSHIFT, LENS_PLANE = (0.3, 0.5, 0.9), 1.5, 1
LENS, SOURCE = np.array([0.0, 0.0, 0.05, -0.05, 1.0]), np.array([0.05, 0.1, 0.1, 0.05, 1.0, 0.4, 1.5])


def lens_deflections(grid, p):
    mass = al.mp.Isothermal(centre=(p[0], p[1]), ell_comps=(p[2], p[3]), einstein_radius=p[4])
    return mass.deflections_yx_2d_from(grid=aa.Grid2DIrregular(values=grid, xp=jnp), xp=jnp).array


def source_image(grid, p):
    light = al.lp.Sersic(centre=(p[0], p[1]), ell_comps=(p[2], p[3]), intensity=p[4], effective_radius=p[5],
                         sersic_index=p[6])
    return light.image_2d_from(grid=aa.Grid2DIrregular(values=grid, xp=jnp), xp=jnp).array


rng = np.random.default_rng(7)
N_REAL, N_LOS, N_SUB, PIXELS = 5, 14, 3, 16
los = HaloSample(10.0 ** rng.uniform(7.5, 10.0, (N_REAL, N_LOS)), rng.uniform(-1.5, 1.5, (N_REAL, N_LOS, 2)),
                 rng.integers(0, 3, (N_REAL, N_LOS)), rng.normal(size=(N_REAL, N_LOS)))
subhalos = HaloSample(10.0 ** rng.uniform(7.5, 9.5, (N_REAL, N_SUB)), rng.uniform(-1.2, 1.2, (N_REAL, N_SUB, 2)),
                      np.full((N_REAL, N_SUB), LENS_PLANE), rng.normal(size=(N_REAL, N_SUB)))
keys = np.asarray(jax.random.split(jax.random.PRNGKey(3), N_REAL))
grid = al.Grid2D.uniform(shape_native=(PIXELS, PIXELS), pixel_scales=0.15)
y, x = np.mgrid[-2:3, -2:3]
psf = np.exp(-0.5 * (x**2 + y**2) / 0.8**2)
simulator = PopulationSimulator(
    layout=PlaneLayout.for_planes(np.concatenate([los.plane_index, subhalos.plane_index], axis=1), REDSHIFTS,
                                  SOURCE_REDSHIFT),
    grid=np.asarray(grid.array), image_shape=(PIXELS, PIXELS), psf_kernel=psf / psf.sum(),
    lens_deflections=lens_deflections, lens_plane=LENS_PLANE, source_image=source_image, lens_params=LENS,
    source_params=SOURCE, exposure_time=500.0, background_sky=0.1, cone_area=np.pi * 2.0**2, chunk_size=4)
# One population of 37 haloes for the population functions.
population = (np.asarray(grid.array), rng.uniform(-1.5, 1.5, (37, 2)), rng.uniform(1e-3, 1e-2, 37),
              rng.uniform(0.1, 1.0, 37), rng.uniform(2.0, 20.0, 37))
'''

CHILD = r'''
import os, sys
import jax
jax.config.update("jax_enable_x64", True)
if len(sys.argv) > 2:
    jax.config.update("jax_cpu_collectives_implementation", "gloo")
    jax.distributed.initialize(f"localhost:{sys.argv[2]}", num_processes=2, process_id=int(sys.argv[3]))
''' + SETUP + r'''
from autogalaxy_jaxnfw.populations.sharding import sharded_population_deflections
out = simulator.batched()(keys, los, subhalos)
summed = sharded_population_deflections(*population, chunk_size=8)
if jax.process_index() == 0:
    np.savez(sys.argv[1], image=np.asarray(out.image), noiseless=np.asarray(out.noiseless),
             population=np.asarray(summed), devices=jax.device_count(), processes=jax.process_count())
if jax.process_count() > 1:
    jax.distributed.shutdown()
'''

FLAGS = "--xla_cpu_multi_thread_eigen=false"


@pytest.fixture(scope="module")
def setup():
    namespace = {}
    exec(SETUP, namespace)
    return namespace


@pytest.fixture(scope="module")
def single_population(setup):
    from autogalaxy_jaxnfw.populations.lensing import truncated_nfw_population_deflections

    return np.asarray(truncated_nfw_population_deflections(*setup["population"]))


@pytest.fixture(scope="module")
def single(setup):
    return setup["simulator"].batched()(setup["keys"], setup["los"], setup["subhalos"])


def test__batched__equals_realisation_by_realisation(setup, single):
    one = jax.jit(setup["simulator"].realisation)
    for b in (0, setup["N_REAL"] - 1):
        pick = lambda sample: type(sample)(*(None if f is None else np.asarray(f)[b] for f in sample))  # noqa: E731
        ours = one(setup["keys"][b], pick(setup["los"]), pick(setup["subhalos"]))
        np.testing.assert_allclose(np.asarray(single.noiseless[b]), np.asarray(ours.noiseless), rtol=0.0,
                                   atol=1e-13 * float(jnp.max(ours.noiseless)))
        np.testing.assert_allclose(np.asarray(single.image[b]), np.asarray(ours.image), rtol=0.0, atol=1e-10)
    assert np.all(np.asarray(single.n_dropped) == 0) and np.all(np.isfinite(np.asarray(single.image)))


def test__noiseless_images__equal_autolens_slot_layout_route_of_0_4_0(setup, single):
    """autolens' ``simulate_substructure`` (rectangular slots, lax.scan over planes) with the package's halo arrays."""
    import autogalaxy_jaxnfw as agj
    from autolens.lens import substructure_util

    s, planes = setup["simulator"], setup["REDSHIFTS"] + (setup["SOURCE_REDSHIFT"],)

    def old_route(los, subhalos):
        halos = [agj.truncated_halo_arrays(h.mass_at_200, h.centres, h.plane_index, planes, 8, h.scatter_sigma)
                 for h in (los, subhalos)]
        return substructure_util.simulate_substructure(
            grid=jnp.asarray(s.grid), image_shape=s.image_shape,
            halo_params=jnp.concatenate([h.params for h in halos], axis=1),
            halo_mask=jnp.concatenate([h.mask for h in halos], axis=1),
            scaling_matrix=substructure_util.precompute_scaling_matrix(planes),
            lens_mass_fn=setup["lens_deflections"], lens_mass_params=jnp.asarray(setup["LENS"]),
            lens_plane_mask=jnp.asarray(np.arange(len(planes)) == setup["LENS_PLANE"], dtype=float),
            sheet_kappas=agj.mean_convergence_sheets(halos[0], s.cone_area), source_light_fn=setup["source_image"],
            source_light_params=jnp.asarray(setup["SOURCE"]), psf_kernel=jnp.asarray(s.psf_kernel),
            exposure_time=s.exposure_time, background_sky_level=s.background_sky, prng_key=None,
            halo_profile_cls=agj.TruncatedNFWHalos)

    expected = jax.jit(jax.vmap(old_route))(setup["los"], setup["subhalos"])
    np.testing.assert_allclose(np.asarray(single.noiseless), np.asarray(expected), rtol=0.0,
                               atol=1e-12 * float(jnp.max(expected)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def _run(commands, env, timeout=600):
    procs = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    try:
        outputs = [p.communicate(timeout=timeout) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    for p, (_, err) in zip(procs, outputs):
        assert p.returncode == 0, err[-3000:]


@pytest.mark.slow
def test__batched__four_devices_equal_one_device(single, single_population, tmp_path):
    path = tmp_path / "four.npz"
    env = dict(os.environ, XLA_FLAGS=f"--xla_force_host_platform_device_count=4 {FLAGS}", JAX_PLATFORMS="cpu")
    _run([[sys.executable, "-c", CHILD, str(path)]], env)
    split = np.load(path)
    assert int(split["devices"]) == 4
    np.testing.assert_allclose(split["noiseless"], np.asarray(single.noiseless), rtol=0.0, atol=1e-14)
    np.testing.assert_array_equal(split["image"], np.asarray(single.image))
    # The haloes' shares are added in another order: equal up to rounding.
    np.testing.assert_allclose(split["population"], single_population, rtol=0.0,
                               atol=1e-13 * np.max(np.abs(single_population)))


@pytest.mark.slow
def test__batched__two_processes_equal_one_process(single, single_population, tmp_path):
    path, port = tmp_path / "two.npz", str(_free_port())
    env = dict(os.environ, XLA_FLAGS=FLAGS, JAX_PLATFORMS="cpu")
    _run([[sys.executable, "-c", CHILD, str(path), port, str(i)] for i in range(2)], env)
    split = np.load(path)
    assert int(split["devices"]) == 2 and int(split["processes"]) == 2
    np.testing.assert_allclose(split["noiseless"], np.asarray(single.noiseless), rtol=0.0, atol=1e-14)
    np.testing.assert_array_equal(split["image"], np.asarray(single.image))
    # The haloes' shares are added in another order: equal up to rounding.
    np.testing.assert_allclose(split["population"], single_population, rtol=0.0,
                               atol=1e-13 * np.max(np.abs(single_population)))


CHILD_FLOAT32 = r'''
import sys
import jax
''' + SETUP + r'''
# JAX's default precision, whatever importing the package did.
jax.config.update("jax_enable_x64", False)
out = simulator.batched()(keys, los, subhalos)
np.savez(sys.argv[1], noiseless=np.asarray(out.noiseless), dtype=str(out.noiseless.dtype))
'''


@pytest.mark.slow
def test__batched__float32_without_x64_within_1e_5_of_float64(single, tmp_path):
    path = tmp_path / "float32.npz"
    _run([[sys.executable, "-c", CHILD_FLOAT32, str(path)]], dict(os.environ, XLA_FLAGS=FLAGS, JAX_PLATFORMS="cpu"))
    low = np.load(path)
    assert str(low["dtype"]) == "float32"
    reference = np.asarray(single.noiseless)
    # Measured 8e-7 of the peak on the full population (docs/research/workflows.md, section 7).
    assert np.max(np.abs(low["noiseless"] - reference)) <= 1e-5 * np.max(reference)
