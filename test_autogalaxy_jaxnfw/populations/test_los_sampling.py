"""Exact Ludlow et al. (2016) concentrations for autolens' LOSSampler (autogalaxy_jaxnfw.populations.los_sampling).

References: autogalaxy's ``NFWTruncatedSph.from_m200_concentration`` (the constructor the
inversion undoes), autolens' ``LOSSampler`` with the same seed (the draws), colossus'
``ludlow16`` (the concentrations and autolens' straight-line fit to them).
"""

import numpy as np
import pytest
from autogalaxy.cosmology import Planck15
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autolens.lens import los

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.populations.los_sampling import Ludlow16LOSSampler, m200_concentration_from_nfw, mass_concentration_line

colossus_concentration = pytest.importorskip("colossus.halo.concentration").concentration

Z_SOURCE = 2.0


def test__m200_concentration_from_nfw__inverts_from_m200_concentration():
    cosmology = Planck15()
    masses, concentrations = np.array([1e7, 3e8, 1e10]), np.array([25.0, 2.0, 11.0])
    halos = [
        NFWTruncatedSph.from_m200_concentration(m200_solar_mass=m, concentration=c, redshift_halo=0.8,
                                                redshift_source=Z_SOURCE, cosmology=cosmology)
        for m, c in zip(masses, concentrations)
    ]
    m200, concentration = m200_concentration_from_nfw(
        [h.kappa_s for h in halos], [h.scale_radius for h in halos], 0.8, Z_SOURCE, cosmology
    )
    np.testing.assert_allclose(m200, masses, rtol=1e-12)
    np.testing.assert_allclose(concentration, concentrations, rtol=1e-12)


def test__mass_concentration_line__equals_autolens_fit_to_colossus():
    for z in (0.2, 1.4):
        np.testing.assert_allclose(mass_concentration_line(z, agj.planck15), los.mass_concentration_ab_from(z),
                                   rtol=1e-3)


@pytest.fixture(scope="module")
def samplers():
    """One LOSSampler and one Ludlow16LOSSampler, same seed, in autolens' test mode (<= 3 haloes per plane)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("PYAUTO_TEST_MODE", "1")
    try:
        kwargs = dict(z_lens=0.5, z_source=Z_SOURCE, planes_before_lens=2, planes_after_lens=2, m_min=1e7,
                      m_max=1e10, cone_radius_arcsec=3.0, c_scatter=1e-6, seed=5,
                      # Illustrative mass functions: enough haloes for the test-mode cap in every plane.
                      mass_function_coefficients=np.array([[-1.9, 8.0]] * 5))
        exact = Ludlow16LOSSampler(**kwargs)
        halos_exact, sheets_exact = exact.galaxies_and_fields_from()
        line = los.LOSSampler(**kwargs, mass_concentration_coefficients=exact.mass_concentration_coefficients)
        halos_line, sheets_line = line.galaxies_and_fields_from()
    finally:
        patch.undo()
    return halos_line, sheets_line, halos_exact, sheets_exact


def _masses_and_concentrations(halos):
    pairs = [m200_concentration_from_nfw([g.mass.kappa_s], [g.mass.scale_radius], g.redshift, Z_SOURCE, Planck15())
             for g in halos]
    return np.array([p[0][0] for p in pairs]), np.array([p[1][0] for p in pairs])


def test__ludlow16_los_sampler__same_haloes_and_sheets_as_los_sampler(samplers):
    halos_line, sheets_line, halos_exact, sheets_exact = samplers
    assert len(halos_exact) == len(halos_line) >= 10
    assert [g.redshift for g in halos_exact] == [g.redshift for g in halos_line]
    assert [g.mass.centre for g in halos_exact] == [g.mass.centre for g in halos_line]
    np.testing.assert_allclose(_masses_and_concentrations(halos_exact)[0], _masses_and_concentrations(halos_line)[0],
                               rtol=1e-12)
    assert [s.mass_sheet.kappa for s in sheets_exact] == [s.mass_sheet.kappa for s in sheets_line]


def test__ludlow16_los_sampler__concentrations_on_colossus_relation_closer_than_the_line(samplers):
    halos_line, _, halos_exact, _ = samplers
    redshifts = np.array([g.redshift for g in halos_exact])
    masses, exact = _masses_and_concentrations(halos_exact)
    _, line = _masses_and_concentrations(halos_line)
    colossus = np.array([colossus_concentration(m * agj.planck15.h, "200c", z, model="ludlow16")
                         for m, z in zip(masses, redshifts)])
    # With no scatter: colossus' relation to its own accuracy (a few 1e-4); the straight line
    # is off it by ~1e-3 over these masses (docs/research/workflows.md).
    np.testing.assert_allclose(exact, colossus, rtol=1e-3)
    assert np.mean(np.abs(exact / colossus - 1.0)) < 0.5 * np.mean(np.abs(line / colossus - 1.0))
