"""The cosmology's contract: fields of the wrong kind name themselves; a traced field outside its domain is masked.

``cosmology_valid`` must agree with the checks a concrete cosmology gets at construction
(``_check_parameters``), and a quantity of a traced cosmology outside its domain must be NaN
with a zero derivative.
"""

import dataclasses
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.cosmology.traced_domain import cosmology_valid, valid_or_stand_in
from autogalaxy_jaxnfw.cosmology.warm_dark_matter import half_mode_mass, half_mode_wavenumber

# One field outside its domain each: the same list the construction check rejects.
INVALID = [
    ("h", 0.0),
    ("h", -0.7),
    ("Om0", 1.2),
    ("Om0", 0.04),  # below Ob0
    ("Ob0", 0.0),
    ("sigma8", 0.0),
    ("Tcmb0", 0.0),
    ("Neff", -1.0),
    ("m_wdm", -1.0),
    ("m_wdm", 0.0),
    ("ns", math.inf),
] + [(name, math.nan) for name in ("h", "Om0", "Ob0", "sigma8", "ns", "Tcmb0", "Neff", "m_wdm")]


@pytest.mark.parametrize("name, value", INVALID)
def test__cosmology_valid__false_for_a_traced_field_the_construction_check_rejects(name, value):
    with pytest.raises(ValueError, match=name):
        agj.planck15.replace(**{name: value})
    valid = jax.jit(lambda v: cosmology_valid(agj.planck15.replace(**{name: v})))(value)
    assert not bool(valid)


@pytest.mark.parametrize("cosmology", [agj.planck13, agj.planck15, agj.planck18, agj.wmap9, agj.planck15.replace(m_wdm=3.0)])
def test__cosmology_valid__true_for_the_presets_traced(cosmology):
    assert bool(jax.jit(cosmology_valid)(cosmology))


def test__cosmology_valid__cold_programs_need_m_wdm_infinite():
    # Traced as a whole, a cold cosmology keeps its cold programs: a finite m_wdm is not what they compute.
    as_traced = lambda m: cosmology_valid(dataclasses.replace(agj.planck15, m_wdm=m))
    assert bool(jax.jit(as_traced)(math.inf))
    assert not bool(jax.jit(as_traced)(3.0))


def test__cosmology_valid__closure_needs_nonnegative_dark_energy():
    # Om0 = 1 leaves no room for the radiation: Ode0 < 0.
    assert not bool(jax.jit(lambda om: cosmology_valid(agj.planck15.replace(Om0=om)))(1.0))


def test__stand_in__a_concrete_cosmology_passes_unchanged():
    cosmology, valid = valid_or_stand_in(agj.planck15)
    assert cosmology is agj.planck15 and valid is True


@pytest.mark.parametrize("name, value", INVALID)
def test__stand_in__traced_fields_replaced_numbers_kept_and_the_result_valid(name, value):
    """Only the traced field is stood in for (with its joint-domain partners h, Om0, Ob0, Tcmb0,
    Neff): the other fields stay numbers, and the stand-in cosmology lies inside the domain."""
    joint = ("h", "Om0", "Ob0", "Tcmb0", "Neff")

    def stood_in(v):
        cosmology, valid = valid_or_stand_in(agj.planck15.replace(**{name: v}) if name != "m_wdm" else
                                             agj.planck15.replace(m_wdm=3.0).replace(m_wdm=v))
        every = ("h", "Om0", "Ob0", "sigma8", "ns", "Tcmb0", "Neff", "m_wdm")
        kept = {n for n in every if not isinstance(getattr(cosmology, n), jax.Array)}
        assert kept == set(every) - {name} - (set(joint) if name in joint else set()), (name, sorted(kept))
        return valid, cosmology_valid(cosmology)

    valid, stand_in_valid = jax.jit(stood_in)(value)
    assert not bool(valid) and bool(stand_in_valid)


def test__fields__a_list_names_the_field_and_says_fields_are_scalars():
    with pytest.raises(TypeError, match=r"m_wdm.*scalar"):
        agj.planck15.replace(m_wdm=[3, 5])
    with pytest.raises(TypeError, match=r"sigma8.*scalar"):
        agj.planck15.replace(sigma8="0.8")


def test__fields__a_concrete_array_field_names_itself_when_the_cosmology_is_used():
    with pytest.raises(TypeError, match=r"h.*scalar"):
        agj.concentration(1e12, "200c", 0.5, cosmology=agj.planck15.replace(h=np.array([0.6, 0.7])))


@pytest.mark.parametrize("m_wdm", [-1.0, 0.0, math.nan])
def test__half_mode_mass__traced_m_wdm_outside_domain_is_nan_with_zero_gradient(m_wdm):
    f = lambda m: half_mode_mass(agj.planck15.replace(m_wdm=m))
    assert np.isnan(jax.jit(f)(m_wdm))
    assert np.isnan(jax.jit(lambda m: half_mode_wavenumber(agj.planck15.replace(m_wdm=m)))(m_wdm))
    assert jax.grad(f)(m_wdm) == 0.0


def test__half_mode_mass__valid_traced_equals_concrete_and_its_derivative_finite_differences():
    m = 3.0
    expected = half_mode_mass(agj.planck15.replace(m_wdm=m))
    assert float(jax.jit(lambda m: half_mode_mass(agj.planck15.replace(m_wdm=m)))(m)) == pytest.approx(float(expected), rel=1e-14)
    grad = jax.grad(lambda m: jnp.log(half_mode_mass(agj.planck15.replace(m_wdm=m))))(m)
    # M_hm ~ alpha^3 ~ m_wdm^(-3.33): d ln M / d m = -3.33 / m.
    assert float(grad) == pytest.approx(-3.0 * 1.11 / m, rel=1e-12)


def test__half_mode_mass__a_string_names_cosmology():
    with pytest.raises(TypeError, match=r"cosmology.*agj\.planck15"):
        half_mode_mass("planck15")


@pytest.mark.parametrize("name, value", [("h", -0.7), ("sigma8", math.nan), ("m_wdm", 0.0)])
def test__growth_and_variance__traced_cosmology_outside_domain_is_nan_with_zero_gradient(name, value):
    from autogalaxy_jaxnfw.cosmology.growth import growth_factor
    from autogalaxy_jaxnfw.cosmology.variance import sigma

    for f in (lambda v: growth_factor(agj.planck15.replace(**{name: v}), 1.0),
              lambda v: sigma(agj.planck15.replace(**{name: v}), 8.0)):
        assert np.isnan(jax.jit(f)(value))
        assert jax.grad(f)(value) == 0.0


@pytest.mark.parametrize("argument", [-1.0, 0.0, math.nan, 1e3])
def test__variance__radius_outside_the_table_is_nan_with_zero_gradient(argument):
    from autogalaxy_jaxnfw.cosmology.variance import sigma

    assert np.isnan(sigma(agj.planck15, argument))
    assert jax.grad(lambda r: sigma(agj.planck15, r))(argument) == 0.0


def test__growth__redshift_at_or_below_minus_one_is_nan_and_a_string_is_named():
    from autogalaxy_jaxnfw.cosmology.growth import growth_factor

    assert np.isnan(growth_factor(agj.planck15, -1.0))
    assert jax.grad(lambda z: growth_factor(agj.planck15, z))(-2.0) == 0.0
    with pytest.raises(TypeError, match=r"^z must be a real number"):
        growth_factor(agj.planck15, "1")
    with pytest.raises(TypeError, match=r"^cosmo must be .*agj\.planck15"):
        growth_factor("planck15", 1.0)
