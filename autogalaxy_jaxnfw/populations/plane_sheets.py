"""Negative convergence sheets of halo populations laid out by plane (:mod:`.planes`).

:func:`plane_sheets` gives each lens plane the sheet that cancels its haloes' mean convergence
over the light cone, from each halo's total projected mass (:func:`projected_mass`).
"""

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.lensing.truncated_nfw_asymptotic import truncated_nfw_total_mass
from autogalaxy_jaxnfw.populations.planes import PlaneHalos, PlaneLayout

__all__ = ["plane_sheets", "projected_mass"]


def projected_mass(kappa_s, scale_radius, truncation_radius):
    """Total projected mass of truncated NFW haloes over Sigma_crit [arcsec^2]: 4 pi kappa_s r_s^2 m(inf, tau).

    m(inf, tau) of Baltz, Marshall & Oguri (2009, eq. 10), tau = r_t / r_s.
    """
    return 4.0 * np.pi * kappa_s * scale_radius**2 * truncated_nfw_total_mass(truncation_radius / scale_radius)


def plane_sheets(halos: PlaneHalos, layout: PlaneLayout, area, counted=None) -> jax.Array:
    """Per lens plane, minus the mean convergence of its haloes over ``area``: -sum(:func:`projected_mass`) / area.

    Such a sheet removes the mean density the plane's haloes add over the light cone.

    Parameters
    ----------
    halos : PlaneHalos
        The haloes, as :func:`~.planes.plane_halos` lays them out.
    layout : PlaneLayout
        Their layout.
    area : float or array, shape (n_planes,)
        Solid angle of the light cone [arcsec^2] (per plane, or one for all).
    counted : int array or None
        Indices of the given haloes that count (e.g. the line-of-sight haloes, not the
        subhalos); ``None``: every halo.

    Returns
    -------
    jax.Array, shape (n_planes,)
        Convergence of each plane's sheet (<= 0).
    """
    if counted is not None:
        counted = jnp.zeros(layout.size, dtype=bool).at[halos.slot[counted]].set(True, mode="drop")
    counted = halos.mask if counted is None else halos.mask & counted
    mass = jnp.where(counted, projected_mass(halos.kappa_s, halos.scale_radius, halos.truncation_radius), 0.0)
    per_plane = jnp.stack([jnp.sum(mass[layout.plane_slice(p)]) for p in range(layout.n_planes)])
    return -per_plane / jnp.asarray(area, dtype=per_plane.dtype)
