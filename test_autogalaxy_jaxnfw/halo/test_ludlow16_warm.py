"""Ludlow et al. (2016) on a warm-dark-matter spectrum: against the reference, colossus, and differentiated.

Ludlow et al. (2016, sec. 5) showed that their model, run on a warm spectrum, reproduces the
concentrations of warm-dark-matter simulations: nothing of the relation changes but sigma(M).
"""

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.cosmology import sigma
from autogalaxy_jaxnfw.cosmology.transfer import transfer_eh98
from autogalaxy_jaxnfw.cosmology.warm_dark_matter import transfer_wdm

MASSES = np.array([1e6, 1e8, 1e10, 1e12, 1e14])


def _pair(m_wdm):
    return agj.planck15.replace(m_wdm=m_wdm), dataclasses.replace(ref.REF_PLANCK15, m_wdm=m_wdm)


@pytest.mark.parametrize("m_wdm, z", [(1.0, 0.0), (3.0, 2.0)])
def test__ludlow16_warm__every_method_matches_reference(m_wdm, z):
    ours, reference = _pair(m_wdm)
    expected = np.array([ref.concentration_ludlow16(reference, m, z)[0] for m in MASSES])
    for method in ("secant", "bracketed"):
        c, valid = agj.concentration_ludlow16_with_mask(MASSES, z, ours, method=method)
        assert np.all(np.asarray(valid))
        # Measured <= 5e-9: the 128-node sigma and spread series of a warm spectrum.
        np.testing.assert_allclose(np.asarray(c), expected, rtol=1e-8)
    series = jax.jit(lambda m: agj.concentration_ludlow16(m, z, ours))(jnp.asarray(MASSES))
    np.testing.assert_allclose(np.asarray(series), expected, rtol=1e-8)
    cold = np.asarray(agj.concentration_ludlow16(MASSES, z, agj.planck15))
    assert np.all(np.diff(expected / cold) > 0.0) and expected[0] / cold[0] < 0.5


def test__ludlow16_warm__suppression_matches_colossus_fed_the_same_spectrum(tmp_path):
    colossus_cosmology = pytest.importorskip("colossus.cosmology.cosmology")
    colossus_concentration = pytest.importorskip("colossus.halo.concentration")
    masses, z = np.array([1e8, 1e10, 1e12]), 0.0
    k = np.logspace(-6, 5, 2201)
    ratios = {}
    for m_wdm in (np.inf, 3.0):
        ours = agj.planck15.replace(m_wdm=m_wdm)
        power = k**ours.ns * (transfer_eh98(ours, k, np) * transfer_wdm(ours, k, np)) ** 2
        path = tmp_path / f"pk_{m_wdm}.txt"
        np.savetxt(path, np.array([np.log10(k), np.log10(power)]).T)
        # colossus normalises a tabulated spectrum to its own sigma8: give it the warm one's.
        s2 = sigma.sigma2_unnormalised(ours, (8.0,), np)[0] / sigma.sigma2_unnormalised(ours, (8.0,), np, warm=False)[0]
        params = dict(colossus_cosmology.cosmologies["planck15"], sigma8=ours.sigma8 * np.sqrt(s2))
        # Without interpolation colossus integrates sigma(R) exactly: its own sigma table cannot
        # follow a warm spectrum's flattening (errors of 1e-1 in c below the half-mode mass).
        colossus_cosmology.setCosmology(f"wdm_test_{m_wdm}", params=params, persistence="r", interpolation=False)
        theirs = colossus_concentration.modelLudlow16(masses, z, ps_args=dict(model=f"pk_{m_wdm}", path=str(path)))[0]
        ratios[m_wdm] = (theirs, np.asarray(agj.concentration_ludlow16(masses, z, ours)))
    suppression_colossus = ratios[3.0][0] / ratios[np.inf][0]
    suppression_ours = ratios[3.0][1] / ratios[np.inf][1]
    # colossus' 200-point c grid with linear interpolation (measured 1e-4 to 6e-4 in c).
    np.testing.assert_allclose(suppression_colossus, suppression_ours, rtol=1e-3)
    assert np.all(suppression_ours < 1.0)


def test__ludlow16_warm__gradient_wrt_m_wdm_matches_finite_differences():
    masses, z = jnp.array([1e7, 1e9, 1e11]), 0.5

    def c_of(m_wdm):
        return agj.concentration_ludlow16(masses, z, agj.planck15.replace(m_wdm=m_wdm))

    m0, step = 3.0, 1e-3
    derivative = np.asarray(jax.jit(jax.jacfwd(c_of))(m0))
    fd = (8.0 * (c_of(m0 + step) - c_of(m0 - step)) - (c_of(m0 + 2 * step) - c_of(m0 - 2 * step))) / (12.0 * step)
    np.testing.assert_allclose(derivative, np.asarray(fd), rtol=1e-6)
    assert np.all(derivative > 0.0)
