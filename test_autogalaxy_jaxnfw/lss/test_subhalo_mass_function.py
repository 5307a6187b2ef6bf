"""The pyHalo-convention subhalo mass function: against mpmath, jit, grad, vmap and the contract."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.lss import subhalo_abundance as sha
from autogalaxy_jaxnfw.lss import subhalo_mass_function as shmf
from autogalaxy_jaxnfw.lss.warm_turnover import TURNOVERS
from autogalaxy_jaxnfw.reference import subhalo as ref

SUB = TURNOVERS["lovell20_subhalo"]
CASES = (  # slope, m_hm [Msun], turnover
    (-1.9, 0.0, "lovell20_subhalo"),
    (-1.9, 3e8, "lovell20_subhalo"),
    (-1.9, 3e8, "lovell20"),
    (-1.0, 1e7, "schneider12"),
    (-2.0, 1e9, None),
)


def _params(name):
    p = TURNOVERS[name] if name else TURNOVERS["lovell20"]
    return p.alpha, p.beta, p.gamma


@pytest.mark.parametrize("slope, m_hm, name", CASES)
def test__subhalo_mass_function__matches_mpmath(slope, m_hm, name):
    masses = np.geomspace(1e5, 1e11, 7)
    m_hm_ref = m_hm if name else 0.0
    expected = [ref.differential(m, 0.03, 10**13.3, 0.6, slope, m_hm_ref, *_params(name), 0.55, 0.37) for m in masses]
    ours = shmf.subhalo_mass_function(masses, 0.03, 10**13.3, 0.6, slope=slope, m_hm=m_hm, turnover_parameters=name)
    np.testing.assert_allclose(ours, expected, rtol=1e-12)


@pytest.mark.parametrize("slope, m_hm, name", CASES)
@pytest.mark.parametrize("n", (0, 1))
def test__subhalo_integrals__match_mpmath(slope, m_hm, name, n):
    m1, m2 = 1e6, 1e10
    host = 10 ** (0.88 * np.log10(2.0) + 1.7 * np.log10(1.0))
    integral = sha.subhalo_number if n == 0 else sha.subhalo_mass
    ours = integral(m1, m2, 0.02, 2e13, 0.5, slope=slope, m_hm=m_hm, turnover_parameters=name, scaling="gilman20")
    expected = 0.02 * host * ref.moment(m1, m2, n, slope, m_hm if name else 0.0, *_params(name))
    assert float(ours) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("slope, m_hm, name", CASES[1:])
def test__subhalo_mass_at_number_fraction__matches_mpmath(slope, m_hm, name):
    expected = ref.number_fraction_mass(0.3, 1e6, 1e10, slope, m_hm if name else 0.0, *_params(name))
    ours = sha.subhalo_mass_at_number_fraction(0.3, 1e6, 1e10, slope=slope, m_hm=m_hm, turnover_parameters=name)
    assert float(ours) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("name", ("lovell20_subhalo", None))
def test__subhalo_mass_at_number_fraction__ends_and_inverse(name):
    """q = 0 and 1 give the limits; in between, N(m1, m_q) / N(m1, m2) = q (the closed-form counts)."""
    q = jnp.array([0.0, 0.05, 0.5, 0.95, 1.0])
    m_q = sha.subhalo_mass_at_number_fraction(q, 1e6, 1e10, m_hm=3e8, turnover_parameters=name)
    np.testing.assert_allclose(np.asarray(m_q)[[0, -1]], [1e6, 1e10], rtol=1e-12)
    count = lambda m: sha.subhalo_number(1e6, m, 0.02, 1e13, 0.5, m_hm=3e8, turnover_parameters=name)  # noqa: E731
    np.testing.assert_allclose(count(m_q[1:-1]) / count(1e10), q[1:-1], rtol=1e-10)


def test__subhalo__jit_equals_eager_and_vmap_equals_loop():
    q = jnp.array([0.1, 0.5, 0.8])
    f = lambda q: sha.subhalo_mass_at_number_fraction(q, 1e6, 1e10, m_hm=2e8)  # noqa: E731
    np.testing.assert_allclose(jax.jit(f)(q), f(q), rtol=1e-13)
    np.testing.assert_allclose(jax.vmap(f)(q), [f(x) for x in q], rtol=1e-13)
    g = lambda m: sha.subhalo_number(m, 1e10, 0.02, 1e13, 0.5, m_hm=2e8)  # noqa: E731
    m1 = jnp.array([1e6, 1e7, 1e8])
    np.testing.assert_allclose(jax.jit(g)(m1), g(m1), rtol=1e-13)
    np.testing.assert_allclose(jax.vmap(g)(m1), [g(x) for x in m1], rtol=1e-13)


def _central(f, x, h):
    return (float(f(x + h)) - float(f(x - h))) / (2.0 * h)


@pytest.mark.parametrize("argument, x0", (("sigma_sub", 0.02), ("m1", 3e6), ("m_hm", 2e8), ("m_host", 2e13), ("z", 0.7), ("slope", -1.9)))
def test__subhalo_number__gradients_match_finite_differences(argument, x0):
    kwargs = dict(m1=3e6, m2=1e10, sigma_sub=0.02, m_host=2e13, z=0.7, slope=-1.9, m_hm=2e8)
    f = lambda x: sha.subhalo_number(**{**kwargs, argument: x})  # noqa: E731
    assert float(jax.grad(f)(x0)) == pytest.approx(_central(f, x0, 1e-5 * abs(x0)), rel=1e-6)


@pytest.mark.parametrize("argument, x0", (("q", 0.4), ("m_hm", 2e8), ("m2", 1e10)))
def test__subhalo_mass_at_number_fraction__gradients_match_finite_differences(argument, x0):
    kwargs = dict(q=0.4, m1=1e6, m2=1e10, m_hm=2e8)
    f = lambda x: sha.subhalo_mass_at_number_fraction(**{**kwargs, argument: x})  # noqa: E731
    assert float(jax.grad(f)(x0)) == pytest.approx(_central(f, x0, 1e-5 * abs(x0)), rel=1e-6)


@pytest.mark.parametrize("q, sign", ((0.0, 1.0), (1.0, -1.0)))
def test__subhalo_mass_at_number_fraction__gradient_at_the_ends_is_the_whole_derivative(q, sign):
    """At q = 0 and 1 the root is an end of [m1, m2]: one-sided differences, not half of them (a clip's tie)."""
    f = lambda x: sha.subhalo_mass_at_number_fraction(x, 1e6, 1e10, m_hm=2e8)  # noqa: E731
    h = 1e-6
    one_sided = sign * (-3.0 * float(f(q)) + 4.0 * float(f(q + sign * h)) - float(f(q + 2.0 * sign * h))) / (2.0 * h)
    assert float(jax.grad(f)(q)) == pytest.approx(one_sided, rel=1e-5)


def test__subhalo_half_mode_mass__is_msun():
    cosmology = agj.planck15.replace(m_wdm=3.0)
    m_hm, ok = shmf.subhalo_half_mode_mass(cosmology)
    assert bool(ok)
    assert float(m_hm) == pytest.approx(float(agj.cosmology.warm_dark_matter.half_mode_mass(cosmology)) / cosmology.h, rel=1e-15)


@pytest.mark.parametrize("name, value", (("sigma_sub", -0.1), ("sigma_sub", np.nan), ("m_hm", -1.0), ("slope", np.inf)))
def test__subhalo__concrete_invalid_model_parameters_raise_naming_them(name, value):
    arguments = dict(m1=1e6, m2=1e10, sigma_sub=0.02, m_host=1e13, z=0.5, m_hm=1e8) | {name: value}
    for function in (sha.subhalo_number, sha.subhalo_mass_with_mask):
        with pytest.raises(ValueError, match=f"^{name} must be"):
            function(**arguments)
    single = dict(m=1e8, sigma_sub=0.02, m_host=1e13, z=0.5, m_hm=1e8) | {name: value}
    with pytest.raises(ValueError, match=f"^{name} must be"):
        shmf.subhalo_mass_function_with_mask(**single)
    if name != "sigma_sub":
        with pytest.raises(ValueError, match=f"^{name} must be"):
            sha.subhalo_mass_at_number_fraction(0.5, 1e6, 1e10, **{name: value})
    with pytest.raises(ValueError, match="^turnover must be"):
        sha.subhalo_number(1e6, 1e10, 0.02, 1e13, 0.5, m_hm=1e8, turnover_parameters=agj.Turnover(4.2, 0.0, -0.2))


def test__subhalo__concrete_invalid_elements_are_nan_in_every_function():
    bad = np.array([np.nan, -1.0, 1e10])
    for function in (sha.subhalo_number, lambda *a, **k: sha.subhalo_number_with_mask(*a, **k)[0]):
        np.testing.assert_array_equal(np.isnan(function(1e6, bad, 0.02, 1e13, 0.5, m_hm=1e8)), [True, True, False])
        np.testing.assert_array_equal(np.isnan(function(bad, 1e9, 0.02, 1e13, 0.5, m_hm=1e8)), [True, True, True])
        np.testing.assert_array_equal(np.isnan(function(1e6, 1e10, 0.02, bad * 1e3, 0.5, m_hm=1e8)), [True, True, False])
        np.testing.assert_array_equal(np.isnan(function(1e6, 1e10, 0.02, 1e13, np.array([-0.1, np.inf, 0.5]))), [True, True, False])
    value, valid = sha.subhalo_mass_at_number_fraction_with_mask(np.array([1.5, -0.1, 0.5]), 1e6, 1e10)
    np.testing.assert_array_equal(valid, [False, False, True])
    assert np.isnan(sha.subhalo_mass_at_number_fraction(1.5, 1e6, 1e10, m_hm=1e8))
    assert np.isnan(sha.subhalo_mass_at_number_fraction(0.5, 1e10, 1e6))
    np.testing.assert_array_equal(np.isnan(shmf.subhalo_mass_function(np.array([-1e8, 1e8]), 0.02, 1e13, 0.5)), [True, False])
    np.testing.assert_array_equal(np.isnan(shmf.host_scaling(np.array([1e13, 0.0, 1e13]), np.array([-1.0, 0.5, 0.5]))), [True, True, False])


def test__subhalo__traced_invalid_is_nan_with_zero_gradient():
    f = lambda s: sha.subhalo_number_with_mask(1e6, 1e10, s, 1e13, 0.5, m_hm=1e8)  # noqa: E731
    value, valid = jax.jit(f)(jnp.array([-0.1, np.nan, 0.02]))
    # A traced model parameter cannot be inspected: NaN, valid False, zero gradient.
    assert np.isnan(value[:2]).all() and not valid[:2].any() and valid[2]
    np.testing.assert_array_equal(jax.grad(lambda s: jnp.nansum(f(s)[0]))(jnp.array([-0.1, np.nan])), 0.0)
    g = lambda q: sha.subhalo_mass_at_number_fraction(q, 1e6, 1e10, m_hm=1e8)  # noqa: E731
    assert np.isnan(float(jax.jit(g)(1.5))) and float(jax.grad(g)(1.5)) == 0.0
    h = lambda m_hm: shmf.subhalo_mass_function(1e8, 0.02, 1e13, 0.5, m_hm=m_hm)  # noqa: E731
    assert np.isnan(float(jax.jit(h)(-1.0))) and float(jax.grad(h)(-1.0)) == 0.0


def test__subhalo__traced_invalid_turnover_is_nan_with_zero_gradient():
    # A traced turnover parameter outside its domain: NaN, and a zero (not NaN) gradient.
    functions = (
        lambda a: sha.subhalo_number(1e6, 1e10, 0.02, 1e13, 0.5, m_hm=1e8, turnover_parameters=agj.Turnover(a, 1.0, -1.0)),
        lambda a: sha.subhalo_mass_at_number_fraction(0.5, 1e6, 1e10, m_hm=1e8, turnover_parameters=agj.Turnover(a, 1.0, -1.0)),
        lambda a: shmf.subhalo_mass_function(1e8, 0.02, 1e13, 0.5, m_hm=1e8, turnover_parameters=agj.Turnover(2.0, a, -1.0)),
        lambda a: agj.turnover_factor(1e8, 1e8, agj.Turnover(a, 1.0, -1.0)),
    )
    for function in functions:
        for bad in (np.nan, -1.0):
            assert np.isnan(float(jax.jit(function)(bad)))
            assert float(jax.grad(function)(bad)) == 0.0
        assert np.isfinite(float(jax.grad(function)(2.0)))
