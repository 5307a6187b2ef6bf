"""Speed of c200c(M, z): colossus vs upstream autogalaxy's port vs autogalaxy_jaxnfw, one run.

Run from the repository root::

    .venv/bin/python docs/research/nfw_ludlow16_jax/bench.py [--n-batch 100000] [--out output/bench]

Measured (best of several repeats, wall clock, after compilation unless stated; single calls
the best of 20 means of 100 calls, for every implementation):

* one scalar call;
* a batch of ``n_batch`` halos at one redshift, and at random redshifts;
* value-and-gradient of the summed concentrations of the batch (random redshifts);
* compile time of the jitted batch call (fastest ``lower().compile()`` of three), and, for this package, the
  one-time construction of the sigma(R) series for a new cosmology (cached afterwards);
* a scalar call and its compile time with the redshift a plain number inside the jitted
  function (``jax.jit(lambda m: c(m, 0.5))``, a lens plane in a likelihood), value and grad
  included in the compile.

colossus takes one redshift per call, so its random-redshift batch is timed on a
subsample of 1000 halos and scaled; upstream's port takes one scalar mass per call, is timed
on a subsample of 10^4 halos (scaled) and is mapped with ``jax.lax.map`` in vmapped chunks of ``UPSTREAM_CHUNK`` halos (a single vmap
over the batch needs hundreds of GB).  The table (markdown) is printed and written to ``<out>/bench.md``; the
numbers also go to ``<out>/bench.json``.  Targets (issue 2): single call >= 10x faster than
colossus, batch >= 30x faster than colossus, value-and-grad <= 3x the forward batch,
compile <= 1.5 s.
"""

import os

# Compile times are measured cold: autonerves (imported with autogalaxy) otherwise turns on a
# persistent compilation cache, and a second run would read programs back.
os.environ["JAX_COMPILATION_CACHE_DIR"] = ""

import argparse
import json
import pathlib
import platform
import time

import jax
import jax.numpy as jnp
import numpy as np

import autogalaxy_jaxnfw as agj
from timing import best_time, block

jax.config.update("jax_enable_compilation_cache", False)

UPSTREAM_CHUNK = 128
# Single calls take tens to hundreds of microseconds on a shared machine whose load comes in
# bursts: every implementation gets the best of 20 means of 100 calls.
SINGLE = dict(repeats=20, number=100)
COMPILE_REPEATS = 3


def fastest_compile(fun, *args):
    """Fastest ``lower().compile()`` of ``COMPILE_REPEATS`` fresh ``jax.jit`` wrappers of ``fun``.

    A new wrapper function each time: JAX keeps compiled programs in memory per function.
    """
    times = []
    for _ in range(COMPILE_REPEATS):
        start = time.perf_counter()
        jax.jit(lambda *a: fun(*a)).lower(*args).compile()
        times.append(time.perf_counter() - start)
    return min(times)


def table_setup_time():
    """Seconds to build the per-cosmology tables of a cosmology that is not shipped.

    Aware of the package version, so that this script also measures the 0.3.0 baseline
    (``bench_versions.py``): 0.3.0 cached a sigma series and a spread series, later versions
    hold their tables in ``autogalaxy_jaxnfw.cosmology.tables``.
    """
    cosmology = agj.cosmology.planck15.replace(sigma8=0.8, name="new")
    start = time.perf_counter()
    try:
        from autogalaxy_jaxnfw.halo import tables
    except ImportError:
        from autogalaxy_jaxnfw.halo.ludlow16 import equations as ludlow16

        ludlow16._spread_series(cosmology)
    else:
        tables.tables_for(cosmology)
    return time.perf_counter() - start


def bench_ours(masses, redshifts, z_one):
    setup = table_setup_time()

    def summed(m, z):
        return jnp.sum(agj.concentration_ludlow16(m, z))

    def fixed_z(m):
        return agj.concentration_ludlow16(m, z_one)

    concentration = jax.jit(agj.concentration_ludlow16)
    concentration_fixed_z = jax.jit(fixed_z)
    value_and_grad = jax.jit(jax.value_and_grad(summed))
    # XLA's one-off backend initialisation is paid by the first compile in a process.
    block(jax.jit(jnp.sin)(masses))
    compile_time = fastest_compile(agj.concentration_ludlow16, masses, redshifts)
    compile_fixed_z = fastest_compile(jax.value_and_grad(fixed_z), 1e12)
    for args in ((1e12, 0.5), (masses, z_one), (masses, redshifts)):
        block(concentration(*args))
    block(value_and_grad(masses, redshifts))
    block(concentration_fixed_z(1e12))
    return {
        "single": best_time(lambda: block(concentration(1e12, 0.5)), **SINGLE),
        "single_fixed_z": best_time(lambda: block(concentration_fixed_z(1e12)), **SINGLE),
        "compile_fixed_z": compile_fixed_z,
        "batch_one_z": best_time(lambda: block(concentration(masses, z_one))),
        "batch_random_z": best_time(lambda: block(concentration(masses, redshifts))),
        "value_and_grad": best_time(lambda: block(value_and_grad(masses, redshifts))),
        "compile": compile_time,
        "setup": setup,
    }


def bench_upstream(masses, redshifts, z_one, n_sub=10_000):
    from autogalaxy.profiles.mass.dark.ludlow16 import PLANCK15_COSMOLOGY, ludlow16_concentration

    def one(m, z):
        return ludlow16_concentration(m, z, xp=jnp, **PLANCK15_COSMOLOGY)

    def mapped(m, z):
        # A plain vmap over 1e5 halos materialises halos x 200 c values x 256 growth nodes.
        return jax.lax.map(lambda mz: one(*mz), (m, z), batch_size=UPSTREAM_CHUNK)

    single = jax.jit(one)
    single_fixed_z = jax.jit(lambda m: one(m, z_one))
    batch = jax.jit(mapped)
    value_and_grad = jax.jit(jax.value_and_grad(lambda m, z: jnp.sum(mapped(m, z))))
    scale = len(masses) / n_sub
    masses, redshifts = masses[:n_sub], redshifts[:n_sub]
    z_full = jnp.full_like(masses, z_one)
    compile_time = fastest_compile(mapped, masses, redshifts)
    compile_fixed_z = fastest_compile(jax.value_and_grad(lambda m: one(m, z_one)), 1e12)
    block(single(1e12, 0.5))
    block(single_fixed_z(1e12))
    block(batch(masses, redshifts))
    block(batch(masses, z_full))
    block(value_and_grad(masses, redshifts))
    return {
        "single": best_time(lambda: block(single(1e12, 0.5)), **SINGLE),
        "single_fixed_z": best_time(lambda: block(single_fixed_z(1e12)), **SINGLE),
        "compile_fixed_z": compile_fixed_z,
        "batch_one_z": best_time(lambda: block(batch(masses, z_full)), repeats=2) * scale,
        "batch_random_z": best_time(lambda: block(batch(masses, redshifts)), repeats=2) * scale,
        "value_and_grad": best_time(lambda: block(value_and_grad(masses, redshifts)), repeats=2) * scale,
        "compile": compile_time,
        "setup": float("nan"),
    }


def bench_colossus(masses, redshifts, z_one, n_sub=1000):
    from colossus.cosmology import cosmology
    from colossus.halo import concentration

    cosmology.setCosmology("planck15")
    concentration.concentration(1e12, "200c", 0.5, model="ludlow16")  # builds colossus' tables
    sub_m, sub_z = np.asarray(masses[:n_sub]), np.asarray(redshifts[:n_sub])

    def random_z_subsample():
        for m, z in zip(sub_m, sub_z):
            concentration.concentration(m, "200c", z, model="ludlow16")

    m_np = np.asarray(masses)
    return {
        "single": best_time(lambda: concentration.concentration(1e12, "200c", 0.5, model="ludlow16"), **SINGLE),
        "single_fixed_z": float("nan"),
        "compile_fixed_z": float("nan"),
        "batch_one_z": best_time(lambda: concentration.concentration(m_np, "200c", z_one, model="ludlow16"), repeats=3),
        "batch_random_z": best_time(random_z_subsample, repeats=1) * len(masses) / n_sub,
        "value_and_grad": float("nan"),
        "compile": float("nan"),
        "setup": float("nan"),
    }


def table(results, n_batch):
    ours = results["autogalaxy_jaxnfw"]
    rows = [
        ("single call", "single"),
        (f"batch {n_batch:.0e}, one z", "batch_one_z"),
        (f"batch {n_batch:.0e}, random z", "batch_random_z"),
        ("value and grad (batch, random z)", "value_and_grad"),
        ("compile (jitted batch call)", "compile"),
        ("one-time sigma and spread tables for a new cosmology", "setup"),
        ("single call, z fixed in the jitted function (colossus: its single call)", "single_fixed_z"),
        ("compile, z fixed in the jitted function (value and grad)", "compile_fixed_z"),
    ]
    lines = [
        "| measurement | colossus [s] | upstream port [s] | autogalaxy_jaxnfw [s] | colossus / ours | upstream / ours |",
        "|---|---|---|---|---|---|",
    ]
    for label, key in rows:
        col, up, me = results["colossus"][key], results["upstream"][key], ours[key]
        if key == "single_fixed_z":  # colossus has no traced calls: compare with its single call
            col = results["colossus"]["single"]
        lines.append(
            f"| {label} | {col:.3g} | {up:.3g} | {me:.3g} | {col / me:.3g} | {up / me:.3g} |"
        )
    lines.append(
        f"| value-and-grad / forward (ours) | | | {ours['value_and_grad'] / ours['batch_random_z']:.3g} | | |"
    )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-batch", type=int, default=100_000)
    parser.add_argument("--out", default="output/bench")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(2016)
    masses = jnp.asarray(10.0 ** rng.uniform(8.0, 15.5, args.n_batch))
    redshifts = jnp.asarray(rng.uniform(0.0, 6.0, args.n_batch))
    z_one = 0.5

    results = {
        "autogalaxy_jaxnfw": bench_ours(masses, redshifts, z_one),
        "upstream": bench_upstream(masses, redshifts, z_one),
        "colossus": bench_colossus(masses, redshifts, z_one),
    }
    device = jax.devices()[0]
    header = (
        f"Device: {device.platform} ({device.device_kind}), {platform.processor() or platform.machine()}, "
        f"jax {jax.__version__}, float64, n_batch = {args.n_batch}"
    )
    text = header + "\n\n" + table(results, args.n_batch)
    print(text)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.md").write_text(text + "\n")
    (out / "bench.json").write_text(json.dumps({"device": str(device), **results}, indent=2))


if __name__ == "__main__":
    main()
