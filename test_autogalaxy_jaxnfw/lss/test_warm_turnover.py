"""Warm-dark-matter turnover factors: against mpmath, cold limit, jit, grad, vmap and the contract."""

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.lss import warm_turnover as wt
from autogalaxy_jaxnfw.reference import subhalo as ref_subhalo
from autogalaxy_jaxnfw.reference import warm_dark_matter as ref_wdm

MASSES = np.geomspace(1e5, 1e13, 9)


@pytest.mark.parametrize("name", sorted(wt.TURNOVERS))
def test__turnover_factor__matches_mpmath(name):
    p = wt.TURNOVERS[name]
    expected = [float(ref_subhalo.turnover(m, 3e8, p.alpha, p.beta, p.gamma)) for m in MASSES]
    np.testing.assert_allclose(wt.turnover_factor(MASSES, 3e8, name), expected, rtol=1e-13)


def test__turnover_factor__cold_is_one_with_finite_gradient():
    assert float(wt.turnover_factor(1e8, 0.0)) == 1.0
    assert float(jax.grad(lambda m_hm: wt.turnover_factor(1e8, m_hm))(0.0)) == 0.0
    assert float(wt.warm_factor(1e8, agj.planck15)) == 1.0


@pytest.mark.parametrize("m_wdm", (1.0, 3.0, 6.0))
def test__warm_factor__uses_reference_half_mode_mass(m_wdm):
    m_hm = ref_wdm.half_mode_mass(dataclasses.replace(ref.REF_PLANCK15, m_wdm=m_wdm))
    p = wt.TURNOVERS["lovell20"]
    expected = [float(ref_subhalo.turnover(m, m_hm, p.alpha, p.beta, p.gamma)) for m in MASSES]
    np.testing.assert_allclose(wt.warm_factor(MASSES, agj.planck15.replace(m_wdm=m_wdm)), expected, rtol=1e-12)


def test__turnover_factor__jit_equals_eager_and_vmap_equals_loop():
    eager = wt.turnover_factor(MASSES, 2e8, "lovell14")
    np.testing.assert_allclose(jax.jit(lambda m: wt.turnover_factor(m, 2e8, "lovell14"))(MASSES), eager, rtol=1e-15)
    looped = [wt.turnover_factor(m, 2e8, "lovell14") for m in MASSES]
    np.testing.assert_allclose(jax.vmap(lambda m: wt.turnover_factor(m, 2e8, "lovell14"))(jnp.asarray(MASSES)), looped, rtol=1e-15)


def _central(f, x, h):
    return (f(x + h) - f(x - h)) / (2.0 * h)


@pytest.mark.parametrize("name", ("schneider12", "lovell20", "lovell20_subhalo"))
def test__turnover_factor__gradients_match_finite_differences(name):
    m, m_hm = 4e7, 2e8
    dm = jax.grad(lambda x: wt.turnover_factor(x, m_hm, name))(m)
    dm_hm = jax.grad(lambda x: wt.turnover_factor(m, x, name))(m_hm)
    assert float(dm) == pytest.approx(_central(lambda x: float(wt.turnover_factor(x, m_hm, name)), m, 1e2), rel=1e-6)
    assert float(dm_hm) == pytest.approx(_central(lambda x: float(wt.turnover_factor(m, x, name)), m_hm, 1e3), rel=1e-6)
    d_params = jax.grad(lambda p: wt.turnover_factor(m, m_hm, p))(wt.TURNOVERS[name])
    bumped = lambda g: float(wt.turnover_factor(m, m_hm, wt.TURNOVERS[name]._replace(gamma=g)))  # noqa: E731
    assert float(d_params.gamma) == pytest.approx(_central(bumped, wt.TURNOVERS[name].gamma, 1e-6), rel=1e-6)


@pytest.mark.parametrize("field", ("m_wdm", "Om0", "h"))
def test__warm_factor__gradient_wrt_cosmology_matches_finite_differences(field):
    cosmology = agj.planck15.replace(m_wdm=3.0)
    f = lambda x: wt.warm_factor(3e8, cosmology.replace(**{field: x}))  # noqa: E731
    x0 = getattr(cosmology, field)
    h = 1e-6 * x0
    assert float(jax.grad(f)(x0)) == pytest.approx(_central(lambda x: float(f(x)), x0, h), rel=1e-6)


def test__turnover_factor__concrete_invalid_model_parameters_raise_naming_them():
    with pytest.raises(ValueError, match="^m_hm must be"):
        wt.turnover_factor(1e8, np.nan)
    with pytest.raises(ValueError, match="^m_hm must be"):
        wt.turnover_factor_with_mask(1e8, np.array([1e8, -1.0]))
    with pytest.raises(ValueError, match="^turnover must be"):
        wt.turnover_factor(1e8, 1e8, wt.Turnover(-1.0, 1.0, -1.0))
    with pytest.raises(ValueError, match="^turnover must be"):
        wt.warm_factor_with_mask(1e8, agj.planck15.replace(m_wdm=3.0), wt.Turnover(2.3, np.inf, -1.0))
    with pytest.raises(ValueError, match="turnover must be one of"):
        wt.turnover_factor(1e8, 1e8, "lovell99")


def test__turnover_factor__concrete_invalid_masses_are_nan_per_element():
    masses = np.array([-1.0, 0.0, np.nan, np.inf, 1e8])
    for function in (wt.turnover_factor_with_mask, lambda m, m_hm: (wt.turnover_factor(m, m_hm), None)):
        value, _ = function(masses, 1e8)
        np.testing.assert_array_equal(np.isnan(value), [True, True, True, True, False])
    value, valid = wt.warm_factor_with_mask(masses, agj.planck15.replace(m_wdm=3.0))
    np.testing.assert_array_equal(valid, [False, False, False, False, True])


def test__turnover_factor__traced_invalid_is_nan_with_zero_gradient():
    value, valid = jax.jit(wt.turnover_factor_with_mask)(jnp.array([-1.0, np.nan, 1e8]), 1e8)
    assert np.isnan(value[:2]).all() and not valid[:2].any() and valid[2]
    grad = jax.grad(lambda m: jnp.nansum(wt.turnover_factor(m, 1e8)))(jnp.array([-1.0, 0.0]))
    np.testing.assert_array_equal(grad, 0.0)
    for m_wdm in (-3.0, np.nan, 0.0):
        f = lambda x: wt.warm_factor(1e8, agj.planck15.replace(m_wdm=x))  # noqa: E731
        assert np.isnan(float(jax.jit(f)(m_wdm))) and float(jax.grad(f)(m_wdm)) == 0.0


def test__turnover_factor__integer_masses_do_not_wrap():
    np.testing.assert_allclose(wt.turnover_factor(10**10, 10**8), wt.turnover_factor(1e10, 1e8), rtol=1e-15)
