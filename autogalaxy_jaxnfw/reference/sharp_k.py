"""Sharp-k variance and the Sheth-Tormen mass function on it, by adaptive quadrature.

sigma^2(R) = 1/(2 pi^2) int_0^(1/R) k^2 P(k) dk (Schneider, Smith & Reed 2013, MNRAS 433,
1573, eq. 4), with P(k) = A k^ns (T_EH98 T_wdm)^2 and A fixed by the cold spectrum's top-hat
sigma8 (``reference.sigma``).  The integral runs in ln k from 1e-14 h/Mpc (below it the
integrand k^(3+ns) is < 1e-40 of the total) to ln(1/R), split at every 0.05 in ln k and,
where the baryon wiggles live, every half period of them, each piece by scipy's adaptive
Gauss-Kronrod quadrature.
"""

import dataclasses
import functools
import math

import numpy as np
from scipy import integrate

from autogalaxy_jaxnfw.reference.cosmology import DELTA_COLLAPSE, RHO_CRIT_0
from autogalaxy_jaxnfw.reference.growth import growth_factor
from autogalaxy_jaxnfw.reference.sigma import sigma2_unnormalised
from autogalaxy_jaxnfw.reference.transfer import _eh98_scales, transfer_eh98
from autogalaxy_jaxnfw.reference.warm_dark_matter import transfer_wdm

__all__ = ["sharp_k_mass_function", "sharp_k_sigma", "sharp_k_slope", "spectrum"]

_LN_K_MIN = math.log(1e-14)


def spectrum(cosmo, k):
    """P(k) [(Mpc/h)^3] at z = 0: the cold spectrum normalised to sigma8 (top hat) times T_wdm^2."""
    k = np.asarray(k, dtype=float)
    cold = dataclasses.replace(cosmo, m_wdm=math.inf)
    amplitude = cosmo.sigma8**2 / sigma2_unnormalised(cold, 8.0)
    return amplitude * k**cosmo.ns * (transfer_eh98(cosmo, k) * transfer_wdm(cosmo, k)) ** 2


@functools.lru_cache(maxsize=4096)
def _sigma2_scalar(cosmo, R):
    ln_top = -math.log(R)
    bao = 2.0 * np.pi / (_eh98_scales(cosmo)["s"] * cosmo.h) / 2.0
    cuts = [_LN_K_MIN]
    while cuts[-1] < ln_top:
        k = math.exp(cuts[-1])
        step = min(0.05, bao / k) if 1e-3 < k < 50.0 else 0.05
        cuts.append(min(cuts[-1] + step, ln_top))
    cuts = np.array(cuts)
    start, width = cuts[:-1], np.diff(cuts)
    integrand = lambda t: (np.exp(3.0 * (start + t * width)) * spectrum(cosmo, np.exp(start + t * width))  # noqa: E731
                           * width / (2.0 * np.pi**2))
    pieces, _ = integrate.quad_vec(integrand, 0.0, 1.0, epsabs=0.0, epsrel=1e-13, norm="max")
    return math.fsum(pieces)


def sharp_k_sigma(cosmo, R):
    """sigma(R) at z = 0 for the sharp-k filter, R in Mpc/h."""
    R = np.asarray(R, dtype=float)
    out = np.array([math.sqrt(_sigma2_scalar(cosmo, float(r))) for r in R.ravel()])
    return out.reshape(R.shape) if R.ndim else float(out[0])


def sharp_k_slope(cosmo, R):
    """d ln sigma / d ln R = -P(1/R) / (4 pi^2 R^3 sigma^2) of the sharp-k filter."""
    R = np.asarray(R, dtype=float)
    return -spectrum(cosmo, 1.0 / R) / (4.0 * np.pi**2 * R**3 * sharp_k_sigma(cosmo, R) ** 2)


def sharp_k_mass_function(cosmo, M, z, c=2.5, A=0.3222, q=1.0, p=0.3):
    """dn / d ln M [(Mpc/h)^-3] of the Sheth-Tormen multiplicity on the sharp-k variance.

    M = 4 pi / 3 rho_m (c R)^3 (S13 sec. 3); f(nu) = A sqrt(2 q nu / pi) (1 + (q nu)^-p)
    exp(-q nu / 2) with nu = (delta_c / sigma)^2 (Sheth & Tormen 1999, with S13's q = 1);
    dn/dlnM = rho_m / M f |d ln sigma / d ln M|, d ln sigma / d ln M = (1/3) d ln sigma / d ln R.
    """
    M = np.asarray(M, dtype=float)
    rho = cosmo.Om0 * RHO_CRIT_0
    R = (3.0 * M / (4.0 * np.pi * rho)) ** (1.0 / 3.0) / c
    sigma = sharp_k_sigma(cosmo, R) * growth_factor(cosmo, z)
    nu = (DELTA_COLLAPSE / sigma) ** 2
    f = A * np.sqrt(2.0 * q * nu / np.pi) * (1.0 + (q * nu) ** -p) * np.exp(-0.5 * q * nu)
    return rho / M * f * np.abs(sharp_k_slope(cosmo, R)) / 3.0
