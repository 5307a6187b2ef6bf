import jax

jax.config.update("jax_enable_x64", True)

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


def pytest_configure(config):
    """Under ``--dist loadfile``, files are handed to workers in collection order (see LONGEST_FILES)."""
    if getattr(config.option, "dist", "no") == "loadfile":
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config, items):
    """Put the tests of LONGEST_FILES first, in that order; the others keep their order."""

    def rank(item):
        path = item.nodeid.split("::")[0].removeprefix("test_autogalaxy_jaxnfw/")
        return LONGEST_FILES.index(path) if path in LONGEST_FILES else len(LONGEST_FILES)

    items.sort(key=rank)
