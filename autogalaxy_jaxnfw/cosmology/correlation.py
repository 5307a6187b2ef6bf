"""The linear matter correlation function xi(R, z) of the cosmology's spectrum.

xi(R, z) = (D+(z) / D+(0))^2 / (2 pi^2) int_0^inf k^2 P(k) sin(kR) / (kR) dk,

the Fourier transform of an isotropic power spectrum (Peebles 1980, *The Large-Scale Structure
of the Universe*, section 41), with P(k) = A k^ns T^2(k) [T_wdm^2(k)] the spectrum of
:mod:`~autogalaxy_jaxnfw.cosmology.sigma` (EH98 transfer, amplitude fixed by sigma8 on the cold
spectrum) -- colossus' ``Cosmology.correlationFunction`` (which integrates its interpolated
spectrum).

The integral uses sigma's composite rule for each radius (:func:`~.sigma.k_rule`: panels
over the baryon wiggles and one per half-period pi/R of sin(kR) up to kR = 64 pi), continued by
half-period panels (whole periods) up to k = 80 h/Mpc where that is further: near R ~ 100 Mpc/h
the baryon wiggles of T(k) oscillate with sin(kR) (the acoustic peak) and the integrand does not
average out until they have decayed, and a warm spectrum's cut-off has to be passed before its
slope is a power law's.  Beyond the last panel, at K with sin(KR) = 0, integrating by parts
twice with the local power-law slope s of g(k) = k^2 P(k) / (kR) (warm suppression included)
gives the tail g(K) / R (1 - s (s - 1) / (K R)^2).
"""

import functools

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.growth import growth_factor_unnormalised
from autogalaxy_jaxnfw.cosmology.sigma import R_NORM, cold_k2_spectrum, k_rule, sigma2_unnormalised
from autogalaxy_jaxnfw.cosmology.warm_dark_matter import is_cold, transfer_wdm

__all__ = ["correlation_function"]

_K_WIGGLES = 80.0
_N_GAUSS = 12


@functools.lru_cache(maxsize=None)
def _rule(radii):
    """sigma's rule per radius continued by half-period panels to beyond _K_WIGGLES; the last k."""
    k, w, k_end = k_rule(radii)
    t, tw = np.polynomial.legendre.leggauss(_N_GAUSS)
    extra_k, extra_w, k_last = [], [], []
    for r, start in zip(radii, k_end):
        # Whole periods, so that cos(KR) = 1 at the last k as at k_end.
        n = 2 * max(0, int(np.ceil((_K_WIGGLES - start) * r / (2.0 * np.pi))))
        lo = start + np.pi / r * np.arange(n)
        extra_k.append((lo[:, None] + 0.5 * np.pi / r * (1.0 + t)).ravel())
        extra_w.append(np.tile(0.5 * np.pi / r * tw, n))
        k_last.append(start + n * np.pi / r)
    width = max(len(e) for e in extra_k)
    pad = lambda rows, value: np.array([np.pad(x, (0, width - len(x)), constant_values=value) for x in rows])  # noqa: E731
    return np.concatenate([k, pad(extra_k, 1.0)], axis=1), np.concatenate([w, pad(extra_w, 0.0)], axis=1), np.asarray(k_last)


def correlation_function(cosmo, radii, z=0.0, xp=jnp):
    """Linear matter correlation function xi(R, z) at comoving radii R.

    Parameters
    ----------
    cosmo : Cosmology
    radii : sequence of float
        Comoving radii in Mpc/h, concrete (they fix the quadrature's panels), > 0.
    z : float or array_like
        Redshift (scalar, or one per radius).
    xp : module
        ``jax.numpy`` (default; the cosmology may be traced) or ``numpy``.

    Returns
    -------
    jax.Array or numpy.ndarray
        xi, shape (len(radii),), dimensionless.
    """
    radii = tuple(float(r) for r in np.atleast_1d(np.asarray(radii, dtype=float)))
    if not all(np.isfinite(r) and r > 0.0 for r in radii):
        raise ValueError(f"radii must be finite and > 0 (comoving Mpc/h); got {radii}")
    k, w, k_end = _rule(radii)
    r = np.asarray(radii)
    warm = not is_cold(cosmo)
    spectrum = lambda kk: cold_k2_spectrum(cosmo, kk, xp) * (transfer_wdm(cosmo, kk, xp) ** 2 if warm else 1.0)  # noqa: E731
    body = xp.sum(w * spectrum(k) * xp.sin(k * r[:, None]) / (k * r[:, None]), axis=1)
    # The local slope of the spectrum itself (a warm one falls steeply there); where it has
    # underflowed (float32, a light particle) the tail is 0.
    at_end, at_twice = spectrum(k_end), spectrum(2.0 * k_end)
    positive = (at_end > 0.0) & (at_twice > 0.0)
    slope = xp.log(xp.where(positive, at_twice, 2.0) / xp.where(positive, at_end, 1.0)) / np.log(2.0) - 1.0
    tail = xp.where(positive, at_end / (k_end * r * r) * (1.0 - slope * (slope - 1.0) / (k_end * r) ** 2), 0.0)
    amplitude = cosmo.sigma8**2 / sigma2_unnormalised(cosmo, (R_NORM,), xp, warm=False)[0]
    growth = growth_factor_unnormalised(cosmo, z, xp) / growth_factor_unnormalised(cosmo, 0.0, xp)
    return amplitude * growth**2 * (body + tail) / (2.0 * np.pi**2)
