"""Ludlow16 on 1e5 traced masses, one plain redshift and random redshifts: releases A/B, fresh processes.

Run from the repository root::

    .venv/bin/python docs/research/nfw_ludlow16_jax/bench_one_plane.py [--versions 33f5835 9c2dbc4] [--processes 5]

Each ``--versions`` commit is extracted with ``git archive`` into a temporary folder; this
checkout is always the last version.  Every measurement runs in a fresh Python process
with ``PYTHONPATH`` at one version's package, the versions alternating (``--processes``
rounds, the order of the versions rotated each round).  In each process:

* "one plane": ``jax.jit(lambda m: concentration_ludlow16(m, 0.5))`` on 1e5 masses
  (log-uniform in 1e8 - 1e15 Msun/h), the redshift a plain number (a lens plane, a
  population plane);
* "random z": ``jax.jit(lambda m, z: concentration_ludlow16(m, z))`` on the same masses
  and 1e5 redshifts uniform in 0 - 3, both traced;

each the best of ``--calls`` calls after one warm-up call; the compiled program's HLO
instruction count is recorded too.  The table gives the median over processes and the
ratio to the last version, median of the per-round ratios.  Markdown and JSON go to
``<out>/bench_one_plane.{md,json}``.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2]
N_HALOS = 100_000


def worker(calls):
    import time

    import jax
    import jax.numpy as jnp
    import numpy as np

    import autogalaxy_jaxnfw as agj

    rng = np.random.default_rng(17)
    masses = jnp.asarray(10.0 ** rng.uniform(8.0, 15.0, N_HALOS))
    redshifts = jnp.asarray(rng.uniform(0.0, 3.0, N_HALOS))
    cases = {
        "one_plane": (lambda m: agj.concentration_ludlow16(m, 0.5), (masses,)),
        "random_z": (lambda m, z: agj.concentration_ludlow16(m, z), (masses, redshifts)),
    }
    out = {}
    for name, (fun, args) in cases.items():
        compiled = jax.jit(fun).lower(*args).compile()
        out[f"{name}_hlo_lines"] = compiled.as_text().count("\n")
        jax.block_until_ready(compiled(*args))
        best = float("inf")
        for _ in range(calls):
            t0 = time.perf_counter()
            jax.block_until_ready(compiled(*args))
            best = min(best, time.perf_counter() - t0)
        out[f"{name}_s"] = best
    return out


def run_worker(package_root, calls):
    env = dict(os.environ, PYTHONPATH=str(package_root), JAX_COMPILATION_CACHE_DIR="")
    proc = subprocess.run(
        [sys.executable, str(pathlib.Path(__file__).resolve()), "--worker", "--calls", str(calls)],
        env=env, cwd=package_root, capture_output=True, text=True, check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def extract(ref, folder):
    archive = subprocess.run(["git", "archive", ref, "autogalaxy_jaxnfw"], cwd=REPO, capture_output=True, check=True)
    folder.mkdir()
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def report(results, names):
    last = names[-1]
    lines = [f"| case | {' | '.join(names)} |", "|---|" + "---|" * len(names)]
    for case in ("one_plane", "random_z"):
        key = f"{case}_s"
        times = [f"{1e3 * statistics.median(r[key] for r in results[n]):.2f} ms" for n in names]
        lines.append(f"| {case}: best call, median over processes | " + " | ".join(times) + " |")
        ratios = [
            statistics.median(a[key] / b[key] for a, b in zip(results[n], results[last])) for n in names
        ]
        lines.append(f"| {case}: / {last}, median of paired ratios | " + " | ".join(f"{r:.2f}" for r in ratios) + " |")
        hlo = [str(results[n][0][f"{case}_hlo_lines"]) for n in names]
        lines.append(f"| {case}: lines of the compiled HLO | " + " | ".join(hlo) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--versions", nargs="*", default=["33f5835", "9c2dbc4"])
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--out", default="output/bench_one_plane")
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.calls)))
        return
    out = pathlib.Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        roots = {ref: extract(ref, pathlib.Path(tmp) / ref) for ref in args.versions}
        roots["this checkout"] = REPO
        names = list(roots)
        results = {name: [] for name in names}
        for round_ in range(args.processes):
            for name in names[round_ % len(names):] + names[: round_ % len(names)]:
                results[name].append(run_worker(roots[name], args.calls))
            (out / "bench_one_plane.json").write_text(json.dumps(results, indent=2))
    text = f"load average at the end: {os.getloadavg()}\n\n" + report(results, names)
    print(text)
    (out / "bench_one_plane.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
