"""Warm dark matter: the Viel et al. (2005) suppression, the half-mode scale, sigma(R) of a warm spectrum.

Expected values come from the independent reference (``autogalaxy_jaxnfw.reference``: the
same published fit written again in NumPy, and sigma by adaptive quadrature without tables).
"""

import dataclasses
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.cosmology import sigma, tables, variance
from autogalaxy_jaxnfw.cosmology import warm_dark_matter as wdm

M_WDM = (1.0, 3.0, 6.0)
RADII = np.geomspace(1e-3, 40.0, 9)
K = np.geomspace(1e-3, 1e4, 400)


def _pair(m_wdm):
    return agj.planck15.replace(m_wdm=m_wdm), dataclasses.replace(ref.REF_PLANCK15, m_wdm=m_wdm)


@pytest.mark.parametrize("m_wdm", M_WDM)
def test__transfer_wdm__matches_reference(m_wdm):
    ours, reference = _pair(m_wdm)
    np.testing.assert_allclose(wdm.transfer_wdm(ours, K), ref.transfer_wdm(reference, K), rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(wdm.transfer_wdm(ours, K, np), ref.transfer_wdm(reference, K), rtol=1e-13, atol=1e-300)


@pytest.mark.parametrize("m_wdm", M_WDM)
def test__half_mode__transfer_is_one_half_and_mass_matches_reference(m_wdm):
    ours, reference = _pair(m_wdm)
    k_hm = float(wdm.half_mode_wavenumber(ours))
    assert float(wdm.transfer_wdm(ours, k_hm)) == pytest.approx(0.5, rel=1e-14)
    assert float(wdm.half_mode_mass(ours)) == pytest.approx(ref.half_mode_mass(reference), rel=1e-13)


def test__half_mode__mass_falls_with_particle_mass_and_vanishes_for_cold():
    masses = [float(wdm.half_mode_mass(agj.planck15.replace(m_wdm=m))) for m in M_WDM]
    assert masses[0] > masses[1] > masses[2] > 0.0
    # M_hm ~ alpha^3 ~ m_wdm^-3.33 (V05 eq. 7).
    assert masses[0] / masses[1] == pytest.approx(3.0 ** 3.33, rel=1e-12)
    np.testing.assert_array_equal(wdm.transfer_wdm(agj.planck15, K), 1.0)
    assert float(wdm.half_mode_mass(agj.planck15)) == 0.0


def test__cosmology__dark_matter_follows_m_wdm():
    warm = agj.planck18.replace(m_wdm=3.0)
    assert (agj.planck18.dark_matter, warm.dark_matter) == ("cold", "warm")
    assert warm.replace(m_wdm=math.inf) == agj.planck18
    assert warm.replace(sigma8=0.8).dark_matter == "warm"
    with pytest.raises(ValueError, match="dark_matter='cold' needs m_wdm = inf"):
        agj.Cosmology(h=0.7, Om0=0.3, Ob0=0.05, sigma8=0.8, ns=0.96, m_wdm=3.0, dark_matter="cold")


@pytest.mark.parametrize("m_wdm", M_WDM)
def test__sigma__warm_quadrature_and_series_match_reference(m_wdm):
    ours, reference = _pair(m_wdm)
    expected = ref.sigma(reference, RADII)
    # Table-free: the quadrature, normalised with the cold spectrum at 8 Mpc/h (measured <= 2e-10).
    s2 = sigma.sigma2_unnormalised(ours, tuple(RADII), np)
    s2_cold_8 = sigma.sigma2_unnormalised(ours, (8.0,), np, warm=False)[0]
    np.testing.assert_allclose(ours.sigma8 * np.sqrt(s2 / s2_cold_8), expected, rtol=1e-9)
    # Through the 128-node series of the tables (measured <= 4e-9).
    np.testing.assert_allclose(np.asarray(variance.sigma(ours, RADII)), expected, rtol=1e-8)


def test__sigma__warm_suppresses_small_scales_only():
    cold = np.asarray(variance.sigma(agj.planck15, RADII))
    warm = np.asarray(variance.sigma(agj.planck15.replace(m_wdm=1.0), RADII))
    assert np.all(np.diff(warm / cold) > 0.0)
    assert warm[0] / cold[0] < 0.5 and warm[-1] / cold[-1] == pytest.approx(1.0, abs=1e-4)


def test__cold__m_wdm_inf_keeps_the_shipped_tables_and_their_key():
    back_to_cold = agj.planck15.replace(m_wdm=3.0).replace(m_wdm=math.inf)
    assert tables.parameters(back_to_cold) == tables.parameters(agj.planck15)
    assert tables.tables_for(back_to_cold) is tables.tables_for(agj.planck15)
    assert tables._shipped(back_to_cold) is not None
    assert tables._shipped(agj.planck15.replace(m_wdm=3.0)) is None


def test__sigma__traced_inf_reproduces_cold_with_zero_derivative():
    # A traced m_wdm takes the warm program; at m_wdm = inf its suppression is exactly 1, so it
    # differs from the cold series only by where the quadrature is sampled (its own precision).
    ln_r = np.log(RADII)
    warm = lambda m: sigma.ln_sigma2(sigma.sigma_series(agj.planck15.replace(m_wdm=m)), ln_r)  # noqa: E731
    traced, derivative = jax.jit(jax.jvp, static_argnums=0)(warm, (jnp.inf,), (1.0,))
    cold = np.asarray(sigma.ln_sigma2(tables.tables_for(agj.planck15).sigma, ln_r))
    np.testing.assert_allclose(np.asarray(traced), cold, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(np.asarray(derivative), 0.0)


def test__sigma__gradient_wrt_m_wdm_matches_finite_differences():
    radii = (0.01, 0.1, 1.0)

    def ln_s2(m_wdm, xp):
        cosmo = agj.planck15.replace(m_wdm=m_wdm)
        s2 = sigma.sigma2_unnormalised(cosmo, radii, xp)
        return xp.log(s2) - xp.log(sigma.sigma2_unnormalised(cosmo, (8.0,), xp, warm=False)[0])

    m0, step = 3.0, 1e-3
    derivative = np.asarray(jax.jacfwd(lambda m: ln_s2(m, jnp))(m0))
    fd = (8.0 * (ln_s2(m0 + step, np) - ln_s2(m0 - step, np)) - (ln_s2(m0 + 2 * step, np) - ln_s2(m0 - 2 * step, np))) / (
        12.0 * step
    )
    np.testing.assert_allclose(derivative, fd, rtol=1e-7)
    assert np.all(derivative > 0.0)  # heavier particles, less suppression


def test__sigma__cold_cosmology_traced_as_a_whole_keeps_the_cold_program():
    def ln_s2(cosmo):
        return sigma.ln_sigma2(sigma.sigma_series(cosmo), np.log(0.1))

    # A cold cosmology traced as a whole keeps the cold program: d/d m_wdm is that at inf, 0.
    d_cosmo = jax.jit(jax.grad(ln_s2))(agj.planck15)
    assert d_cosmo.dark_matter == "cold" and float(d_cosmo.m_wdm) == 0.0 and np.isfinite(float(d_cosmo.Om0))
