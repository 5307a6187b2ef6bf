"""Populations on another relation (``relation=``): per-halo agj.concentration values, jit, planes, LOS line."""

import jax
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.populations.planes import PlaneLayout, plane_halos

DJ19 = agj.Relation(model="diemer19")
LOG10_MASS = np.linspace(5.8, 10.1, 7)  # the LOS line's range: one compiled DJ19 program for every test
MASSES, Z_L, Z_S = 10.0**LOG10_MASS, 0.5, 1.0
# Per-halo redshifts, as plane_halos passes them: the population calls share the fixture's compiled program.
Z_PER_HALO = np.full(7, Z_L)


def _population(masses):
    return agj.truncated_nfw_population_parameters(masses, 0.0, Z_PER_HALO, Z_S, relation=DJ19)


@pytest.fixture(scope="module")
def c_dj19():
    cosmo = agj.profiles.get_cosmology().concentration
    return np.asarray(agj.concentration(jax.numpy.asarray(MASSES) * cosmo.h, "200c", Z_PER_HALO, "diemer19", cosmo))


def test__population__diemer19_equals_per_halo_concentration(c_dj19):
    population = _population(MASSES)
    # r_t = 2 r_200 and r_s = r_200 / c, both in arcsec: their ratio is 2 c.
    c = np.asarray(population.truncation_radius) / (2.0 * np.asarray(population.scale_radius))
    np.testing.assert_allclose(c, c_dj19, rtol=1e-12)
    lensing = agj.profiles.get_cosmology().lensing
    r_200 = (MASSES / (200.0 * lensing.critical_density(Z_L) * 4.0 / 3.0 * np.pi)) ** (1.0 / 3.0)  # kpc
    r_t = 2.0 * r_200 / lensing.kpc_per_arcsec_from(redshift=Z_L)
    np.testing.assert_allclose(np.asarray(population.truncation_radius), r_t, rtol=1e-12)


def test__population__relation_static_under_jit_equals_eager():
    eager = _population(MASSES)
    jitted = jax.jit(_population)(MASSES)
    for a, b in zip(eager, jitted):
        np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-12)


def test__plane_halos__relation_reaches_every_slot():
    layout = PlaneLayout(redshifts=(Z_L,), redshift_source=Z_S, capacities=(7,))
    halos = plane_halos(MASSES, np.zeros((7, 2)), np.zeros(7, dtype=int), layout, relation=DJ19)
    expected = _population(MASSES)
    np.testing.assert_allclose(np.asarray(halos.kappa_s), np.asarray(expected.kappa_s), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(halos.scale_radius), np.asarray(expected.scale_radius), rtol=1e-12)


def test__mass_concentration_line__fits_the_relation(c_dj19):
    slope, intercept = agj.mass_concentration_line(Z_L, agj.planck15, n_points=7, relation=DJ19)
    design = np.vstack([LOG10_MASS, np.ones(7)]).T
    expected = np.linalg.lstsq(design, c_dj19, rcond=None)[0]
    assert (slope, intercept) == pytest.approx(tuple(expected), rel=1e-12)


def test__population__bad_relation_raises():
    with pytest.raises(ValueError, match="warm='bose16'"):
        agj.truncated_nfw_population_parameters(MASSES, relation=DJ19, cosmology=agj.planck15.replace(m_wdm=3.0))


def test__population_simulator__passes_its_relation_to_the_planes(monkeypatch):
    from autogalaxy_jaxnfw.populations import simulator

    seen = {}

    def capture(*args, **kwargs):
        seen["relation"] = args[-1]
        raise StopIteration

    monkeypatch.setattr(simulator, "plane_halos", capture)
    layout = PlaneLayout(redshifts=(Z_L,), redshift_source=Z_S, capacities=(1,))
    sim = simulator.PopulationSimulator(
        layout=layout, grid=np.zeros((1, 2)), image_shape=(1, 1), psf_kernel=np.ones((1, 1)),
        lens_deflections=None, lens_plane=0, source_image=None, lens_params=None, source_params=None,
        exposure_time=1.0, background_sky=0.0, relation=DJ19,
    )
    sample = simulator.HaloSample(np.ones(1), np.zeros((1, 2)), np.zeros(1, dtype=int), np.zeros(1))
    with pytest.raises(StopIteration):
        sim.noiseless_image(sample)
    assert seen["relation"] == DJ19
    assert simulator.PopulationSimulator.__dataclass_fields__["relation"].default is None


def test__truncated_halo_arrays__passes_its_relation_to_the_population(monkeypatch):
    from autogalaxy_jaxnfw.populations import substructure

    seen = {}

    def capture(*args):
        seen["relation"] = args[-1]
        raise StopIteration

    monkeypatch.setattr(substructure, "truncated_nfw_population_parameters", capture)
    with pytest.raises(StopIteration):
        substructure.truncated_halo_arrays(np.ones(1), np.zeros((1, 2)), np.zeros(1, dtype=int), (Z_L, Z_S), 1,
                                           relation=DJ19)
    assert seen["relation"] == DJ19
