"""The entry point concentration(M, mdef, z, model, cosmology): native, nested, errors."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.halo.concentration import concentration, concentration_solution, concentration_with_mask
from autogalaxy_jaxnfw.halo.diemer19 import diemer19_solution
from autogalaxy_jaxnfw.halo.diemer19_parameters import DIEMER19, ISHIYAMA21
from autogalaxy_jaxnfw.halo.ludlow16.relation import concentration_ludlow16
from autogalaxy_jaxnfw.reference import diemer19 as ref_dj19
from autogalaxy_jaxnfw.reference import mass_definitions as ref_md
from autogalaxy_jaxnfw.reference.nested import concentration_in_definition

PLANCK15 = agj.cosmology.planck15
MASSES = np.array([1e7, 1e11, 1e15])
RTOL = 1e-8


def _dj19_reference(M, z, key=("diemer19", "median", "200c")):
    return ref_dj19.concentration_dj19_form(ref.REF_PLANCK15, M, z, ref_dj19.PARAMETERS[key])


def test__native_definitions__are_the_relations_themselves():
    # The entry point compiles one program; the relations here run op by op: ~1 ulp apart.
    assert_same = lambda a, b: np.testing.assert_allclose(a, b, rtol=1e-14)
    z = 0.4
    assert_same(concentration(MASSES, "200c", z), diemer19_solution(MASSES, z, DIEMER19["median"], PLANCK15).concentration)
    assert_same(
        concentration(MASSES, "200c", z, model="diemer19", statistic="mean"), diemer19_solution(MASSES, z, DIEMER19["mean"], PLANCK15).concentration
    )
    for c_type, sample, mdef in [("fit", "all", "vir"), ("vmax", "relaxed", "200c"), ("fit", "relaxed", "500c")]:
        assert_same(
            concentration(MASSES, mdef, z, model="ishiyama21", c_type=c_type, halo_sample=sample),
            diemer19_solution(MASSES, z, ISHIYAMA21[(c_type, sample, mdef)], PLANCK15).concentration,
        )
    assert_same(concentration(MASSES, "200c", z, model="ludlow16"), concentration_ludlow16(MASSES, z))


# Each nested solve compiles a program of its own (tens of seconds): the quick tier keeps one of
# each kind of check, the full suite all of them.
@pytest.mark.parametrize("mdef", ["vir", pytest.param("200m", marks=pytest.mark.slow), pytest.param("500c", marks=pytest.mark.slow)])
def test__nested_solve__native_mass_is_the_reference_root(mdef):
    # The reference relation and conversion, evaluated at our native mass, give back M and c.
    z = 0.5
    solution = concentration_solution(MASSES, mdef, z)
    assert np.all(solution.valid)
    for M, c, mn in zip(MASSES, np.asarray(solution.c), np.asarray(solution.native_mass)):
        M_ref, _, c_ref = ref_md.change_mass_definition(ref.REF_PLANCK15, mn, _dj19_reference(mn, z), z, "200c", mdef)
        np.testing.assert_allclose([M_ref, c_ref], [M, c], rtol=RTOL)


@pytest.mark.slow
def test__nested_solve__matches_brent_reference():
    c_ref, mn_ref = concentration_in_definition(ref.REF_PLANCK15, 1e12, 1.0, "200m", "200c", lambda m: _dj19_reference(m, 1.0))
    solution = concentration_solution(1e12, "200m", 1.0)
    np.testing.assert_allclose([solution.c, solution.native_mass], [c_ref, mn_ref], rtol=RTOL)


def test__ishiyama21_vmax__converts_from_200c_where_colossus_cannot():
    solution = concentration_solution(1e12, "200m", 0.0, model="ishiyama21", c_type="vmax")
    mn = float(solution.native_mass)
    c_n = _dj19_reference(mn, 0.0, ("vmax", "all", "200c"))
    M_ref, _, c_ref = ref_md.change_mass_definition(ref.REF_PLANCK15, mn, c_n, 0.0, "200c", "200m")
    np.testing.assert_allclose([M_ref, c_ref], [1e12, solution.c], rtol=RTOL)


@pytest.mark.parametrize("model", [pytest.param("diemer19", marks=pytest.mark.slow), "ludlow16"])
def test__nested_solve__agrees_with_colossus_within_its_own_error(model):
    colossus_concentration = pytest.importorskip("colossus.halo.concentration")
    from colossus.cosmology import cosmology as colossus_cosmology

    colossus_cosmology.setCosmology("planck15")
    masses, z = np.array([1e9, 1e13]), 0.5
    solution = concentration_solution(masses, "vir", z, model=model)
    theirs = colossus_concentration.concentration(masses, "vir", z, model=model)
    native = (lambda m: _dj19_reference(m, z)) if model == "diemer19" else (lambda m: ref.concentration_ludlow16(ref.REF_PLANCK15, m, z)[0])
    truth = [ref_md.change_mass_definition(ref.REF_PLANCK15, mn, native(mn), z, "200c", "vir")[2] for mn in np.asarray(solution.native_mass)]
    colossus_error = np.abs(theirs / truth - 1.0)
    assert colossus_error.max() < 3e-3
    np.testing.assert_allclose(np.abs(np.asarray(solution.c) / theirs - 1.0), colossus_error, rtol=1e-2, atol=1e-8)


@pytest.mark.slow
def test__nested_solve__jit_equals_eager_and_vmap_equals_loop():
    run = lambda M, z: concentration(M, "vir", z)
    M, z = jnp.array([1e8, 1e13]), jnp.array([0.2, 2.0])
    eager = run(np.asarray(M), np.asarray(z))
    np.testing.assert_allclose(jax.jit(run)(M, z), eager, rtol=1e-13)
    np.testing.assert_allclose(jax.jit(jax.vmap(run))(M, z), [run(m, zi) for m, zi in zip(M, z)], rtol=1e-13)


def _central_difference(f, x, step):
    return (f(x + step) - f(x - step)) / (2.0 * step)


@pytest.mark.parametrize("model", [pytest.param("diemer19", marks=pytest.mark.slow), "ludlow16"])
def test__nested_solve__gradients_match_finite_differences(model):
    c_of = lambda M, z: concentration(M, "200m", z, model=model)
    grads = jax.jit(jax.grad(c_of, argnums=(0, 1)))(1e12, 0.8)
    fd_m = _central_difference(lambda m: float(c_of(m, 0.8)), 1e12, 1e7)
    fd_z = _central_difference(lambda z: float(c_of(1e12, z)), 0.8, 1e-5)
    np.testing.assert_allclose(grads, [fd_m, fd_z], rtol=1e-6)


@pytest.mark.slow
def test__native_entry__gradient_with_respect_to_cosmology_matches_finite_differences():
    c_of = lambda cosmo: concentration(1e12, "vir", 0.5, model="ishiyama21", cosmology=cosmo)
    grad = jax.jit(jax.grad(c_of))(PLANCK15)
    fd = _central_difference(lambda om: float(c_of(PLANCK15.replace(Om0=om))), PLANCK15.Om0, 1e-6)
    np.testing.assert_allclose(grad.Om0, fd, rtol=1e-6)


def test__invalid_inputs__are_nan_with_mask_and_zero_gradients():
    M = jnp.array([1e12, -1.0, jnp.nan, 1e12, 1e30])
    z = jnp.array([0.5, 0.5, 0.5, -0.5, 0.5])
    c, valid = concentration_with_mask(M, "vir", z)
    np.testing.assert_array_equal(valid, [True, False, False, False, False])
    assert np.isnan(np.asarray(c[1:])).all()
    grads = jax.jit(jax.grad(lambda M: jnp.nansum(concentration(M, "vir", z))))(M)
    assert np.isfinite(grads).all() and np.all(np.asarray(grads[1:]) == 0.0)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(model="duffy08"), "model must be one of"),
        (dict(model="diemer19", statistic="mode"), "statistic"),
        (dict(model="diemer19", c_type="fit"), "takes the options"),
        (dict(model="ishiyama21", halo_sample="young"), "halo_sample"),
        (dict(model="ludlow16", method="newton"), "method"),
    ],
)
def test__bad_model_or_option__raises_listing_the_choices(kwargs, match):
    with pytest.raises(ValueError, match=match):
        concentration(1e12, "200c", 0.0, **kwargs)


def test__bad_mass_definition__raises():
    with pytest.raises(ValueError, match="mass definition"):
        concentration(1e12, "200x", 0.0)
