"""Integrals of the mass function over mass, and the inverse of the number, against SciPy.

The references integrate the package's own dn/d ln M with adaptive Gauss-Kronrod quadrature
(``scipy.integrate.quad``, relative tolerance 1e-13): they test the fixed rule, the mass
function itself is tested against quadrature of sigma in test_mass_function.py.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy import integrate

import autogalaxy_jaxnfw as agj
from test_autogalaxy_jaxnfw.lss import cosmology_cases

RANGES = [(1e6, 1e16), (1e14, 3e15), (1e8, 1e8 * 1.01)]


def _quad(fun, lo, hi):
    return integrate.quad(fun, np.log(lo), np.log(hi), epsabs=0.0, epsrel=1e-13, limit=400)[0]


@pytest.mark.parametrize("model, mdef", [("tinker08", "200m"), ("press74", "fof")])
def test__number_and_mass_density__match_adaptive_quadrature(model, mdef):
    # Compiled once: the adaptive quadrature calls it a few thousand times.
    compiled = jax.jit(lambda ln_m, z: agj.mass_function(jnp.exp(ln_m), z, mdef, model))
    densities = jax.jit(lambda lo, hi, z: (agj.number_density(lo, hi, z, mdef, model), agj.mass_density(lo, hi, z, mdef, model)))
    for z in (0.0, 6.0):
        dn = lambda ln_m: float(compiled(ln_m, z))  # noqa: E731, B023
        for lo, hi in RANGES:
            n, rho = densities(lo, hi, z)
            np.testing.assert_allclose(n, _quad(dn, lo, hi), rtol=1e-10)
            np.testing.assert_allclose(rho, _quad(lambda x: np.exp(x) * dn(x), lo, hi), rtol=1e-10)  # noqa: B023


def test__mass_at_number_fraction__inverts_the_number_and_has_the_implicit_derivative():
    q = jnp.array([0.0, 0.05, 0.5, 0.95, 0.9999])
    lo, hi, z = 1e8, 1e15, 0.5

    @jax.jit
    def check(q):
        mq = agj.mass_at_number_fraction(q, lo, hi, z, "200m")
        total = agj.number_density(lo, hi, z, "200m")
        d_mq = jax.vmap(jax.grad(lambda x: agj.mass_at_number_fraction(x, lo, hi, z, "200m")))(q)
        return mq, agj.number_density(lo, mq, z, "200m") / total, d_mq, total * mq / agj.mass_function(mq, z, "200m")

    mq, fraction, d_mq, expected = check(q)
    np.testing.assert_allclose(fraction, q, rtol=1e-11, atol=1e-13)
    # dM_q / dq = n(M1, M2) M_q / (dn/d ln M at M_q).
    d_mq, expected = d_mq[1:], expected[1:]
    np.testing.assert_allclose(d_mq, expected, rtol=1e-9)


@pytest.mark.slow
def test__mass_at_number_fraction__gradients_in_limits_redshift_and_sigma8_match_finite_differences():
    def fun(ln_lo, ln_hi, z, sigma8):
        cosmology = agj.planck15.replace(sigma8=sigma8)
        return jnp.log(agj.mass_at_number_fraction(0.7, jnp.exp(ln_lo), jnp.exp(ln_hi), z, "vir", "despali16", cosmology))

    args = (np.log(1e9), np.log(1e14), 1.2, 0.8159)
    gradient = jax.jit(jax.grad(fun, argnums=(0, 1, 2, 3)))(*args)
    fun = jax.jit(fun)
    for i, step in enumerate((1e-4, 1e-4, 1e-4, 1e-5)):
        up = list(args)
        down = list(args)
        up[i] += step
        down[i] -= step
        np.testing.assert_allclose(gradient[i], (fun(*up) - fun(*down)) / (2 * step), rtol=1e-5, atol=1e-9)


def test__integrals__jit_equals_eager_and_vmap_equals_loop():
    lo = jnp.array([1e7, 1e10, 1e13])
    fun = lambda m: agj.number_density(m, 1e15, 1.0, "200c")  # noqa: E731
    np.testing.assert_allclose(jax.jit(fun)(lo), fun(lo), rtol=1e-14)
    np.testing.assert_allclose(jax.vmap(fun)(lo), [fun(m) for m in lo], rtol=1e-14)
    inverse = lambda q: agj.mass_at_number_fraction(q, 1e9, 1e14, 0.3, "200m")  # noqa: E731
    q = jnp.array([0.2, 0.6])
    compiled = jax.jit(inverse)
    np.testing.assert_allclose(compiled(q), [compiled(x) for x in q], rtol=1e-12)


def test__integrals__invalid_inputs_give_nan_invalid_and_zero_gradients():
    # A NaN or zero mass: its logarithm must not reach the derivative (it was NaN there).
    lo = jnp.array([1e8, -1.0, 1e8, 1e8, 1.0, jnp.nan, 0.0])
    hi = jnp.array([1e12, 1e12, jnp.inf, 1e12, 1e12, 1e12, 1e12])
    z = jnp.array([0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0])
    n, valid = jax.jit(lambda lo: agj.number_density_with_mask(lo, hi, z, "200m"))(lo)
    assert np.array_equal(np.asarray(valid), [True] + [False] * 6)
    assert np.all(np.isnan(np.asarray(n)[1:]))
    grad = jax.jit(jax.grad(lambda m: jnp.sum(jnp.nan_to_num(agj.number_density(m, hi, z, "200m")))))(lo)
    assert np.all(np.isfinite(grad)) and np.all(np.asarray(grad)[1:] == 0.0)
    q = jnp.array([0.5, 1.5, 0.5])
    limits = jnp.array([1e8, 1e8, 1e12]), jnp.array([1e12, 1e12, 1e8])
    inverse = lambda x: agj.mass_at_number_fraction_with_mask(x, *limits, 0.0, "200m")  # noqa: E731
    value, valid = jax.jit(inverse)(q)
    assert np.array_equal(np.asarray(valid), [True, False, False])
    grad = jax.jit(jax.grad(lambda x: jnp.sum(jnp.nan_to_num(inverse(x).value))))(q)
    assert np.all(np.isfinite(grad)) and np.all(np.asarray(grad)[1:] == 0.0)


def test__integrals__bad_strings_raise_naming_the_argument():
    with pytest.raises(ValueError, match="model"):
        agj.number_density(1e8, 1e12, 0.0, "200m", model="nope")
    with pytest.raises(ValueError, match="mdef"):
        agj.mass_at_number_fraction(0.5, 1e8, 1e12, 0.0, "fof", model="despali16")


TRACED = {
    "number_density": (lambda c: tuple(agj.number_density_with_mask(1e10, 1e13, 0.5, "200m", cosmology=c)),
                       lambda: agj.number_density(1e10, 1e13, 0.5, "200m")),
    "mass_density": (lambda c: tuple(agj.mass_density_with_mask(1e10, 1e13, 0.5, "200m", cosmology=c)),
                     lambda: agj.mass_density(1e10, 1e13, 0.5, "200m")),
    "mass_at_number_fraction": (
        lambda c: tuple(agj.mass_at_number_fraction_with_mask(0.3, 1e10, 1e13, 0.5, "200m", cosmology=c)),
        lambda: agj.mass_at_number_fraction(0.3, 1e10, 1e13, 0.5, "200m")),
}


# Tracing the tables of a traced cosmology: 45-90 s a function without a warm compilation cache.
@pytest.mark.slow
@pytest.mark.parametrize("name", list(TRACED))
def test__traced_cosmology__each_field_outside_its_domain_is_nan_invalid_zero_gradient(name):
    """Issue #22: any traced m_wdm, even inf (cold), raised; now a cold fit's domain, as the mass function's."""
    function, concrete = TRACED[name]
    cosmology_cases.check(function, agj.planck15, cosmology_cases.COLD_CASES, concrete(), rtol=1e-8)


def test__integrals__concrete_warm_cosmology_raises_naming_it():
    with pytest.raises(ValueError, match="cosmology 'planck15' is warm dark matter"):
        agj.number_density(1e10, 1e13, 0.5, "200m", cosmology=agj.planck15.replace(m_wdm=3.0))
