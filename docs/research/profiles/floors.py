"""The floors of the autogalaxy evaluations the siblings keep (elliptical, cored, gNFW) and of the SIDM maps.

Each map is compared, at a few points, with an independent SciPy evaluation of the same halo:

* spherical maps: ``autogalaxy_jaxnfw.reference.spherical_lensing`` (quadrature of the density
  to infinity, relative tolerance 1e-11);
* elliptical maps, kappa(xi) with xi^2 = x^2 + y^2 / q^2 on the major axis x (ell_comps =
  (0, e): position angle 0): the convergence is kappa of the spherical profile at xi, and the
  deflections the one-dimensional integrals (Schramm 1990; Keeton 2001, arXiv:astro-ph/0102341,
  eqs. 27-28)

      alpha_x = q x int_0^1 kappa(xi(u)) / (1 - (1 - q^2) u)^(1/2) du,
      alpha_y = q y int_0^1 kappa(xi(u)) / (1 - (1 - q^2) u)^(3/2) du,
      xi(u)^2 = u (x^2 + y^2 / (1 - (1 - q^2) u)).

Printed: the largest relative error (deflections: of the vector, |d alpha| / |alpha|) over the
points, for the plugin's sibling and, for the SIDM classes, for autogalaxy's parent too.
Run: ``python docs/research/profiles/floors.py`` (a few minutes).
"""

import warnings

import numpy as np
from scipy.integrate import quad

import autogalaxy as ag
from autogalaxy.profiles.mass.dark.kaplinghat import KaplinghatCoredNFWSph, _interp_lane_emden
from autogalaxy.profiles.mass.dark.yang24 import YangSIDMSph

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.reference import spherical_lensing as ref

warnings.simplefilter("ignore")
HALO = dict(mass_at_200=5e11, redshift_object=0.5, redshift_source=1.5)
E = 0.2  # ell_comps = (0, E): axis ratio (1 - E) / (1 + E), major axis along x


def _elliptical_deflections(kappa, q, points):
    out = []
    for y, x in points:
        def xi(u):
            return np.sqrt(u * (x * x + y * y / (1.0 - (1.0 - q * q) * u)))

        j0 = quad(lambda u: kappa(xi(u)) / np.sqrt(1.0 - (1.0 - q * q) * u), 0.0, 1.0, epsabs=0.0, epsrel=1e-11, limit=400)[0]
        j1 = quad(lambda u: kappa(xi(u)) / (1.0 - (1.0 - q * q) * u) ** 1.5, 0.0, 1.0, epsabs=0.0, epsrel=1e-11, limit=400)[0]
        out.append([q * y * j1, q * x * j0])
    return np.array(out)


def _vector_error(ours, exact):
    return float(np.max(np.linalg.norm(np.asarray(ours) - exact, axis=1) / np.linalg.norm(exact, axis=1)))


def _scalar_error(ours, exact):
    return float(np.max(np.abs(np.asarray(ours) / np.asarray(exact) - 1.0)))


def _points(scale):
    return np.array([[0.02, 0.05], [0.3, -0.2], [-0.5, 0.9], [1.2, 1.7], [0.0, 3.0]]) * scale


def elliptical(cls, density, extra=None):
    """(convergence, deflection) floors of an elliptical sibling against quadrature of its spherical density."""
    halo = cls(ell_comps=(0.0, E), **HALO, **(extra or {}))
    q = halo.axis_ratio()
    points = _points(halo.scale_radius)
    grid = ag.Grid2DIrregular(points.tolist())

    def kappa(xi):
        return ref.convergence(lambda r: density(halo, r), xi)

    kappa_exact = [kappa(np.sqrt(x * x + y * y / q**2)) for y, x in points]
    return (
        _scalar_error(halo.convergence_2d_from(grid), kappa_exact),
        _vector_error(halo.deflections_yx_2d_from(grid), _elliptical_deflections(kappa, q, points)),
    )


def spherical(profile, density, breaks=(), scale=1.0):
    points = _points(scale)
    grid = ag.Grid2DIrregular(points.tolist())
    radii = np.hypot(points[:, 0], points[:, 1])
    kappa = [ref.convergence(density, r, breaks=breaks) for r in radii]
    alpha = np.array([ref.deflection(density, r, breaks=breaks) for r in radii])[:, None] * points / radii[:, None]
    return _scalar_error(profile.convergence_2d_from(grid), kappa), _vector_error(profile.deflections_yx_2d_from(grid), alpha)


def _nfw(halo, r):
    x = r / halo.scale_radius
    return halo.kappa_s / halo.scale_radius / (x * (1 + x) ** 2)


def _cored(halo, r):
    return halo.kappa_s * halo.scale_radius**2 / ((r + halo.core_radius) * (r + halo.scale_radius) ** 2)


def _gnfw(halo, r):
    x = r / halo.scale_radius
    return halo.kappa_s / halo.scale_radius * x ** (-halo.inner_slope) * (1 + x) ** (halo.inner_slope - 3)


def main():
    print("| class (map evaluation kept) | convergence | deflections |")
    print("|---|---|---|")
    rows = [
        ("NFWMCRScatterLudlowJax (autogalaxy NFW, Heyrovsky & Karamazov 2024)", agj.NFWMCRScatterLudlowJax, _nfw, None),
        ("cNFWMCRScatterLudlowJax (autogalaxy cNFW, Gaussian expansion)", agj.cNFWMCRScatterLudlowJax, _cored, dict(f_c=0.05)),
        ("gNFWMCRLudlowJax (autogalaxy gNFW, Gaussian expansion), gamma = 1.4", agj.gNFWMCRLudlowJax, _gnfw, dict(inner_slope=1.4)),
    ]
    for label, cls, density, extra in rows:
        kappa, alpha = elliptical(cls, density, extra)
        print(f"| {label} | {kappa:.0e} | {alpha:.0e} |")
    halo = agj.cNFWMCRScatterLudlowSphJax(f_c=0.05, **HALO)
    kappa, alpha = spherical(halo, lambda r: _cored(halo, r), breaks=[halo.core_radius, halo.scale_radius], scale=halo.scale_radius)
    print(f"| cNFWMCRScatterLudlowSphJax (autogalaxy cNFWSph: expansion for kappa, closed form for alpha) | {kappa:.0e} | {alpha:.0e} |")

    print("\n| SIDM class | plugin convergence | plugin deflections | autogalaxy convergence | autogalaxy deflections |")
    print("|---|---|---|---|---|")
    k = agj.KaplinghatCoredNFWMCRLudlowSphJax(sigma_over_m=3.0, t_age=10.0, **HALO)
    parent = KaplinghatCoredNFWSph(kappa_s=k.kappa_s, scale_radius=k.scale_radius, sigma_over_m=3.0, t_age=10.0, interaction_radius=k.interaction_radius)

    def kaplinghat_density(r):
        if r < k.interaction_radius:
            return k.central_density * np.exp(-_interp_lane_emden(max(r / k.isothermal_radius, 1e-5))[0])
        return _nfw(k, r)

    ours = spherical(k, kaplinghat_density, breaks=[k.interaction_radius], scale=k.interaction_radius)
    theirs = spherical(parent, kaplinghat_density, breaks=[k.interaction_radius], scale=k.interaction_radius)
    print(f"| KaplinghatCoredNFWMCRLudlowSphJax | {ours[0]:.0e} | {ours[1]:.0e} | {theirs[0]:.0e} | {theirs[1]:.0e} |")
    y = agj.YangSIDMMCRLudlowSphJax(sigma_over_m=30.0, velocity_exponent=1.0, velocity_ref=30.0, **HALO)
    parent = YangSIDMSph(kappa_s=y.kappa_s, scale_radius=y.scale_radius, tau=y.tau)

    def yang_density(r):
        r_tilde = (r**4 + y.core_radius_evolved**4) ** 0.25
        return y.rho_s_evolved / ((r_tilde / y.scale_radius_evolved) * (1 + r / y.scale_radius_evolved) ** 2)

    ours = spherical(y, yang_density, breaks=[y.core_radius_evolved], scale=y.core_radius_evolved)
    theirs = spherical(parent, yang_density, breaks=[y.core_radius_evolved], scale=y.core_radius_evolved)
    print(f"| YangSIDMMCRLudlowSphJax (tau = {y.tau:.2f}) | {ours[0]:.0e} | {ours[1]:.0e} | {theirs[0]:.0e} | {theirs[1]:.0e} |")


if __name__ == "__main__":
    main()
