"""Thermal-relic warm dark matter: the suppression of the linear power spectrum and its half mode.

A thermal relic of mass m_wdm [keV] free-streams out of small-scale perturbations.  Viel et
al. (2005, PRD 71, 063534; V05) fit the ratio of the warm to the cold linear transfer
function as

    T_wdm(k) = [1 + (alpha k)^(2 nu)]^(-5 / nu),        nu = 1.12,                (V05 eq. 7)
    alpha = 0.049 (m_wdm / keV)^-1.11 (Omega_wdm / 0.25)^0.11 (h / 0.7)^1.22   [Mpc/h],

so that P_wdm(k) = T_wdm^2(k) P_cdm(k).  Here all the dark matter is warm,
Omega_wdm = Om0 - Ob0 (the baryons stay cold).  ``m_wdm = inf`` (the cosmology's default)
gives alpha = 0 and T_wdm = 1 exactly: cold dark matter.

The half-mode scale, where T_wdm = 1/2, follows from V05 eq. 7 (Schneider et al. 2012,
MNRAS 424, 684, eqs. 8-9; S12):

    k_hm = (2^(nu/5) - 1)^(1/(2 nu)) / alpha,    lambda_hm = 2 pi / k_hm,
    M_hm = (4 pi / 3) rho_m (lambda_hm / 2)^3,

with rho_m = Om0 rho_crit,0 the mean matter density today.

Normalisation: the cold spectrum is normalised to the cosmology's sigma8 and the warm one
is that spectrum times T_wdm^2, so the primordial amplitude is the cosmology's and sigma8
of the warm spectrum is (imperceptibly) below the cosmology's ``sigma8``
(:func:`autogalaxy_jaxnfw.cosmology.sigma.sigma_series`).
"""

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.parameters import require_cosmology
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in

__all__ = [
    "VIEL05_NU",
    "half_mode_mass",
    "half_mode_wavenumber",
    "is_cold",
    "transfer_wdm",
    "wdm_free_streaming_length",
]

VIEL05_NU = 1.12
"""The exponent nu of V05 eq. 7."""
_RHO_CRIT_0 = 2.77536627245708e11  # Msun h^2 / Mpc^3, as :mod:`~autogalaxy_jaxnfw.cosmology.sigma`
# alpha k_hm: T_wdm(k_hm) = 1/2 in V05 eq. 7.
_HALF_MODE_CONSTANT = (2.0 ** (VIEL05_NU / 5.0) - 1.0) ** (0.5 / VIEL05_NU)


def is_cold(cosmology) -> bool:
    """True if the cosmology's programs are those of cold dark matter (its static ``dark_matter``)."""
    return cosmology.dark_matter == "cold"


def wdm_free_streaming_length(cosmology, xp=jnp):
    """alpha of V05 eq. 7 in Mpc/h (0 for ``m_wdm = inf``).

    Parameters
    ----------
    cosmology : Cosmology
        Uses ``m_wdm`` [keV] (> 0, ``inf`` for cold), ``Om0``, ``Ob0`` and ``h``.
    xp : module
        ``jax.numpy`` (default) or ``numpy``.
    """
    omega_wdm = cosmology.Om0 - cosmology.Ob0
    # 1 / m_wdm, not m_wdm: finite with a finite derivative at m_wdm = inf.
    inverse_mass = 1.0 / xp.asarray(cosmology.m_wdm, dtype=float)
    return 0.049 * inverse_mass**1.11 * (omega_wdm / 0.25) ** 0.11 * (cosmology.h / 0.7) ** 1.22


def transfer_wdm(cosmology, k, xp=jnp):
    """T_wdm(k) = sqrt(P_wdm / P_cdm) of V05 eq. 7, for k in h/Mpc; exactly 1 for m_wdm = inf.

    Parameters
    ----------
    cosmology : Cosmology
    k : array_like
        Comoving wavenumber in h/Mpc, >= 0.
    xp : module
        ``jax.numpy`` (default) or ``numpy``.
    """
    x = wdm_free_streaming_length(cosmology, xp) * k
    # x^(2 nu) through exp(2 nu ln x) would put ln 0 in the cold case; x**p has p > 1, so its
    # derivative at x = 0 is a finite 0.
    return (1.0 + x ** (2.0 * VIEL05_NU)) ** (-5.0 / VIEL05_NU)


def half_mode_wavenumber(cosmology, xp=jnp):
    """k_hm [h/Mpc], where T_wdm = 1/2 (S12 eq. 8 with V05 eq. 7); ``inf`` for cold dark matter.

    A traced cosmology outside its domain (:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.cosmology_valid`)
    gives NaN with zero derivatives; anything but a :class:`Cosmology` raises ``TypeError``.
    """
    cosmology, valid = valid_or_stand_in(require_cosmology(cosmology))
    k_hm = _HALF_MODE_CONSTANT / wdm_free_streaming_length(cosmology, xp)
    return k_hm if valid is True else jnp.where(valid, k_hm, jnp.nan)


def half_mode_mass(cosmology, xp=jnp):
    """M_hm = (4 pi / 3) rho_m (lambda_hm / 2)^3 [Msun/h] (S12 eq. 9); 0 for cold dark matter.

    The domain is that of :func:`half_mode_wavenumber`.
    """
    cosmology, valid = valid_or_stand_in(require_cosmology(cosmology))
    # pi / k_hm written as a multiple of alpha: at alpha = 0 (cold) 1 / k_hm = 0 has a finite
    # derivative, while that of k_hm = const / alpha is 0 * inf = NaN.
    half_wavelength = np.pi * wdm_free_streaming_length(cosmology, xp) / _HALF_MODE_CONSTANT
    m_hm = 4.0 * np.pi / 3.0 * cosmology.Om0 * _RHO_CRIT_0 * half_wavelength**3
    return m_hm if valid is True else jnp.where(valid, m_hm, jnp.nan)
