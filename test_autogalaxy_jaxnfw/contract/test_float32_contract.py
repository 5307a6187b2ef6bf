"""The contract in float32: a fresh process (multiprocessing spawn) that imports JAX before the package.

JAX is imported first so ``jax_enable_x64`` stays off (the package never sets it), and the
subset below runs there: valid points finite, marked valid and within float32 precision of
the float64 value computed in this process; invalid points NaN, marked invalid, with finite
gradients; the warm sibling's maps with a traced ``inverse_m_wdm`` finite where valid and NaN
where not.
"""

import math
import multiprocessing
import os

# JAX before the package, here too: the spawned worker imports this module (for ``_child``)
# before running it, and the package imports autogalaxy, which turns x64 on in a process that
# has not imported JAX yet.
import jax  # noqa: F401
import numpy as np
import pytest

from test_autogalaxy_jaxnfw.contract import registry

# A fresh interpreter (about 20 s warm on the 2-core machine): out of the quick tier.  The
# issue's float32 defects also have their own regression tests (halo/test_contract_float32.py,
# profiles/test_contract_warm.py).
pytestmark = pytest.mark.slow

# (registry key, rtol of float32 against float64)
SUBSET = (
    ("concentration_ludlow16_with_mask", 1e-3),
    ("concentration_with_mask", 1e-3),
    ("change_mass_definition_with_mask", 1e-4),
    ("mass_to_radius", 1e-5),
    ("truncated_nfw_population_parameters", 1e-3),
)


def _exact_points(entry):
    """Two valid points and one invalid one per argument, all exactly representable in float32."""
    valid = [np.array([arg.exact, np.float32(arg.low * 2 if arg.low > 0 else arg.high / 2)], dtype=np.float32)
             for arg in entry.args]
    return valid


def _child(queue):
    try:
        import jax  # noqa: F401 -- before the package, so that x64 stays off
        import jax.numpy as jnp

        from test_autogalaxy_jaxnfw.contract import registry as child_registry

        out = {"dtype": str(jnp.zeros(1).dtype)}
        for key, _ in SUBSET:
            entry = child_registry.numeric(key)
            args = _exact_points(entry)
            value, valid = entry.call(*[jnp.asarray(a) for a in args])
            out[key] = ([np.asarray(leaf, dtype=np.float64) for leaf in jax.tree.leaves(value)], np.asarray(valid))
            bad = [a.copy() for a in args]
            bad[0][:] = np.float32(math.nan)

            def total(first, entry=entry, rest=tuple(jnp.asarray(a) for a in bad[1:])):
                return sum(jnp.sum(leaf) for leaf in jax.tree.leaves(entry.call(first, *rest)[0]))

            grad = jax.jit(jax.grad(total))(jnp.asarray(bad[0]))
            value, valid = jax.jit(entry.call)(*[jnp.asarray(a) for a in bad])
            out[key + ":invalid"] = ([np.asarray(leaf, dtype=np.float64) for leaf in jax.tree.leaves(value)],
                                     np.asarray(valid), np.asarray(grad, dtype=np.float64))
        import autogalaxy as ag

        import autogalaxy_jaxnfw as agj

        grid = ag.Grid2DIrregular([[0.0, 0.0], [0.1, 0.05], [0.4, -0.3]])
        def total(p):
            halo = agj.NFWMCRWarmLudlowSphJax(mass_at_200=1e10, inverse_m_wdm=p, redshift_object=0.5,
                                              redshift_source=1.5)
            values = halo.convergence_2d_from(grid, xp=jnp).array
            return jnp.sum(values), values

        # One program for the four particles (eagerly, each would dispatch the sigma(R) chain op by op).
        warm_map = jax.jit(jax.value_and_grad(total, has_aux=True))
        warm = {}
        for inverse in (0.0, 0.2, -0.1, math.nan):
            (_, values), g = warm_map(jnp.float32(inverse))
            warm[inverse] = (np.asarray(values, dtype=np.float64), float(g))
        out["warm"] = warm
        queue.put(out)
    except BaseException as error:  # noqa: BLE001 -- reported in the parent
        import traceback

        queue.put({"error": traceback.format_exc() + repr(error)})


@pytest.fixture(scope="module")
def float32_results():
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue,))
    # The worker inherits the environment: autogalaxy set JAX_ENABLE_X64 in this process.
    saved = os.environ.pop("JAX_ENABLE_X64", None)
    try:
        process.start()
    finally:
        if saved is not None:
            os.environ["JAX_ENABLE_X64"] = saved
    results = queue.get(timeout=1200)
    process.join(timeout=60)
    assert "error" not in results, results.get("error")
    return results


def test__float32__process_runs_in_float32(float32_results):
    assert float32_results["dtype"] == "float32"


@pytest.mark.parametrize("key, rtol", SUBSET)
def test__float32__valid_points_finite_valid_close_to_float64(key, rtol, float32_results):
    entry = registry.numeric(key)
    args = [a.astype(np.float64) for a in _exact_points(entry)]
    expected, expected_valid = entry.call(*args)
    import jax

    got, valid = float32_results[key]
    assert np.all(valid) and np.all(np.asarray(expected_valid)), (key, valid)
    for g, e in zip(got, jax.tree.leaves(expected)):
        assert np.all(np.isfinite(g)), (key, g)
        np.testing.assert_allclose(g, np.asarray(e), rtol=rtol, err_msg=key)


@pytest.mark.parametrize("key", [key for key, _ in SUBSET])
def test__float32__invalid_points_nan_invalid_finite_zero_gradient(key, float32_results):
    values, valid, grad = float32_results[key + ":invalid"]
    assert not np.any(valid), (key, valid)
    for v in values:
        assert np.all(np.isnan(v)), (key, v)
    assert np.all(np.isfinite(grad)) and np.all(grad == 0.0), (key, grad)


def test__float32__warm_sibling_traced_inverse_m_wdm(float32_results):
    for inverse, (values, gradient) in float32_results["warm"].items():
        if inverse >= 0.0:
            assert np.all(np.isfinite(values)), f"inverse_m_wdm={inverse}: {values}"
            assert np.isfinite(gradient), f"inverse_m_wdm={inverse}: gradient {gradient}"
        else:
            assert np.all(np.isnan(values)), f"inverse_m_wdm={inverse}: {values}"
            assert np.isfinite(gradient) and gradient == 0.0, f"inverse_m_wdm={inverse}: gradient {gradient}"
