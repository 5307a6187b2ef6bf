"""The linear matter correlation function xi(R, z) by adaptive quadrature, and pyHalo's two-halo factor.

xi(R) = 1/(2 pi^2) int_0^inf k^2 P(k) sin(kR) / (kR) dk with P(k) = A k^ns (T_EH98 T_wdm)^2,
A fixed by sigma8 on the cold spectrum (as :func:`~.sigma.sigma`), times (D+(z) / D+(0))^2.
Up to k_top, the first multiple of 2 pi / R beyond kR = 2e4, the integrand is integrated over
short sub-intervals (at most 0.05 in ln k, a quarter period pi / (2R) of sin(kR) and, below
min(500, 50 / R) h/Mpc, a baryon-oscillation period apart) by adaptive Gauss-Kronrod; the rest is
the leading term of integration by parts, g(k_top) / R (g = k^2 P / (kR)), ~(kR)^-2 = 2.5e-9 of a
tail that is itself ~1e-9 of xi.  (QUADPACK's Fourier-integral routine, QAWF, was tried for the
tail: its error estimates there reached 1e-4 of the tail and its result moved by 1e-6 of xi with
k_top.)
"""

import dataclasses
import functools
import math

import numpy as np
from scipy import integrate

from autogalaxy_jaxnfw.reference.cosmology import SIGMA_EPSREL
from autogalaxy_jaxnfw.reference.growth import growth_factor
from autogalaxy_jaxnfw.reference.mass_definitions import density_threshold
from autogalaxy_jaxnfw.reference.mass_function import halo_bias
from autogalaxy_jaxnfw.reference.sigma import sigma2_unnormalised
from autogalaxy_jaxnfw.reference.transfer import _eh98_scales, transfer_eh98
from autogalaxy_jaxnfw.reference.warm_dark_matter import transfer_wdm

__all__ = ["correlation_function", "two_halo_boost"]


def _spectrum_over_kr(cosmo, k, R):
    """k^2 P(k) / (kR) / (2 pi^2) for the un-normalised P(k) = k^ns (T T_wdm)^2."""
    power = k**cosmo.ns * (transfer_eh98(cosmo, k) * transfer_wdm(cosmo, k)) ** 2
    return k * power / R / (2.0 * np.pi**2)


@functools.lru_cache(maxsize=4096)
def _xi_unnormalised(cosmo, R):
    k_top = 2.0 * np.pi / R * math.ceil(2e4 / (2.0 * np.pi))
    bao_period = 2.0 * np.pi / (_eh98_scales(cosmo)["s"] * cosmo.h)
    k_bao = min(500.0, 50.0 / R)
    cuts = [1e-8]
    while cuts[-1] < k_top:
        k = cuts[-1]
        cuts.append(min(k + min(0.05 * k, 0.5 * np.pi / R, bao_period if k < k_bao else np.inf), k_top))
    cuts = np.asarray(cuts)
    start, width = cuts[:-1], np.diff(cuts)

    def pieces(t):
        k = start + t * width
        return _spectrum_over_kr(cosmo, k, R) * np.sin(k * R) * width

    body, _ = integrate.quad_vec(pieces, 0.0, 1.0, epsabs=0.0, epsrel=SIGMA_EPSREL, norm="max")
    return math.fsum(body) + _spectrum_over_kr(cosmo, k_top, R) / R


def correlation_function(cosmo, R, z=0.0):
    """xi(R, z) at comoving radii R [Mpc/h] (float or array), redshift z (float)."""
    cold = dataclasses.replace(cosmo, m_wdm=math.inf)
    amplitude = cosmo.sigma8**2 / sigma2_unnormalised(cold, 8.0)
    R = np.asarray(R, dtype=float)
    xi = np.array([_xi_unnormalised(cosmo, float(r)) for r in R.ravel()]) * amplitude * growth_factor(cosmo, z) ** 2
    return xi.reshape(R.shape) if R.ndim else float(xi[0])


def two_halo_boost(cosmo, host_mass, z, r_min, r_max, lazar=True):
    """pyHalo's two-halo factor for a host of M200c ``host_mass`` [Msun] (comoving r in Mpc), by ``scipy.integrate.quad``.

    B = 2 / (r_max - r_min) int [b_tinker10(M h) xi(r h, z) + 0.1 (r / (5 r200))^-4] dr, with r200 the
    host's physical radius [Mpc] from colossus' 200c threshold (cold spectrum).
    """
    cold = dataclasses.replace(cosmo, m_wdm=math.inf)
    h = cold.h
    bias = float(halo_bias(cold, host_mass * h, z, "200c", "tinker10"))
    r200 = (3.0 * host_mass * h / (4.0 * np.pi * float(density_threshold(cold, z, "200c")))) ** (1.0 / 3.0) / h * 1e-3

    def excess(r):
        value = bias * correlation_function(cold, r * h, z)
        return value + (0.1 * (r / r200 / 5.0) ** -4.0 if lazar else 0.0)

    # In ln r: the integrand r * excess(r) varies slowly there (xi ~ r^-1.8).
    integral, _ = integrate.quad(lambda u: np.exp(u) * excess(np.exp(u)), math.log(r_min), math.log(r_max),
                                 epsabs=0.0, epsrel=1e-10, limit=200)
    return 2.0 * integral / (r_max - r_min)
