"""A/B, one run, interleaved: ``realise`` (tables + draw) with new parameters at every call.

Run from the repository root with the project's Python:
``python docs/research/realisations/realise_fresh_parameters.py OLD_ROOT NEW_ROOT [--rounds 5]``
(two checkouts of the package, e.g. a ``git worktree`` of the previous commit and this one);
writes ``realise_fresh_parameters.json`` next to this script.

The model is realisation_benchmark.py's (pyHalo's CDM and WDM presets on autolens' 4 + 4 planes,
1e6-1e10 Msun, float64).  Two cases, each compiled once per model in one worker process per
checkout: "dark matter" traces m_wdm (WDM) and sigma_sub at a fixed cosmology (a sampler of the
dark-matter model: ``jax.jit`` of ``realise`` over those two numbers), "cosmology" traces every
field of ``DarkMatterParameters`` (``agj.realiser``) and changes sigma8 too.  Each round asks every
worker, alternately, for 20 calls of each compiled function with new values (inside the layout's
slots: sigma_sub 0.020-0.025, m_wdm 6.3-6.8 keV, sigma8 0.800-0.816) and reports the median and
minimum wall time per call.  Pinned to one core (XLA's threads otherwise compete with the other
worker on the 2-core machine).
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


MARK = "AGJ-REPLY "  # the libraries print to stdout too


def reply(obj):
    print(MARK + json.dumps(obj), flush=True)


def answer(stream):
    """The next reply on a worker's stdout (other lines skipped)."""
    for line in stream:
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    raise RuntimeError("worker ended without a reply")


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
        base = parameters.cosmology
        warm = base.dark_matter != "cold"

        def dark_matter(key, m_wdm, sigma_sub, base=base, warm=warm, parameters=parameters, layout=layout):
            cosmology = base.replace(m_wdm=m_wdm) if warm else base
            return agj.realise(key, parameters._replace(cosmology=cosmology, sigma_sub=sigma_sub), layout)

        cases = dict(dark_matter=jax.jit(dark_matter), cosmology=agj.realiser(layout))
        t0 = time.perf_counter()
        jax.block_until_ready(cases["dark_matter"](jax.random.key(0), base.m_wdm, parameters.sigma_sub))
        t1 = time.perf_counter()
        jax.block_until_ready(cases["cosmology"](jax.random.key(0), parameters))
        compiled[name] = (cases, parameters, dict(dark_matter=t1 - t0, cosmology=time.perf_counter() - t1))
    reply({name: c[2] for name, c in compiled.items()})
    rng = np.random.default_rng(0)
    for line in sys.stdin:
        name, case = line.split()
        cases, parameters, _ = compiled[name]
        warm = parameters.cosmology.dark_matter != "cold"
        wall, haloes = [], []
        for i in range(CALLS):
            m_wdm = 6.3 + 0.5 * rng.uniform() if warm else parameters.cosmology.m_wdm
            sigma_sub = 0.020 + 0.005 * rng.uniform()
            if case == "dark_matter":
                args = (m_wdm, sigma_sub)
            else:
                cosmology = parameters.cosmology.replace(sigma8=0.800 + 0.016 * rng.uniform())
                cosmology = cosmology.replace(m_wdm=m_wdm) if warm else cosmology
                args = (parameters._replace(cosmology=cosmology, sigma_sub=sigma_sub),)
            t0 = time.perf_counter()
            out = jax.block_until_ready(cases[case](jax.random.key(i), *args))
            wall.append(time.perf_counter() - t0)
            haloes.append(int(np.sum(np.asarray(out.valid))))
        reply(dict(wall=wall, haloes=haloes))


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
    first = {label: answer(w.stdout) for label, w in workers.items()}
    keys = [(name, case) for name in ("CDM", "WDM") for case in ("dark_matter", "cosmology")]
    times = {(label, key): dict(wall=[], haloes=[]) for label in workers for key in keys}
    for _ in range(args.rounds):
        for key in keys:
            for label, w in workers.items():
                w.stdin.write(" ".join(key) + "\n")
                w.stdin.flush()
                got = answer(w.stdout)
                for field in got:
                    times[label, key][field] += got[field]
    for w in workers.values():
        w.stdin.close()
        w.wait()
    summary = {}
    for (label, (name, case)), t in times.items():
        row = summary[f"{label} {name} {case}"] = dict(
            first_call_s=first[label][name][case], median_ms=1e3 * float(np.median(t["wall"])),
            min_ms=1e3 * float(np.min(t["wall"])), mean_haloes=float(np.mean(t["haloes"])),
            complete=float(np.mean(np.asarray(t["haloes"]) > 0)), calls=len(t["wall"]))
        print(f"{label:4s} {name} {case:12s}: first call {row['first_call_s']:6.2f} s, median {row['median_ms']:7.2f} ms "
              f"(min {row['min_ms']:.2f}), {row['mean_haloes']:.0f} haloes, complete {row['complete']:.2f}")
    (HERE / "realise_fresh_parameters.json").write_text(json.dumps(
        dict(date=time.strftime("%Y-%m-%d"), rounds=args.rounds, calls_per_round=CALLS, loadavg=os.getloadavg(),
             old=str(args.old), new=str(args.new), results=summary), indent=1))


if __name__ == "__main__":
    if "--worker" in sys.argv:
        worker()
    else:
        main()
