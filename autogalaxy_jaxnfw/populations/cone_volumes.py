"""The light cone of a realisation: its angular radius at each redshift and its comoving volumes.

Two cones (``RealisationConfig.cone``), both of angular radius R in front of the lens:

* ``"autolens"``: autolens' ``LOSSampler`` (He et al. 2022): behind the lens the radius is
  R - (D_ls(z) / D_s(z)) (D_s / D_ls) [arcsec], and a plane's volume is its radius' area at the plane's
  centre times the shell between the plane's boundaries;
* ``"double_cone"``: pyHalo's ``DoubleCone`` (Gilman et al. 2019): behind the lens the radius is
  R (1 - 0.95 (D_s / D_ls) (D_l(z) / D(z))), closing on the ray through the cone's edge at the lens
  to 5 % of R at the source (pyHalo's ``angle_pad``), and a plane's volume is the integral of the
  area over its slab,

      V = int pi (theta(z) D_M(z))^2 (c / H0) / E(z) dz    (flat: D_M the comoving distance),

  by 16-node Gauss-Legendre on each side of the lens (the radius has a kink there).

pyHalo's two-halo term (its ``TwoHaloContribution``) renders, at the lens redshift, B times the haloes
of the slab between z_lens and z_lens + dz (dz its plane spacing there, 0.02 by default), B the mean
excess density from the host's two-halo term and Lazar et al. (2021) eq. 3 over that slab.
:func:`two_halo_volume` is B times that slab's volume in the configured cone; the lens plane's
volume gains it.  B is an input of the static layout, computed by
:func:`~autogalaxy_jaxnfw.populations.two_halo.two_halo_boost` (``agj.two_halo_boost``).

Distances are autogalaxy's (the lensing cosmology's), evaluated in NumPy once per layout;
:func:`geometry` gathers a configuration's planes, radii and volumes.
"""

import numpy as np

__all__ = ["ALL_SKY_ARCSEC2", "CONES", "cone_radius", "cone_volume", "geometry", "two_halo_volume"]

ALL_SKY_ARCSEC2 = 4.0 * np.pi * (180.0 / np.pi * 3600.0) ** 2
"""The whole sky in arcsec^2."""

CONES = ("autolens", "double_cone")
"""The cones of :class:`~.realisation_layout.RealisationConfig`."""

ARCSEC = np.pi / 648000.0
SPEED_OF_LIGHT_KM_S = 299792.458
_T, _W = np.polynomial.legendre.leggauss(16)


def _distances(config, cosmology):
    distance = cosmology.angular_diameter_distance_kpc_z1z2
    return distance, distance(0.0, config.z_source) / distance(config.z_lens, config.z_source)


def cone_radius(config, cosmology, z) -> float:
    """Angular radius [arcsec] of the configured cone at redshift ``z`` (a float)."""
    if z <= config.z_lens:
        return float(config.cone_radius)
    distance, source_ratio = _distances(config, cosmology)
    behind = distance(config.z_lens, z) / distance(0.0, z) * source_ratio
    if config.cone == "autolens":
        return float(config.cone_radius - behind)
    return float(config.cone_radius * (1.0 - 0.95 * behind))


def _area_volume(config, cosmology, z1, z2) -> float:
    """int over [z1, z2] (one side of the lens) of the cone's area times dV/dz [Mpc^3], Gauss-Legendre."""
    from autolens.lens.los import comoving_distance_mpc_from

    z = 0.5 * (z1 + z2) + 0.5 * (z2 - z1) * _T
    radius = np.array([cone_radius(config, cosmology, zi) for zi in z]) * ARCSEC
    d_m = np.array([comoving_distance_mpc_from(zi, cosmology) for zi in z])
    hubble = SPEED_OF_LIGHT_KM_S / cosmology.H0 / np.array([cosmology.E(zi) for zi in z])
    return float(0.5 * (z2 - z1) * np.sum(_W * np.pi * (radius * d_m) ** 2 * hubble))


def cone_volume(config, cosmology, z1, z2) -> float:
    """Comoving volume [Mpc^3] of the cone between z1 < z2 (the area integrated over the slab)."""
    if z1 < config.z_lens < z2:
        return _area_volume(config, cosmology, z1, config.z_lens) + _area_volume(config, cosmology, config.z_lens, z2)
    return _area_volume(config, cosmology, z1, z2)


def two_halo_volume(config, cosmology) -> float:
    """``two_halo_boost`` times the cone's volume between z_lens and z_lens + ``two_halo_window`` [Mpc^3]."""
    if config.two_halo_boost == 0.0:
        return 0.0
    return float(config.two_halo_boost) * cone_volume(config, cosmology, config.z_lens, config.z_lens + config.two_halo_window)


def geometry(config):
    """Planes, lens plane, cone radii [arcsec], volumes [Mpc^3] and kpc/arcsec at the lens, as autolens' sampler."""
    from autogalaxy.cosmology import Planck15
    from autolens.lens.los import comoving_volume_mpc3_from, los_planes_from

    cosmology = Planck15() if config.lensing_cosmology is None else config.lensing_cosmology
    boundaries, centres = los_planes_from(config.z_lens, config.z_source, config.planes_before_lens,
                                          config.planes_after_lens, cosmology)
    radii = [cone_radius(config, cosmology, z) for z in centres]
    if min(radii) <= 0.0:
        raise ValueError(f"cone_radius {config.cone_radius} arcsec leaves no cone behind the lens (radii {radii})")
    if config.cone == "autolens":  # autolens' LOSSampler: the area at the plane's centre times the shell
        shells = np.diff([comoving_volume_mpc3_from(z, cosmology) for z in boundaries])
        volumes = np.pi * np.asarray(radii) ** 2 * shells / ALL_SKY_ARCSEC2
    else:
        volumes = np.array([cone_volume(config, cosmology, z1, z2) for z1, z2 in zip(boundaries[:-1], boundaries[1:])])
    lens_plane = int(np.argmin(np.abs(np.asarray(centres) - config.z_lens)))
    volumes[lens_plane] += two_halo_volume(config, cosmology)
    kpc_per_arcsec = float(cosmology.kpc_per_arcsec_from(redshift=config.z_lens))
    return tuple(float(z) for z in centres), lens_plane, tuple(float(r) for r in radii), tuple(float(v) for v in volumes), kpc_per_arcsec
