"""Populations of warm-dark-matter haloes: a warm cosmology flows through to every halo."""

import numpy as np
import pytest

import autogalaxy_jaxnfw as agj


def test__population__warm_cosmology_gives_the_warm_scale_radii():
    warm = agj.planck15.replace(m_wdm=2.0)
    masses = np.array([1e8, 1e9, 1e10])
    population = agj.truncated_nfw_population_parameters(masses, redshift_object=0.5, redshift_source=1.0, cosmology=warm)
    cold = agj.truncated_nfw_population_parameters(masses, redshift_object=0.5, redshift_source=1.0, cosmology=agj.planck15)
    # r_s = r_200 / c with the same r_200: the ratio of scale radii is the inverse suppression of c.
    c_warm = np.asarray(agj.concentration_ludlow16(masses * warm.h, 0.5, warm))
    c_cold = np.asarray(agj.concentration_ludlow16(masses * warm.h, 0.5, agj.planck15))
    ratio = np.asarray(population.scale_radius) / np.asarray(cold.scale_radius)
    np.testing.assert_allclose(ratio, c_cold / c_warm, rtol=1e-12)
    assert np.all(ratio > 1.0)
    np.testing.assert_allclose(np.asarray(population.truncation_radius), np.asarray(cold.truncation_radius), rtol=1e-14)


def test__population__warm_equals_its_profiles_under_use_cosmology():
    warm = agj.planck15.replace(m_wdm=3.0)
    masses = np.array([1e8, 1e10])
    population = agj.truncated_nfw_population_parameters(masses, cosmology=warm)
    with agj.use_cosmology(warm):
        profiles = [agj.NFWTruncatedMCRLudlowSphJax(mass_at_200=m) for m in masses]
    np.testing.assert_allclose(np.asarray(population.kappa_s), [p.kappa_s for p in profiles], rtol=1e-12)
    assert [p.scale_radius for p in profiles] == pytest.approx(list(np.asarray(population.scale_radius)), rel=1e-12)
