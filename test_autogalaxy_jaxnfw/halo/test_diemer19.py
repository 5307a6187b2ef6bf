"""Diemer & Joyce (2019) and Ishiyama et al. (2021) against the table-free reference and colossus."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.cosmology.tables import tables_for
from autogalaxy_jaxnfw.halo import peaks
from autogalaxy_jaxnfw.halo.diemer19 import diemer19_solution, solve_g_inverse
from autogalaxy_jaxnfw.halo.diemer19_parameters import DIEMER19, ISHIYAMA21
from test_autogalaxy_jaxnfw.halo.presets import PRESET_IDS, PRESET_PAIRS
from autogalaxy_jaxnfw.reference import diemer19 as ref_dj19

COSMOLOGIES, IDS = PRESET_PAIRS, PRESET_IDS
MASSES = np.array([1e6, 1e9, 1e12, 10**15.5])
REDSHIFTS = np.array([0.0, 1.0, 6.0])
# Measured: <= 3e-10 (the reference's sigma-slope quadrature and the sigma series); margin 30x.
RTOL = 1e-8


def _reference(reference, parameters, M, z):
    return np.array([[ref_dj19.concentration_dj19_form(reference, m, zi, parameters) for zi in z] for m in M])


@pytest.mark.parametrize("ours, reference", COSMOLOGIES, ids=IDS)
def test__diemer19__matches_reference(ours, reference):
    for statistic in ("median", "mean"):
        got = diemer19_solution(MASSES[:, None], REDSHIFTS[None, :], DIEMER19[statistic], ours)
        expected = _reference(reference, ref_dj19.PARAMETERS[("diemer19", statistic, "200c")], MASSES, REDSHIFTS)
        assert np.all(got.valid)
        np.testing.assert_allclose(got.concentration, expected, rtol=RTOL)


@pytest.mark.parametrize("key", list(ISHIYAMA21), ids=["-".join(k) for k in ISHIYAMA21])
def test__ishiyama21__matches_reference(key):
    masses = MASSES[[0, 3]]
    got = diemer19_solution(masses[:, None], np.array([0.0, 3.0]), ISHIYAMA21[key], agj.cosmology.planck15)
    expected = _reference(ref.REF_PLANCK15, ref_dj19.PARAMETERS[key], masses, [0.0, 3.0])
    assert np.all(got.valid)
    np.testing.assert_allclose(got.concentration, expected, rtol=RTOL)


def test__peak_quantities__slopes_match_reference():
    quantities = peaks.peak_quantities(tables_for(agj.cosmology.planck15), agj.cosmology.planck15, jnp.array([1e8, 1e14]), 5.5, 2.0)
    radii = 2.0 * ref.lagrangian_radius(ref.REF_PLANCK15, np.array([1e8, 1e14]))
    np.testing.assert_allclose(quantities.n_eff, [-2.0 * ref_dj19.sigma_slope(ref.REF_PLANCK15, r) - 3.0 for r in radii], rtol=1e-9)
    # z = 5.5 lies in colossus' blend of the two growth-factor forms.
    np.testing.assert_allclose(quantities.alpha_eff, ref_dj19.growth_rate(ref.REF_PLANCK15, 5.5), rtol=1e-12)


def test__diemer19__agrees_with_colossus_within_its_own_error():
    colossus_concentration = pytest.importorskip("colossus.halo.concentration")
    from colossus.cosmology import cosmology as colossus_cosmology

    colossus_cosmology.setCosmology("planck15")
    masses = np.array([1e7, 1e10, 1e13, 1e15])
    ours = np.asarray(diemer19_solution(masses, 0.5, DIEMER19["median"], agj.cosmology.planck15).concentration)
    theirs = colossus_concentration.concentration(masses, "200c", 0.5, model="diemer19")
    truth = _reference(ref.REF_PLANCK15, ref_dj19.PARAMETERS[("diemer19", "median", "200c")], masses, [0.5])[:, 0]
    colossus_error = np.abs(theirs / truth - 1.0)
    assert 1e-5 < colossus_error.max() < 2e-3  # its G^-1 table and sigma spline
    np.testing.assert_allclose(np.abs(ours / theirs - 1.0), colossus_error, rtol=1e-3, atol=1e-8)


def test__g_inverse__no_root_below_the_minimum_or_beyond_the_table():
    # p = 0.8 (n_eff = -0.2): G has its minimum inside [0.1, 1000]; the reference finds no root
    # below its minimum, G(1.1) = 3.7 (rhs = 1, 3), nor above G(1000) = 241 (rhs = 1e4), and finds the others.
    p = 0.8
    for rhs in (1.0, 3.0, 1e4, 5.0, 30.0):
        x, solved = solve_g_inverse(jnp.asarray(p), jnp.log(rhs))
        expected = ref_dj19._g_inverse(p, rhs)
        assert bool(solved) == np.isfinite(expected)
        if np.isfinite(expected):
            np.testing.assert_allclose(x, expected, rtol=1e-12)


def test__diemer19__jit_equals_eager_and_vmap_equals_loop():
    run = lambda M, z: diemer19_solution(M, z, DIEMER19["median"], agj.cosmology.planck15).concentration
    M, z = jnp.array([1e8, 1e11, 1e14]), jnp.array([0.0, 0.7, 2.5])
    eager = run(M, z)
    np.testing.assert_allclose(jax.jit(run)(M, z), eager, rtol=1e-14)
    np.testing.assert_allclose(jax.jit(jax.vmap(run))(M, z), [run(m, zi) for m, zi in zip(M, z)], rtol=1e-14)


def _central_difference(f, x, step):
    return (f(x + step) - f(x - step)) / (2.0 * step)


def test__diemer19__gradients_match_finite_differences():
    c_of = lambda M, z, cosmo: diemer19_solution(M, z, DIEMER19["median"], cosmo).concentration
    cosmo = agj.cosmology.planck15
    grads = jax.jit(jax.grad(c_of, argnums=(0, 1, 2)))(1e12, 0.8, cosmo)
    fd_m = _central_difference(lambda m: float(c_of(m, 0.8, cosmo)), 1e12, 1e7)
    fd_z = _central_difference(lambda z: float(c_of(1e12, z, cosmo)), 0.8, 1e-5)
    fd_s8 = _central_difference(lambda s: float(c_of(1e12, 0.8, cosmo.replace(sigma8=s))), cosmo.sigma8, 1e-6)
    np.testing.assert_allclose([grads[0], grads[1], grads[2].sigma8], [fd_m, fd_z, fd_s8], rtol=1e-6)


def test__diemer19__invalid_inputs_are_nan_with_mask_and_zero_gradients():
    M = jnp.array([1e12, -1.0, jnp.nan, 1e12, 1e25])
    z = jnp.array([0.5, 0.5, 0.5, -0.5, 0.5])
    solution = diemer19_solution(M, z, DIEMER19["median"], agj.cosmology.planck15)
    np.testing.assert_array_equal(solution.valid, [True, False, False, False, False])
    assert not bool(solution.in_table[4])
    assert np.isnan(np.asarray(solution.concentration[1:])).all()
    grads = jax.grad(lambda M: jnp.nansum(diemer19_solution(M, z, DIEMER19["median"], agj.cosmology.planck15).concentration))(M)
    assert np.isfinite(grads).all() and np.all(np.asarray(grads[1:]) == 0.0)
