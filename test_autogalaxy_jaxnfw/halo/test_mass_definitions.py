"""Mass definitions and the NFW change of definition against the mpmath reference and colossus."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.halo import mass_definitions as md
from test_autogalaxy_jaxnfw.halo.presets import PRESET_IDS, PRESET_PAIRS
from autogalaxy_jaxnfw.reference import mass_definitions as ref_md

COSMOLOGIES, IDS = PRESET_PAIRS, PRESET_IDS
MDEFS = ["200c", "500c", "2500c", "200m", "100m", "vir"]
REDSHIFTS = np.array([0.0, 0.5, 2.0, 6.0])
MASSES = np.array([1e6, 3e9, 1e12, 10**15.5])
CONCENTRATIONS = np.array([1.5, 4.0, 10.0, 40.0])
RTOL = 1e-12


@pytest.mark.parametrize("ours, reference", COSMOLOGIES, ids=IDS)
def test__density_threshold__matches_reference(ours, reference):
    for mdef in MDEFS:
        expected = [float(ref_md.density_threshold(reference, z, mdef)) for z in REDSHIFTS]
        np.testing.assert_allclose(md.density_threshold(REDSHIFTS, mdef, ours), expected, rtol=RTOL)
    np.testing.assert_allclose(md.delta_vir(REDSHIFTS, ours), [float(ref_md.delta_vir(reference, z)) for z in REDSHIFTS], rtol=RTOL)


def test__mass_to_radius__inverts_radius_to_mass_and_matches_reference():
    for mdef in MDEFS:
        radius = md.mass_to_radius(MASSES, 0.7, mdef)
        expected = (3.0 * MASSES / (4.0 * np.pi * float(ref_md.density_threshold(ref.REF_PLANCK15, 0.7, mdef)))) ** (1.0 / 3.0)
        np.testing.assert_allclose(radius, expected, rtol=RTOL)
        np.testing.assert_allclose(md.radius_to_mass(radius, 0.7, mdef), MASSES, rtol=RTOL)


@pytest.mark.parametrize("ours, reference", COSMOLOGIES, ids=IDS)
def test__change_mass_definition__matches_reference(ours, reference):
    M, c, z = (a.ravel() for a in np.meshgrid(MASSES, CONCENTRATIONS, REDSHIFTS[[0, 3]], indexing="ij"))
    for mdef_in, mdef_out in [("200c", "vir"), ("vir", "200m"), ("500c", "2500c"), ("200m", "200c")]:
        got = md.change_mass_definition(M, c, z, mdef_in, mdef_out, ours)
        expected = ref_md.change_mass_definition_array(reference, M, c, z, mdef_in, mdef_out)
        for a, b in zip(got, expected):
            np.testing.assert_allclose(a, b, rtol=RTOL)


def test__change_mass_definition__agrees_with_colossus_within_its_own_error():
    colossus_defs = pytest.importorskip("colossus.halo.mass_defs")
    from colossus.cosmology import cosmology as colossus_cosmology

    colossus_cosmology.setCosmology("planck15")
    M, c = np.geomspace(1e6, 10**15.5, 12), np.geomspace(1.5, 40.0, 12)
    for mdef_in, mdef_out in [("200c", "vir"), ("200c", "200m"), ("vir", "500c")]:
        ours = md.change_mass_definition(M, c, 1.0, mdef_in, mdef_out)
        theirs = colossus_defs.changeMassDefinition(M, c, 1.0, mdef_in, mdef_out)
        truth = ref_md.change_mass_definition_array(ref.REF_PLANCK15, M, c, 1.0, mdef_in, mdef_out)
        for a, b, t in zip(ours, theirs, truth):
            colossus_error = np.abs(b / t - 1.0)
            assert colossus_error.max() < 1e-6  # its spline of x(rho): "better than 1e-7" in x
            np.testing.assert_allclose(np.abs(np.asarray(a) / b - 1.0), colossus_error, rtol=0, atol=1e-12)


def test__change_mass_definition__same_definition_is_identity():
    got = md.change_mass_definition(MASSES, 7.0, 0.3, "200c", "200c")
    np.testing.assert_allclose(got.M, MASSES, rtol=1e-13)
    np.testing.assert_allclose(got.c, 7.0, rtol=1e-13)


def test__change_mass_definition__jit_equals_eager_and_vmap_equals_loop():
    run = lambda M, c, z: md.change_mass_definition(M, c, z, "200c", "vir")
    eager = run(MASSES, CONCENTRATIONS, 0.5)
    jitted = jax.jit(run)(MASSES, CONCENTRATIONS, 0.5)
    mapped = jax.jit(jax.vmap(run, in_axes=(0, 0, None)), static_argnums=2)(jnp.asarray(MASSES), jnp.asarray(CONCENTRATIONS), 0.5)
    looped = [run(m, c, 0.5) for m, c in zip(MASSES, CONCENTRATIONS)]
    for i in range(3):
        np.testing.assert_allclose(jitted[i], eager[i], rtol=1e-14)
        np.testing.assert_allclose(mapped[i], [v[i] for v in looped], rtol=1e-14)


def _central_difference(f, x, step):
    return (f(x + step) - f(x - step)) / (2.0 * step)


def test__change_mass_definition__gradients_match_finite_differences():
    c_of = lambda M, c, z, cosmo: md.change_mass_definition(M, c, z, "200c", "200m", cosmo).c
    base = (1e12, 6.0, 0.8, agj.cosmology.planck15)
    grads = jax.jit(jax.grad(c_of, argnums=(0, 1, 2, 3)))(*base)
    fd_m = _central_difference(lambda m: float(c_of(m, *base[1:])), 1e12, 1e6)
    fd_c = _central_difference(lambda c: float(c_of(base[0], c, *base[2:])), 6.0, 1e-5)
    fd_z = _central_difference(lambda z: float(c_of(*base[:2], z, base[3])), 0.8, 1e-5)
    fd_om = _central_difference(lambda om: float(c_of(*base[:3], base[3].replace(Om0=om))), 0.3089, 1e-6)
    np.testing.assert_allclose([grads[0], grads[1], grads[2], grads[3].Om0], [fd_m, fd_c, fd_z, fd_om], rtol=1e-6)


def test__change_mass_definition__invalid_inputs_are_nan_with_mask_and_zero_gradients():
    M = jnp.array([1e12, -1.0, jnp.nan, 1e12, 1e12])
    c = jnp.array([5.0, 5.0, 5.0, 0.0, 5.0])
    z = jnp.array([0.5, 0.5, 0.5, 0.5, -1.5])
    converted, valid = md.change_mass_definition_with_mask(M, c, z, "200c", "vir")
    np.testing.assert_array_equal(valid, [True, False, False, False, False])
    assert np.isfinite(converted.M[0]) and np.isnan(np.asarray(converted.M[1:])).all()
    grads = jax.grad(lambda M: jnp.nansum(md.change_mass_definition(M, c, z, "200c", "vir").c))(M)
    assert np.isfinite(grads).all() and np.all(np.asarray(grads[1:]) == 0.0)


@pytest.mark.parametrize("mdef", ["200", "200x", "-200c", "0c", "virial", "", 200])
def test__mass_definition__bad_strings_raise(mdef):
    with pytest.raises(ValueError, match="mass definition"):
        md.density_threshold(0.0, mdef)


def test__change_mass_definition__unknown_profile_raises():
    with pytest.raises(ValueError, match="profile"):
        md.change_mass_definition(1e12, 5.0, 0.0, "200c", "vir", profile="einasto")
