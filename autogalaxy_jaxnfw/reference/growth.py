"""Linear growth factor D_+(z) as colossus defines it, by adaptive quadrature."""

import functools
import math

import numpy as np
from scipy import integrate

from autogalaxy_jaxnfw.reference.cosmology import GROWTH_EPSREL

def _growth_integral_form(cosmo, z):
    """Integral form of the growth factor (Heath 1977; Eisenstein & Hu 1999, eq. 8).

    D(z) = (5/2) Om0 E_D(z) int_z^inf (1+z') / E_D(z')^3 dz', where
    E_D^2 = Om0 (1+z)^3 + Ode0 + Or0: radiation enters as a constant (colossus'
    choice, so that D -> a at high z). The integral is rewritten in a = t^2,
    int_0^sqrt(a) 2 t^4 / (Om0 + (Ode0 + Or0) t^6)^(3/2) dt, whose integrand is smooth.
    """
    lam = cosmo.Ode0 + cosmo.Or0
    a = 1.0 / (1.0 + z)
    integral = integrate.quad(lambda t: 2.0 * t**4 / (cosmo.Om0 + lam * t**6)**1.5,
                              0.0, math.sqrt(a), epsabs=0.0, epsrel=GROWTH_EPSREL, limit=200)[0]
    E = math.sqrt(cosmo.Om0 * (1.0 + z)**3 + lam)
    return 2.5 * cosmo.Om0 * E * integral


def _growth_matter_radiation(cosmo, z):
    """Matter + radiation growth factor (Gnedin et al. 2011, ApJS 194, 46, eq. 5; as in colossus).

    D = a + (2/3) a_eq + a_eq / (2 ln 2 - 3) [2 r + (2/3 + x) ln((r - 1) / (r + 1))],
    with x = a / a_eq and r = sqrt(1 + x).
    """
    a = 1.0 / (1.0 + z)
    x = a / cosmo.a_eq
    r = math.sqrt(1.0 + x)
    bracket = 2.0 * r + (2.0 / 3.0 + x) * math.log((r - 1.0) / (r + 1.0))
    return a + 2.0 / 3.0 * cosmo.a_eq + cosmo.a_eq / (2.0 * math.log(2.0) - 3.0) * bracket


def _growth_scalar(cosmo, z):
    if not cosmo.relspecies or z <= 5.0:
        return _growth_integral_form(cosmo, z)
    if z >= 20.0:
        return _growth_matter_radiation(cosmo, z)
    # Transition 5 < z < 20: linear blend in ln a, reaching the integral form at z = 5
    # and the analytic form at z = 20 (colossus growthFactorUnnormalized).
    ln_a, ln_a5, ln_a20 = -math.log1p(z), -math.log(6.0), -math.log(21.0)
    w = (ln_a - ln_a20) / (ln_a5 - ln_a20)
    return w * _growth_integral_form(cosmo, z) + (1.0 - w) * _growth_matter_radiation(cosmo, z)


def growth_factor_unnormalised(cosmo, z):
    """Linear growth factor D_+(z) with colossus' normalisation (D -> a when matter dominates).

    For z <= 5 (or always, without relativistic species) the integral form of
    Heath (1977) / Eisenstein & Hu (1999, eq. 8) with a constant radiation term;
    for z >= 20 the matter + radiation solution of Gnedin et al. (2011, eq. 5);
    in between a linear interpolation in ln a, as in colossus.

    Parameters
    ----------
    cosmo : RefCosmology
        The cosmology.
    z : float or array_like
        Redshift, > -1.

    Returns
    -------
    float or numpy.ndarray
        D_+(z).
    """
    z = np.asarray(z, dtype=float)
    out = np.array([_growth_scalar(cosmo, float(zi)) for zi in z.ravel()])
    return out.reshape(z.shape) if z.ndim else float(out[0])


@functools.lru_cache(maxsize=None)
def _growth_today(cosmo):
    return _growth_scalar(cosmo, 0.0)


def growth_factor(cosmo, z):
    """Linear growth factor normalised to unity today, D_+(z) / D_+(0).

    Parameters
    ----------
    cosmo : RefCosmology
        The cosmology.
    z : float or array_like
        Redshift, > -1.

    Returns
    -------
    float or numpy.ndarray
        D_+(z) / D_+(0).
    """
    return growth_factor_unnormalised(cosmo, z) / _growth_today(cosmo)
