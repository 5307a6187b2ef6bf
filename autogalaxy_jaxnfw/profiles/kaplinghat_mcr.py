"""Kaplinghat, Tulin & Yu (2016) cored haloes of self-interacting dark matter, from M200c, under JAX.

The halo is the NFW halo of mass M200c on the mean Ludlow et al. (2016) relation outside the
interaction radius r_1, where each particle has scattered once in the halo's age,

    (sigma / m) rho_NFW(r_1) v(r_1) t_age = 1,    v(r)^2 = G M_NFW(<r) / r

(Kaplinghat, Tulin & Yu 2016, PRL 116, 041302, eq. 1), and inside it the isothermal sphere
(the Lane-Emden solution of autogalaxy's ``kaplinghat`` table) matched to the NFW density and
enclosed mass at r_1 (their eqs. 2-3).  As in autogalaxy's ``KaplinghatCoredNFWMCRLudlowSph``,
whose constants and table it uses: r_1 = 0 when the rate is below 1 / t_age everywhere,
r_1 = r_200 when it is above it everywhere.  Both conditions are roots of monotone functions,
solved with :func:`~autogalaxy_jaxnfw.profiles.implicit_root.implicit_root` (derivatives by
implicit differentiation) instead of ``brentq``, so the profile runs under ``jax.jit``; its
maps are those of :class:`~autogalaxy_jaxnfw.profiles.excess_lensing.ExcessOverNFWMaps`.
"""

import functools
from typing import Tuple

import jax
import jax.numpy as jnp
import numpy as np
from autogalaxy.profiles.mass.dark.kaplinghat import _isothermal_lane_emden_table
from autogalaxy.profiles.mass.dark.kaplinghat_mcr import (
    G_KPC_KM2_S2_MSUN,
    GYR_S,
    KPC_CM,
    MSUN_G,
    KaplinghatCoredNFWMCRLudlowSph,
)

from autogalaxy_jaxnfw.lensing.nfw_radial import nfw_enclosed_mass
from autogalaxy_jaxnfw.profiles.abstract import MCRLudlowJax, derived_parameters
from autogalaxy_jaxnfw.profiles.excess_lensing import ExcessOverNFWMaps
from autogalaxy_jaxnfw.profiles.implicit_root import bracketed_root
from autogalaxy_jaxnfw.profiles.sidm_domains import sidm_or_stand_in
from autogalaxy_jaxnfw.numerics.tracing import uses_jax

__all__ = ["KaplinghatCoredNFWMCRLudlowSphJax", "kaplinghat_parameters"]

# (Msun / kpc^3) (km / s) Gyr in (g / cm^3) (cm / s) s, folded in float64: rho_s * MSUN_G alone
# (~1e40) overflows float32, which left every halo without a core.
_RATE_UNITS = MSUN_G / KPC_CM**3 * 1.0e5 * GYR_S


def _log_scatterings(log_x, log_amplitude, xp=jnp):
    """ln[(sigma / m) rho v t_age] at x = r / r_s = e^log_x, for the amplitude at rho_s, r_s."""
    x = xp.exp(log_x)
    return log_amplitude - log_x - 2.0 * xp.log1p(x) + 0.5 * xp.log(nfw_enclosed_mass(x, xp=xp) / x)


def lane_emden_interp(y, column, xp=jnp):
    """Linear interpolation of a column of autogalaxy's isothermal table (h: 1, m: 2) at y, as ``np.interp``.

    The table is tabulated on a geometric grid, so the interval of y is found arithmetically
    (one gather) instead of by a binary search; values outside the table are clamped to its ends.
    """
    table = _isothermal_lane_emden_table()
    x_table, f_table = table[0], table[column]
    log_x0, log_step = np.log(x_table[0]), np.log(x_table[1] / x_table[0])
    position = xp.clip((xp.log(y) - log_x0) / log_step, 0.0, len(x_table) - 1.0)
    index = xp.clip(xp.floor(position).astype(int), 0, len(x_table) - 2)
    x_lo, x_hi = xp.asarray(x_table)[index], xp.asarray(x_table)[index + 1]
    f_lo, f_hi = xp.asarray(f_table)[index], xp.asarray(f_table)[index + 1]
    weight = xp.clip((y - x_lo) / (x_hi - x_lo), 0.0, 1.0)
    return f_lo + weight * (f_hi - f_lo)


def _log_lane_emden_excess(log_y, log_target, xp=jnp):
    """ln[m(y) e^h(y) / y^3] - ln(target) on the isothermal table (mass over 4 pi rho(y) y^3)."""
    y = xp.exp(log_y)
    return xp.log(lane_emden_interp(y, 2, xp)) + lane_emden_interp(y, 1, xp) - 3.0 * log_y - log_target


def kaplinghat_parameters(params, sigma_over_m, t_age):
    """Interaction radius [arcsec], central density [kappa_s / arcsec] and isothermal radius [arcsec].

    Parameters
    ----------
    params : NFWParameters
        The NFW halo's parameters (kappa_s, r_s [arcsec], rho_s [Msun / kpc^3], r_200, c).
    sigma_over_m, t_age
        Cross-section per unit mass [cm^2 / g] and age [Gyr], >= 0 (NaN outputs for negative
        or non-finite ones); r_1 = 0 unless both are > 0.

    Returns
    -------
    tuple of arrays
        (interaction_radius, central_density, isothermal_radius); central_density is +inf
        and isothermal_radius 0 where r_1 = 0, as upstream.
    """
    arguments = (
        params.kappa_s, params.scale_radius, params.rho_s, params.radius_at_200 / params.concentration,
        params.concentration, sigma_over_m, t_age,
    )
    if uses_jax(*arguments):
        return _kaplinghat_parameters_jax(*arguments)
    return _kaplinghat_parameters(*arguments, xp=np)


def _kaplinghat_parameters(kappa_s, scale_radius, rho_s, scale_radius_kpc, concentration, sigma_over_m, t_age, xp):
    valid, inputs = sidm_or_stand_in(xp, sigma_over_m=sigma_over_m, t_age=t_age)
    sigma_over_m, t_age = inputs.values()
    active = valid & (sigma_over_m > 0.0) & (t_age > 0.0)
    velocity_km_s = xp.sqrt(4.0 * np.pi * G_KPC_KM2_S2_MSUN * rho_s) * scale_radius_kpc
    log_amplitude = (
        xp.log(xp.where(active, sigma_over_m * t_age, 1.0))
        + xp.log(rho_s * _RATE_UNITS * velocity_km_s)
    )
    lower = xp.log(xp.minimum(1e-8, 1e-10 * concentration))
    upper = xp.log(concentration)
    none = ~active | (_log_scatterings(lower, log_amplitude, xp) < 0.0)
    full = active & (_log_scatterings(upper, log_amplitude, xp) > 0.0)
    log_x1 = bracketed_root(_log_scatterings, lower, upper, log_amplitude, xp=xp)
    has_core = ~none
    x1 = xp.where(has_core, xp.where(full, concentration, xp.exp(log_x1)), 1.0)

    # Isothermal sphere matched in density and mass at r_1: m e^h / y^3 = M(<r_1) / (4 pi rho_1 r_1^3).
    y_table = _isothermal_lane_emden_table()[0]
    log_target = xp.log(nfw_enclosed_mass(x1, xp=xp)) + 2.0 * xp.log1p(x1) - 2.0 * xp.log(x1)
    ends = np.log(y_table[[0, -1]])
    below = _log_lane_emden_excess(ends[0], log_target, xp) >= 0.0
    above = _log_lane_emden_excess(ends[1], log_target, xp) <= 0.0
    log_y1 = bracketed_root(_log_lane_emden_excess, ends[0], ends[1], log_target, xp=xp)
    log_y1 = xp.where(below, ends[0], xp.where(above, ends[1], log_y1))
    y1 = xp.exp(log_y1)
    rho_1 = kappa_s / scale_radius / (x1 * (1.0 + x1) ** 2)
    interaction_radius = x1 * scale_radius
    central_density = rho_1 * xp.exp(lane_emden_interp(y1, 1, xp))
    isothermal_radius = interaction_radius / y1
    nan = xp.where(valid, 0.0, np.nan)
    return (
        xp.where(has_core, interaction_radius, 0.0) + nan,
        xp.where(has_core, central_density, np.inf) + nan,
        xp.where(has_core, isothermal_radius, 0.0) + nan,
    )


_kaplinghat_parameters_jax = jax.jit(functools.partial(_kaplinghat_parameters, xp=jnp))


class KaplinghatCoredNFWMCRLudlowSphJax(MCRLudlowJax, ExcessOverNFWMaps, KaplinghatCoredNFWMCRLudlowSph):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        sigma_over_m: float = 1.0,
        t_age: float = 10.0,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """SIDM-cored NFW halo from its mass, drop-in for ``KaplinghatCoredNFWMCRLudlowSph``.

        Parameters
        ----------
        centre, mass_at_200, redshift_object, redshift_source
            As :class:`~autogalaxy_jaxnfw.NFWMCRScatterLudlowSphJax`.
        sigma_over_m
            Self-interaction cross-section per unit mass [cm^2 / g].
        t_age
            Halo age [Gyr].
        """
        params = self._parameters_from_mass(mass_at_200, redshift_object, redshift_source)
        self.sigma_over_m = sigma_over_m
        self.t_age = t_age
        params, sidm = derived_parameters(kaplinghat_parameters, params, dict(sigma_over_m=sigma_over_m, t_age=t_age))
        self._set_nfw_part(centre, params)
        self.interaction_radius, self.central_density, self.isothermal_radius = sidm

    def _lensing_parts(self, xp):
        y_min = _isothermal_lane_emden_table()[0][0]
        kappa_s, scale_radius = self.kappa_s, self.scale_radius
        has_core = self.interaction_radius > 0.0
        r_1 = xp.where(has_core, self.interaction_radius, scale_radius)
        rho_c = xp.where(has_core, self.central_density, 0.0)
        r_iso = xp.where(has_core, self.isothermal_radius, scale_radius)

        def delta_rho(r):
            x = r / scale_radius
            isothermal = rho_c * xp.exp(-lane_emden_interp(xp.maximum(r / r_iso, y_min), 1, xp))
            return xp.where(has_core & (r < r_1), isothermal - kappa_s / scale_radius / (x * (1.0 + x) ** 2), 0.0)

        return kappa_s, scale_radius, delta_rho, r_iso, r_1
