"""The multi-plane tracer (``agj.populations``) against 0.4.0's route and the precomputed colossus route.

Run from the repository root, with the examples' folder on the path::

    PYTHONPATH=docs/examples:docs/research/workflows .venv/bin/python docs/research/workflows/bench_tracer.py [--quick]

One run, in this order (the machine is shared: every part is short, times are medians or
minima of a few interleaved repeats, after compilation):

1. time per realisation of ``los_simulator.py``'s population (1000 line-of-sight haloes
   over 8 planes + 20 subhalos, 80 x 80 pixels), ``--realisations`` per batch, interleaved:
   the tracer in float64; 0.4.0's route (autolens' ``simulate_substructure`` on the
   (planes x slots) layout of ``agj.truncated_halo_arrays`` with ``agj.TruncatedNFWHalos``);
   the colossus/NumPy route of ``bench_simulator.py`` (parameters precomputed per
   realisation, then the jitted slot-layout images).  Then the tracer in float32, in a
   fresh process with ``jax_enable_x64`` off, and its images' largest difference from the
   float64 ones (relative to the peak);
2. scaling of one realisation (float64): time against the number of line-of-sight haloes
   (1e2 - 1e4, 80 x 80) and of pixels (40^2 - 160^2, 1000 haloes), with the compiled
   program's temporary memory (XLA's ``memory_analysis``); a log-log figure;
3. throughput (realisations / s) against the number of forced host devices (1, 2, 4) and
   of processes (1 and 2 local ``jax.distributed`` processes with gloo CPU collectives).

JSON and figure go to ``--out`` (``output/bench_tracer``); the figures in
``docs/research/workflows.md`` are from one such run.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

import autogalaxy_jaxnfw as agj  # noqa: F401  (before the examples, which import it)
import bench_simulator
import los_simulator as example
from autogalaxy_jaxnfw.populations.planes import PlaneLayout

FLAGS = "--xla_cpu_multi_thread_eigen=false"
RELEASE_0_4_0 = "9c2dbc4"  # the last commit of 0.4.0
REPO = Path(__file__).resolve().parents[3]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="the example's quick population, fewer sizes")
    parser.add_argument("--realisations", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("output/bench_tracer"))
    parser.add_argument("--release", default=RELEASE_0_4_0, help="commit of 0.4.0 as released (its own route)")
    parser.add_argument("--child", choices=["float32", "throughput"], default=None)
    parser.add_argument("--float64-images", type=Path, default=None, help="(float32 child) the float64 images")
    parser.add_argument("--distributed", nargs=2, default=None, metavar=("PORT", "PROCESS_ID"))
    args = parser.parse_args(argv)
    args.settings = dict(example.SETTINGS["quick" if args.quick else "full"], realisations=args.realisations)
    return args


def batch(settings, seed=1):
    population = example.draw_populations(settings, np.random.default_rng(seed))
    los_sample, sub_sample = example.samples(population)
    planes = example.plane_redshifts()[1]
    layout = PlaneLayout.for_planes(np.concatenate([los_sample.plane_index, sub_sample.plane_index], axis=1),
                                    planes[:-1], planes[-1])
    keys = np.asarray(jax.random.split(jax.random.PRNGKey(seed), settings["realisations"]))
    return population, layout, keys, los_sample, sub_sample


def timed(fn, *args):
    start = time.perf_counter()
    out = jax.block_until_ready(fn(*args))
    return time.perf_counter() - start, out


def routes(args):
    """Part 1: seconds per realisation of the three routes, interleaved, and the float32 tracer."""
    settings, n = args.settings, args.settings["realisations"]
    population, layout, keys, los_sample, sub_sample = batch(settings)
    capacity = int(max(np.bincount(p).max() for p in population["los_plane"]))
    tracer = example.population_simulator(settings, layout).batched()
    slots = jax.jit(jax.vmap(example.make_simulator(settings, capacity)))
    slot_inputs = [population[k] for k in ("los_mass", "los_centres", "los_plane", "los_scatter", "sub_mass",
                                           "sub_centres", "sub_scatter")] + [keys]
    parameters, images = bench_simulator.numpy_route(settings, population, capacity)

    def colossus():
        start = time.perf_counter()
        arrays = [parameters(b) for b in range(n)]
        return jax.block_until_ready(images(*(np.stack(a) for a in zip(*arrays)))), time.perf_counter() - start

    compile_seconds = {"tracer, float64": timed(tracer, keys, los_sample, sub_sample)[0],
                       "0.4.0 slot layout": timed(slots, *slot_inputs)[0], "colossus/NumPy": colossus()[1]}
    times = {name: [] for name in compile_seconds}
    for _ in range(args.repeats):
        seconds, out = timed(tracer, keys, los_sample, sub_sample)
        times["tracer, float64"].append(seconds / n)
        seconds, old = timed(slots, *slot_inputs)
        times["0.4.0 slot layout"].append(seconds / n)
        reference, seconds = colossus()
        times["colossus/NumPy"].append(seconds / n)
    noiseless = np.asarray(out.noiseless)
    peak = np.max(np.abs(noiseless))
    result = dict(
        seconds_per_realisation={k: float(np.median(v)) for k, v in times.items()},
        compile_seconds=compile_seconds, slots_tracer=layout.size, slots_0_4_0=capacity * layout.n_planes,
        max_difference_tracer_vs_0_4_0=float(np.max(np.abs(noiseless - np.asarray(old[1]))) / peak),
        max_difference_tracer_vs_colossus=float(np.max(np.abs(noiseless - np.asarray(reference))) / peak),
    )
    path = args.out / "float64_noiseless.npy"
    np.save(path, noiseless)
    result["0.4.0 as released"] = release_route(args, population, keys, noiseless)
    result["float32"] = child(args, "float32", FLAGS, ["--float64-images", str(path)])
    f64 = result["seconds_per_realisation"]["tracer, float64"]
    old = result["seconds_per_realisation"]["0.4.0 slot layout"]
    result["speedup_vs_0_4_0"] = {"float64": old / f64}
    if "seconds_per_realisation" in result["float32"]:
        result["speedup_vs_0_4_0"]["float32"] = old / result["float32"]["seconds_per_realisation"]
    if "seconds_per_realisation" in result["0.4.0 as released"]:
        released = result["0.4.0 as released"]["seconds_per_realisation"]
        result["speedup_vs_0_4_0_as_released"] = {"float64": released / f64, "float32": released / result[
            "float32"].get("seconds_per_realisation", np.nan)}
    return result


def release_route(args, population, keys, noiseless):
    """0.4.0's own example and package (``git archive``), in a fresh process, on this population."""
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory() as tree:
        archive = subprocess.run(["git", "archive", args.release, "autogalaxy_jaxnfw", "docs/examples"], cwd=REPO,
                                 capture_output=True, check=True).stdout
        tarfile.open(fileobj=__import__("io").BytesIO(archive)).extractall(tree)
        npz = args.out / "population.npz"
        np.savez(npz, keys=keys, **{k: population[k] for k in ("los_mass", "los_centres", "los_plane", "los_scatter",
                                                               "sub_mass", "sub_centres", "sub_scatter")})
        command = [sys.executable, str(Path(__file__).with_name("bench_tracer_release.py")), tree, str(npz),
                   json.dumps(args.settings), str(args.repeats)]
        run = subprocess.run(command, capture_output=True, text=True, timeout=1800, cwd=tree,
                             env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    if run.returncode != 0:
        return dict(failed=run.stderr[-2000:])
    out = json.loads(run.stdout.strip().splitlines()[-1])
    released = np.load(args.out / "release_noiseless.npy")
    out["max_difference_vs_tracer"] = float(np.max(np.abs(released - noiseless)) / np.max(np.abs(noiseless)))
    return out


def scaling(args):
    """Part 2: one realisation's time and compiled temporary memory against haloes and pixels (float64)."""
    halos = (100, 300, 1000) if args.quick else (100, 300, 1000, 3000, 10000)
    pixels = (20, 40) if args.quick else (40, 80, 160)
    base = example.SETTINGS["quick" if args.quick else "full"]
    rows = []
    for n_los, n_pix in [(h, base["pixels"]) for h in halos] + [(1000, p) for p in pixels if p != base["pixels"]]:
        settings = dict(base, n_los=n_los, n_sub=0, realisations=1, pixels=n_pix)
        _, layout, keys, los_sample, _ = batch(settings, seed=2)
        simulator = example.population_simulator(settings, layout)
        one = jax.tree_util.tree_map(lambda a: np.asarray(a)[0], los_sample)
        fn = jax.jit(lambda sample: simulator.noiseless_image(sample)[0])
        memory = fn.lower(one).compile().memory_analysis()
        timed(fn, one)
        seconds = min(timed(fn, one)[0] for _ in range(args.repeats))
        rows.append(dict(n_los=n_los, pixels=n_pix, slots=layout.size, seconds=seconds,
                         temp_bytes=int(memory.temp_size_in_bytes), load_average=os.getloadavg()[0]))
        print(json.dumps(rows[-1]), flush=True)
    return rows


def throughput_child(args):
    """Realisations / s of the tracer on every visible device (of every process)."""
    _, layout, keys, los_sample, sub_sample = batch(args.settings)
    simulate = example.population_simulator(args.settings, layout).batched()
    timed(simulate, keys, los_sample, sub_sample)
    seconds = min(timed(simulate, keys, los_sample, sub_sample)[0] for _ in range(args.repeats))
    return dict(devices=jax.device_count(), processes=jax.process_count(), seconds_per_batch=seconds,
                realisations_per_second=args.settings["realisations"] / seconds)


def float32_child(args, float64_path):
    """The tracer in float32 (``jax_enable_x64`` off): seconds per realisation and error against float64."""
    _, layout, keys, los_sample, sub_sample = batch(args.settings)
    simulate = example.population_simulator(args.settings, layout).batched()
    out = timed(simulate, keys, los_sample, sub_sample)[1]
    seconds = min(timed(simulate, keys, los_sample, sub_sample)[0] for _ in range(args.repeats))
    reference = np.load(float64_path)
    noiseless = np.asarray(out.noiseless)
    return dict(dtype=str(noiseless.dtype), seconds_per_realisation=seconds / args.settings["realisations"],
                max_relative_difference_vs_float64=float(np.max(np.abs(noiseless - reference)) / np.max(reference)),
                rms_relative_difference_vs_float64=float(np.sqrt(np.mean((noiseless - reference) ** 2))
                                                         / np.max(reference)))


def child(args, kind, flags, extra=(), distributed=None):
    """Run this script as ``--child kind`` in fresh processes; their last JSON line (process 0's)."""
    command = [sys.executable, __file__, "--child", kind, "--realisations", str(args.settings["realisations"]),
               "--repeats", str(args.repeats), "--out", str(args.out)] + (["--quick"] if args.quick else [])
    env = dict(os.environ, XLA_FLAGS=flags, JAX_PLATFORMS="cpu")
    if distributed:
        with socket.socket() as s:
            s.bind(("localhost", 0))
            port = str(s.getsockname()[1])
        commands = [command + ["--distributed", port, str(i)] for i in range(distributed)]
    else:
        commands = [command + list(extra)]
    procs = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    try:
        outputs = [p.communicate(timeout=1200) for p in procs]
        return json.loads(outputs[0][0].strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError) as error:
        return dict(failed=type(error).__name__, stderr=[p.stderr.read()[-2000:] if p.stderr else "" for p in procs])
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()


def figure(rows, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    base = max(set(r["pixels"] for r in rows), key=[r["pixels"] for r in rows].count)
    by_halos = [r for r in rows if r["pixels"] == base]
    by_pixels = sorted([r for r in rows if r["n_los"] == 1000], key=lambda r: r["pixels"])
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    for ax, data, key, label in ((axes[0], by_halos, "n_los", "line-of-sight haloes"),
                                 (axes[1], by_pixels, "pixels", "pixels")):
        x = np.array([r[key] ** (2 if key == "pixels" else 1) for r in data], dtype=float)
        ax.loglog(x, [r["seconds"] for r in data], "o-", label="time per realisation [s]")
        ax.loglog(x, [r["temp_bytes"] / 1e9 for r in data], "s--", label="compiled temporaries [GB]")
        ax.loglog(x, data[0]["seconds"] * x / x[0], ":", color="grey", label="linear")
        ax.set(xlabel=label, title=f"{'80 x 80 pixels' if key == 'n_los' else '1000 haloes'}")
        ax.legend()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main(argv=None):
    args = parse_args(argv)
    if args.distributed:
        jax.config.update("jax_cpu_collectives_implementation", "gloo")
        jax.distributed.initialize(f"localhost:{args.distributed[0]}", num_processes=2,
                                   process_id=int(args.distributed[1]))
    if args.child == "float32":
        # JAX's default precision (0.4.0 switched x64 on when imported).
        jax.config.update("jax_enable_x64", False)
        print(json.dumps(float32_child(args, args.float64_images)))
        return
    if args.child == "throughput":
        result = throughput_child(args)
        if jax.process_index() == 0:
            print(json.dumps(result))
        if args.distributed:
            jax.distributed.shutdown()
        return
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "bench_tracer.json"
    result = dict(settings=args.settings, cpu_count=os.cpu_count(), jax=jax.__version__,
                  load_average_start=os.getloadavg())
    result["routes"] = routes(args)
    path.write_text(json.dumps(result, indent=2))
    print(json.dumps(result["routes"], indent=2), flush=True)
    result["scaling"] = scaling(args)
    figure(result["scaling"], args.out / "bench_tracer_scaling.png")
    path.write_text(json.dumps(result, indent=2))
    result["throughput"] = [dict(child(args, "throughput", f"--xla_force_host_platform_device_count={d} {FLAGS}"),
                                 load_average=os.getloadavg()[0]) for d in (1, 2, 4)]
    result["throughput"].append(dict(child(args, "throughput", FLAGS, distributed=2), load_average=os.getloadavg()[0]))
    result["load_average_end"] = os.getloadavg()
    path.write_text(json.dumps(result, indent=2))
    print(json.dumps(result["throughput"], indent=2))


if __name__ == "__main__":
    main()
