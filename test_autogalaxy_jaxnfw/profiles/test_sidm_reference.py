"""The SIDM siblings' derived radii and densities against ``autogalaxy_jaxnfw.reference.sidm``.

The reference solves the same conditions by Brent's method with the isothermal sphere from an
rtol-1e-13 integration; autogalaxy's table (which the Kaplinghat sibling reads, linearly) is
within ~1e-5 of it, so the Kaplinghat core is compared to 1e-4 and everything else to 1e-9.
"""

import math

import numpy as np
import pytest
from autogalaxy.cosmology.model import Planck15
from autogalaxy.profiles.mass.dark.kaplinghat import _isothermal_lane_emden_table

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.reference import sidm

HALO = dict(redshift_object=0.5, redshift_source=1.5)


def _nfw_in_kpc(halo):
    """(rho_s [Msun / kpc^3], r_s [kpc], kpc per arcsec, Sigma_crit [Msun / kpc^2]) of a sibling."""
    cosmology = Planck15()
    kpc = cosmology.kpc_per_arcsec_from(redshift=0.5, xp=np)
    sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(0.5, 1.5, xp=np)
    r_s = float(halo.scale_radius) * kpc
    return float(halo.kappa_s) * sigma_crit / r_s, r_s, kpc, sigma_crit


def test__isothermal_sphere__matches_autogalaxy_table_at_its_nodes():
    table = _isothermal_lane_emden_table()
    nodes = slice(0, None, 97)
    values = np.array([sidm.isothermal_sphere(y) for y in table[0][nodes]])
    np.testing.assert_allclose(values[:, 0], table[1][nodes], rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(values[:, 1], table[2][nodes], rtol=1e-6)


@pytest.mark.parametrize("mass", [1e9, 1e11, 1e13])
def test__kaplinghat__interaction_radius_and_core_match_reference(mass):
    halo = agj.KaplinghatCoredNFWMCRLudlowSphJax(mass_at_200=mass, sigma_over_m=3.0, t_age=10.0, **HALO)
    rho_s, r_s, kpc, sigma_crit = _nfw_in_kpc(halo)
    r_200 = (3.0 * mass / (4.0 * math.pi * 200.0 * Planck15().critical_density(0.5, xp=np))) ** (1.0 / 3.0)
    density, r_1 = sidm.kaplinghat_density(rho_s, r_s, r_200 / r_s, 3.0, 10.0)
    assert float(halo.interaction_radius) * kpc == pytest.approx(r_1, rel=1e-9)
    # The central density in the sibling's units (kappa_s / arcsec): rho [Msun / kpc^3] kpc / Sigma_crit.
    assert float(halo.central_density) == pytest.approx(density(1e-9 * r_1) * kpc / sigma_crit, rel=1e-4)


@pytest.mark.parametrize("velocity_exponent", [0.0, 1.0])
def test__yang24__evolved_parameters_match_reference(velocity_exponent):
    halo = agj.YangSIDMMCRLudlowSphJax(
        mass_at_200=1e11, sigma_over_m=30.0, velocity_exponent=velocity_exponent, velocity_ref=30.0, t_age=10.0, **HALO
    )
    rho_s, r_s, kpc, sigma_crit = _nfw_in_kpc(halo)
    density, r_c = sidm.yang24_density(rho_s, r_s, 30.0, velocity_exponent, 30.0, 10.0)
    assert 0.0 < float(halo.tau) < 1.0
    assert float(halo.core_radius_evolved) * kpc == pytest.approx(r_c, rel=1e-9)
    r = 0.7 * r_c
    r_tilde = (r**4 + r_c**4) ** 0.25
    ours = float(halo.rho_s_evolved) / (r_tilde / (float(halo.scale_radius_evolved) * kpc) * (1 + r / (float(halo.scale_radius_evolved) * kpc)) ** 2)
    assert ours == pytest.approx(density(r) * kpc / sigma_crit, rel=1e-9)
