"""Lensing parameters from (M200c, c200c), and the maps they give, independently of the plugin.

The parameters follow upstream autogalaxy's ``mcr_util`` formulas with the concentration passed
in, distances and densities from autogalaxy's ``Planck15`` on the NumPy path, so the
``highprec`` and ``colossus`` constructions differ from the plugin only through c (and M200c
for a mass in another definition).  The maps:

* NFW, cored NFW: autogalaxy's plain ``NFW(Sph)`` / ``cNFW(Sph)``;
* gNFW (round): convergence by quadrature of the density at each distinct pixel radius
  (:mod:`autogalaxy_jaxnfw.reference.spherical_lensing`), deflections autogalaxy's plain
  ``gNFW`` (the Gaussian expansion the plugin keeps; its ~1e-4 floor against quadrature is in
  ``docs/research/profiles_assessment.md``);
* truncated NFW: the 80-digit closed forms of :mod:`autogalaxy_jaxnfw.reference.nfw_lensing`;
* SIDM: the densities of :mod:`autogalaxy_jaxnfw.reference.sidm` integrated by quadrature.
"""

import numpy as np
from scipy.integrate import quad


def lens_units(case) -> dict:
    """rho_crit(z_l) [Msun / kpc^3], Sigma_crit [Msun / kpc^2] and kpc per arcsec (autogalaxy Planck15)."""
    from autogalaxy.cosmology.model import Planck15

    cosmology = Planck15()
    z_l, z_s = case.redshift_object, case.redshift_source
    return dict(
        rho_crit=cosmology.critical_density(z_l, xp=np),  # Msun / kpc^3
        sigma_crit=cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            redshift_0=z_l, redshift_1=z_s, xp=np
        ),  # Msun / kpc^2
        kpc_per_arcsec=cosmology.kpc_per_arcsec_from(redshift=z_l, xp=np),
    )


def radius_at_200(case, mass_200):
    """r_200c [kpc] of M200c [Msun] at the case's lens redshift."""
    return (mass_200 / (200.0 * lens_units(case)["rho_crit"] * (4.0 * np.pi / 3.0))) ** (1.0 / 3.0)


def lensing_parameters(case, mass_200: float, concentration: float) -> dict:
    """kappa_s, scale_radius [arcsec], concentration (after scatter) and the family's radii.

    ``concentration`` is c200c before the scatter step; cored haloes are normalised by the
    enclosed mass of their density (quadrature), truncated ones get r_t = 2 r_200 [arcsec].
    """
    units = lens_units(case)
    c = 10.0 ** (np.log10(concentration) + 0.15 * case.scatter_sigma)
    r_200 = radius_at_200(case, mass_200)
    r_s = r_200 / c
    if case.family == "cnfw":
        f_c = case.f_c
        norm = quad(lambda x: x * x / ((x + f_c) * (x + 1.0) ** 2), 0.0, c, epsabs=0.0, epsrel=1e-13, points=[f_c, 1.0])[0]
        rho_s = mass_200 / (4 * np.pi * r_s**3 * norm)
    else:
        rho_s = units["rho_crit"] * 200.0 / 3.0 * (c**3 / (np.log(1.0 + c) - c / (1.0 + c)))
    params = dict(
        kappa_s=float(rho_s * r_s / units["sigma_crit"]),
        scale_radius=float(r_s / units["kpc_per_arcsec"]),
        concentration=float(c),
    )
    if case.family == "cnfw":
        params["core_radius"] = case.f_c * params["scale_radius"]
    if case.family == "tnfw":
        params["truncation_radius"] = float(2.0 * r_200 / units["kpc_per_arcsec"])
    if case.family in ("kaplinghat", "yang24"):
        params.update(rho_s_kpc=float(rho_s), scale_radius_kpc=float(r_s))
    return params


def plain_profile(case, params: dict):
    """autogalaxy's plain NFW / NFWSph / cNFW / cNFWSph / gNFW with the given lensing parameters."""
    import autogalaxy as ag

    kwargs = dict(centre=(0.0, 0.0), kappa_s=params["kappa_s"], scale_radius=params["scale_radius"])
    if case.family == "cnfw":
        kwargs["core_radius"] = params["core_radius"]
    if case.family == "gnfw":
        return ag.mp.gNFW(ell_comps=(0.0, 0.0), inner_slope=case.extra["inner_slope"], **kwargs)
    if not case.spherical:
        kwargs["ell_comps"] = case.ell_comps
    cls = {
        ("nfw", True): ag.mp.NFWSph,
        ("nfw", False): ag.mp.NFW,
        ("cnfw", True): ag.mp.cNFWSph,
        ("cnfw", False): ag.mp.cNFW,
    }[(case.family, case.spherical)]
    return cls(**kwargs)


def _lensing_density(case, params):
    """(rho(r) in kappa_s / arcsec units for r in arcsec, radii where it bends [arcsec])."""
    from autogalaxy_jaxnfw.reference import sidm

    units = lens_units(case)
    arcsec = units["kpc_per_arcsec"]
    rho_s, r_s = params["rho_s_kpc"], params["scale_radius_kpc"]
    if case.family == "kaplinghat":
        density, r_bend = sidm.kaplinghat_density(rho_s, r_s, params["concentration"], **case.extra)
    else:
        density, r_bend = sidm.yang24_density(rho_s, r_s, **case.extra)
    scale = arcsec / units["sigma_crit"]
    return (lambda r: density(r * arcsec) * scale), [r_bend / arcsec, params["scale_radius"]]


def _radial_maps(grid, kappa_of, alpha_of):
    """Convergence (N,) and deflections (N, 2) of a round halo from its radial functions.

    Each function is evaluated once per distinct pixel radius (the grid's symmetry makes them
    ~1/10 of the pixels).
    """
    yx = np.asarray(grid.array, dtype=float)
    radii = np.hypot(yx[:, 0], yx[:, 1])
    if np.any(radii == 0.0):
        raise ValueError("the radial references need a grid without a pixel at the centre (an even --shape)")
    distinct, inverse = np.unique(radii, return_inverse=True)
    kappa = np.array([kappa_of(r) for r in distinct])[inverse] if kappa_of else None
    alpha = np.array([alpha_of(r) for r in distinct])[inverse][:, None] * yx / radii[:, None] if alpha_of else None
    return kappa, alpha


def reference_maps(case, params: dict, grid):
    """Convergence (N,) and deflections (N, 2) of the case's halo with lensing parameters ``params``."""
    from autogalaxy_jaxnfw.reference import nfw_lensing, spherical_lensing

    kappa_s, r_s = params["kappa_s"], params["scale_radius"]
    if case.family == "tnfw":
        tau = params["truncation_radius"] / r_s
        return _radial_maps(
            grid,
            lambda r: 2.0 * kappa_s * float(nfw_lensing.closed_form("kappa", r / r_s, tau)),
            lambda r: 4.0 * kappa_s * r * float(nfw_lensing.closed_form("alpha", r / r_s, tau)),
        )
    if case.family in ("kaplinghat", "yang24"):
        density, breaks = _lensing_density(case, params)
        return _radial_maps(
            grid,
            lambda r: spherical_lensing.convergence(density, r, breaks=breaks),
            lambda r: spherical_lensing.deflection(density, r, breaks=breaks),
        )
    profile = plain_profile(case, params)
    # autogalaxy's cNFWSph evaluates both branches of np.where (square roots of negative
    # numbers in the branch then discarded): the warnings are noise, the results finite.
    with np.errstate(invalid="ignore", divide="ignore"):
        deflections = np.asarray(profile.deflections_yx_2d_from(grid=grid).array, dtype=float)
        if case.family == "gnfw":
            slope = case.extra["inner_slope"]

            def density(r):
                x = r / r_s
                return kappa_s / r_s / (x**slope * (1.0 + x) ** (3.0 - slope))

            kappa, _ = _radial_maps(grid, lambda r: spherical_lensing.convergence(density, r, breaks=[r_s]), None)
            return kappa, deflections
        return np.asarray(profile.convergence_2d_from(grid=grid).array, dtype=float), deflections
