"""Plain (eager) calls of the abundance integrals and the bias: first use and steady state, A/B.

A user's call as written -- ``agj.mass_at_number_fraction(q, M1, M2, z, "200m")`` on NumPy
numbers, no ``jax.jit`` of their own -- timed in fresh interpreters, one per round and version,
the versions alternating (A B A B ...) so that a drifting machine load hits both alike:

* import: ``import autogalaxy_jaxnfw``;
* first call: the first call of each function (tracing and compiling; the JAX persistent cache off);
* steady: the median of 30 further calls with new values of the same shapes;
* colossus: ``haloBias`` on the same masses, in the same process (steady state).

Run from the root, with the code to compare exported (``git archive REV | tar -x -C DIR``):

    PYTHONPATH=. .venv/bin/python docs/research/abundance/plain_calls.py --before DIR [--rounds 5]

Writes ``plain_calls.json`` beside this script and prints the medians over rounds.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

WORKER = r"""
import json, statistics, time
t0 = time.perf_counter()
import jax
jax.config.update("jax_enable_x64", True)
import numpy as np
import autogalaxy_jaxnfw as agj
from colossus.cosmology import cosmology
from colossus.lss import bias
imported = time.perf_counter() - t0
cosmology.setCosmology("planck15")
source = agj.__file__
q = np.array([0.2, 0.5, 0.8])
calls = {
    "halo_bias": lambda s: agj.halo_bias(np.array([1e10, 1e12, 1e14]) * s, 0.5, "200m"),
    "number_density": lambda s: agj.number_density(1e8 * s, 1e13, 0.5, "200m"),
    "mass_at_number_fraction": lambda s: agj.mass_at_number_fraction(q, 1e8 * s, 1e13, 0.5, "200m"),
    "colossus_haloBias": lambda s: bias.haloBias(np.array([1e10, 1e12, 1e14]) * s, 0.5, "200m", model="tinker10"),
}
out = {"import_s": imported, "source": source}
for name, call in calls.items():
    t = time.perf_counter(); np.asarray(call(1.0)); first = time.perf_counter() - t
    steady = []
    for k in range(30):
        t = time.perf_counter(); np.asarray(call(1.0 + 0.01 * (k + 1))); steady.append(time.perf_counter() - t)
    out[name] = {"first_s": first, "steady_s": statistics.median(steady)}
print(json.dumps(out))
"""


def run(pythonpath):
    """One fresh interpreter importing the package from ``pythonpath`` (run outside the repository,
    whose working directory would otherwise come first on ``sys.path``)."""
    env = dict(os.environ, PYTHONPATH=pythonpath, JAX_ENABLE_COMPILATION_CACHE="false")
    result = subprocess.run([sys.executable, "-c", WORKER], env=env, capture_output=True, text=True, check=True,
                            cwd=tempfile.gettempdir())
    out = json.loads(result.stdout.strip().splitlines()[-1])
    if not out.pop("source").startswith(str(Path(pythonpath).resolve())):
        raise RuntimeError(f"the worker did not import the package from {pythonpath}")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="an export of the code to compare against")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rounds = {"before": [], "after": []}
    for _ in range(args.rounds):
        rounds["before"].append(run(args.before))
        rounds["after"].append(run(str(Path(__file__).resolve().parents[3])))
    medians = {}
    for version, runs in rounds.items():
        medians[version] = {"import_s": statistics.median(r["import_s"] for r in runs)}
        for name in runs[0]:
            if name != "import_s":
                medians[version][name] = {k: statistics.median(r[name][k] for r in runs) for k in ("first_s", "steady_s")}
    for version, figures in medians.items():
        print(f"{version}: import {figures['import_s']:.2f} s")
        for name, f in figures.items():
            if name != "import_s":
                print(f"  {name:26s} first {f['first_s'] * 1e3:9.1f} ms   steady {f['steady_s'] * 1e6:10.1f} us")
    load = os.getloadavg()
    Path(__file__).with_name("plain_calls.json").write_text(json.dumps(
        {"rounds": args.rounds, "load_after": load, "medians": medians, "runs": rounds}, indent=1))


if __name__ == "__main__":
    main()
