"""The floors of the map evaluations the siblings keep from autogalaxy, and of the SIDM maps.

Against SciPy quadrature of each halo's density (``autogalaxy_jaxnfw.reference.
spherical_lensing``; elliptical deflections by the integrals of Keeton 2001, eqs. 27-28).  The
thresholds are the floors measured in docs/research/profiles_assessment.md, with margin.
"""

import numpy as np
import pytest
from scipy.integrate import quad

import autogalaxy as ag
from autogalaxy.profiles.mass.dark.kaplinghat import _interp_lane_emden

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.lensing.nfw_radial import nfw_f_g
from autogalaxy_jaxnfw.reference import spherical_lensing as ref

HALO = dict(mass_at_200=5e11, redshift_object=0.5, redshift_source=1.5)
UNIT_POINTS = np.array([[0.02, 0.05], [0.3, -0.2], [-0.5, 0.9], [1.2, 1.7]])


def _relative(ours, exact):
    ours, exact = np.asarray(ours), np.asarray(exact)
    if ours.ndim == 2:
        return np.linalg.norm(ours - exact, axis=1) / np.linalg.norm(exact, axis=1)
    return np.abs(ours / exact - 1.0)


def test__elliptical_nfw__heyrovsky_karamazov_maps_to_1e12():
    halo = agj.NFWMCRScatterLudlowJax(ell_comps=(0.0, 0.2), **HALO)  # position angle 0
    q, r_s, kappa_s = halo.axis_ratio(), halo.scale_radius, halo.kappa_s
    points = UNIT_POINTS * r_s

    def kappa(xi):
        return 2.0 * kappa_s * float(nfw_f_g(xi / r_s, xp=np)[1])

    deflections = []
    for y, x in points:
        def xi(u):
            return np.sqrt(u * (x * x + y * y / (1.0 - (1.0 - q * q) * u)))

        j = [quad(lambda u: kappa(xi(u)) / (1.0 - (1.0 - q * q) * u) ** (n + 0.5), 0.0, 1.0, epsabs=0.0, epsrel=1e-12)[0] for n in (0, 1)]
        deflections.append([q * y * j[1], q * x * j[0]])
    grid = ag.Grid2DIrregular(points.tolist())
    convergence = [kappa(np.hypot(x, y / q)) for y, x in points]
    assert np.max(_relative(halo.convergence_2d_from(grid), convergence)) < 1e-12
    assert np.max(_relative(halo.deflections_yx_2d_from(grid), deflections)) < 1e-12


def _spherical_reference(density, points, breaks):
    radii = np.hypot(points[:, 0], points[:, 1])
    kappa = [ref.convergence(density, r, breaks=breaks) for r in radii]
    alpha = np.array([ref.deflection(density, r, breaks=breaks) for r in radii])[:, None] * points / radii[:, None]
    return kappa, alpha


def test__cored_nfw__expansion_convergence_and_closed_form_deflections_floors():
    halo = agj.cNFWMCRScatterLudlowSphJax(f_c=0.05, **HALO)
    r_s, r_c = halo.scale_radius, halo.core_radius
    points = UNIT_POINTS * r_s
    kappa, alpha = _spherical_reference(lambda r: halo.kappa_s * r_s**2 / ((r + r_c) * (r + r_s) ** 2), points, [r_c, r_s])
    grid = ag.Grid2DIrregular(points.tolist())
    assert np.max(_relative(halo.convergence_2d_from(grid), kappa)) < 5e-3
    assert np.max(_relative(halo.deflections_yx_2d_from(grid), alpha)) < 1e-11
    elliptical = agj.cNFWMCRScatterLudlowJax(ell_comps=(0.0, 0.2), f_c=0.05, **HALO)
    q = elliptical.axis_ratio()
    xi = np.hypot(points[:, 1], points[:, 0] / q)
    kappa_xi = [ref.convergence(lambda r: halo.kappa_s * r_s**2 / ((r + r_c) * (r + r_s) ** 2), v, breaks=[r_c, r_s]) for v in xi]
    assert np.max(_relative(elliptical.convergence_2d_from(grid), kappa_xi)) < 5e-3


@pytest.mark.parametrize("mass", [1e9, 1e13])
def test__sidm__maps_within_1e6_of_quadrature(mass):
    k = agj.KaplinghatCoredNFWMCRLudlowSphJax(sigma_over_m=3.0, t_age=10.0, **dict(HALO, mass_at_200=mass))

    def kaplinghat(r):
        if r < k.interaction_radius:
            return k.central_density * np.exp(-_interp_lane_emden(max(r / k.isothermal_radius, 1e-5))[0])
        x = r / k.scale_radius
        return k.kappa_s / k.scale_radius / (x * (1 + x) ** 2)

    y = agj.YangSIDMMCRLudlowSphJax(sigma_over_m=30.0, velocity_exponent=1.0, velocity_ref=30.0, **dict(HALO, mass_at_200=mass))

    def yang(r):
        r_tilde = (r**4 + y.core_radius_evolved**4) ** 0.25
        return y.rho_s_evolved / ((r_tilde / y.scale_radius_evolved) * (1 + r / y.scale_radius_evolved) ** 2)

    for halo, density, core in ((k, kaplinghat, k.interaction_radius), (y, yang, y.core_radius_evolved)):
        points = np.concatenate([UNIT_POINTS, [[1e-3, 0.0], [0.0, 30.0]]]) * core
        kappa, alpha = _spherical_reference(density, points, [core])
        grid = ag.Grid2DIrregular(points.tolist())
        assert np.max(_relative(halo.convergence_2d_from(grid), kappa)) < 1e-6
        assert np.max(_relative(halo.deflections_yx_2d_from(grid), alpha)) < 1e-6
