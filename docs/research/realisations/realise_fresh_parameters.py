"""A/B, one run, interleaved: ``realise`` (tables + draw) with new parameters at every call.

Run from the repository root with the project's Python:
``python docs/research/realisations/realise_fresh_parameters.py OLD_ROOT NEW_ROOT [--rounds 6]``
(two checkouts of the package, e.g. a ``git worktree`` of the previous commit and this one);
writes ``realise_fresh_parameters.json`` next to this script.

The model is realisation_benchmark.py's (pyHalo's CDM and WDM presets on autolens' 4 + 4 planes,
1e6-1e10 Msun, float64).  One worker process per checkout compiles ``realiser`` once per model; each
round asks every worker, alternately, for 20 calls of the compiled function, each call with a new
sigma_sub, sigma8 and (WDM) m_wdm -- the case of a sampler or an optimiser that changes the dark
matter at every step -- and reports the median and minimum wall and CPU time per call.  Pinned to
one core (XLA's threads otherwise compete with the other worker on the 2-core machine).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CALLS = 20


def worker():
    """Answer each line "<model>" with the times of CALLS calls (JSON line)."""
    import jax

    jax.config.update("jax_enable_x64", True)
    jax.config.update("jax_enable_compilation_cache", False)
    import autogalaxy_jaxnfw as agj

    sys.path.insert(0, str(HERE))
    from realisation_benchmark import models

    compiled = {}
    for name, layout, parameters in models(agj):
        f = agj.realiser(layout)
        t0 = time.perf_counter()
        jax.block_until_ready(f(jax.random.key(0), parameters))
        compiled[name] = (f, parameters, time.perf_counter() - t0)
    print(json.dumps({name: c[2] for name, c in compiled.items()}), flush=True)
    rng = np.random.default_rng(0)
    for line in sys.stdin:
        f, parameters, _ = compiled[line.strip()]
        wall, cpu, haloes = [], [], []
        for i in range(CALLS):
            cosmology = parameters.cosmology.replace(sigma8=0.81 + 0.01 * rng.uniform())
            if cosmology.dark_matter != "cold":
                cosmology = cosmology.replace(m_wdm=6.0 + rng.uniform())
            p = parameters._replace(cosmology=cosmology, sigma_sub=0.02 + 0.01 * rng.uniform())
            t0, c0 = time.perf_counter(), time.process_time()
            out = jax.block_until_ready(f(jax.random.key(i), p))
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            haloes.append(int(np.sum(np.asarray(out.valid))))
        print(json.dumps(dict(wall=wall, cpu=cpu, haloes=haloes)), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    workers = {}
    for label, root in (("old", args.old), ("new", args.new)):
        env = dict(os.environ, PYTHONPATH=str(Path(root).resolve()), JAX_COMPILATION_CACHE_DIR="")
        command = [sys.executable, __file__, "--worker"]
        if hasattr(os, "sched_setaffinity"):
            command = ["taskset", "-c", "0"] + command
        workers[label] = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    first = {label: json.loads(w.stdout.readline()) for label, w in workers.items()}
    times = {(label, name): dict(wall=[], cpu=[], haloes=[]) for label in workers for name in ("CDM", "WDM")}
    for _ in range(args.rounds):
        for name in ("CDM", "WDM"):
            for label, w in workers.items():
                w.stdin.write(name + "\n")
                w.stdin.flush()
                reply = json.loads(w.stdout.readline())
                for key in reply:
                    times[label, name][key] += reply[key]
    for w in workers.values():
        w.stdin.close()
        w.wait()
    summary = {}
    for (label, name), t in times.items():
        summary[f"{label} {name}"] = dict(
            first_call_s=first[label][name],
            median_wall_ms=1e3 * float(np.median(t["wall"])), min_wall_ms=1e3 * float(np.min(t["wall"])),
            median_cpu_ms=1e3 * float(np.median(t["cpu"])), mean_haloes=float(np.mean(t["haloes"])), calls=len(t["wall"]))
        print(f"{label:4s} {name}: first call {first[label][name]:6.2f} s, median {summary[f'{label} {name}']['median_wall_ms']:7.2f} ms "
              f"(min {summary[f'{label} {name}']['min_wall_ms']:.2f}, CPU {summary[f'{label} {name}']['median_cpu_ms']:.2f}), "
              f"{summary[f'{label} {name}']['mean_haloes']:.0f} haloes")
    (HERE / "realise_fresh_parameters.json").write_text(json.dumps(
        dict(date=time.strftime("%Y-%m-%d"), rounds=args.rounds, calls_per_round=CALLS, loadavg=os.getloadavg(),
             results=summary), indent=1))


if __name__ == "__main__":
    if "--worker" in sys.argv:
        worker()
    else:
        main()
