import json
import os
from pathlib import Path

# JAX's persistent compilation cache, shared by every process of a run -- the xdist workers and
# the fresh interpreters the tests start (examples, fresh-precision checks, sharding children),
# which inherit it through these environment variables -- and by every later run on this machine,
# from any clone: about half of the suite's CPU time is XLA compiling programs that do not change
# between runs.  Its keys hold the program, the jax/jaxlib versions and the XLA flags, so a
# changed program is compiled afresh; the least recently used entries go beyond 4 GB (JAX's LRU
# eviction, which needs ``filelock``).  ``JAX_COMPILATION_CACHE_DIR`` moves it; deleting the
# folder measures a cold run.
_MACHINE_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "autogalaxy_jaxnfw" / "jax-cache"
JAX_CACHE = {
    "JAX_COMPILATION_CACHE_DIR": str(_MACHINE_CACHE),
    "JAX_COMPILATION_CACHE_MAX_SIZE": str(4 * 1024**3),
    "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0.1",
    "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "-1",
}
for _name, _value in JAX_CACHE.items():
    os.environ.setdefault(_name, _value)

import jax  # noqa: E402  (after the cache settings, which JAX reads from the environment)
import pytest  # noqa: E402

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_compilation_cache_dir", os.environ["JAX_COMPILATION_CACHE_DIR"])
jax.config.update("jax_persistent_cache_min_compile_time_secs", float(os.environ["JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"]))
jax.config.update("jax_persistent_cache_min_entry_size_bytes", int(os.environ["JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES"]))
jax.config.update("jax_compilation_cache_max_size", int(os.environ["JAX_COMPILATION_CACHE_MAX_SIZE"]))

# The files that take longest (compilation, subprocesses), longest first, by the --durations
# of a CI run.  Under ``--dist loadfile`` each file runs on one worker, and xdist by default
# hands files out in order of their number of tests, which puts these -- few tests each --
# last, where one of them keeps a worker busy long after the other has finished.  Handing
# them out first lets the many short files fill in around them.
LONGEST_FILES = (
    "profiles/test_likelihood.py",
    "profiles/test_maps_jit_cored.py",
    "profiles/test_maps_jit.py",
    "halo/test_concentration.py",
    "face/test_examples_fits.py",
    "face/test_examples.py",
    "halo/test_diemer19.py",
    "populations/test_simulator.py",
    "populations/test_tracer.py",
    "face/test_docs.py",
)


# The quick tier (``-m "not slow"``) leaves out, besides the tests marked ``slow`` where they are
# written, the quick tier's longest in timed runs: the node ids (or prefixes) of
# quick_tier_left_out.json, with their seconds (every quick test of 2 s or more in a quiet run,
# 2 workers).  Every layer keeps quicker checks of the same kind in the quick tier; the full suite
# runs them all.  Refresh the file from a ``--quick --durations=0`` run when the tier grows.
_LEFT_OUT = json.loads((Path(__file__).parent / "quick_tier_left_out.json").read_text())
QUICK_TIER_LEAVES_OUT = tuple(_LEFT_OUT["loaded"]) + tuple(_LEFT_OUT["quiet"])


def pytest_configure(config):
    """Under ``--dist loadfile``, files are handed to workers in collection order (see LONGEST_FILES)."""
    if getattr(config.option, "dist", "no") == "loadfile":
        config.option.loadscopereorder = False


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark QUICK_TIER_LEAVES_OUT ``slow`` (before ``-m`` selects); put the tests of LONGEST_FILES first."""
    for item in items:
        if item.nodeid.removeprefix("test_autogalaxy_jaxnfw/").startswith(QUICK_TIER_LEAVES_OUT):
            item.add_marker(pytest.mark.slow)

    def rank(item):
        path = item.nodeid.split("::")[0].removeprefix("test_autogalaxy_jaxnfw/")
        return LONGEST_FILES.index(path) if path in LONGEST_FILES else len(LONGEST_FILES)

    items.sort(key=rank)
