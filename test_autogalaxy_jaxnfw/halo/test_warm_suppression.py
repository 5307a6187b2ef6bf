"""The Bose et al. (2016) warm-dark-matter suppression factor for cold relations."""

import dataclasses

import jax
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.halo.warm_suppression import bose16_suppression


def test__bose16__matches_eq17_with_the_reference_half_mode_mass():
    masses, z = np.array([1e7, 1e9, 1e11]), 1.0
    warm = agj.planck15.replace(m_wdm=3.0)
    m_hm = ref.half_mode_mass(dataclasses.replace(ref.REF_PLANCK15, m_wdm=3.0))
    expected = (1.0 + 60.0 * m_hm / masses) ** -0.17 * 2.0 ** (0.026 - 0.04)
    np.testing.assert_allclose(np.asarray(bose16_suppression(masses, z, warm)), expected, rtol=1e-13)


def test__bose16__cold_is_one_and_large_masses_tend_to_the_redshift_term():
    assert np.all(np.asarray(bose16_suppression(np.array([1e6, 1e12]), 2.0, agj.planck15)) == 1.0)
    warm = agj.planck15.replace(m_wdm=3.0)
    assert float(bose16_suppression(1e20, 0.0, warm)) == pytest.approx(1.0, abs=1e-9)
    factors = np.asarray(bose16_suppression(np.logspace(6, 12, 7), 0.0, warm))
    assert np.all(np.diff(factors) > 0.0) and factors[0] < 0.5


def test__bose16__gradient_wrt_m_wdm_matches_finite_differences():
    f = lambda m: bose16_suppression(1e8, 0.5, agj.planck15.replace(m_wdm=m))  # noqa: E731
    step = 1e-4
    fd = (float(f(3.0 + step)) - float(f(3.0 - step))) / (2.0 * step)
    assert float(jax.grad(f)(3.0)) == pytest.approx(fd, rel=1e-7)
