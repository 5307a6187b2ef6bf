"""(iv) Speed against colossus, interleaved, one process (plus fresh processes for the first call).

* batch: dn/d ln M of 1e5 masses at one redshift (Tinker et al. 2008, "200m"): the package
  jitted, colossus ``massFunction`` on the array;
* single: one mass, the package's call jitted by the user vs colossus' call; "plain": the
  package's call as written (concrete input runs one compiled program, cached per arguments);
* first call: a fresh interpreter imports the package, then times its first ``mass_function``
  (tables shipped for the preset: no series built; the time is tracing and compiling).

Each round runs every case once; the medians of 7 rounds are printed.  Run from the root:

    PYTHONPATH=. .venv/bin/python docs/research/abundance/speed.py
"""

import os
import statistics
import subprocess
import sys
import time

import jax

jax.config.update("jax_enable_x64", True)

import numpy as np  # noqa: E402
from colossus.cosmology import cosmology as colossus_cosmology  # noqa: E402
from colossus.lss import mass_function as colossus_mf  # noqa: E402

import autogalaxy_jaxnfw as agj  # noqa: E402

FIRST_CALL = """
import time, jax
jax.config.update("jax_enable_x64", True)
t0 = time.perf_counter()
import autogalaxy_jaxnfw as agj
t1 = time.perf_counter()
agj.mass_function(1e12, 0.5, "200m", "tinker08").block_until_ready()
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def timed(fun, repeat):
    start = time.perf_counter()
    for _ in range(repeat):
        fun()
    return (time.perf_counter() - start) / repeat


def main():
    colossus_cosmology.setCosmology("planck15")
    rng = np.random.default_rng(1)
    batch = 10.0 ** rng.uniform(6.0, 15.5, 100_000)
    z = 0.5
    package = jax.jit(lambda m, z: agj.mass_function(m, z, "200m", "tinker08"))
    package(batch, z).block_until_ready()
    package(1e12, z).block_until_ready()
    colossus = lambda m: colossus_mf.massFunction(m, z, mdef="200m", model="tinker08", q_out="dndlnM")  # noqa: E731
    colossus(batch)
    plain = lambda: agj.mass_function(1e12, z, "200m", "tinker08").block_until_ready()  # noqa: E731
    plain()
    results = {k: [] for k in ("batch_pkg", "batch_col", "single_pkg", "single_col", "plain_pkg", "import", "first")}
    for _ in range(7):
        results["batch_pkg"].append(timed(lambda: package(batch, z).block_until_ready(), 5))
        results["batch_col"].append(timed(lambda: colossus(batch), 2))
        results["single_pkg"].append(timed(lambda: package(1e12, z).block_until_ready(), 200))
        results["single_col"].append(timed(lambda: colossus(1e12), 200))
        results["plain_pkg"].append(timed(plain, 200))
        out = subprocess.run([sys.executable, "-c", FIRST_CALL], capture_output=True, text=True, check=True, env=dict(os.environ))
        imp, first = map(float, out.stdout.strip().splitlines()[-1].split())
        results["import"].append(imp)
        results["first"].append(first)
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"batch of 1e5: package {med['batch_pkg'] * 1e3:.2f} ms, colossus {med['batch_col'] * 1e3:.1f} ms, ratio {med['batch_col'] / med['batch_pkg']:.0f}x (target >= 100x)")
    print(f"single call:  package {med['single_pkg'] * 1e6:.1f} us, colossus {med['single_col'] * 1e6:.1f} us, ratio {med['single_col'] / med['single_pkg']:.1f}x (target >= 15x)")
    print(f"plain call:   package {med['plain_pkg'] * 1e6:.1f} us, ratio {med['single_col'] / med['plain_pkg']:.1f}x")
    print(f"fresh process: import {med['import']:.2f} s, first call {med['first']:.2f} s (target <= 1 s)")
    print(f"devices: {jax.devices()}, cores: {os.cpu_count()}, load: {os.getloadavg()}")


if __name__ == "__main__":
    main()
