"""What each solver path of the router buys: every admissible method forced on the calls users make.

Run from the repository root::

    .venv/bin/python docs/research/nfw_ludlow16_jax/bench_router.py [--processes 3] [--out output/bench_router]

For each case the router serves, every method that can serve it is forced with ``method=``
and timed in fresh Python processes (``--processes`` per method, methods alternating; the
best process is reported): compile (``jit(...).lower(...).compile()``) and the best call
(20 sweeps of ``--calls`` calls, each blocked on).  The cases:

* ``scalar``: ``jit(lambda M, z: c(M, z))`` with changing scalar (M, z) (single halos, a
  free redshift in a likelihood): secant or bracketed;
* ``lens plane``: ``jit(value_and_grad(lambda M: c(M, 0.5)))``, the redshift fixed (a halo
  in a likelihood): series, secant or bracketed;
* ``population``: 1e4 halos on 8 planes known at trace time, masses traced: series, secant
  or bracketed;
* ``random z``: 1e5 halos with their own traced redshifts: secant or bracketed.

Markdown goes to ``<out>/bench_router.md``, the numbers to ``<out>/bench_router.json``.
"""

import argparse
import json
import pathlib
import subprocess
import sys

CASES = {
    "scalar": ("secant", "bracketed"),
    "lens plane": ("series", "secant", "bracketed"),
    "population": ("series", "secant", "bracketed"),
    "random z": ("secant", "bracketed"),
}


def worker(case, method, calls):
    import time

    import jax
    import jax.numpy as jnp
    import numpy as np

    import autogalaxy_jaxnfw as agj

    rng = np.random.default_rng(0)

    def c(m, z):
        return agj.concentration_ludlow16(m, z, method=method)

    if case == "scalar":
        f = jax.jit(c)
        args = [(float(m), float(z)) for m, z in zip(10 ** rng.uniform(8, 14, 64), rng.uniform(0.1, 2.0, 64))]
    elif case == "lens plane":
        f = jax.jit(jax.value_and_grad(lambda m: c(m, 0.5)))
        args = [(float(m),) for m in 10 ** rng.uniform(8, 14, 64)]
    elif case == "population":
        planes = np.repeat(0.2 * np.arange(1, 9), 10_000 // 8)
        f = jax.jit(lambda m: c(m, planes))
        args = [(jnp.asarray(10 ** rng.uniform(8, 11, planes.size)),) for _ in range(4)]
    else:
        f = jax.jit(c)
        args = [(jnp.asarray(10 ** rng.uniform(8, 14, 100_000)), jnp.asarray(rng.uniform(0.1, 2.0, 100_000)))]
    start = time.perf_counter()
    compiled = f.lower(*args[0]).compile()
    compile_s = time.perf_counter() - start
    jax.block_until_ready(compiled(*args[0]))
    n = calls if case in ("scalar", "lens plane") else 3
    best = float("inf")
    for _ in range(20 if n > 3 else 5):
        start = time.perf_counter()
        for i in range(n):
            jax.block_until_ready(compiled(*args[i % len(args)]))
        best = min(best, (time.perf_counter() - start) / n)
    print(json.dumps(dict(compile_s=compile_s, call_s=best)))


def run(case, method, calls):
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", case, method, str(calls)], capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--out", default=str(pathlib.Path("output") / "bench_router"))
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], int(args.worker[2]))
        return 0
    results = {case: {method: [] for method in methods} for case, methods in CASES.items()}
    for _ in range(args.processes):
        for case, methods in CASES.items():
            for method in methods:
                results[case][method].append(run(case, method, args.calls))
    lines = ["| case | method | call | compile |", "|---|---|---|---|"]
    for case, by_method in results.items():
        for method, rows in by_method.items():
            call = min(r["call_s"] for r in rows)
            compile_s = min(r["compile_s"] for r in rows)
            call_text = f"{call * 1e6:.1f} us" if call < 1e-3 else f"{call * 1e3:.2f} ms"
            lines.append(f"| {case} | {method} | {call_text} | {compile_s:.2f} s |")
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_router.json").write_text(json.dumps(results, indent=1))
    (out / "bench_router.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
