"""The contract over every elementwise public function of registry.NUMERIC, fuzzed by hypothesis.

Fuzzed are ``registry.FUZZED``: the entries marked ``default`` in the default profile, every one in the long.

Per function: valid points agree between NumPy input, ``jax.jit`` and ``jax.vmap`` (== a loop),
are marked valid, a concrete call of the shapes already called is not traced again, and have finite gradients equal to central finite differences; the
high-precision reference agrees to the entry's rtol; points outside an argument's domain are
NaN, marked invalid, with zero gradients when traced, and NaN or an error naming the argument
when concrete; every kind of numerical input (Python int/float, NumPy int64/float32/float64,
lists, 0-d arrays, JAX float32) gives the float64 value; shapes that do not broadcast raise
``ValueError`` naming both arguments; a traced cosmology field outside its domain gives NaN,
invalid, with zero gradients.  Each (function, transformation) compiles once per session:
shapes are fixed at registry.BATCH points and the jitted callables are cached.

Run the long profile with ``AGJ_FUZZ=long`` (docs/research/contract.md).
"""

import collections
import re
from functools import lru_cache

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autogalaxy_jaxnfw as agj
from test_autogalaxy_jaxnfw.contract import registry
from test_autogalaxy_jaxnfw.contract.registry import BATCH, FUZZED, numeric

CONTRACT = settings(settings.get_profile(registry.PROFILE))
FEW = settings(CONTRACT, max_examples=max(1, CONTRACT.max_examples // 2))
KEYS = [entry.key for entry in FUZZED]


def _leaves(value):
    return [np.asarray(leaf, dtype=float) for leaf in jax.tree.leaves(value)]


def _total(value):
    return sum(jnp.sum(leaf) for leaf in jax.tree.leaves(value))


@lru_cache(maxsize=None)
def _jitted(key):
    """(value, valid, gradients of the sum of the value w.r.t. every argument), jitted once."""
    entry = numeric(key)

    def run(*args):
        (value, valid) = entry.call(*args)
        grads = jax.grad(lambda *a: _total(entry.call(*a)[0]), argnums=tuple(range(len(args))))(*args)
        return value, valid, grads

    return jax.jit(run)


@lru_cache(maxsize=None)
def _vmapped(key):
    entry = numeric(key)
    return jax.jit(jax.vmap(lambda *a: entry.call(*a)))


@lru_cache(maxsize=None)
def _with_cosmology(key):
    """Value, valid and d(sum)/d(field) with every cosmology field traced."""
    entry = numeric(key)
    fields = tuple(registry.COSMOLOGY_FIELDS)

    def run(args, values):
        def value(values):
            cosmology = agj.planck15.replace(**dict(zip(fields, values)))
            return entry.call(*args, cosmology=cosmology)

        (v, valid) = value(values)
        grads = jax.grad(lambda vals: _total(value(vals)[0]))(values)
        return v, valid, grads

    return jax.jit(run)


_TRACE = "/jax/core/compile/jaxpr_trace_duration"
_CALLED = set()


def _call_counting_traces(key, arrays):
    """``entry.call(*arrays)``; after its first call, fails if the call traced a program again.

    A concrete call of the same shapes must reuse its compiled programs: one traced anew on
    every call compiles anew (the inverse mass function's Newton loop took a second a call).
    """
    traces = collections.Counter()
    listener = lambda event, duration, **_: traces.update([event])  # noqa: E731
    jax.monitoring.register_event_duration_secs_listener(listener)
    try:
        result = numeric(key).call(*arrays)
    finally:
        jax.monitoring.unregister_event_duration_listener(listener)
    assert key not in _CALLED or traces[_TRACE] == 0, f"{key}: a concrete call of the same shapes was traced again"
    _CALLED.add(key)
    return result


def _close(a, b, rtol, atol=0.0):
    for x, y in zip(_leaves(a), _leaves(b)):
        np.testing.assert_allclose(x, y, rtol=rtol, atol=atol)


@pytest.mark.parametrize("key", KEYS)
@CONTRACT
@given(data=st.data())
def test__valid__numpy_jit_agree_valid_finite_gradients(key, data):
    entry = numeric(key)
    arrays = registry.draw_valid(data, entry, st)
    value, valid = _call_counting_traces(key, arrays)
    assert np.all(np.asarray(valid)), f"{key} marks valid inputs invalid at {arrays}"
    for leaf in _leaves(value):
        assert np.all(np.isfinite(leaf)), f"{key} not finite at valid {arrays}"
    j_value, j_valid, grads = _jitted(key)(*[jnp.asarray(a) for a in arrays])
    np.testing.assert_array_equal(np.asarray(j_valid), np.asarray(valid))
    _close(j_value, value, rtol=1e-9)
    for name, g in zip((a.name for a in entry.args), grads):
        assert np.all(np.isfinite(np.asarray(g))), f"{key}: d/d{name} not finite at {arrays}"


@pytest.mark.parametrize("key", KEYS)
@FEW
@given(data=st.data())
def test__valid__vmap_equals_loop(key, data):
    entry = numeric(key)
    arrays = [jnp.asarray(a) for a in registry.draw_valid(data, entry, st)]
    v_value, v_valid = _vmapped(key)(*arrays)
    jitted = _jitted(key)
    for i in range(BATCH):
        # The loop reuses the batch program: point i broadcast over the batch.
        value, valid, _ = jitted(*[jnp.full(BATCH, a[i]) for a in arrays])
        assert bool(v_valid[i]) == bool(valid[0])
        _close(jax.tree.map(lambda x: x[i], v_value), jax.tree.map(lambda x: x[0], value), rtol=1e-10)


# Three-point stencils (offsets in steps, weights per step): central inside the drawn range,
# forward where a central step would leave it below (z = 0 is drawn, z < 0 is outside the domain).
CENTRAL = ((-1.0, 0.0, 1.0), (-0.5, 0.0, 0.5))
FORWARD = ((0.0, 1.0, 2.0), (-1.5, 2.0, -0.5))


@pytest.mark.parametrize("key", KEYS)
@FEW
@given(data=st.data())
def test__valid__gradient_equals_finite_difference(key, data):
    entry = numeric(key)
    arrays = registry.draw_valid(data, entry, st)
    _, _, grads = _jitted(key)(*[jnp.asarray(a) for a in arrays])
    for k, arg in enumerate(entry.args):
        step = 1e-4 * np.maximum(np.abs(arrays[k]), 1.0 if not arg.log else 0.0)
        forward = arrays[k] - step < arg.low
        offsets = np.where(forward, np.array(FORWARD[0])[:, None], np.array(CENTRAL[0])[:, None])
        weights = np.where(forward, np.array(FORWARD[1])[:, None], np.array(CENTRAL[1])[:, None])
        values = []
        for offset in offsets:
            shifted = [a.copy() for a in arrays]
            shifted[k] = shifted[k] + offset * step
            values.append(sum(_leaves(entry.call(*shifted)[0])))
        finite_difference = sum(w * v for w, v in zip(weights, values)) / step
        # The stencil's values are f(x) to 1e-4: the scale of the absolute tolerance.
        scale = np.max(np.abs(values), axis=0) / np.maximum(np.abs(arrays[k]), 1.0)
        np.testing.assert_allclose(np.asarray(grads[k]), finite_difference, rtol=entry.grad_rtol,
                                   atol=1e-7 * float(np.max(scale)), err_msg=f"{key}: d/d{arg.name} at {arrays}")


@pytest.mark.parametrize("key", [entry.key for entry in FUZZED if entry.reference is not None])
@settings(CONTRACT, max_examples=max(1, CONTRACT.max_examples // 2))
@given(data=st.data())
def test__valid__equals_reference(key, data):
    """One point per example: the references are mpmath / scipy quadratures."""
    entry = numeric(key)
    arrays = registry.draw_valid(data, entry, st, size=1)
    value, valid = entry.call(*arrays)
    expected = np.atleast_1d(entry.reference(*[float(a[0]) for a in arrays]))
    got = np.concatenate([np.ravel(leaf) for leaf in _leaves(value)])
    np.testing.assert_allclose(got, expected, rtol=entry.rtol, err_msg=f"{key} vs reference at {arrays}")


def _check_masked(key, value, valid, bad, names, arrays):
    valid = np.asarray(valid)
    for i in range(BATCH):
        where = f"{key} at {[float(a[i]) for a in arrays]} (invalid: {names[i]})"
        if bad[i]:
            assert not valid[i], f"{where}: marked valid"
            for leaf in _leaves(value):
                assert np.isnan(leaf[i]), f"{where}: gives {leaf[i]}, not NaN"
        else:
            assert valid[i], f"{where}: marked invalid"
            for leaf in _leaves(value):
                assert np.isfinite(leaf[i]), f"{where}: not finite"


@pytest.mark.parametrize("key", KEYS)
@CONTRACT
@given(data=st.data())
def test__invalid_traced__nan_invalid_zero_gradient(key, data):
    entry = numeric(key)
    arrays, bad, names = registry.draw_mixed(data, entry, st)
    value, valid, grads = _jitted(key)(*[jnp.asarray(a) for a in arrays])
    _check_masked(key, value, valid, bad, names, arrays)
    for arg, g in zip(entry.args, grads):
        g = np.asarray(g)
        assert np.all(np.isfinite(g)), f"{key}: d/d{arg.name} not finite at {arrays}"
        assert np.all(g[bad] == 0.0), f"{key}: d/d{arg.name} not zero where invalid at {arrays}"


@pytest.mark.parametrize("key", KEYS)
@CONTRACT
@given(data=st.data())
def test__invalid_concrete__nan_or_error_naming_argument(key, data):
    entry = numeric(key)
    arrays, bad, names = registry.draw_mixed(data, entry, st)
    try:
        value, valid = entry.call(*arrays)
    except Exception as error:  # noqa: BLE001 -- any exception, as long as it names the argument
        message = str(error)
        named = {n for n in names if n is not None}
        assert any(re.search(rf"\b{re.escape(n)}\b", message) for n in named), (
            f"{key} raised {type(error).__name__} not naming any of {named}: {message!r}")
        return
    _check_masked(key, value, valid, bad, names, arrays)


def _as_kind(value, kind):
    return {
        "python_float": lambda: float(value),
        "python_int": lambda: int(value),
        "numpy_int64": lambda: np.int64(value),
        "numpy_float32": lambda: np.float32(value),
        "numpy_float64": lambda: np.float64(value),
        "list": lambda: [float(value)],
        "0d_array": lambda: np.array(value),
        "jax_float32": lambda: jnp.asarray(value, dtype=jnp.float32),
    }[kind]()


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("kind", registry.INPUT_KINDS)
def test__input_kind__gives_the_float64_value(key, kind):
    """Exact values (float32-representable, integral where ints are tried): no wrap, no overflow."""
    entry = numeric(key)
    exact = [np.float64(arg.exact) for arg in entry.args]
    expected = entry.call(*[np.array([x]) for x in exact])
    for k, arg in enumerate(entry.args):
        if kind in ("python_int", "numpy_int64") and arg.exact != int(arg.exact):
            continue
        args = [np.array([x]) for x in exact]
        args[k] = _as_kind(arg.exact, kind)
        value, valid = entry.call(*args)
        assert np.all(np.asarray(valid)) == np.all(np.asarray(expected[1])), f"{key}: {arg.name} as {kind}"
        for got, want in zip(_leaves(value), _leaves(expected[0])):
            assert got.dtype == np.float64, f"{key}: {arg.name} as {kind} gives {got.dtype}"
            np.testing.assert_allclose(np.ravel(got), np.ravel(want), rtol=1e-12, err_msg=f"{key}: {arg.name} as {kind}")


@pytest.mark.parametrize("key", [entry.key for entry in FUZZED if entry.args[0] in (registry.MASS, registry.MASS_L16)])
def test__python_int_beyond_int64__no_overflow(key):
    """10**20 Msun/h, a Python int beyond int64: NaN/invalid or an error naming the mass, never OverflowError."""
    entry = numeric(key)
    exact = [np.float64(arg.exact) for arg in entry.args]
    try:
        value, valid = entry.call(10**20, *exact[1:])
    except OverflowError as error:
        pytest.fail(f"{key}: OverflowError for a Python int mass: {error}")
    except Exception as error:  # noqa: BLE001
        assert entry.args[0].name in str(error), f"{key}: {error!r}"
        return
    reference = entry.call(1e20, *exact[1:])
    _close(value, reference[0], rtol=1e-12)


@pytest.mark.parametrize("key", [entry.key for entry in FUZZED if len(entry.args) >= 2])
def test__shape_mismatch__value_error_naming_both(key):
    entry = numeric(key)
    args = [np.full(3 + k, arg.exact) for k, arg in enumerate(entry.args)]
    with pytest.raises(ValueError) as error:
        entry.call(*args)
    message = str(error.value)
    for arg in entry.args[:2]:
        assert re.search(rf"\b{re.escape(arg.name)}\b", message), f"{key}: {message!r} does not name {arg.name}"


# A traced cosmology compiles the whole sigma(R) / growth chain: the default profile fuzzes one
# function per family, the long profile every one.
COSMOLOGY_KEYS = [entry.key for entry in FUZZED if entry.cosmology
                  and (registry.PROFILE.endswith("long") or entry.key in registry.COSMOLOGY_DEFAULT)]


@pytest.mark.parametrize("key", COSMOLOGY_KEYS)
@FEW
@given(data=st.data())
def test__invalid_traced_cosmology__nan_invalid_zero_gradient(key, data):
    entry = numeric(key)
    arrays = [jnp.asarray(a) for a in registry.draw_valid(data, entry, st)]
    fields = tuple(registry.COSMOLOGY_FIELDS)
    values = [float(getattr(agj.planck15, f)) for f in fields]
    # m_wdm: a warm spectrum far above the half-mode scale where valid (cold: inf).
    field = data.draw(st.sampled_from(fields))
    values[fields.index(field)] = data.draw(st.sampled_from(registry.COSMOLOGY_FIELDS[field]))
    value, valid, grads = _with_cosmology(key)(arrays, jnp.asarray(values))
    where = f"{key} with traced {field}={values[fields.index(field)]}"
    assert not np.any(np.asarray(valid)), f"{where}: marked valid"
    for leaf in _leaves(value):
        assert np.all(np.isnan(leaf)), f"{where}: gives {leaf}, not NaN"
    g = np.asarray(grads)
    assert np.all(np.isfinite(g)) and np.all(g == 0.0), f"{where}: gradients {g}"


@pytest.mark.parametrize("model", ["diemer19", "ishiyama21"])
def test__cold_calibrated_relation_on_warm_spectrum__nan_or_error(model):
    """DJ19 / Ishiyama21 are calibrated on cold spectra: a warm one without warm='bose16' is refused."""
    warm = agj.planck15.replace(m_wdm=3.0)
    M, z = np.array([1e10, 1e12]), np.array([0.5, 1.0])
    try:
        c, valid = agj.concentration_with_mask(M, "200c", z, model=model, cosmology=warm)
    except ValueError as error:
        assert "warm" in str(error), str(error)
    else:
        assert not np.any(np.asarray(valid)) and np.all(np.isnan(np.asarray(c))), (c, valid)
    traced = jax.jit(lambda m: agj.concentration_with_mask(M, "200c", z, model=model,
                                                          cosmology=agj.planck15.replace(m_wdm=m)))
    c, valid = traced(3.0)
    assert not np.any(np.asarray(valid)) and np.all(np.isnan(np.asarray(c))), (model, c, valid)
