"""Halo populations: concentrations, truncated-NFW parameters and summed deflections for N haloes.

Run from the repository root::

    .venv/bin/python docs/research/nfw_ludlow16_jax/bench_population.py [--quick] [--out output/bench_population]

The population: M200c log-uniform in 1e8 - 1e11 Msun (subhalo / line-of-sight masses),
scatter_sigma ~ N(0, 1), each halo on one of ``len(Z_PLANES)`` = 10 lens planes
z = 0.1, 0.2, ..., 1.0 (as in multi-plane line-of-sight modelling), source at z = 2.
N = 10, 100, 1000, 10000 (``--quick``: 10, 100, 1000, with fewer repeats and smaller
subsamples).  Wall-clock times, best of several repeats, after compilation unless stated.

(a) c200c of the N haloes:

* ours: ``jax.jit(autogalaxy_jaxnfw.concentration_ludlow16)`` on the (N,) arrays, one call;
* upstream: autogalaxy's ``ludlow16_concentration`` (what its ``*MCRScatterLudlow*``
  profiles call), jitted as a scalar function and called in a Python loop, one halo per
  call; timed on a subsample (``--n-loop``) and scaled to N (marked "~");
* colossus per halo: ``concentration(M, '200c', z, model='ludlow16')`` in a loop over the
  haloes, subsample scaled to N likewise;
* colossus vectorised: colossus takes one redshift per call, so it is called once per lens
  plane with that plane's masses (10 calls; fewer for N = 10 if planes are empty).

(b) kappa_s, r_s [arcsec] and r_t of the N haloes: ours,
``truncated_nfw_population_parameters`` on arrays, jitted in the masses and scatters with
the halo redshifts closed over (concrete NumPy data, so autogalaxy's distances are evaluated
once per lens plane), vs a Python loop constructing upstream
``NFWTruncatedMCRScatterLudlowSph`` (and, for reference, our
``NFWTruncatedMCRScatterLudlowSphJax``; both their NumPy paths) on a subsample, scaled.

(c) summed deflections of the N truncated haloes on a 100 x 100 grid (0.05"/pixel, haloes
centred uniformly over 6" x 6") in one jitted call of
``truncated_nfw_population_deflections`` (default ``chunk_size``): time, value-and-grad
time (d/d kappa_s of a scalar of the map), compile time (``lower().compile()``, JAX's
persistent compilation cache switched off) and memory.
Memory is XLA's own account of the compiled program, ``compiled.memory_analysis()``
(``temp_size_in_bytes``: scratch beyond arguments and outputs; available on CPU and GPU),
compared with one N x n_pix float64 array (what an unchunked vmap would hold at least);
where the device reports ``memory_stats()`` (GPU) the growth of ``peak_bytes_in_use`` over
the call is shown as well (on CPU ``memory_stats()`` is None, so the growth of the process'
max RSS is shown instead; it stays 0 once an earlier, larger allocation set the high-water
mark).

Targets (issue 4), at N = 1000: concentrations >= 100x faster than colossus per halo and
>= 10x faster than colossus vectorised.  The markdown tables are printed and written to
``<out>/bench_population.md``, the numbers to ``<out>/bench_population.json``.
"""

import os

# Compile times are measured cold: no persistent compilation cache (autonerves, imported by
# autogalaxy / autolens, otherwise turns one on at ~/.cache/pyauto_jax for programs that take
# over a second to compile, so a second run would read them back instead of compiling).
os.environ["JAX_COMPILATION_CACHE_DIR"] = ""

import argparse
import json
import pathlib
import platform
import resource
import time

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_enable_compilation_cache", False)

import autogalaxy_jaxnfw as agj
from timing import best_time, block
from autogalaxy_jaxnfw.populations.parameters import truncated_nfw_population_parameters
from autogalaxy_jaxnfw.populations.lensing import DEFAULT_CHUNK_SIZE, truncated_nfw_population_deflections

Z_PLANES = np.round(np.linspace(0.1, 1.0, 10), 10)
Z_SOURCE = 2.0
GRID_SHAPE, PIXEL_SCALE = (100, 100), 0.05  # arcsec / pixel
CENTRE_EXTENT = 3.0  # haloes centred uniformly in [-3", 3"]^2
H = float(agj.planck15.h)  # colossus' Msun/h <- Msun


def population(n, seed=2016):
    rng = np.random.default_rng(seed + n)
    return dict(
        mass=10.0 ** rng.uniform(8.0, 11.0, n),  # M200c [Msun]
        scatter=rng.normal(0.0, 1.0, n),
        z=rng.choice(Z_PLANES, n),
        centres=rng.uniform(-CENTRE_EXTENT, CENTRE_EXTENT, (n, 2)),
    )


def grid_yx():
    ny, nx = GRID_SHAPE
    y = (np.arange(ny)[::-1] - (ny - 1) / 2.0) * PIXEL_SCALE
    x = (np.arange(nx) - (nx - 1) / 2.0) * PIXEL_SCALE
    yy, xx = np.meshgrid(y, x, indexing="ij")
    return jnp.asarray(np.stack([yy.ravel(), xx.ravel()], axis=-1))


# ----------------------------------------------------------------------------- (a) concentrations


def bench_concentrations(pops, n_loop, repeats):
    from autogalaxy.profiles.mass.dark.ludlow16 import PLANCK15_COSMOLOGY, ludlow16_concentration
    from colossus.cosmology import cosmology
    from colossus.halo import concentration

    cosmology.setCosmology("planck15")
    concentration.concentration(1e12, "200c", 0.5, model="ludlow16")  # colossus builds its tables

    ours = jax.jit(agj.concentration_ludlow16)
    upstream = jax.jit(lambda m, z: ludlow16_concentration(m, z, xp=jnp, **PLANCK15_COSMOLOGY))
    block(upstream(1e12, 0.5))

    rows = {}
    for n, pop in pops.items():
        m_h, z = pop["mass"] * H, pop["z"]
        m_j, z_j = jnp.asarray(m_h), jnp.asarray(z)
        c_ours = np.asarray(block(ours(m_j, z_j)))
        n_sub = min(n, n_loop)
        sub = slice(0, n_sub)

        def upstream_loop():
            for mi, zi in zip(m_h[sub], z[sub]):
                block(upstream(float(mi), float(zi)))

        def colossus_loop():
            for mi, zi in zip(m_h[sub], z[sub]):
                concentration.concentration(mi, "200c", zi, model="ludlow16")

        planes = [(np.flatnonzero(z == zp), zp) for zp in Z_PLANES]
        planes = [(idx, zp) for idx, zp in planes if idx.size]

        def colossus_vectorised():
            out = np.empty(n)
            for idx, zp in planes:
                out[idx] = concentration.concentration(m_h[idx], "200c", zp, model="ludlow16")
            return out

        c_colossus = colossus_vectorised()
        scale = n / n_sub
        rows[n] = {
            "ours_batched": best_time(lambda: block(ours(m_j, z_j)), repeats=2 * repeats, number=5 if n <= 1000 else 1),
            "upstream_loop": best_time(upstream_loop, repeats=max(1, repeats // 2)) * scale,
            "colossus_loop": best_time(colossus_loop, repeats=max(1, repeats // 2)) * scale,
            "colossus_vectorised": best_time(colossus_vectorised, repeats=repeats),
            "n_loop_subsample": n_sub,
            "colossus_calls_vectorised": len(planes),
            "max_rel_diff_vs_colossus": float(np.nanmax(np.abs(c_ours / c_colossus - 1.0))),
        }
    return rows


# ----------------------------------------------------------------------------- (b) parameters


def bench_parameters(pops, n_loop, repeats):
    import autogalaxy as ag

    rows = {}
    for n, pop in pops.items():
        # The halo redshifts are data, closed over as NumPy (concrete): the distances are
        # then evaluated once per lens plane, not once per halo.
        ours = jax.jit(lambda m, s, z=pop["z"]: truncated_nfw_population_parameters(m, s, z, Z_SOURCE))
        args = tuple(jnp.asarray(pop[k]) for k in ("mass", "scatter"))
        params = block(ours(*args))
        n_sub = min(n, max(5, n_loop // 4))
        sub = range(n_sub)

        def loop(cls):
            return [
                cls(
                    mass_at_200=float(pop["mass"][i]),
                    scatter_sigma=float(pop["scatter"][i]),
                    redshift_object=float(pop["z"][i]),
                    redshift_source=Z_SOURCE,
                )
                for i in sub
            ]

        halos = loop(agj.NFWTruncatedMCRScatterLudlowSphJax)
        check = max(
            abs(float(getattr(params, name)[i]) / float(getattr(h, name)) - 1.0)
            for i, h in enumerate(halos)
            for name in ("kappa_s", "scale_radius", "truncation_radius")
        )
        scale = n / n_sub
        rows[n] = {
            "ours_batched": best_time(lambda: block(ours(*args)), repeats=repeats, number=3 if n <= 1000 else 1),
            "upstream_class_loop": best_time(
                lambda: loop(ag.mp.NFWTruncatedMCRScatterLudlowSph), repeats=max(1, repeats // 2)
            )
            * scale,
            "our_class_loop": best_time(
                lambda: loop(agj.NFWTruncatedMCRScatterLudlowSphJax), repeats=max(1, repeats // 2)
            )
            * scale,
            "n_loop_subsample": n_sub,
            "max_rel_diff_batched_vs_our_class": check,
        }
        pop["params"] = params
    return rows


# ----------------------------------------------------------------------------- (c) deflections


def _memory_growth(fn):
    """Growth of the device's peak bytes in use over ``fn()`` (GPU), else of the process' max RSS."""
    device = jax.devices()[0]
    stats = device.memory_stats()
    if stats and "peak_bytes_in_use" in stats:
        before = stats["peak_bytes_in_use"]
        fn()
        return "device peak_bytes_in_use growth", device.memory_stats()["peak_bytes_in_use"] - before
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    fn()
    return "process max RSS growth", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before


def bench_deflections(pops, repeats):
    grid = grid_yx()
    n_pix = grid.shape[0]
    weights = jnp.asarray(np.random.default_rng(1).normal(size=(n_pix, 2)))

    def deflections(centres, kappa_s, scale_radius, truncation_radius):
        return truncated_nfw_population_deflections(grid, centres, kappa_s, scale_radius, truncation_radius)

    def loss(kappa_s, centres, scale_radius, truncation_radius):
        return jnp.sum(weights * deflections(centres, kappa_s, scale_radius, truncation_radius))

    forward = jax.jit(deflections)
    value_and_grad = jax.jit(jax.value_and_grad(loss))
    rows = {}
    for n, pop in pops.items():
        p = pop["params"]
        args = (jnp.asarray(pop["centres"]), p.kappa_s, p.scale_radius, p.truncation_radius)
        vg_args = (args[1], args[0], args[2], args[3])
        start = time.perf_counter()
        compiled = forward.lower(*args).compile()
        compile_time = time.perf_counter() - start
        vg_compiled = value_and_grad.lower(*vg_args).compile()
        method, growth = _memory_growth(lambda: block(compiled(*args)))
        out = block(compiled(*args))
        assert np.all(np.isfinite(np.asarray(out)))
        number = 3 if n <= 1000 else 1
        rows[n] = {
            "time": best_time(lambda: block(compiled(*args)), repeats=repeats, number=number),
            "value_and_grad": best_time(lambda: block(vg_compiled(*vg_args)), repeats=repeats, number=number),
            "compile": compile_time,
            "xla_temp_bytes": compiled.memory_analysis().temp_size_in_bytes,
            "xla_temp_bytes_value_and_grad": vg_compiled.memory_analysis().temp_size_in_bytes,
            "n_by_npix_float64_bytes": n * n_pix * 8,
            "measured_growth_bytes": growth,
            "measured_growth_method": method,
        }
    return rows


# ----------------------------------------------------------------------------- report


def _t(seconds, approx=False):
    text = f"{seconds * 1e3:.3g} ms" if seconds < 1.0 else f"{seconds:.3g} s"
    return ("~" + text) if approx else text


def _mb(n_bytes):
    return f"{n_bytes / 2**20:.3g} MiB"


def tables(conc, params, defl):
    lines = [
        "### (a) c200c for N haloes",
        "",
        "| N | ours, batched (jit) | upstream port, loop of jitted scalar calls | colossus, loop per halo "
        "| colossus, vectorised per z-plane | colossus loop / ours | colossus vectorised / ours "
        "| upstream loop / ours | max rel. diff vs colossus |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, r in conc.items():
        approx = r["n_loop_subsample"] < n
        lines.append(
            f"| {n} | {_t(r['ours_batched'])} | {_t(r['upstream_loop'], approx)} | {_t(r['colossus_loop'], approx)} "
            f"| {_t(r['colossus_vectorised'])} ({r['colossus_calls_vectorised']} calls) "
            f"| {r['colossus_loop'] / r['ours_batched']:.3g}x | {r['colossus_vectorised'] / r['ours_batched']:.3g}x "
            f"| {r['upstream_loop'] / r['ours_batched']:.3g}x | {r['max_rel_diff_vs_colossus']:.2g} |"
        )
    lines += [
        "",
        "### (b) truncated-NFW kappa_s, r_s, r_t for N haloes",
        "",
        "| N | ours, batched (jit) | loop constructing upstream NFWTruncatedMCRScatterLudlowSph "
        "| loop constructing NFWTruncatedMCRScatterLudlowSphJax | upstream loop / ours | max rel. diff batched vs class |",
        "|---|---|---|---|---|---|",
    ]
    for n, r in params.items():
        approx = r["n_loop_subsample"] < n
        lines.append(
            f"| {n} | {_t(r['ours_batched'])} | {_t(r['upstream_class_loop'], approx)} "
            f"| {_t(r['our_class_loop'], approx)} | {r['upstream_class_loop'] / r['ours_batched']:.3g}x "
            f"| {r['max_rel_diff_batched_vs_our_class']:.2g} |"
        )
    method = next(iter(defl.values()))["measured_growth_method"]
    lines += [
        "",
        f"### (c) summed deflections of N truncated NFW haloes, {GRID_SHAPE[0]}x{GRID_SHAPE[1]} grid, "
        f"chunk_size = {DEFAULT_CHUNK_SIZE}",
        "",
        "| N | one jitted call | value and grad | compile | XLA temp (forward) | XLA temp (value+grad) "
        f"| one N x n_pix float64 | {method} |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n, r in defl.items():
        lines.append(
            f"| {n} | {_t(r['time'])} | {_t(r['value_and_grad'])} | {_t(r['compile'])} | {_mb(r['xla_temp_bytes'])} "
            f"| {_mb(r['xla_temp_bytes_value_and_grad'])} | {_mb(r['n_by_npix_float64_bytes'])} "
            f"| {_mb(r['measured_growth_bytes'])} |"
        )
    return "\n".join(lines)


def targets(conc):
    if 1000 not in conc:
        return "Targets (N = 1000): not measured."
    r = conc[1000]
    per_halo, vectorised = r["colossus_loop"] / r["ours_batched"], r["colossus_vectorised"] / r["ours_batched"]
    return (
        f"Targets at N = 1000: vs colossus per halo {per_halo:.3g}x (target >= 100x: "
        f"{'met' if per_halo >= 100 else 'MISSED'}); vs colossus vectorised {vectorised:.3g}x "
        f"(target >= 10x: {'met' if vectorised >= 10 else 'MISSED'})."
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N up to 1000, fewer repeats, smaller subsamples")
    parser.add_argument("--out", default="output/bench_population")
    parser.add_argument("--n-loop", type=int, default=None, help="subsample size of the per-halo loops")
    args = parser.parse_args(argv)
    ns = (10, 100, 1000) if args.quick else (10, 100, 1000, 10_000)
    n_loop = args.n_loop or (40 if args.quick else 200)
    repeats = 3 if args.quick else 5

    pops = {n: population(n) for n in ns}
    results = {
        "concentrations": bench_concentrations(pops, n_loop, repeats),
        "parameters": bench_parameters(pops, n_loop, repeats),
        "deflections": bench_deflections(pops, repeats),
    }
    device = jax.devices()[0]
    header = (
        f"Device: {device.platform} ({device.device_kind}), {platform.processor() or platform.machine()}, "
        f"jax {jax.__version__}, float64.  N = {', '.join(map(str, ns))}; per-halo loops timed on "
        f"<= {n_loop} haloes ((b): <= {max(5, n_loop // 4)}) and scaled to N where marked ~; "
        f"colossus vectorised: one call per z-plane ({len(Z_PLANES)} planes)."
    )
    text = "\n\n".join(
        [header, tables(results["concentrations"], results["parameters"], results["deflections"]), targets(results["concentrations"])]
    )
    print(text)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_population.md").write_text(text + "\n")
    (out / "bench_population.json").write_text(
        json.dumps({"device": str(device), "quick": args.quick, "ns": ns, **results}, indent=2)
    )


if __name__ == "__main__":
    main()
