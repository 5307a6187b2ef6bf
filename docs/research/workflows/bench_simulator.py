"""Time per realisation of the line-of-sight simulator, and its throughput against the number of devices.

Run from the repository root, with the examples' folder on the path::

    PYTHONPATH=docs/examples .venv/bin/python docs/research/workflows/bench_simulator.py [--quick] [--devices 1 2 4]

The population is that of ``docs/examples/los_simulator.py`` (1000 line-of-sight haloes
over 8 planes + 20 subhalos, 80 x 80 pixels of 0.05"; ``--quick``: its quick settings),
``--realisations`` of them per batch.  Three routes to the same noise-free images, timed
interleaved in one process (``--repeats`` rounds, median per route), after compilation:

* ``ours``: masses -> images in one jitted, vmapped function (the example's simulator:
  ``agj.truncated_halo_arrays`` + autolens' ``simulate_substructure`` with
  ``agj.TruncatedNFWHalos``);
* ``ours, upstream halo deflections``: the same with autogalaxy's
  ``NFWTruncatedSph.vmapped_deflections_from`` as ``halo_profile_cls``;
* ``NumPy/colossus``: per realisation, c200c from colossus' ``ludlow16`` (one vectorised call
  per plane), kappa_s, r_s and the slot layout in NumPy (r_t = r_200 times the package's own
  r_t / r_200 of that plane), then the jitted, vmapped ``simulate_substructure`` on those
  arrays -- the workflow of autolens' ``LOSSampler`` / ``galaxies_to_halo_arrays`` without
  its per-halo Python objects.

``--devices N ...`` then reruns ``ours`` in fresh processes with
``XLA_FLAGS="--xla_force_host_platform_device_count=N --xla_cpu_multi_thread_eigen=false"``
(``agj.populations.sharding.sharded_vmap``) and reports realisations per second.  Without the second
flag XLA:CPU's multi-threaded Eigen pool wedges on these vmapped programs (every thread
parked, intermittently even with one device; PyAutoFit issues #1528 / #1530), so every
device count runs with single-threaded Eigen.  ``--only-devices`` skips the routes and adds
the throughput to an existing JSON.  JSON goes to ``<out>/bench_simulator.json``.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

import autolens as al
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autolens.lens import substructure_util

import autogalaxy_jaxnfw as agj
import los_simulator as example


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--realisations", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--devices", type=int, nargs="*", default=[])
    parser.add_argument("--only-devices", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=Path("output/bench_simulator"))
    args = parser.parse_args()
    args.settings = dict(example.SETTINGS["quick" if args.quick else "full"], realisations=args.realisations)
    return args


def setup(settings):
    population = example.draw_populations(settings, np.random.default_rng(1))
    capacity = int(max(np.bincount(p).max() for p in population["los_plane"]))
    inputs = [population[k] for k in ("los_mass", "los_centres", "los_plane", "los_scatter", "sub_mass",
                                      "sub_centres", "sub_scatter")]
    keys = jax.random.split(jax.random.PRNGKey(1), settings["realisations"])
    return population, capacity, inputs, keys


def timed(fn, *args):
    start = time.perf_counter()
    out = jax.block_until_ready(fn(*args))
    return time.perf_counter() - start, out


def numpy_route(settings, population, capacity):
    """Per realisation: colossus c200c and NumPy parameters; returns (arrays per realisation -> images) pieces."""
    from colossus.cosmology import cosmology as colossus_cosmology
    from colossus.halo.concentration import concentration

    colossus_cosmology.setCosmology("planck15")
    _, planes = example.plane_redshifts()
    lens_index = int(np.argmin(np.abs(planes - example.Z_LENS)))
    lensing = al.cosmo.Planck15()
    h = agj.planck15.h
    per_plane = []
    for z in planes[:-1]:
        reference = agj.NFWTruncatedMCRScatterLudlowSphJax(mass_at_200=1e9, redshift_object=z,
                                                            redshift_source=example.Z_SOURCE)
        rho_crit = lensing.critical_density(z)
        r200_reference = (1e9 / (200.0 * rho_crit * 4.0 * np.pi / 3.0)) ** (1.0 / 3.0)
        per_plane.append(dict(
            rho_crit=rho_crit,
            sigma_crit=lensing.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
                redshift_0=z, redshift_1=example.Z_SOURCE),
            kpc_per_arcsec=lensing.kpc_per_arcsec_from(redshift=z),
            truncation_per_r200=reference.truncation_radius / r200_reference,  # the package's convention
        ))

    def parameters(b):
        n_planes, n_sub = planes.size, settings["n_sub"]
        params = np.zeros((n_planes, capacity + n_sub, 5))
        params[..., 3:] = (1.0, 2.0)
        mask = np.zeros((n_planes, capacity + n_sub), dtype=bool)
        los_plane = population["los_plane"][b]
        groups = [(p, np.flatnonzero(los_plane == p), "los", 0) for p in range(n_planes - 1)]
        groups.append((lens_index, np.arange(n_sub), "sub", capacity))
        for p, idx, kind, offset in groups:
            if idx.size == 0:
                continue
            q = per_plane[p]
            mass = population[f"{kind}_mass"][b][idx]
            c = concentration(mass * h, "200c", planes[p], model="ludlow16") * 10.0 ** (
                0.15 * population[f"{kind}_scatter"][b][idx])
            r200 = (mass / (200.0 * q["rho_crit"] * 4.0 * np.pi / 3.0)) ** (1.0 / 3.0)
            rs_kpc = r200 / c
            rho_s = q["rho_crit"] * 200.0 / 3.0 * c**3 / (np.log1p(c) - c / (1.0 + c))
            slots = offset + np.arange(idx.size)
            params[p, slots, :2] = population[f"{kind}_centres"][b][idx]
            params[p, slots, 2] = rho_s * rs_kpc / q["sigma_crit"]
            params[p, slots, 3] = rs_kpc / q["kpc_per_arcsec"]
            params[p, slots, 4] = r200 * q["truncation_per_r200"]
            mask[p, slots] = True
        los_only = agj.SubstructureHalos(params=jnp.asarray(params[:, :capacity]), mask=jnp.asarray(mask[:, :capacity]),
                                         n_dropped=0)
        sheets = np.asarray(agj.mean_convergence_sheets(los_only, np.pi * settings["cone_radius"] ** 2))
        return params, mask, sheets

    fixed = example.simulator_inputs(settings)
    images = jax.jit(jax.vmap(lambda params, mask, sheets: substructure_util.simulate_substructure(
        halo_params=params, halo_mask=mask, sheet_kappas=sheets, prng_key=None, **fixed)))
    return parameters, images


def child(args):
    """Throughput of ``ours`` on every visible device (run with XLA_FLAGS set)."""
    _, capacity, inputs, keys = setup(args.settings)
    simulate = agj.populations.sharding.sharded_vmap(example.make_simulator(args.settings, capacity))
    timed(simulate, *inputs, keys)
    seconds = min(timed(simulate, *inputs, keys)[0] for _ in range(args.repeats))
    print(json.dumps(dict(devices=jax.device_count(), seconds_per_batch=seconds,
                          realisations_per_second=args.settings["realisations"] / seconds)))


def main():
    args = parse_args()
    if args.child:
        return child(args)
    settings, n = args.settings, args.settings["realisations"]
    path = args.out / "bench_simulator.json"
    if args.only_devices:
        return throughput(args, json.loads(path.read_text()), path)
    population, capacity, inputs, keys = setup(settings)
    routes = {
        "ours": jax.jit(jax.vmap(example.make_simulator(settings, capacity))),
        "ours, upstream halo deflections": jax.jit(jax.vmap(example.make_simulator(settings, capacity, NFWTruncatedSph))),
    }
    parameters, images = numpy_route(settings, population, capacity)
    compile_seconds = {name: timed(fn, *inputs, keys)[0] for name, fn in routes.items()}

    def numpy_colossus():
        start = time.perf_counter()
        arrays = [parameters(b) for b in range(n)]
        middle = time.perf_counter()
        out = jax.block_until_ready(images(*(np.stack(a) for a in zip(*arrays))))
        return middle - start, time.perf_counter() - middle, out

    compile_seconds["NumPy/colossus"] = sum(numpy_colossus()[:2])
    times = {name: [] for name in [*routes, "NumPy/colossus", "NumPy/colossus: parameters", "NumPy/colossus: images"]}
    for _ in range(args.repeats):  # interleaved
        for name, fn in routes.items():
            seconds, out = timed(fn, *inputs, keys)
            times[name].append(seconds / n)
            if name == "ours":
                noiseless = np.asarray(out[1])
        t_params, t_images, reference = numpy_colossus()
        times["NumPy/colossus"].append((t_params + t_images) / n)
        times["NumPy/colossus: parameters"].append(t_params / n)
        times["NumPy/colossus: images"].append(t_images / n)
    result = dict(
        settings=settings, slots_per_plane=capacity, cpu_count=os.cpu_count(),
        device=jax.devices()[0].device_kind, load_average=os.getloadavg(),
        seconds_per_realisation={k: float(np.median(v)) for k, v in times.items()},
        compile_seconds=compile_seconds,
        max_relative_difference_ours_vs_colossus=float(np.max(np.abs(noiseless - np.asarray(reference)))
                                                       / np.max(np.abs(np.asarray(reference)))),
    )
    args.out.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2))
    throughput(args, result, path)


def throughput(args, result, path):
    """Realisations per second of ``ours`` against the number of devices, each in a fresh process."""
    result["throughput_vs_devices"] = []
    for devices in args.devices:
        flags = f"--xla_force_host_platform_device_count={devices} --xla_cpu_multi_thread_eigen=false"
        command = [sys.executable, __file__, "--child", "--realisations", str(args.settings["realisations"]),
                   "--repeats", str(args.repeats)] + (["--quick"] if args.quick else [])
        try:
            done = subprocess.run(command, env=dict(os.environ, XLA_FLAGS=flags), capture_output=True, text=True,
                                  timeout=1200)
            result["throughput_vs_devices"].append(dict(json.loads(done.stdout.strip().splitlines()[-1]),
                                                        xla_flags=flags, load_average=os.getloadavg()))
        except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError) as error:
            result["throughput_vs_devices"].append(dict(devices=devices, xla_flags=flags, failed=type(error).__name__))
        path.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
