"""0.4.0 as released, in a fresh process: its own example's slot-layout route and truncated-NFW kernel.

Run by ``bench_tracer.py`` (not by hand)::

    python bench_tracer_release.py RELEASE_TREE POPULATION_NPZ SETTINGS_JSON REPEATS

``RELEASE_TREE`` holds ``autogalaxy_jaxnfw/`` and ``docs/examples/`` of the 0.4.0 commit
(``git archive``); they go first on ``sys.path``, so the package and ``los_simulator`` are
0.4.0's.  The population (masses, centres, planes, scatters, noise keys) is the parent's;
the noise-free images go next to it (``release_noiseless.npy``) and the last line printed is
the JSON of compile seconds and seconds per realisation (minimum of ``REPEATS``).
"""

import json
import sys
import time
from pathlib import Path

tree, population_path, settings, repeats = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
sys.path[:0] = [str(tree), str(tree / "docs" / "examples")]

import jax  # noqa: E402
import numpy as np  # noqa: E402

import los_simulator as release  # noqa: E402  (0.4.0's example, 0.4.0's package)

NAMES = ("los_mass", "los_centres", "los_plane", "los_scatter", "sub_mass", "sub_centres", "sub_scatter", "keys")


def seconds(fn, inputs):
    start = time.perf_counter()
    out = jax.block_until_ready(fn(*inputs))
    return time.perf_counter() - start, out


def main():
    population = np.load(population_path)
    inputs = [population[name] for name in NAMES]
    capacity = int(max(np.bincount(p).max() for p in population["los_plane"]))
    simulate = jax.jit(jax.vmap(release.make_simulator(settings, capacity)))
    compile_seconds, out = seconds(simulate, inputs)
    per_realisation = min(seconds(simulate, inputs)[0] for _ in range(repeats)) / len(population["keys"])
    np.save(population_path.parent / "release_noiseless.npy", np.asarray(out[1]))
    print(json.dumps(dict(compile_seconds=compile_seconds, seconds_per_realisation=per_realisation,
                          x64=bool(jax.config.jax_enable_x64), package=release.agj.__file__)))


if __name__ == "__main__":
    main()
