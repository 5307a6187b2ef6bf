"""autolens' line-of-sight mass function without ``hmf`` (autogalaxy_jaxnfw.populations.los_mass_function)
and ``Ludlow16LOSSampler``'s two mass functions.

References: colossus' ``massFunction(..., mdef="fof", model="sheth99")`` and the package's quadrature
reference (:mod:`autogalaxy_jaxnfw.reference.mass_function`) fitted by ``np.polyfit`` on autolens'
grid (the line); autolens' ``LOSSampler`` with the same seed and lines (the draws); the number of
haloes between two masses, int dn/dm dm by Gauss-Legendre quadrature of the package's dn/dm (the
counts per mass bin of the exact option).
"""

import sys

import numpy as np
import pytest
from autogalaxy.cosmology import Planck15
from autolens.lens import los

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.populations import los_mass_function as lmf
from autogalaxy_jaxnfw.populations.los_sampling import Ludlow16LOSSampler, m200_concentration_from_nfw

Z_SOURCE = 2.0
M_MIN, M_MAX = 1e7, 1e10
# autolens' grid: the abscissae in Msun, hmf's masses in Msun/h.
LOG10_MASS = np.arange(5.9, 10.1, 0.1)


def _hmf_masses(h):
    return 10.0 ** np.arange(5.9 + np.log10(h), 10.1 + np.log10(h), 0.1)


def test__mass_function_line__equals_fit_to_colossus_smt():
    from colossus.cosmology import cosmology as colossus_cosmology
    from colossus.lss import mass_function as colossus_mass_function

    colossus_cosmology.setCosmology("planck15")
    h = agj.planck15.h
    for z in (0.2, 1.5):
        dn_dlnm = colossus_mass_function.massFunction(_hmf_masses(h), z, q_in="M", q_out="dndlnM", mdef="fof",
                                                      model="sheth99")
        slope, intercept = np.polyfit(LOG10_MASS, np.log10(dn_dlnm / _hmf_masses(h) * h**4), 1)
        ours = lmf.mass_function_line(z, agj.planck15)
        # colossus' SMT is off the quadrature reference by <= 2.5e-3 (docs/research/abundance.md):
        # <= 1.1e-3 in log10 dn/dm, nearly constant over these masses.
        assert abs(ours[0] - slope) < 1e-4
        assert abs(ours[1] - intercept) < 1.1e-3


@pytest.mark.slow
def test__mass_function_line__equals_fit_to_quadrature_reference():
    from autogalaxy_jaxnfw.reference import REF_PLANCK15
    from autogalaxy_jaxnfw.reference import mass_function as reference

    h, z = agj.planck15.h, 0.5
    dn_dlnm = reference.mass_function(REF_PLANCK15, _hmf_masses(h), z, "fof", "sheth99", "dndlnM")
    expected = np.polyfit(LOG10_MASS, np.log10(dn_dlnm / _hmf_masses(h) * h**4), 1)
    # dn/dlnM to ~1e-9 (test_mass_function): the coefficients to a few 1e-9.
    np.testing.assert_allclose(lmf.mass_function_line(z, agj.planck15), expected, rtol=0.0, atol=1e-8)


def test__mass_function_cosmology__hmf_reads_h_om0_ob0_tcmb0_and_keeps_its_spectrum():
    from astropy.cosmology import LambdaCDM, Planck15 as AstropyPlanck15

    for source in (Planck15(), AstropyPlanck15):
        cosmology = lmf.mass_function_cosmology(source)
        assert (cosmology.h, cosmology.Om0, cosmology.Ob0, cosmology.Tcmb0) == pytest.approx((0.6774, 0.3075, 0.0486, 2.7255))
        assert (cosmology.sigma8, cosmology.ns) == (0.8159, 0.9667)
    with pytest.raises(ValueError, match="flat"):
        lmf.mass_function_cosmology(LambdaCDM(H0=70.0, Om0=0.3, Ode0=0.6, Ob0=0.05))
    with pytest.raises(ValueError, match="cosmology"):
        lmf.mass_function_cosmology("planck15")


def test__mass_function_line__invalid_redshift_named():
    for z in (-0.5, np.nan):
        with pytest.raises(ValueError, match="redshift"):
            lmf.mass_function_line(z, agj.planck15)


def test__ludlow16_los_sampler__invalid_arguments_named():
    with pytest.raises(ValueError, match="mass_function"):
        Ludlow16LOSSampler(z_lens=0.5, z_source=Z_SOURCE, mass_function="hmf")
    for cosmology in ("planck15", agj.planck15.replace(m_wdm=3.0)):
        with pytest.raises(ValueError, match="mass_function_cosmology"):
            Ludlow16LOSSampler(z_lens=0.5, z_source=Z_SOURCE, mass_function_cosmology=cosmology)
    with pytest.raises(ValueError, match="mass_function_coefficients"):
        Ludlow16LOSSampler(z_lens=0.5, z_source=Z_SOURCE, mass_function="exact",
                           mass_function_coefficients=np.array([[-1.9, 8.0]] * 3))


KWARGS = dict(z_lens=0.5, z_source=Z_SOURCE, planes_before_lens=1, planes_after_lens=1, m_min=M_MIN, m_max=M_MAX,
              cone_radius_arcsec=5.0, c_scatter=0.15, seed=7)


def _sample(**kwargs):
    """Ludlow16LOSSampler and autolens' LOSSampler on its lines, same seed, in autolens' test mode (<= 3 haloes
    per plane) and with ``hmf`` made unimportable."""
    patch = pytest.MonkeyPatch()
    patch.setenv("PYAUTO_TEST_MODE", "1")
    patch.setitem(sys.modules, "hmf", None)  # any `import hmf` raises ImportError
    try:
        ours = Ludlow16LOSSampler(**KWARGS, **kwargs)
        halos, sheets = ours.galaxies_and_fields_from()
        autolens = los.LOSSampler(**KWARGS, mass_function_coefficients=ours.mass_function_coefficients,
                                  mass_concentration_coefficients=ours.mass_concentration_coefficients)
        halos_autolens = autolens.galaxies_from(sheets_as_fields=True)
    finally:
        patch.undo()
    return ours, halos, sheets, halos_autolens


@pytest.fixture(scope="module")
def line_sampler():
    return _sample()


@pytest.fixture(scope="module")
def exact_sampler():
    return _sample(mass_function="exact")


def _masses(halos):
    return np.array([m200_concentration_from_nfw([g.mass.kappa_s], [g.mass.scale_radius], g.redshift, Z_SOURCE,
                                                 Planck15())[0][0] for g in halos])


def test__ludlow16_los_sampler__runs_without_hmf_on_the_package_line(line_sampler):
    line, halos, sheets, _ = line_sampler
    assert len(halos) >= 6 and len(sheets) == 3
    assert all(s.mass_sheet.kappa < 0.0 for s in sheets)
    _, centres = los.los_planes_from(0.5, Z_SOURCE, 1, 1)
    cosmology = lmf.mass_function_cosmology(Planck15())
    np.testing.assert_allclose(line.mass_function_coefficients,
                               [lmf.mass_function_line(z, cosmology) for z in centres], rtol=1e-14)


def test__ludlow16_los_sampler__same_seed_same_haloes_as_los_sampler_on_the_same_line(line_sampler):
    _, ours, _, theirs = line_sampler
    assert len(ours) == len(theirs)
    assert [g.redshift for g in ours] == [g.redshift for g in theirs]
    assert [g.mass.centre for g in ours] == [g.mass.centre for g in theirs]
    np.testing.assert_allclose(_masses(ours), _masses(theirs), rtol=1e-11)


@pytest.mark.slow
def test__ludlow16_los_sampler__exact_counts_and_masses(exact_sampler):
    exact, ours, sheets, theirs = exact_sampler
    assert all(s.mass_sheet.kappa < 0.0 for s in sheets)
    cosmology = exact.mass_function_cosmology
    _, centres = los.los_planes_from(0.5, Z_SOURCE, 1, 1)
    # The lines LOSSampler drew from hold the exact number of haloes per volume: its Poisson means are exact.
    slopes, norms = exact.mass_function_coefficients.T
    np.testing.assert_allclose(los.number_of_halos_from(slopes, norms, M_MIN, M_MAX, 1.0),
                               lmf.number_density_msun(M_MIN, M_MAX, centres, cosmology), rtol=1e-12)
    # Same draws as LOSSampler on those lines; each mass moved to the exact one at the line's cumulative fraction.
    assert [g.mass.centre for g in ours] == [g.mass.centre for g in theirs]
    redshifts = np.array([g.redshift for g in theirs])
    slope = slopes[np.searchsorted(centres, redshifts)]
    m_line = _masses(theirs)
    fraction = (m_line ** (1 + slope) - M_MIN ** (1 + slope)) / (M_MAX ** (1 + slope) - M_MIN ** (1 + slope))
    expected = lmf.mass_at_number_fraction_msun(fraction, M_MIN, M_MAX, redshifts, cosmology)
    np.testing.assert_allclose(_masses(ours), expected, rtol=1e-10)


@pytest.mark.slow
def test__ludlow16_los_sampler__exact_counts_per_mass_bin_match_the_integral(exact_sampler):
    """Masses drawn from a plane's line as LOSSampler draws them, moved by the sampler onto the exact function:
    their counts per mass bin are the exact function's, within Poisson error."""
    exact = exact_sampler[0]
    _, centres = los.los_planes_from(0.5, Z_SOURCE, 1, 1)
    cosmology, z, n = exact.mass_function_cosmology, centres[0], 400
    slope, norm = exact.mass_function_coefficients[0]
    line_masses = los.sample_halo_masses(n, M_MIN, M_MAX, slope, norm, seed=11)
    masses = exact._exact_masses([line_masses], [z])[0]
    edges = np.logspace(7.0, 10.0, 7)
    counts = np.histogram(masses, edges)[0]
    # int dn/dm dm per bin by Gauss-Legendre in ln m (the integrand is smooth).
    nodes, weights = np.polynomial.legendre.leggauss(32)
    ln_edges = np.log(edges)
    half = 0.5 * np.diff(ln_edges)[:, None]
    ln_m = 0.5 * (ln_edges[:-1, None] + ln_edges[1:, None]) + half * nodes
    per_bin = np.sum(half * weights * lmf.dn_dm_msun(np.exp(ln_m), z, cosmology) * np.exp(ln_m), axis=1)
    expected = n * per_bin / per_bin.sum()
    np.testing.assert_allclose(per_bin.sum(), lmf.number_density_msun(M_MIN, M_MAX, z, cosmology), rtol=1e-9)
    assert np.all(np.abs(counts - expected) <= 3.5 * np.sqrt(expected)), (counts, expected)
