import os
from pathlib import Path

# JAX's persistent compilation cache, shared by every process of a run: the xdist workers and
# the fresh interpreters the tests start (examples, fresh-precision checks, sharding children),
# which inherit it through these environment variables.  A program compiled once -- the
# package's jitted relations, autolens' likelihood pieces -- is read back by the next process
# that builds the same program, instead of compiled again.  The folder is git-ignored and kept
# between runs (``rm -rf .pytest_cache/jax-cache`` empties it); its keys hold the program, the
# jax/jaxlib versions and the XLA flags, so a changed program is compiled afresh.
JAX_CACHE = {
    "JAX_COMPILATION_CACHE_DIR": str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "jax-cache"),
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
# written, these -- the quick tier's longest in a timed run (2026-12-07, 2 workers; each 15-130 s
# on the loaded machine: traced-cosmology sweeps, fresh interpreters, nested solves).  Every
# layer keeps quicker checks of the same kind in the quick tier; the full suite runs them all.
QUICK_TIER_LEAVES_OUT = (
    "cosmology/test_contract_parameters.py::test__growth_and_variance__traced_cosmology_outside_domain_is_nan_with_zero_gradient[m_wdm",
    "cosmology/test_parameters.py::test__cosmology__traced_fields_are_not_checked_and_differentiate",
    "cosmology/test_warm_dark_matter.py::test__sigma__traced_inf_reproduces_cold_with_zero_derivative",
    "face/test_fit_likelihood.py",
    "face/test_layout.py::test__layers__printed_by_its_command",
    "face/test_precision.py::test__float32__every_relation_finite_and_within_bound_of_float64",
    "face/test_readme.py::test__readme__block_runs_in_a_fresh_process_and_gives_float64",
    "face/test_science_check.py",
    "halo/test_concentration.py::test__native_definitions__are_the_relations_themselves",
    "halo/test_contract_cosmology.py::test__traced_cosmology__each_field_outside_its_domain_is_nan_invalid_zero_gradient[ludlow16]",
    "halo/test_contract_cosmology.py::test__traced_cosmology__each_field_outside_its_domain_is_nan_invalid_zero_gradient[diemer19",
    "halo/test_contract_cosmology.py::test__warm_spectrum__cold_calibrated_fit_masks_a_traced_finite_m_wdm",
    "halo/test_contract_float32.py",
    "halo/test_diemer19.py::test__diemer19__gradients_match_finite_differences",
    "halo/test_ludlow16_gradients.py",
    "halo/test_ludlow16_warm.py::test__ludlow16_warm__gradient_wrt_m_wdm_matches_finite_differences",
    "lss/test_abundance_integrals.py::test__integrals__jit_equals_eager_and_vmap_equals_loop",
    "lss/test_abundance_integrals.py::test__mass_at_number_fraction__inverts_the_number_and_has_the_implicit_derivative",
    "lss/test_mass_function.py::test__mass_function__matches_quadrature_reference[planck13",
    "lss/test_mass_function.py::test__mass_function__matches_quadrature_reference[planck18",
    "lss/test_warm_mass_function.py::test__warm_mass_functions__traced_invalid_is_nan_with_zero_gradient",
    "populations/test_realisation.py",
    "populations/test_simulator.py::test__batched__equals_realisation_by_realisation",
    "populations/test_tracer.py::test__traced_grids__gradient_in_a_halo_mass_equals_finite_differences",
    "profiles/test_maps_jit.py::test__every_map__jit_equals_numpy_and_grad_equals_finite_differences[NFWTruncated",
)


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
