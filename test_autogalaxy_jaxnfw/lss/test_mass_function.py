"""Mass functions against the independent quadrature reference, and the package's contract.

The reference (:mod:`autogalaxy_jaxnfw.reference.mass_function`) integrates sigma(R) and its
derivative with the top-hat window's derivative adaptively; the package reads both from its
Chebyshev series.  The series holds sigma to ~4e-10 and d ln sigma / d ln R to ~3e-9
(docs/research/relations.md); f depends on sigma through exp(-c nu^2 / 2), so its relative
error grows like nu^2 times sigma's: the tolerance is 4e-9 + 4e-10 (nu^2 + 2).
"""

import subprocess
import sys

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.reference import REF_PLANCK13, REF_PLANCK15, REF_PLANCK18, REF_WMAP9
from autogalaxy_jaxnfw.reference import mass_function as reference
from test_autogalaxy_jaxnfw.lss import cosmology_cases

COSMOLOGIES = [(agj.planck15, REF_PLANCK15), (agj.planck18, REF_PLANCK18), (agj.wmap9, REF_WMAP9), (agj.planck13, REF_PLANCK13)]
MODELS = [
    ("press74", "fof"),
    ("sheth99", "fof"),
    ("jenkins01", "fof"),
    ("warren06", "fof"),
    ("angulo12", "fof"),
    ("tinker08", "200m"),
    ("tinker08", "200c"),
    ("watson13", "fof"),
    ("watson13", "500c"),
    ("despali16", "vir"),
    ("despali16", "200c"),
]
MASSES = 10.0 ** np.array([6.0, 9.5, 13.0, 15.5])
REDSHIFTS = (0.0, 1.3, 6.0)


def _tolerance(sigma):
    nu = 1.68647 / np.asarray(sigma)
    return 4e-9 + 4e-10 * (nu * nu + 2.0)


@pytest.mark.parametrize("cosmology, ref", COSMOLOGIES, ids=[c.name for c, _ in COSMOLOGIES])
def test__mass_function__matches_quadrature_reference(cosmology, ref):
    for model, mdef in MODELS:
        for z in REDSHIFTS:
            solution = agj.mass_function_solution(MASSES, z, mdef, model, "dndlnM", cosmology)
            expected = reference.mass_function(ref, MASSES, z, mdef, model, "dndlnM")
            calibrated = np.isfinite(expected)
            assert np.array_equal(np.asarray(solution.valid), calibrated), (model, mdef, z)
            error = np.abs(np.asarray(solution.value)[calibrated] / expected[calibrated] - 1.0)
            assert np.all(error <= _tolerance(solution.sigma)[calibrated]), (model, mdef, z, error)


def test__mass_function__units_follow_colossus_conversions():
    M, z = MASSES, 0.7
    f = agj.mass_function(M, z, "200m", "tinker08", "f")
    dn = agj.mass_function(M, z, "200m", "tinker08", "dndlnM")
    m2 = agj.mass_function(M, z, "200m", "tinker08", "M2dndM")
    rho_m0 = agj.planck15.Om0 * 2.77536627245708e11
    np.testing.assert_allclose(m2, dn * M / rho_m0, rtol=1e-14)
    slope = np.array([reference.linear_quantities(REF_PLANCK15, m, z)[1] for m in M])
    np.testing.assert_allclose(m2 / f, -slope, rtol=1e-8)


@pytest.mark.parametrize("model", ["tinker10", "sheth01", "cole89"])
def test__halo_bias__matches_quadrature_reference(model):
    for cosmology, ref in COSMOLOGIES[:2]:
        for mdef in ("200m", "vir"):
            for z in (0.0, 6.0):
                value, valid = agj.halo_bias_with_mask(MASSES, z, mdef, model, cosmology)
                expected = reference.halo_bias(ref, MASSES, z, mdef, model)
                calibrated = np.isfinite(expected)
                assert np.array_equal(np.asarray(valid), calibrated)
                np.testing.assert_allclose(np.asarray(value)[calibrated], expected[calibrated], rtol=1e-9)


def test__multiplicity__equals_mass_function_f_at_the_same_sigma():
    solution = agj.mass_function_solution(MASSES, 2.0, "500c", "despali16", "f")
    f = agj.multiplicity(solution.sigma, 2.0, "despali16", "500c")
    np.testing.assert_allclose(f, solution.value, rtol=1e-14)


def test__mass_function__jit_equals_eager_and_vmap_equals_loop():
    M = jnp.asarray(MASSES)
    fun = lambda m, z: agj.mass_function(m, z, "vir", "despali16")  # noqa: E731
    eager = fun(M, 0.5)
    np.testing.assert_allclose(jax.jit(fun)(M, 0.5), eager, rtol=1e-14)
    mapped = jax.jit(jax.vmap(fun, in_axes=(0, None)))(M, 0.5)
    loop = np.array([fun(m, 0.5) for m in M])
    np.testing.assert_allclose(mapped, loop, rtol=1e-14)


def _central(fun, x, step):
    return (fun(x + step) - fun(x - step)) / (2.0 * step)


@pytest.mark.parametrize("model, mdef", [("tinker08", "200c"), ("despali16", "vir"), ("sheth99", "fof")])
def test__mass_function__gradients_in_mass_and_redshift_match_finite_differences(model, mdef):
    fun = lambda ln_m, z: jnp.log(agj.mass_function(jnp.exp(ln_m), z, mdef, model))  # noqa: E731
    gradient = jax.jit(jax.grad(fun, argnums=(0, 1)))
    for ln_m, z in [(np.log(1e9), 0.4), (np.log(3e14), 2.0)]:
        d_m, d_z = gradient(ln_m, z)
        np.testing.assert_allclose(d_m, _central(lambda x: fun(x, z), ln_m, 1e-4), rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(d_z, _central(lambda x: fun(ln_m, x), z, 1e-4), rtol=1e-6, atol=1e-9)


FIELDS = ("h", "Om0", "Ob0", "sigma8", "ns")


@pytest.mark.slow
def test__mass_function_and_bias__cosmology_gradients_match_finite_differences():
    # One scalar of both observables: one reverse pass through the series rebuilt in the trace.
    M = jnp.array([1e8, 1e14])
    weights = jnp.array([1.0, 0.3, 2.0, -0.7])

    def observable(values):
        cosmology = agj.planck15.replace(**dict(zip(FIELDS, values)))
        n = jnp.log(agj.mass_function(M, 1.0, "200c", "tinker08", cosmology=cosmology))
        b = jnp.log(agj.halo_bias(M, 1.0, "200c", "tinker10", cosmology=cosmology))
        return jnp.dot(weights, jnp.concatenate([n, b]))

    values = jnp.array([getattr(agj.planck15, name) for name in FIELDS])
    gradient = jax.jit(jax.grad(observable))(values)
    for i, name in enumerate(FIELDS):
        change = lambda x: observable(values.at[i].set(x))  # noqa: E731, B023
        np.testing.assert_allclose(gradient[i], _central(change, values[i], 1e-5 * values[i]), rtol=2e-5, atol=1e-8, err_msg=name)


def test__mass_function__invalid_inputs_give_nan_invalid_and_zero_gradients():
    M = jnp.array([1e12, -1.0, jnp.nan, 1e1, 1e18, 1e12])
    z = jnp.array([0.5, 0.5, 0.5, 0.5, 0.5, -0.1])
    value, valid = agj.mass_function_with_mask(M, z, "200m", "tinker08")
    assert np.array_equal(np.asarray(valid), [True, False, False, False, False, False])
    assert np.all(np.isnan(np.asarray(value)[1:]))
    grads = jax.grad(lambda m, zz: jnp.sum(jnp.where(valid, value * 0.0, 0.0) + jnp.nan_to_num(agj.mass_function(m, zz, "200m"))), argnums=(0, 1))(M, z)
    assert all(np.all(np.isfinite(g)) and np.all(np.asarray(g)[1:] == 0.0) for g in grads)


def test__mass_function__outside_tinker08_calibration_is_invalid():
    # vir at z = 6: Delta_m ~ 178 < 200; 2000c at z = 0: Delta_m ~ 6500 > 3200.
    for mdef, z in [("vir", 6.0), ("2000c", 0.0)]:
        value, valid = agj.mass_function_with_mask(1e12, z, mdef, "tinker08")
        assert not bool(valid) and np.isnan(value)
    _, valid = agj.halo_bias_with_mask(1e12, 0.0, "2000c", "tinker10")
    assert not bool(valid)


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: agj.mass_function(1e12, 0.0, "200m", model="tinker"), "model"),
        (lambda: agj.mass_function(1e12, 0.0, "200m", q_out="dndM"), "q_out"),
        (lambda: agj.mass_function(1e12, 0.0, "200x"), "mass definition"),
        (lambda: agj.mass_function(1e12, 0.0, "fof", model="tinker08"), "mdef"),
        (lambda: agj.mass_function(1e12, 0.0, "200m", model="press74"), "mdef"),
        (lambda: agj.mass_function(1e12, 0.0, "200m", cosmology=agj.planck15.replace(m_wdm=3.0)), "warm"),
        (lambda: agj.halo_bias(1e12, 0.0, "200m", model="tinker08"), "model"),
        (lambda: agj.halo_bias(1e12, 0.0, "200m", cosmology=agj.planck15.replace(m_wdm=3.0)), "cosmology"),
        (lambda: agj.mass_function("1e12", 0.0, "200m"), "M"),
    ],
)
def test__mass_function__bad_arguments_raise_naming_them(call, argument):
    with pytest.raises((ValueError, TypeError), match=argument):
        call()


def test__mass_function__python_integers_do_not_wrap():
    np.testing.assert_allclose(agj.mass_function(10**15, 1, "200m"), agj.mass_function(1e15, 1.0, "200m"), rtol=1e-15)


_FLOAT32 = """
import jax
jax.config.update("jax_enable_x64", False)
import numpy as np
import autogalaxy_jaxnfw as agj
M = np.array([1e7, 1e10, 1e13, 1e15])
values = [agj.mass_function(M, 1.0, "200m", "tinker08"), agj.halo_bias(M, 1.0, "200m"),
          agj.number_density(1e8, 1e14, 1.0, "200m")]
assert all(v.dtype == np.float32 for v in values)
print(repr([np.asarray(v, dtype=float).tolist() for v in values]))
"""


@pytest.mark.slow
def test__mass_function__float32_in_a_fresh_process_matches_float64():
    out = subprocess.run([sys.executable, "-c", _FLOAT32], capture_output=True, text=True, check=True, timeout=300)
    single = eval(out.stdout.strip().splitlines()[-1])
    M = np.array([1e7, 1e10, 1e13, 1e15])
    double = [agj.mass_function(M, 1.0, "200m", "tinker08"), agj.halo_bias(M, 1.0, "200m"), [agj.number_density(1e8, 1e14, 1.0, "200m")]]
    for s, d in zip(single, double):
        np.testing.assert_allclose(np.ravel(s), np.ravel(d), rtol=2e-4)


def test__mass_function__one_redshift_equals_it_broadcast_and_masks_per_element():
    # The redshift's quantities are computed on its own shape, not once per mass.
    masses = np.array([1e8, -1.0, 1e12, np.nan, 1e15])
    one = agj.mass_function(masses, 0.5, "200m")
    np.testing.assert_allclose(one, agj.mass_function(masses, np.full(5, 0.5), "200m"), rtol=1e-14)
    np.testing.assert_array_equal(np.isnan(one), [False, True, False, True, False])
    assert np.isnan(agj.mass_function(masses, -1.0, "200m")).all()
    bias = agj.halo_bias(masses, 0.5, "200m")
    np.testing.assert_allclose(bias, agj.halo_bias(masses, np.full(5, 0.5), "200m"), rtol=1e-14)
    np.testing.assert_array_equal(np.isnan(bias), [False, True, False, True, False])


PAIR = jnp.array([1e10, 1e13])
SIGMAS = jnp.array([0.5, 2.0])
# (function of a traced cosmology, its concrete planck15 value, the cases): the cold fits also
# refuse a traced finite m_wdm; the multiplicity reads the cosmology's Omega_m(z) only.
TRACED = {
    "mass_function": (lambda c: agj.mass_function_with_mask(PAIR, 0.5, "200m", cosmology=c),
                      lambda: agj.mass_function(PAIR, 0.5, "200m"), cosmology_cases.COLD_CASES),
    "halo_bias": (lambda c: agj.halo_bias_with_mask(PAIR, 0.5, "200m", cosmology=c),
                  lambda: agj.halo_bias(PAIR, 0.5, "200m"), cosmology_cases.COLD_CASES),
    "multiplicity": (lambda c: (lambda f: (f, jnp.isfinite(f)))(agj.multiplicity(SIGMAS, 0.5, "tinker08", "200m", c)),
                     lambda: agj.multiplicity(SIGMAS, 0.5, "tinker08", "200m"), cosmology_cases.CASES),
}


# Tracing the sigma(R) and growth tables of a traced cosmology: 10-12 s a function with a warm
# compilation cache, 25-65 s without (2-core machine); the multiplicity reads no table, ~1 s.
@pytest.mark.parametrize("name", [pytest.param(n, marks=() if n == "multiplicity" else pytest.mark.slow) for n in TRACED])
def test__traced_cosmology__each_field_outside_its_domain_is_nan_invalid_zero_gradient(name):
    """Issue #22: traced h = 0 gave NaN derivatives; the bias refused any traced m_wdm, even inf (cold)."""
    function, concrete, cases = TRACED[name]
    cosmology_cases.check(function, agj.planck15, cases, concrete(), rtol=1e-8)
