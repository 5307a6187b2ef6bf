"""pyHalo's two-halo factor B against an adaptive-quadrature reference and colossus' two-halo term."""

import math

import jax
import numpy as np
import pytest
from autogalaxy.cosmology import Planck15
from autolens.lens.los import comoving_distance_mpc_from
from colossus.cosmology import cosmology as colossus_cosmology
from colossus.halo import mass_so
from colossus.lss.bias import twoHaloTerm
from scipy import integrate

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.populations.cone_volumes import cone_volume, two_halo_volume
from autogalaxy_jaxnfw.reference.correlation import two_halo_boost as reference_two_halo_boost

# pyHalo's CDM preset: host 10^13.3 Msun at z 0.5, slab of 0.02 in redshift.
HOST, Z_LENS, WINDOW = 10**13.3, 0.5, 0.02


def _slab():
    lensing = Planck15()
    return comoving_distance_mpc_from(Z_LENS + WINDOW, lensing) - comoving_distance_mpc_from(Z_LENS, lensing)


@pytest.mark.slow  # the reference's correlation function at every node of scipy's quad: ~5 s
def test__two_halo_boost__matches_adaptive_quadrature():
    expected = reference_two_halo_boost(ref.REF_PLANCK15, HOST, Z_LENS, 0.5, _slab())
    assert agj.two_halo_boost(HOST, Z_LENS) == pytest.approx(expected, rel=1e-8)


@pytest.mark.parametrize("lazar", [True, False])
def test__two_halo_boost__agrees_with_colossus_two_halo_term_within_its_error(lazar):
    # pyHalo's integrand: colossus' twoHaloTerm over rho_m (Tinker et al. 2010 bias, its correlation function).
    cosmo = colossus_cosmology.setCosmology("planck15")
    h, r_max = cosmo.h, _slab()
    r200 = mass_so.M_to_R(HOST * h, Z_LENS, "200c") / h * 1e-3

    def excess(r):
        value = twoHaloTerm(r * h, HOST * h, Z_LENS, mdef="200c") / cosmo.rho_m(Z_LENS)
        return value + (0.1 * (r / r200 / 5.0) ** -4 if lazar else 0.0)

    expected = 2.0 * integrate.quad(excess, 0.5, r_max, epsrel=1e-10, limit=200)[0] / (r_max - 0.5)
    # colossus' correlation function is ~1e-4 - 5e-3 from the quadrature over these radii.
    assert agj.two_halo_boost(HOST, Z_LENS, lazar=lazar) == pytest.approx(expected, rel=2e-3)


def test__two_halo_boost__warm_cosmology_uses_its_cold_spectrum():
    assert agj.two_halo_boost(HOST, Z_LENS, agj.planck15.replace(m_wdm=3.0)) == agj.two_halo_boost(HOST, Z_LENS)


# host_mass 1e18 Msun: beyond the bias' sigma tables, B was NaN (regression, contract/test_realisations_contract.py).
@pytest.mark.parametrize("name, value", [("host_mass", -1e13), ("host_mass", math.nan), ("host_mass", 1e18), ("z_lens", -0.1),
                                         ("window", 0.0), ("r_min", 0.0)])
def test__two_halo_boost__argument_outside_domain_named(name, value):
    arguments = dict(host_mass=HOST, z_lens=Z_LENS)
    arguments[name] = value
    with pytest.raises(ValueError, match=name):
        agj.two_halo_boost(**arguments)


def test__two_halo_boost__slab_thinner_than_r_min_is_the_integrand_at_its_depth():
    # Regression (contract/test_realisations_contract.py): a window whose slab is thinner than
    # r_min (r_min = min(r_min, r_max) = r_max) gave 0 / 0 = NaN.  The mean of the integrand over
    # [r_max (1 - 1e-7), r_max] by the reference's quadrature is its value at r_max.
    window = 1e-4
    lensing = Planck15()
    r_max = comoving_distance_mpc_from(Z_LENS + window, lensing) - comoving_distance_mpc_from(Z_LENS, lensing)
    assert r_max < 0.5
    expected = reference_two_halo_boost(ref.REF_PLANCK15, HOST, Z_LENS, r_max * (1.0 - 1e-7), r_max)
    assert agj.two_halo_boost(HOST, Z_LENS, window=window) == pytest.approx(expected, rel=1e-6)


def test__two_halo_boost__traced_argument_named():
    with pytest.raises(TypeError, match="host_mass"):
        jax.jit(lambda m: agj.two_halo_boost(m, Z_LENS))(HOST)


def test__two_halo_boost__feeds_the_realisation_layout():
    boost = agj.two_halo_boost(HOST, Z_LENS)
    config = agj.RealisationConfig(z_lens=Z_LENS, z_source=2.0, cone_radius=3.0, m_min=1e6, m_max=1e10, cone="double_cone",
                                   two_halo_boost=boost, two_halo_window=WINDOW)
    slab = cone_volume(config, Planck15(), Z_LENS, Z_LENS + WINDOW)
    assert two_halo_volume(config, Planck15()) == pytest.approx(boost * slab, rel=1e-14)
