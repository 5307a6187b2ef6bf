"""Warm-dark-matter suppression of the linear power spectrum, in plain NumPy.

Viel et al. (2005, PRD 71, 063534, eq. 7) fit the warm-to-cold transfer-function ratio of a
thermal relic of mass m [keV] with all the dark matter warm, Omega_wdm = Om0 - Ob0; the
half-mode scale is where that ratio is 1/2 (Schneider et al. 2012, MNRAS 424, 684, eqs. 8-9).
"""

import math

import numpy as np

from autogalaxy_jaxnfw.reference.cosmology import RHO_CRIT_0

NU = 1.12


def _alpha(cosmo):
    """The free-streaming scale alpha of Viel et al. (2005) eq. 7 in Mpc/h."""
    return (0.049 * cosmo.m_wdm**-1.11 * ((cosmo.Om0 - cosmo.Ob0) / 0.25)**0.11
            * (cosmo.h / 0.7)**1.22)


def transfer_wdm(cosmo, k):
    """[1 + (alpha k)^(2 nu)]^(-5/nu) for k in h/Mpc; 1 for cold dark matter (m_wdm = inf)."""
    k = np.asarray(k, dtype=float)
    if math.isinf(cosmo.m_wdm):
        return np.ones_like(k)
    return np.exp(-5.0 / NU * np.log1p((_alpha(cosmo) * k)**(2.0 * NU)))


def half_mode_mass(cosmo):
    """M_hm [Msun/h]: the mean matter mass inside a sphere of diameter 2 pi / k_hm, T(k_hm) = 1/2."""
    k_hm = (2.0**(NU / 5.0) - 1.0)**(1.0 / (2.0 * NU)) / _alpha(cosmo)
    return 4.0 * np.pi / 3.0 * cosmo.Om0 * RHO_CRIT_0 * (np.pi / k_hm)**3
