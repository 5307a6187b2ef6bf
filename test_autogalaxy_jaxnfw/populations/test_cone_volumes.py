"""The realisations' double cone and two-halo volume (populations/cone_volumes.py) against an independent computation.

Reference: pyHalo's ``DoubleCone`` written again here with astropy's Planck15 distances (the same
parameters as autogalaxy's Planck15, an independent implementation: the two agree to ~1e-5 in
D_M and E(z), hence rtol 1e-4 on volumes) and scipy's adaptive quadrature over each slab:
V = int pi (theta(z) D_M(z))^2 D_H / E(z) dz, theta = R behind-the-lens-scaled by
1 - 0.95 (D_s / D_ls)(D_l(z) / D(z)).
"""

import dataclasses

import numpy as np
import pytest
from astropy.cosmology import Planck15
from autogalaxy.cosmology import Planck15 as AutogalaxyPlanck15
from autolens.lens.los import los_planes_from
from scipy import integrate

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.populations.cone_volumes import geometry

CONFIG = agj.RealisationConfig(z_lens=0.5, z_source=2.0, cone_radius=3.0, cone="double_cone", two_halo_boost=1.16356)
ARCSEC = np.pi / 648000.0


def _theta(z):
    """pyHalo's double-cone angular radius [rad] at z, from astropy's distances."""
    if z <= CONFIG.z_lens:
        return CONFIG.cone_radius * ARCSEC
    d = Planck15.angular_diameter_distance
    d12 = Planck15.angular_diameter_distance  # (z1, z2): between redshifts
    ratio = d12(CONFIG.z_lens, z).value / d(z).value * d(CONFIG.z_source).value / d12(CONFIG.z_lens, CONFIG.z_source).value
    return CONFIG.cone_radius * ARCSEC * (1.0 - 0.95 * ratio)


def _volume(z1, z2):
    def integrand(z):
        return np.pi * (_theta(z) * Planck15.comoving_transverse_distance(z).value) ** 2 * Planck15.hubble_distance.value / Planck15.efunc(z)

    return integrate.quad(integrand, z1, z2, points=[CONFIG.z_lens] if z1 < CONFIG.z_lens < z2 else None, epsrel=1e-10)[0]


def test__double_cone__plane_volumes_radii_and_two_halo_volume_match_quadrature():
    redshifts, lens_plane, radii, volumes, _ = geometry(CONFIG)
    # The planes themselves are autolens' (not what is tested here).
    boundaries, centres = los_planes_from(CONFIG.z_lens, CONFIG.z_source, CONFIG.planes_before_lens, CONFIG.planes_after_lens,
                                          AutogalaxyPlanck15())
    expected = np.array([_volume(z1, z2) for z1, z2 in zip(boundaries[:-1], boundaries[1:])])
    expected[lens_plane] += CONFIG.two_halo_boost * _volume(CONFIG.z_lens, CONFIG.z_lens + CONFIG.two_halo_window)
    np.testing.assert_allclose(volumes, expected, rtol=1e-4)
    np.testing.assert_allclose(radii, [_theta(z) / ARCSEC for z in centres], rtol=1e-4)
    # The cone closes behind the lens, to 5 % of its radius at the source.
    assert radii[-1] < radii[lens_plane + 1] < radii[lens_plane] == CONFIG.cone_radius
    np.testing.assert_allclose(_theta(CONFIG.z_source) / ARCSEC, 0.05 * CONFIG.cone_radius, rtol=1e-12)


def test__double_cone__two_halo_boost_adds_to_the_lens_plane_only():
    plain = geometry(dataclasses.replace(CONFIG, two_halo_boost=0.0))[3]
    boosted = geometry(CONFIG)
    difference = np.asarray(boosted[3]) - np.asarray(plain)
    lens = boosted[1]
    np.testing.assert_array_equal(np.delete(difference, lens), 0.0)
    np.testing.assert_allclose(difference[lens], CONFIG.two_halo_boost * _volume(0.5, 0.52), rtol=1e-4)


def test__config__invalid_cone_and_two_halo_values_raise_naming_them():
    for field, value in (("cone", "cylinder"), ("two_halo_boost", -1.0), ("two_halo_boost", np.nan), ("two_halo_window", 0.0)):
        with pytest.raises(ValueError, match=field):
            dataclasses.replace(CONFIG, **{field: value})
