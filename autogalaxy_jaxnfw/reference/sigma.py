"""Top-hat variance sigma^2(R) of the linear density field at z = 0 by adaptive quadrature."""

import dataclasses
import functools
import math

import numpy as np
from scipy import integrate

from autogalaxy_jaxnfw.reference.cosmology import RHO_CRIT_0, SIGMA_EPSREL
from autogalaxy_jaxnfw.reference.transfer import _eh98_scales, transfer_eh98
from autogalaxy_jaxnfw.reference.warm_dark_matter import transfer_wdm

def _tophat_window(x):
    """Fourier transform of the spherical top-hat, W(x) = 3 (sin x - x cos x) / x^3.

    For x < 0.5 the Taylor series W = 3 sum_n (-1)^(n+1) 2n x^(2n-2) / (2n+1)!
    (n = 1..8, truncation error < 1e-17) replaces the closed form, which cancels.
    """
    x = np.asarray(x, dtype=float)
    W = np.empty_like(x)
    small = x < 0.5
    xs, xl = x[small], x[~small]
    W[small] = sum((-1)**(n + 1) * 6.0 * n / math.factorial(2 * n + 1) * xs**(2 * n - 2)
                   for n in range(1, 9))
    W[~small] = 3.0 * (np.sin(xl) - xl * np.cos(xl)) / xl**3
    return W


def _sigma2_integrand(cosmo, lnk, R):
    """d sigma^2 / d ln k for the un-normalised spectrum P(k) = k^ns (T(k) T_wdm(k))^2."""
    k = np.exp(lnk)
    power = k**cosmo.ns * (transfer_eh98(cosmo, k) * transfer_wdm(cosmo, k))**2
    return k**3 * power * _tophat_window(k * R)**2 / (2.0 * np.pi**2)


def _sigma2_cut_points(cosmo, R, refine=1):
    """Integration limits and sub-interval boundaries in ln k for sigma^2(R).

    The lower limit is the first point of a ln k grid where the integrand exceeds
    1e-18 of its maximum (below it the integrand falls like k^(3+ns)); the upper limit
    is kR = 1e4 (the tail beyond falls like (kR)^-4 and is ~1e-15 of the total).
    In between, consecutive boundaries are at most 0.05 apart in ln k, half a period
    pi/R of the top-hat oscillation apart in k, and, for k < min(500, 50/R) h/Mpc,
    one baryon-oscillation period 2 pi/s apart in k (eq. 21 of Eisenstein & Hu 1998:
    the wiggles of T(k) decay only like k^-3, to ~1e-13 relative at k = 300 h/Mpc).
    All spacings are divided by ``refine`` (for convergence tests).
    """
    k_top = 1e4 / R
    grid = np.arange(np.log(1e-12), np.log(k_top), 0.05)
    values = _sigma2_integrand(cosmo, grid, R)
    k = np.exp(grid[max(np.argmax(values > 1e-18 * values.max()) - 1, 0)])

    k_bao = min(500.0, 50.0 / R)
    bao_period = 2.0 * np.pi / (_eh98_scales(cosmo)["s"] * cosmo.h)  # in h/Mpc
    cuts = [k]
    while k < k_top:
        k += min(0.05 * k, np.pi / R, bao_period if k < k_bao else np.inf) / refine
        cuts.append(min(k, k_top))
    return np.log(cuts)


@functools.lru_cache(maxsize=4096)
def _sigma2_unnormalised_scalar(cosmo, R, epsrel=SIGMA_EPSREL):
    # Each sub-interval [a_i, b_i] is mapped onto t in [0, 1] and all of them are
    # integrated together by scipy's adaptive Gauss-Kronrod (21-point) quadrature for
    # vector-valued integrands; the sub-integrals are then summed exactly.
    cuts = _sigma2_cut_points(cosmo, R)
    start, width = cuts[:-1], np.diff(cuts)
    pieces, _ = integrate.quad_vec(lambda t: _sigma2_integrand(cosmo, start + t * width, R) * width,
                                   0.0, 1.0, epsabs=0.0, epsrel=epsrel, norm="max")
    return math.fsum(pieces)


def sigma2_unnormalised(cosmo, R, epsrel=SIGMA_EPSREL):
    """Top-hat variance of the un-normalised linear power spectrum at z = 0.

    sigma^2(R) = 1/(2 pi^2) int k^3 P(k) W(kR)^2 dln k with P(k) = k^ns (T_EH98(k) T_wdm(k))^2
    and W(x) = 3 (sin x - x cos x) / x^3 the Fourier-space top-hat window.
    The ln k range is split into a few thousand short sub-intervals (see
    ``_sigma2_cut_points``), which are integrated with adaptive Gauss-Kronrod
    quadrature (``scipy.integrate.quad_vec``, all sub-intervals at once).
    Results are cached per (cosmology, R, epsrel).

    Parameters
    ----------
    cosmo : RefCosmology
        The cosmology.
    R : float or array_like
        Top-hat radius in Mpc/h, > 0.
    epsrel : float
        Relative tolerance, with respect to the largest sub-interval integral.

    Returns
    -------
    float or numpy.ndarray
        sigma^2(R) in the arbitrary normalisation of P(k) = k^ns (T(k) T_wdm(k))^2.
    """
    R = np.asarray(R, dtype=float)
    out = np.array([_sigma2_unnormalised_scalar(cosmo, float(r), epsrel) for r in R.ravel()])
    return out.reshape(R.shape) if R.ndim else float(out[0])


def sigma(cosmo, R, epsrel=SIGMA_EPSREL):
    """rms linear density fluctuation at z = 0 in top-hat spheres, normalised to sigma8.

    sigma(R) = sigma8 sqrt(sigma^2(R) / sigma^2_cold(8 Mpc/h)): a warm spectrum is the
    cold one, normalised to sigma8, times T_wdm^2 (the primordial amplitude is the cosmology's).

    Parameters
    ----------
    cosmo : RefCosmology
        The cosmology.
    R : float or array_like
        Top-hat radius in Mpc/h.
    epsrel : float
        Quadrature tolerance passed to ``sigma2_unnormalised``.

    Returns
    -------
    float or numpy.ndarray
        sigma(R).
    """
    cold = dataclasses.replace(cosmo, m_wdm=math.inf)
    ratio = sigma2_unnormalised(cosmo, R, epsrel) / sigma2_unnormalised(cold, 8.0, epsrel)
    return cosmo.sigma8 * np.sqrt(ratio)


def lagrangian_radius(cosmo, M):
    """Radius of the sphere that encloses mass M at the mean matter density today.

    R = (3 M / (4 pi Om0 rho_c0))^(1/3).

    Parameters
    ----------
    cosmo : RefCosmology
        The cosmology.
    M : float or array_like
        Mass in Msun/h.

    Returns
    -------
    float or numpy.ndarray
        Lagrangian radius in Mpc/h.
    """
    return (3.0 * np.asarray(M, dtype=float) / (4.0 * np.pi * cosmo.Om0 * RHO_CRIT_0))**(1.0 / 3.0)
