"""Before / after: a baseline release against this checkout, in fresh processes, interleaved.

Run from the repository root::

    .venv/bin/python docs/research/nfw_ludlow16_jax/bench_versions.py [--baseline 33f5835] [--processes 3]

The baseline (default: the 0.3.0 commit) is extracted with ``git archive`` into a temporary
folder, and every measurement runs in a fresh Python process with ``PYTHONPATH`` pointing
at one version's package, the two versions alternating, ``--processes`` processes each:

* first use, as a user meets it: ``import autogalaxy_jaxnfw``; then
  ``f = jax.jit(lambda M, z: concentration_ludlow16(M, z))`` and the first ``f(1e12, 0.5)``
  (tables, tracing, compilation: everything); then calls with changing scalar (M, z), the
  best of 20 sweeps of 200 calls, and colossus' single call measured likewise in the same
  process (its ratio is taken process by process);
* a population of 1e4 halos (M200c log-uniform in 1e8 - 1e11 Msun) on 8 lens planes
  z = 0.2 ... 1.6 known at trace time (closed over as NumPy data), masses traced: the
  concentrations (``jax.jit(lambda m: concentration_ludlow16(m * h, planes))``) and the
  truncated-NFW parameters (``truncated_nfw_population_parameters``): compile time
  (``lower().compile()``), best call time, and whether the program has a ``while`` loop;
  colossus vectorised per plane (8 calls) in the same process;
* every figure of ``bench.py`` (one run per version, ``--n-batch``).

The lines of package code (``autogalaxy_jaxnfw/`` without the ``reference`` package and
data files), the largest module and the pairs that the tool library's ``duplicates`` finds
are counted for both.  Markdown goes to
``<out>/bench_versions.md``, the numbers to ``<out>/bench_versions.json``.
"""

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2]
N_POPULATION = 10_000
PLANES = tuple(round(0.2 * (i + 1), 10) for i in range(8))


def first_use_worker():
    import time

    start = time.perf_counter()
    import jax

    import autogalaxy_jaxnfw as agj

    imported = time.perf_counter()
    f = jax.jit(lambda m, z: agj.concentration_ludlow16(m, z))
    f(1e12, 0.5).block_until_ready()
    first = time.perf_counter()

    import numpy as np
    from colossus.cosmology import cosmology
    from colossus.halo import concentration

    cosmology.setCosmology("planck15")
    concentration.concentration(1e12, "200c", 0.5, model="ludlow16")
    rng = np.random.default_rng(0)
    masses = [float(m) for m in 10.0 ** rng.uniform(9.0, 14.0, 200)]
    redshifts = [float(z) for z in rng.uniform(0.0, 3.0, 200)]

    def sweep_ours():
        for m, z in zip(masses, redshifts):
            f(m, z).block_until_ready()

    def sweep_colossus():
        for m, z in zip(masses, redshifts):
            concentration.concentration(m, "200c", z, model="ludlow16")

    best = {"ours": float("inf"), "colossus": float("inf")}
    for _ in range(20):
        for name, sweep in (("ours", sweep_ours), ("colossus", sweep_colossus)):
            t0 = time.perf_counter()
            sweep()
            best[name] = min(best[name], (time.perf_counter() - t0) / len(masses))
    return dict(
        import_s=imported - start,
        first_call_s=first - imported,
        call_s=best["ours"],
        colossus_call_s=best["colossus"],
        colossus_over_ours=best["colossus"] / best["ours"],
    )


def population_worker():
    import re
    import time

    import jax
    import jax.numpy as jnp
    import numpy as np

    import autogalaxy_jaxnfw as agj

    jax.config.update("jax_enable_compilation_cache", False)
    rng = np.random.default_rng(2016)
    mass = 10.0 ** rng.uniform(8.0, 11.0, N_POPULATION)  # Msun
    scatter = rng.normal(0.0, 1.0, N_POPULATION)
    z = rng.choice(np.asarray(PLANES), N_POPULATION)
    h = agj.planck15.h

    def concentrations(m):
        return agj.concentration_ludlow16(m * h, z)

    def parameters(m, s):
        return agj.truncated_nfw_population_parameters(m, s, z, 3.0)

    out = {}
    for name, fun, args in (
        ("concentration", concentrations, (jnp.asarray(mass),)),
        ("parameters", parameters, (jnp.asarray(mass), jnp.asarray(scatter))),
    ):
        t0 = time.perf_counter()
        compiled = jax.jit(fun).lower(*args).compile()
        out[f"{name}_compile_s"] = time.perf_counter() - t0
        jax.block_until_ready(compiled(*args))
        best = float("inf")
        for _ in range(10):
            t0 = time.perf_counter()
            jax.block_until_ready(compiled(*args))
            best = min(best, time.perf_counter() - t0)
        out[f"{name}_call_s"] = best
        out[f"{name}_has_while"] = bool(re.search(r"\bwhile\[", str(jax.make_jaxpr(fun)(*args))))

    from colossus.cosmology import cosmology
    from colossus.halo import concentration

    cosmology.setCosmology("planck15")
    members = [(np.flatnonzero(z == zp), zp) for zp in PLANES]

    def colossus_per_plane():
        for idx, zp in members:
            concentration.concentration(mass[idx] * h, "200c", zp, model="ludlow16")

    colossus_per_plane()
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        colossus_per_plane()
        best = min(best, time.perf_counter() - t0)
    out["colossus_per_plane_s"] = best
    return out


WORKERS = {"first_use": first_use_worker, "population": population_worker}


def run_worker(kind, package_root):
    env = dict(os.environ, PYTHONPATH=str(package_root), PYTHONUNBUFFERED="1", JAX_COMPILATION_CACHE_DIR="")
    proc = subprocess.run(
        [sys.executable, str(pathlib.Path(__file__).resolve()), "--worker", kind],
        env=env, cwd=package_root, capture_output=True, text=True, check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_bench(package_root, n_batch, out):
    env = dict(os.environ, PYTHONPATH=str(package_root), JAX_COMPILATION_CACHE_DIR="")
    subprocess.run(
        [sys.executable, str(HERE / "bench.py"), "--n-batch", str(n_batch), "--out", str(out)],
        env=env, cwd=package_root, capture_output=True, text=True, check=True,
    )
    return json.loads((out / "bench.json").read_text())


def code_metrics(package_root):
    package = pathlib.Path(package_root) / "autogalaxy_jaxnfw"
    modules = [p for p in package.rglob("*.py") if "reference" not in p.relative_to(package).parts]
    lines = {str(p.relative_to(package)): len(p.read_text().splitlines()) for p in modules}
    largest = max(lines, key=lines.get)
    return dict(
        package_lines=sum(lines.values()),
        modules=len(lines),
        largest_module=f"{largest} ({lines[largest]})",
        duplicates=duplicate_pairs(package),
    )


def duplicate_pairs(package):
    """What the tool library's ``duplicates`` finds in the package folder (reference included)."""
    if shutil.which("duplicates") is None:
        return "n/a (no duplicates tool)"
    report = subprocess.run(
        ["duplicates", "--repo", str(package), "--most", "200"], capture_output=True, text=True
    ).stdout.splitlines()
    rows = [line for line in report if line.startswith("D")]
    return f"{len(rows)} pairs ({sum('boilerplate' not in r for r in rows)} not marked boilerplate)"


def extract(ref, folder):
    archive = subprocess.run(["git", "archive", ref, "autogalaxy_jaxnfw"], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def median(rows, key):
    return statistics.median(row[key] for row in rows)


def report(results, versions):
    names = list(versions)
    lines = [f"| measurement | {' | '.join(names)} |", "|---|" + "---|" * len(names)]

    def row(label, values, fmt):
        lines.append(f"| {label} | " + " | ".join(fmt(v) for v in values) + " |")

    for key, fmt in (("package_lines", str), ("modules", str), ("largest_module", str), ("duplicates", str)):
        row(key.replace("_", " "), [results[n]["code"][key] for n in names], fmt)
    first = {n: results[n]["first_use"] for n in names}
    row("import [s] (median)", [median(first[n], "import_s") for n in names], "{:.2f}".format)
    row("first call of the jitted scalar function [s] (median)", [median(first[n], "first_call_s") for n in names], "{:.2f}".format)
    row("then one call, changing scalar (M, z) [us] (median)", [1e6 * median(first[n], "call_s") for n in names], "{:.1f}".format)
    row("colossus' single call / ours, same process (median)", [median(first[n], "colossus_over_ours") for n in names], "{:.1f}".format)
    pop = {n: results[n]["population"] for n in names}
    for key, label, scale, fmt in (
        ("concentration_call_s", "1e4 halos, 8 planes: concentrations [ms]", 1e3, "{:.2f}"),
        ("concentration_compile_s", "  compile [s]", 1, "{:.2f}"),
        ("parameters_call_s", "1e4 halos, 8 planes: kappa_s, r_s, r_t [ms]", 1e3, "{:.2f}"),
        ("parameters_compile_s", "  compile [s]", 1, "{:.2f}"),
        ("colossus_per_plane_s", "colossus vectorised per plane, 8 calls [ms]", 1e3, "{:.1f}"),
    ):
        row(label + " (median)", [scale * median(pop[n], key) for n in names], fmt.format)
    row("colossus per plane / our concentrations", [
        median(pop[n], "colossus_per_plane_s") / median(pop[n], "concentration_call_s") for n in names], "{:.0f}".format)
    row("while loop in the concentration program", [pop[n][0]["concentration_has_while"] for n in names], str)
    row("while loop in the parameters program", [pop[n][0]["parameters_has_while"] for n in names], str)
    for key in results[names[0]]["bench"]["autogalaxy_jaxnfw"]:
        row(f"bench.py: {key} [s]", [results[n]["bench"]["autogalaxy_jaxnfw"][key] for n in names], "{:.3g}".format)
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", choices=list(WORKERS))
    parser.add_argument("--baseline", default="33f5835")
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--n-batch", type=int, default=100_000)
    parser.add_argument("--out", default="output/bench_versions")
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker]()))
        return
    out = pathlib.Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        versions = {f"baseline {args.baseline}": extract(args.baseline, pathlib.Path(tmp)), "this checkout": REPO}
        results = {name: {"code": code_metrics(root), "first_use": [], "population": []} for name, root in versions.items()}
        for _ in range(args.processes):
            for name, root in versions.items():
                for kind in WORKERS:
                    results[name][kind].append(run_worker(kind, root))
                (out / "bench_versions.json").write_text(json.dumps(results, indent=2, default=str))
        for i, (name, root) in enumerate(versions.items()):
            results[name]["bench"] = run_bench(root, args.n_batch, out / f"bench_{i}")
    text = report(results, versions)
    print(text)
    (out / "bench_versions.md").write_text(text + "\n")
    (out / "bench_versions.json").write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
