"""Negative convergence sheets of line-of-sight planes (autogalaxy_jaxnfw.populations.los_sheets) and
``Ludlow16LOSSampler``'s sheets.

References: autolens' ``los.negative_kappa_from`` (LOSSampler's own double integral, SciPy
``quad`` with ``fsolve`` for the truncation radius), and the same integral done here with
SciPy ``quad`` over ln m and log10 c, ``brentq`` for the truncation radius and autolens'
``_mass_ratio_from_concentration_and_tau`` (the total mass of the sampler's
``NFWTruncatedSph`` haloes over M200).
"""

import numpy as np
import pytest
from autogalaxy.cosmology import Planck15
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autolens.lens import los
from scipy.integrate import quad
from scipy.optimize import brentq

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.populations.los_sampling import Ludlow16LOSSampler
from autogalaxy_jaxnfw.populations.los_sheets import sheet_mass_integral, truncation_tau

Z_SOURCE = 2.0
MASS_FUNCTION = (-1.9, 8.0)  # dn/dm = 10^B m^A, illustrative
# The line autolens' LOS scripts fall back to without colossus: far from Ludlow et al. (2016).
FALLBACK_LINE = (-3.0, 40.0)


def _tau_of(c, truncation_factor=100.0):
    mean = (200.0 / 3.0) * c**3 / (np.log1p(c) - c / (1.0 + c))
    return brentq(lambda t: truncation_factor / 3.0 * t**3 / (np.log1p(t) - t / (1.0 + t)) - mean, 1e-3, 1e4,
                  xtol=1e-14, rtol=1e-15)


def _plane_integrand(concentration_of_mass, ln_m, c_scatter, truncation_factor=100.0):
    """dn/dm m^2 <M_t / M_200> at m = e^ln_m (the integrand in ln m) for the power law MASS_FUNCTION."""
    centre = np.log10(concentration_of_mass(np.exp(ln_m)))

    def at(lgc):
        c = 10.0**lgc
        density = np.exp(-0.5 * ((lgc - centre) / c_scatter) ** 2) / (np.sqrt(2.0 * np.pi) * c_scatter)
        return los._mass_ratio_from_concentration_and_tau(c, _tau_of(c, truncation_factor)) * density

    mean = quad(at, centre - 4.0 * c_scatter, centre + 4.0 * c_scatter, epsabs=0.0, epsrel=1e-11)[0]
    m = np.exp(ln_m)
    return 10.0 ** MASS_FUNCTION[1] * m ** (MASS_FUNCTION[0] + 2.0) * mean


def reference_integral(concentration_of_mass, m_min, m_max, c_scatter, truncation_factor=100.0):
    """int dn/dm m <M_t / M_200> dm by nested SciPy quad."""
    return quad(lambda ln_m: _plane_integrand(concentration_of_mass, ln_m, c_scatter, truncation_factor),
                np.log(m_min), np.log(m_max), epsabs=0.0, epsrel=1e-11)[0]


def test__truncation_tau__equals_autogalaxy_truncation_of_from_m200_concentration():
    concentration = np.array([0.5, 4.0, 15.0, 60.0])
    expected = [NFWTruncatedSph._concentration_at_overdensity_factor(c, 100.0) for c in concentration]
    np.testing.assert_allclose(truncation_tau(concentration, 100.0), expected, rtol=1e-10)


def test__sheet_mass_integral__equals_autolens_negative_kappa_integral():
    cosmology = Planck15()
    # negative_kappa_from = -I V / Sigma_cr: with V = 1 Mpc^3 / arcsec^2, I = -kappa Sigma_cr [Msun / Mpc^2].
    kappa = los.negative_kappa_from(0.5, 1.0, *MASS_FUNCTION, *FALLBACK_LINE, 1e8, 1e10, Z_SOURCE, 100.0, 0.15,
                                    cosmology, quad_epsrel=1e-11)
    sigma_cr = 1e6 * cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_0=0.5, redshift_1=Z_SOURCE)
    ours = sheet_mass_integral(lambda m: FALLBACK_LINE[0] * np.log10(m) + FALLBACK_LINE[1], 1e8, 1e10,
                               *MASS_FUNCTION, 0.15)
    np.testing.assert_allclose(ours, -kappa * sigma_cr, rtol=1e-9)


def test__sheet_mass_integral__any_mass_function_equals_reference():
    """A dn/dm given as a function (the exact option's) instead of coefficients: a curved one against quad."""
    def dn_dm(m):
        return 10.0 ** MASS_FUNCTION[1] * m ** MASS_FUNCTION[0] * np.exp(-m / 3e9)

    def relation(m):
        return FALLBACK_LINE[0] * np.log10(m) + FALLBACK_LINE[1]

    ours = sheet_mass_integral(relation, 1e8, 1e10, 0.0, 0.0, 0.15, dn_dm=dn_dm)
    damped = quad(lambda ln_m: np.exp(-np.exp(ln_m) / 3e9) * _plane_integrand(relation, ln_m, 0.15), np.log(1e8),
                  np.log(1e10), epsabs=0.0, epsrel=1e-11)[0]
    np.testing.assert_allclose(ours, damped, rtol=1e-9)


@pytest.fixture(scope="module")
def fallback_samplers():
    """LOSSampler on the fallback line and Ludlow16LOSSampler with the same draws, autolens' test mode."""
    patch = pytest.MonkeyPatch()
    patch.setenv("PYAUTO_TEST_MODE", "1")
    try:
        kwargs = dict(z_lens=0.5, z_source=Z_SOURCE, planes_before_lens=1, planes_after_lens=1, m_min=1e8,
                      m_max=1e10, cone_radius_arcsec=3.0, c_scatter=0.15, seed=3,
                      mass_function_coefficients=np.array([MASS_FUNCTION] * 3),
                      mass_concentration_coefficients=np.array([FALLBACK_LINE] * 3))
        exact = Ludlow16LOSSampler(**kwargs)
        line = los.LOSSampler(**kwargs)
        sheets = [[f.mass_sheet.kappa for f in sampler.fields_from()] for sampler in (line, exact)]
    finally:
        patch.undo()
    return sheets


def test__ludlow16_los_sampler__sheets_cancel_the_mean_convergence_of_its_haloes(fallback_samplers):
    """Each plane's sheet is -(V / Sigma_cr) I: LOSSampler's is that of its line, ours must be that of the
    concentrations our haloes get (exact c x 10^delta), so the ratio of the two sheets is I(exact) / I(line)."""
    sheets_line, sheets_exact = fallback_samplers
    _, centres = los.los_planes_from(z_lens=0.5, z_source=Z_SOURCE, planes_before_lens=1, planes_after_lens=1)
    for z, line, exact in zip(centres, sheets_line, sheets_exact):
        log10_mass = np.linspace(7.9, 10.1, 2201)
        c_table = np.log10(np.asarray(agj.concentration_ludlow16(10.0**log10_mass * agj.planck15.h, z, agj.planck15)))
        relation = lambda m: 10.0 ** np.interp(np.log10(m), log10_mass, c_table)  # noqa: E731
        on_line = lambda m: FALLBACK_LINE[0] * np.log10(m) + FALLBACK_LINE[1]  # noqa: E731
        expected = reference_integral(relation, 1e8, 1e10, 0.15) / reference_integral(on_line, 1e8, 1e10, 0.15)
        # The fallback line is far from the relation: the sheets must move by more than the tolerance.
        assert abs(expected - 1.0) > 1e-3
        np.testing.assert_allclose(exact / line, expected, rtol=1e-6)
