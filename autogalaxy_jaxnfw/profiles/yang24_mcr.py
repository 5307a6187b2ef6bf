"""Yang et al. (2024) gravothermal SIDM haloes, from M200c on the Ludlow et al. (2016) relation, under JAX.

The halo's CDM baseline is the NFW halo of mass M200c (rho_s0, r_s0).  Its dimensionless
gravothermal time is tau = t_age / t_c with the collapse time of Yang et al. (2024,
arXiv:2305.16176, sec. 2)

    t_c = (150 / C) / [(sigma_eff / m) rho_s0 r_s0 sqrt(4 pi G rho_s0)],    C = 0.75,

and sigma_eff / m = (sigma / m) (v_ref / (2 nu_eff))^a Gamma(4 - a / 2) / 6 the
Maxwell-Boltzmann average <sigma v^5> / <v^5> of sigma ~ v^-a at nu_eff = 0.64 V_max
(Outmezguine et al. 2023); tau is clipped to [0, 1], where Yang et al.'s fitting functions give
the evolved density rho_s / [((r^4 + r_c^4)^(1/4) / r_s) (1 + r / r_s)^2].  The constants and
fitting coefficients are those of autogalaxy's ``yang24`` and ``yang24_mcr`` modules; the
derivation runs on ``jax.numpy`` without Python branches on values (the square root of tau in
r_c is evaluated at a stand-in where tau = 0, so its derivative is finite), and the maps are
those of :class:`~autogalaxy_jaxnfw.profiles.excess_lensing.ExcessOverNFWMaps`.
"""

import functools
from typing import Tuple

import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np
import scipy.special
from autogalaxy.profiles.mass.dark.yang24_mcr import (
    COLLAPSE_CALIBRATION_C,
    G_CGS,
    G_KPC_KM2_S2_MSUN,
    GYR_S,
    KPC_CM,
    MSUN_G,
    NFW_X_AT_V_MAX,
    YangSIDMMCRLudlowSph,
)

from autogalaxy_jaxnfw.lensing.nfw_radial import nfw_enclosed_mass
from autogalaxy_jaxnfw.profiles.abstract import MCRLudlowJax, derived_parameters
from autogalaxy_jaxnfw.profiles.excess_lensing import ExcessOverNFWMaps
from autogalaxy_jaxnfw.profiles.sidm_domains import sidm_or_stand_in
from autogalaxy_jaxnfw.numerics.tracing import uses_jax

__all__ = ["YangSIDMMCRLudlowSphJax", "yang24_parameters"]

# Excess density beyond this many core radii is dropped: it carries (r_c / r)^4 of the deficit.
_EXCESS_EXTENT = 1000.0
# Msun / kpc^3 in g / cm^3, folded in float64: rho_s * MSUN_G alone (~1e40) overflows float32.
_MSUN_KPC3_IN_G_CM3 = MSUN_G / KPC_CM**3


def _evolution_ratios(tau, xp):
    """rho_s / rho_s0, r_s / r_s0 and r_c / r_s0 at gravothermal time tau in [0, 1] (Yang et al. 2024, sec. 2)."""
    log_term = xp.log(tau + 0.001) / np.log(0.001)
    rho_ratio = 2.033 + 0.7381 * tau + 7.264 * tau**5 - 12.73 * tau**7 + 9.915 * tau**9 + (1.0 - 2.033) * log_term
    r_s_ratio = 0.7178 - 0.1026 * tau + 0.2474 * tau**2 - 0.4079 * tau**3 + (1.0 - 0.7178) * log_term
    root_tau = xp.sqrt(xp.where(tau > 0.0, tau, 1.0))  # d sqrt(tau) / d tau is infinite at 0
    r_c_ratio = xp.where(
        tau > 0.0, 2.555 * root_tau - 3.632 * tau + 2.131 * tau**2 - 1.415 * tau**3 + 0.4683 * tau**4, 0.0
    )
    return rho_ratio, r_s_ratio, xp.maximum(r_c_ratio, 0.0)


def yang24_parameters(params, sigma_over_m, velocity_exponent, velocity_ref, t_age):
    """(nu_eff, sigma_eff_over_m, tau_physical, tau, rho_s_evolved, scale_radius_evolved, core_radius_evolved).

    ``params`` are the CDM baseline NFW halo's (rho_s in Msun / kpc^3, r_s = r_200 / c in kpc);
    the evolved density is in kappa_s / arcsec and the radii in arcsec, as autogalaxy's
    ``YangSIDMSph``.  NaN where a parameter lies outside its domain (:data:`.SIDM_DOMAINS`:
    sigma_over_m, t_age >= 0, velocity_ref > 0, velocity_exponent < 8, all finite).
    """
    arguments = (
        params.kappa_s, params.scale_radius, params.rho_s, params.radius_at_200 / params.concentration,
        sigma_over_m, velocity_exponent, velocity_ref, t_age,
    )
    if uses_jax(*arguments):
        return _yang24_parameters_jax(*arguments)
    return _yang24_parameters(*arguments, xp=np, gammaln=scipy.special.gammaln)


def _yang24_parameters(
    kappa_s, scale_radius, rho_s, scale_radius_kpc, sigma_over_m, velocity_exponent, velocity_ref, t_age, xp, gammaln
):
    valid, inputs = sidm_or_stand_in(xp, sigma_over_m=sigma_over_m, velocity_exponent=velocity_exponent,
                                     velocity_ref=velocity_ref, t_age=t_age)
    sigma_over_m, a, velocity_ref, t_age = inputs.values()
    x = NFW_X_AT_V_MAX
    v_max = xp.sqrt(4.0 * np.pi * G_KPC_KM2_S2_MSUN * rho_s * scale_radius_kpc**2 * nfw_enclosed_mass(x) / x)
    nu_eff = 0.64 * v_max
    sigma_eff = sigma_over_m * (velocity_ref / (2.0 * nu_eff)) ** a * xp.exp(gammaln(4.0 - a / 2.0)) / 6.0
    rho_cgs = rho_s * _MSUN_KPC3_IN_G_CM3
    collapse_rate = sigma_eff * rho_cgs * scale_radius_kpc * KPC_CM * xp.sqrt(4.0 * np.pi * G_CGS * rho_cgs)
    evolving = (sigma_eff > 0.0) & (t_age > 0.0)
    tau_physical = xp.where(evolving, t_age * GYR_S * collapse_rate / (150.0 / COLLAPSE_CALIBRATION_C), 0.0)
    tau = xp.clip(tau_physical, 0.0, 1.0)
    rho_ratio, r_s_ratio, r_c_ratio = _evolution_ratios(tau, xp)
    nan = xp.where(valid, 0.0, np.nan)
    return tuple(
        value + nan
        for value in (
            nu_eff,
            sigma_eff,
            tau_physical,
            tau,
            rho_ratio * kappa_s / scale_radius,
            r_s_ratio * scale_radius,
            r_c_ratio * scale_radius,
        )
    )


_yang24_parameters_jax = jax.jit(functools.partial(_yang24_parameters, xp=jnp, gammaln=jsp.gammaln))


class YangSIDMMCRLudlowSphJax(MCRLudlowJax, ExcessOverNFWMaps, YangSIDMMCRLudlowSph):
    def __init__(
        self,
        centre: Tuple[float, float] = (0.0, 0.0),
        mass_at_200: float = 1e9,
        sigma_over_m: float = 1.0,
        velocity_exponent: float = 0.0,
        velocity_ref: float = 10.0,
        t_age: float = 10.0,
        redshift_object: float = 0.5,
        redshift_source: float = 1.0,
    ):
        """Gravothermally evolved SIDM halo from its mass, drop-in for ``YangSIDMMCRLudlowSph``.

        Parameters
        ----------
        centre, mass_at_200, redshift_object, redshift_source
            As :class:`~autogalaxy_jaxnfw.NFWMCRScatterLudlowSphJax`.
        sigma_over_m
            Cross-section per unit mass [cm^2 / g] at ``velocity_ref``.
        velocity_exponent
            a in sigma ~ v^-a, < 8.
        velocity_ref
            Reference velocity [km / s].
        t_age
            Halo age [Gyr].
        """
        params = self._parameters_from_mass(mass_at_200, redshift_object, redshift_source)
        inputs = dict(sigma_over_m=sigma_over_m, velocity_exponent=velocity_exponent, velocity_ref=velocity_ref, t_age=t_age)
        for name, value in inputs.items():
            setattr(self, name, value)
        params, values = derived_parameters(yang24_parameters, params, inputs)
        self.nu_eff, self.sigma_eff_over_m, self.tau_physical = values[:3]
        self._set_nfw_part(centre, params)
        self.tau, self.rho_s_evolved, self.scale_radius_evolved, self.core_radius_evolved = values[3:]

    def _lensing_parts(self, xp):
        rho_s, r_s, r_c = self.rho_s_evolved, self.scale_radius_evolved, self.core_radius_evolved
        has_core = r_c > 0.0
        r_scale = xp.where(has_core, r_c, r_s)

        def delta_rho(r):
            # rho_s r_s (1 / r~ - 1 / r) / (1 + r / r_s)^2 with r - r~ = -r_c^4 / ((r + r~)(r^2 + r~^2)).
            r_tilde = (r**4 + r_c**4) ** 0.25
            return -rho_s * r_s * r_c**4 / ((1.0 + r / r_s) ** 2 * r * r_tilde * (r + r_tilde) * (r * r + r_tilde * r_tilde))

        return rho_s * r_s, r_s, delta_rho, r_scale, _EXCESS_EXTENT * r_scale
