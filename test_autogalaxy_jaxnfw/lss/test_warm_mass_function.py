"""Warm-dark-matter mass functions: the sharp-k variance and route (b) against adaptive quadrature,
route (a) as the cold mass function times the turnover, both through ``mass_function(warm=...)``;
jit, grad, vmap and the contract (per-element NaN, model parameters named in errors)."""

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.cosmology import sharp_k
from autogalaxy_jaxnfw.lss import mass_function as cold_mass_function
from autogalaxy_jaxnfw.lss import sharp_k_mass_function as skmf
from autogalaxy_jaxnfw.lss import warm_mass_function as wmf
from autogalaxy_jaxnfw.lss.warm_turnover import TURNOVERS
from autogalaxy_jaxnfw.reference import sharp_k as ref_sharp_k
from autogalaxy_jaxnfw.reference import subhalo as ref_subhalo
from autogalaxy_jaxnfw.reference import warm_dark_matter as ref_wdm
from test_autogalaxy_jaxnfw.lss import cosmology_cases

RADII = np.geomspace(1.2e-4, 29.0, 7)
MASSES = np.geomspace(1e6, 1e15, 7)


def _pair(m_wdm):
    return agj.planck15.replace(m_wdm=m_wdm), dataclasses.replace(ref.REF_PLANCK15, m_wdm=m_wdm)


@pytest.mark.parametrize("m_wdm", (float("inf"), 1.0))
def test__sharp_k_sigma__matches_adaptive_quadrature(m_wdm):
    ours, reference = _pair(m_wdm)
    np.testing.assert_allclose(sharp_k.sharp_k_sigma(ours, RADII), ref_sharp_k.sharp_k_sigma(reference, RADII), rtol=1e-9)
    slope = sharp_k.sharp_k_slope(sharp_k.sharp_k_table(ours), ours, jnp.log(RADII))
    np.testing.assert_allclose(slope, ref_sharp_k.sharp_k_slope(reference, RADII), rtol=1e-9)


@pytest.mark.parametrize("m_wdm, z", ((float("inf"), 0.0), (3.0, 0.5), (6.0, 2.0)))
def test__sharp_k_mass_function__matches_reference(m_wdm, z):
    ours, reference = _pair(m_wdm)
    expected = ref_sharp_k.sharp_k_mass_function(reference, MASSES, z)
    np.testing.assert_allclose(skmf.sharp_k_mass_function(MASSES, z, cosmology=ours), expected, rtol=1e-8)
    expected_27 = ref_sharp_k.sharp_k_mass_function(reference, MASSES, z, c=2.7)
    np.testing.assert_allclose(skmf.sharp_k_mass_function(MASSES, z, cosmology=ours, model="schneider13"), expected_27, rtol=1e-8)


def test__sharp_k_mass_function__q_out_are_consistent():
    cosmology = agj.planck15.replace(m_wdm=3.0)
    dndlnm = skmf.sharp_k_mass_function(MASSES, 0.5, "dndlnM", cosmology)
    m2dndm = skmf.sharp_k_mass_function(MASSES, 0.5, "M2dndM", cosmology)
    rho = cosmology.Om0 * ref.cosmology.RHO_CRIT_0
    np.testing.assert_allclose(dndlnm, m2dndm * rho / MASSES, rtol=1e-14)
    assert np.all(np.asarray(skmf.sharp_k_mass_function(MASSES, 0.5, "f", cosmology)) > 0.0)


@pytest.mark.parametrize("m_wdm", (1.0, 6.0))
def test__warm_mass_function__is_cold_times_reference_turnover(m_wdm):
    ours, reference = _pair(m_wdm)
    m_hm = ref_wdm.half_mode_mass(reference)
    p = TURNOVERS["lovell20"]
    factor = np.array([float(ref_subhalo.turnover(m, m_hm, p.alpha, p.beta, p.gamma)) for m in MASSES])
    cold = cold_mass_function.mass_function(MASSES, 0.5, "200m", cosmology=agj.planck15)
    np.testing.assert_allclose(wmf.warm_mass_function(MASSES, 0.5, "200m", cosmology=ours), cold * factor, rtol=1e-12)
    with pytest.raises(ValueError, match="^warm must be"):
        wmf.warm_mass_function(MASSES, 0.5, "200m", cosmology=ours, warm=None)


@pytest.mark.parametrize("route", ("sharp_k", pytest.param("turnover", marks=pytest.mark.slow)))
def test__warm_mass_functions__jit_equals_eager_and_vmap_equals_loop(route):
    cosmology = agj.planck15.replace(m_wdm=3.0)
    if route == "sharp_k":
        f = lambda m: skmf.sharp_k_mass_function(m, 0.5, cosmology=cosmology)  # noqa: E731
    else:
        f = lambda m: wmf.warm_mass_function(m, 0.5, "200m", cosmology=cosmology)  # noqa: E731
    m = jnp.asarray(MASSES[:2])
    np.testing.assert_allclose(jax.jit(f)(m), f(m), rtol=1e-13)
    np.testing.assert_allclose(jax.jit(jax.vmap(f))(m), [f(x) for x in m], rtol=1e-13)


def _central(f, x, h):
    return (float(f(x + h)) - float(f(x - h))) / (2.0 * h)


@pytest.mark.parametrize(
    "route, field",
    (
        ("sharp_k", "M"),
        ("sharp_k", "m_wdm"),
        pytest.param("sharp_k", "Om0", marks=pytest.mark.slow),
        ("turnover", "M"),
        ("turnover", "m_wdm"),
        pytest.param("turnover", "sigma8", marks=pytest.mark.slow),
    ),
)
def test__warm_mass_functions__gradients_match_finite_differences(route, field):
    cosmology = agj.planck15.replace(m_wdm=3.0)

    def f(x):
        M = x if field == "M" else 3e8
        c = cosmology if field == "M" else cosmology.replace(**{field: x})
        if route == "sharp_k":
            return jnp.log(skmf.sharp_k_mass_function(M, 0.5, cosmology=c))
        return jnp.log(wmf.warm_mass_function(M, 0.5, "200m", cosmology=c))

    x0 = 3e8 if field == "M" else getattr(cosmology, field)
    assert float(jax.jit(jax.grad(f))(x0)) == pytest.approx(_central(f, x0, 1e-5 * x0), rel=1e-5, abs=1e-9)


def test__sharp_k__concrete_invalid_elements_are_nan_in_plain_functions():
    value = sharp_k.sharp_k_sigma(agj.planck15, np.array([100.0, -1.0, 1.0]))
    assert np.isnan(value[:2]).all() and np.isfinite(value[2])
    masses = np.array([-1.0, np.nan, 1e20, 1e10, 1e10])
    z = np.array([0.0, 0.0, 0.0, -1.0, 0.0])
    value, valid = skmf.sharp_k_mass_function_with_mask(masses, z)
    np.testing.assert_array_equal(valid, [False, False, False, False, True])
    np.testing.assert_array_equal(np.isnan(skmf.sharp_k_mass_function(masses, z)), ~valid)
    warm = agj.planck15.replace(m_wdm=3.0)
    value = wmf.warm_mass_function(np.array([-1.0, 1e10]), np.array([0.0, -2.0]), "200m", cosmology=warm)
    assert np.isnan(value).all()


@pytest.mark.parametrize(
    "call, message",
    (
        (lambda: skmf.sharp_k_mass_function(1e10, 0.0, model=skmf.SharpKModel(-2.5, 0.3222, 1.0, 0.3)), "^model must be"),
        (lambda: skmf.sharp_k_mass_function(1e10, 0.0, model=skmf.SharpKModel(2.5, 0.3222, np.nan, 0.3)), "^model must be"),
        (lambda: skmf.sharp_k_mass_function_with_mask(1e10, 0.0, model="benson"), "^model must be one of"),
        (lambda: skmf.sharp_k_mass_function(1e10, 0.0, q_out="dndM"), "^q_out must be"),
        (lambda: agj.mass_function(1e10, 0.0, "200m", cosmology=agj.planck15.replace(m_wdm=3.0)), "^warm must be"),
        (lambda: agj.mass_function_with_mask(1e10, 0.0, "200m", cosmology=agj.planck15.replace(m_wdm=3.0)), "^warm must be"),
        (lambda: agj.mass_function(1e10, 0.0, "200m", warm="lovell"), "^warm must be"),
        (lambda: agj.mass_function(1e10, 0.0, "200m", warm="sharp_k"), "^model must be 'sheth99'"),
        (lambda: agj.mass_function(1e10, 0.0, "200m", warm=agj.Turnover(2.3, -0.8, -1.0)), "^turnover must be"),
    ),
)
def test__warm__concrete_invalid_model_parameters_raise_naming_them(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("m_wdm", (1.0, 6.0))
def test__mass_function__warm_routes_equal_their_functions(m_wdm):
    ours, _ = _pair(m_wdm)
    sharp = agj.mass_function(MASSES, 0.5, "fof", model="sheth99", cosmology=ours, warm="sharp_k")
    # The plain call runs one compiled program, the function alone op by op: rounding apart.
    np.testing.assert_allclose(sharp, skmf.sharp_k_mass_function(MASSES, 0.5, cosmology=ours), rtol=1e-13)
    schneider = skmf.SHARP_K_MODELS["schneider13"]
    np.testing.assert_allclose(
        agj.mass_function(MASSES, 0.5, "fof", model="sheth99", cosmology=ours, warm=schneider),
        skmf.sharp_k_mass_function(MASSES, 0.5, cosmology=ours, model="schneider13"),
        rtol=1e-13,
    )
    turnover = agj.mass_function(MASSES, 0.5, "200m", cosmology=ours, warm="lovell14")
    factor = agj.warm_factor(MASSES, ours, "lovell14")
    np.testing.assert_allclose(turnover, agj.mass_function(MASSES, 0.5, "200m") * factor, rtol=1e-13)
    # A cold cosmology: the turnover is 1 and warm=None is the cold fit.
    np.testing.assert_allclose(
        agj.mass_function(MASSES, 0.5, "200m", warm="lovell20"), agj.mass_function(MASSES, 0.5, "200m"), rtol=1e-13
    )


def test__warm_mass_functions__traced_invalid_is_nan_with_zero_gradient():
    cosmology = agj.planck15.replace(m_wdm=3.0)
    value, valid = jax.jit(lambda m: skmf.sharp_k_mass_function_with_mask(m, 0.0, cosmology=cosmology))(jnp.array([-1.0, np.nan, 1e10]))
    assert np.isnan(value[:2]).all() and not valid[:2].any() and valid[2]
    for route in (
        lambda x: skmf.sharp_k_mass_function(1e9, 0.0, cosmology=cosmology.replace(m_wdm=x)),
        lambda x: wmf.warm_mass_function(1e9, 0.0, "200m", cosmology=cosmology.replace(m_wdm=x)),
    ):
        bad = jnp.array([-2.0, np.nan])
        assert np.isnan(jax.jit(jax.vmap(route))(bad)).all()
        np.testing.assert_array_equal(jax.jit(jax.vmap(jax.grad(route)))(bad), 0.0)


def test__warm__traced_invalid_model_parameters_are_nan_with_zero_gradient():
    def sharp(c):
        return skmf.sharp_k_mass_function(1e10, 0.0, model=skmf.SharpKModel(c, 0.3222, 1.0, 0.3))

    bad = jnp.array([-2.5, np.nan])
    assert np.isnan(jax.jit(jax.vmap(sharp))(bad)).all()
    np.testing.assert_array_equal(jax.jit(jax.vmap(jax.grad(sharp)))(bad), 0.0)
    assert np.isfinite(jax.grad(sharp)(2.5))

    # warm=None is the cold fit: valid only where a traced m_wdm is inf, zero gradient elsewhere.
    def cold(m_wdm):
        return agj.mass_function(1e10, 0.5, "200m", cosmology=agj.planck15.replace(m_wdm=m_wdm))

    values = jax.jit(jax.vmap(cold))(jnp.array([3.0, np.inf]))
    assert np.isnan(values[0]) and values[1] == pytest.approx(float(agj.mass_function(1e10, 0.5, "200m")), rel=1e-14)
    np.testing.assert_array_equal(jax.jit(jax.vmap(jax.grad(cold)))(jnp.array([3.0, np.inf])), 0.0)


WARM = agj.planck15.replace(m_wdm=2.0)
PAIR = jnp.array([1e9, 1e12])
TRACED = {
    "warm_mass_function": (lambda c: wmf.warm_mass_function_with_mask(PAIR, 0.5, "200m", cosmology=c),
                           lambda: wmf.warm_mass_function(PAIR, 0.5, "200m", cosmology=WARM)),
    "sharp_k_mass_function": (lambda c: skmf.sharp_k_mass_function_with_mask(PAIR, 0.5, cosmology=c),
                              lambda: skmf.sharp_k_mass_function(PAIR, 0.5, cosmology=WARM)),
}


# Tracing the tables of a traced cosmology: 30-60 s a function without a warm compilation cache.
@pytest.mark.slow
@pytest.mark.parametrize("name", list(TRACED))
def test__traced_cosmology__each_field_outside_its_domain_is_nan_invalid_zero_gradient(name):
    """Issue #22: the turnover route's derivatives were NaN at a traced h = 0; sharp-k marked it valid."""
    function, concrete = TRACED[name]
    cosmology_cases.check(function, WARM, cosmology_cases.CASES, concrete(), rtol=1e-8)
