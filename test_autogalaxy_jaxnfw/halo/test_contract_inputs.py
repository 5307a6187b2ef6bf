"""The halo functions' contract for their numerical arguments (float64; float32 in test_contract_float32).

Integers are masses like any other; values outside the domain are NaN with ``valid = False``
and zero derivatives, concrete or traced; a wrong kind or shapes that do not broadcast raise
an error naming the argument.
"""

import math

import jax
import jax.numpy as jnp
import mpmath
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.reference.cosmology import REF_PLANCK15
from autogalaxy_jaxnfw.reference.mass_definitions import density_threshold as reference_threshold

# Each public function with M (or m200c) first and z second, the rest fixed.
MASS_FUNCTIONS = {
    "concentration": lambda M, z, **kw: agj.concentration(M, "200c", z, model="diemer19", **kw),
    "concentration_vir": lambda M, z, **kw: agj.concentration(M, "vir", z, model="ludlow16", **kw),
    "concentration_ludlow16": lambda M, z, **kw: agj.concentration_ludlow16(M, z, **kw),
    "change_mass_definition": lambda M, z, **kw: agj.change_mass_definition(M, 5.0, z, "200c", "vir", **kw).M,
    "mass_to_radius": lambda M, z, **kw: agj.mass_to_radius(M, z, "200c", **kw),
    "radius_to_mass": lambda M, z, **kw: agj.radius_to_mass(M, z, "200c", **kw),
}


@pytest.mark.parametrize("name", list(MASS_FUNCTIONS))
def test__integers__equal_the_same_masses_as_floats(name):
    f = MASS_FUNCTIONS[name]
    masses = 10 ** np.arange(8, 15)
    np.testing.assert_array_equal(f(masses, 0.5), f(masses.astype(float), 0.5))
    np.testing.assert_array_equal(f(10**12, 0), f(1e12, 0.0))


def test__integers__beyond_int64_are_outside_the_relation_not_an_overflow():
    c, valid = agj.concentration_with_mask(10**30, "200c", 0.0)
    assert np.isnan(c) and not bool(valid)


@pytest.mark.parametrize("name", list(MASS_FUNCTIONS))
def test__shapes__that_do_not_broadcast_name_both_arguments(name):
    first = "R" if name == "radius_to_mass" else "m200c" if name == "concentration_ludlow16" else "M"
    with pytest.raises(ValueError, match=rf"{first} of shape \(3,\).*z of shape \(2,\)"):
        MASS_FUNCTIONS[name](np.full(3, 1e12), np.zeros(2))


@pytest.mark.parametrize("name", list(MASS_FUNCTIONS))
def test__kinds__a_string_mass_is_named(name):
    first = "R" if name == "radius_to_mass" else "m200c" if name == "concentration_ludlow16" else "M"
    with pytest.raises(TypeError, match=rf"^{first} must be a real number"):
        MASS_FUNCTIONS[name]("1e12", 0.5)
    with pytest.raises(TypeError, match=r"^z must be a real number"):
        MASS_FUNCTIONS[name](1e12, None)


@pytest.mark.parametrize("name", list(MASS_FUNCTIONS))
def test__kinds__a_preset_name_for_the_cosmology_is_named_and_the_preset_suggested(name):
    with pytest.raises(TypeError, match=r"^cosmology must be .*agj\.planck15"):
        MASS_FUNCTIONS[name](1e12, 0.5, cosmology="planck15")


@pytest.mark.parametrize("call", [
    lambda c: agj.delta_vir(0.5, c),
    lambda c: agj.density_threshold(0.5, "200c", c),
    lambda c: agj.concentration_with_mask(1e12, "200c", 0.5, cosmology=c),
    lambda c: agj.concentration_ludlow16_with_mask(1e12, 0.5, c),
    lambda c: agj.change_mass_definition_with_mask(1e12, 5.0, 0.5, "200c", "vir", c),
])
def test__kinds__cosmology_of_the_wrong_type_is_named(call):
    with pytest.raises(TypeError, match=r"^cosmology must be"):
        call(None)


@pytest.mark.parametrize("mass", [-1e12, 0.0, math.nan, math.inf])
def test__mass_to_radius__outside_the_domain_is_nan_with_zero_gradient(mass):
    assert np.isnan(agj.mass_to_radius(mass, 0.5, "200c"))
    assert np.isnan(agj.radius_to_mass(mass / 1e10, 0.5, "200c"))
    assert jax.grad(lambda m: agj.mass_to_radius(m, 0.5, "200c"))(mass) == 0.0
    assert jax.grad(lambda r: agj.radius_to_mass(r, 0.5, "200c"))(mass / 1e10) == 0.0


@pytest.mark.parametrize("mdef", ["200c", "500c", "200m", "vir"])
def test__mass_to_radius__equals_the_mpmath_threshold(mdef):
    M, z = 3e12, 0.7
    rho = reference_threshold(REF_PLANCK15, z, mdef)
    expected = float(mpmath.cbrt(3 * mpmath.mpf(M) / (4 * mpmath.pi * rho)))
    assert float(agj.mass_to_radius(M, z, mdef)) == pytest.approx(expected, rel=1e-13)
    assert float(agj.radius_to_mass(expected, z, mdef)) == pytest.approx(M, rel=1e-13)


def test__mass_to_radius__jit_vmap_grad_agree():
    M, z = jnp.array([1e10, 1e12, -1.0]), jnp.array([0.0, 0.5, 1.0])
    f = lambda m, zz: agj.mass_to_radius(m, zz, "vir")
    eager = f(M, z)
    np.testing.assert_array_equal(jax.jit(f)(M, z), eager)
    np.testing.assert_allclose(jax.vmap(f)(M, z), [f(m, zz) for m, zz in zip(M, z)], rtol=1e-15)
    # R ~ M^(1/3): d ln R / d ln M = 1/3.
    assert float(jax.grad(lambda ln_m: jnp.log(f(jnp.exp(ln_m), 0.5)))(jnp.log(1e12))) == pytest.approx(1 / 3, rel=1e-13)


@pytest.mark.parametrize("model", ["ludlow16", "diemer19", "ishiyama21"])
@pytest.mark.parametrize("mass", [1e1, 1e19])
def test__mass_range__outside_the_sigma_table_is_nan_invalid_with_zero_gradient(model, mass):
    # Every model's documented range ends with the sigma table (concentration module docstring).
    c, valid = agj.concentration_with_mask(mass, "200c", 0.5, model=model)
    assert np.isnan(c) and not bool(valid)
    grad = jax.grad(lambda m: agj.concentration(m, "200c", 0.5, model=model))(mass)
    assert grad == 0.0


@pytest.mark.parametrize("mass", [-1e9, 0.0, math.nan])
def test__bose16_suppression__mass_outside_domain_is_nan_with_zero_gradient(mass):
    from autogalaxy_jaxnfw.halo.warm_suppression import bose16_suppression

    warm = agj.planck15.replace(m_wdm=3.0)
    assert np.isnan(bose16_suppression(mass, 0.5, warm))
    assert jax.grad(lambda m: bose16_suppression(m, 0.5, warm))(mass) == 0.0


@pytest.mark.parametrize("m_wdm", [-1.0, 0.0, math.nan])
def test__bose16_suppression__traced_m_wdm_outside_domain_is_nan_with_zero_gradient(m_wdm):
    from autogalaxy_jaxnfw.halo.warm_suppression import bose16_suppression

    f = lambda m: bose16_suppression(1e9, 0.5, agj.planck15.replace(m_wdm=m))
    assert np.isnan(jax.jit(f)(m_wdm))
    assert jax.grad(f)(m_wdm) == 0.0
    assert float(jax.jit(f)(math.inf)) == 1.0


def test__bose16_suppression__arguments_are_named():
    from autogalaxy_jaxnfw.halo.warm_suppression import bose16_suppression

    with pytest.raises(TypeError, match=r"^m200c must be a real number"):
        bose16_suppression("1e9", 0.5, agj.planck15)
    with pytest.raises(ValueError, match=r"m200c of shape \(3,\).*z of shape \(2,\)"):
        bose16_suppression(np.ones(3), np.zeros(2), agj.planck15)


def test__ludlow16__series_forced_on_concrete_inputs_equals_the_secant_solver():
    # Forced on concrete inputs it was compiled with z as an argument and failed to read z.
    M = np.geomspace(1e8, 1e14, 4)
    np.testing.assert_allclose(
        agj.concentration_ludlow16(M, 0.5, method="series"), agj.concentration_ludlow16(M, 0.5, method="secant"), rtol=1e-9
    )
