"""The halo functions' contract under JAX's default float32, in a fresh process (x64 stays off).

The test suite runs with x64 on (conftest), so the checks run in a ``spawn`` worker that
imports JAX without it; the worker's results are compared with float64 references computed
here.  Integer masses must be the same masses as floats (JAX's float32 default narrows int64
to int32, which wrapped ``10**10`` and ``10**12`` before the boundary normalised them).
"""

import multiprocessing
import os

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj

INTEGERS = [10**10, 10**12]
# float32 against the float64 reference: the relations' solvers stop at float32 rounding,
# amplified by their condition (sigma's slope, the root's sensitivity).
RTOL_FLOAT32 = 1e-4


def _float32_results(_=None):
    """Run in the worker, x64 off: the values the tests below compare."""
    import jax
    import jax.numpy as jnp
    import numpy as np

    import autogalaxy_jaxnfw as agj

    ints = np.array(INTEGERS)
    out = {"x64": jax.config.jax_enable_x64}
    out["int_c"], out["int_valid"] = agj.concentration_with_mask(ints, "200c", 0.0)
    out["float_c"] = agj.concentration(np.array([1e10, 1e12]), "200c", 0.0)
    out["python_int_c"] = agj.concentration(10**12, "200c", 0.0)
    out["arange_c"] = agj.concentration(10 ** np.arange(8, 15), "200c", 0.0)
    out["ludlow_int_c"] = agj.concentration_ludlow16(ints, 0.0)
    out["change_int_M"] = agj.change_mass_definition(ints, 5.0, 0.0, "200c", "vir").M
    out["radius_int"] = agj.mass_to_radius(ints, 0.0, "200c")
    f = lambda m: agj.concentration_ludlow16(m, 0.5)
    masses = jnp.array([1e10, 1e12])
    out["eager"], out["jit"], out["vmap"] = f(masses), jax.jit(f)(masses), jax.vmap(f)(masses)
    out["grad_ln"] = jax.grad(lambda ln_m: jnp.log(f(jnp.exp(ln_m))))(jnp.log(jnp.float32(1e12)))
    bad = jax.jit(lambda m: agj.concentration_with_mask(masses, "200c", 0.5, cosmology=agj.planck15.replace(m_wdm=m), warm="bose16"))
    out["bad_m_wdm_c"], out["bad_m_wdm_valid"] = bad(-1.0)
    out["bad_m_wdm_grad"] = jax.grad(lambda m: jnp.sum(bad(m)[0]))(-1.0)
    out["dtype"] = str(out["int_c"].dtype)
    return {k: v if isinstance(v, (bool, str)) else np.asarray(v) for k, v in out.items()}


@pytest.fixture(scope="module")
def float32():
    # The worker inherits the environment: without JAX_ENABLE_X64 its JAX starts in float32.
    saved = os.environ.pop("JAX_ENABLE_X64", None)
    try:
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            return pool.map(_float32_results, [None])[0]
    finally:
        if saved is not None:
            os.environ["JAX_ENABLE_X64"] = saved


def test__float32__the_worker_runs_without_x64(float32):
    assert float32["x64"] is False and float32["dtype"] == "float32"


def test__integers__float32_integer_masses_equal_float_masses(float32):
    np.testing.assert_array_equal(float32["int_c"], float32["float_c"])
    assert float32["int_valid"].all()
    np.testing.assert_array_equal(float32["python_int_c"], float32["float_c"][1])


def test__integers__float32_values_match_the_float64_reference(float32):
    reference = lambda f: np.asarray(f(np.array(INTEGERS, dtype=float)))
    np.testing.assert_allclose(float32["int_c"], reference(lambda m: agj.concentration(m, "200c", 0.0)), rtol=RTOL_FLOAT32)
    np.testing.assert_allclose(float32["ludlow_int_c"], reference(lambda m: agj.concentration_ludlow16(m, 0.0)), rtol=RTOL_FLOAT32)
    np.testing.assert_allclose(
        float32["change_int_M"], reference(lambda m: agj.change_mass_definition(m, 5.0, 0.0, "200c", "vir").M), rtol=RTOL_FLOAT32
    )
    np.testing.assert_allclose(float32["radius_int"], reference(lambda m: agj.mass_to_radius(m, 0.0, "200c")), rtol=1e-6)
    arange = agj.concentration(10.0 ** np.arange(8, 15), "200c", 0.0)
    np.testing.assert_allclose(float32["arange_c"], arange, rtol=RTOL_FLOAT32)


def test__float32__jit_vmap_equal_eager_and_grad_matches_float64(float32):
    np.testing.assert_allclose(float32["jit"], float32["eager"], rtol=1e-6)
    np.testing.assert_allclose(float32["vmap"], float32["eager"], rtol=1e-6)
    grad = jax.grad(lambda ln_m: jnp.log(agj.concentration_ludlow16(jnp.exp(ln_m), 0.5)))(jnp.log(1e12))
    np.testing.assert_allclose(float32["grad_ln"], grad, rtol=1e-2)


def test__float32__traced_m_wdm_outside_its_domain_is_nan_invalid_zero_gradient(float32):
    assert np.isnan(float32["bad_m_wdm_c"]).all() and not float32["bad_m_wdm_valid"].any()
    assert float32["bad_m_wdm_grad"] == 0.0
