"""c200c of Ludlow et al. (2016, MNRAS 460, 1214) as colossus defines it, solved with Brent's method."""

import math

import numpy as np
from scipy import optimize, special

from autogalaxy_jaxnfw.reference.cosmology import (
    BRENT_RTOL,
    BRENT_XTOL,
    DELTA_COLLAPSE,
    EINASTO_ALPHA,
    LUDLOW_C,
    LUDLOW_F,
    Z_MAX,
    Z_MIN,
)
from autogalaxy_jaxnfw.reference.growth import growth_factor
from autogalaxy_jaxnfw.reference.sigma import lagrangian_radius, sigma

def einasto_mass_ratio(c, alpha=EINASTO_ALPHA):
    """Ratio M(<r_s) / M(<c r_s) of an Einasto (1965) profile.

    The enclosed Einasto mass is proportional to P(3/alpha, (2/alpha) (r/r_s)^alpha),
    P the regularised lower incomplete gamma function (Ludlow et al. 2016, sec. 2),
    so the ratio is P(3/alpha, 2/alpha) / P(3/alpha, (2/alpha) c^alpha).

    Parameters
    ----------
    c : float or array_like
        Concentration r_200c / r_s.
    alpha : float
        Einasto shape parameter.

    Returns
    -------
    float or numpy.ndarray
        The mass ratio.
    """
    c = np.asarray(c, dtype=float)
    s = 3.0 / alpha
    return special.gammainc(s, 2.0 / alpha) / special.gammainc(s, 2.0 / alpha * c**alpha)


def concentration_ludlow16(cosmo, M, z):
    """Concentration c_200c of Ludlow et al. (2016) as defined by colossus, solved exactly.

    For a trial c, the mean density inside r_s sets the formation redshift z_f through
    rho_crit(z_f) = 200 c^3 [M(<r_s)/M_200] rho_crit(z) / C (Ludlow et al. 2016, eq. 6),
    with rho_crit inverted for matter + Lambda only (as colossus does):
    (1 + z_f)^3 = (rho_f (Om0 (1+z)^3 + Ode0) - Ode0) / Om0. The root in c of

        M(<r_s)/M_200 - erfc[(delta_c/D(z_f) - delta_c/D(z)) / sqrt(2 (sigma^2(fM) - sigma^2(M)))]

    (eq. 7; sigma at z = 0 of the Lagrangian radii) is found with Brent's method on the
    part of c in [1, 100] where -0.995 < z_f < 200.01 (colossus' redshift range).

    Parameters
    ----------
    cosmo : RefCosmology
        The cosmology.
    M : float
        Halo mass M_200c in Msun/h.
    z : float
        Redshift.

    Returns
    -------
    c : float
        The concentration, NaN where not valid.
    valid : bool
        False if the residual does not change sign on the admissible c range, or the
        inputs are not finite, M <= 0 or z < 0.
    """
    M, z = float(M), float(z)
    if not (np.isfinite(M) and np.isfinite(z) and M > 0.0 and z >= 0.0):
        return np.nan, False
    s2_fM = sigma(cosmo, lagrangian_radius(cosmo, LUDLOW_F * M))**2
    s2_M = sigma(cosmo, lagrangian_radius(cosmo, M))**2
    return _solve_ludlow16(cosmo, z, s2_fM, s2_M, lambda zz: growth_factor(cosmo, zz))


def _solve_ludlow16(cosmo, z, s2_fM, s2_M, growth, xtol=BRENT_XTOL):
    """Root in c of Ludlow et al. (2016) eq. 7, given sigma^2(fM), sigma^2(M) and ``growth(z)``."""
    width = math.sqrt(2.0 * (s2_fM - s2_M))
    delta_z = DELTA_COLLAPSE / growth(z)
    E2 = cosmo.Om0 * (1.0 + z)**3 + cosmo.Ode0

    def formation_redshift(c):
        rho_f = 200.0 * c**3 * einasto_mass_ratio(c) / LUDLOW_C
        return float(np.cbrt((rho_f * E2 - cosmo.Ode0) / cosmo.Om0)) - 1.0

    def residual(c):
        delta_f = DELTA_COLLAPSE / growth(formation_redshift(c))
        return float(einasto_mass_ratio(c)) - math.erfc((delta_f - delta_z) / width)

    def solve(func, lo, hi):
        return optimize.brentq(func, lo, hi, xtol=xtol, rtol=BRENT_RTOL, maxiter=500)

    # z_f increases monotonically with c: bracket the admissible range of c.
    c_lo, c_hi = 1.0, 100.0
    zf_lo, zf_hi = formation_redshift(c_lo), formation_redshift(c_hi)
    if zf_hi <= Z_MIN or zf_lo >= Z_MAX:
        return np.nan, False
    if zf_lo <= Z_MIN:
        c_lo = solve(lambda c: formation_redshift(c) - Z_MIN, c_lo, c_hi)
    if zf_hi >= Z_MAX:
        c_hi = solve(lambda c: formation_redshift(c) - Z_MAX, c_lo, c_hi)

    g_lo, g_hi = residual(c_lo), residual(c_hi)
    if not (np.isfinite(g_lo) and np.isfinite(g_hi)) or g_lo * g_hi > 0.0:
        return np.nan, False
    return solve(residual, c_lo, c_hi), True


def concentration_ludlow16_grid(cosmo, M_array, z_array):
    """Ludlow et al. (2016) concentrations on the outer product of masses and redshifts.

    Parameters
    ----------
    cosmo : RefCosmology
        The cosmology.
    M_array : array_like
        Halo masses M_200c in Msun/h, shape (nM,).
    z_array : array_like
        Redshifts, shape (nz,).

    Returns
    -------
    c : numpy.ndarray
        Concentrations, shape (nM, nz); NaN where not valid.
    valid : numpy.ndarray
        Boolean validity flags, shape (nM, nz).
    """
    M_array, z_array = np.atleast_1d(M_array), np.atleast_1d(z_array)
    c = np.full((M_array.size, z_array.size), np.nan)
    valid = np.zeros(c.shape, dtype=bool)
    for i, M in enumerate(M_array):
        for j, z in enumerate(z_array):
            c[i, j], valid[i, j] = concentration_ludlow16(cosmo, M, z)
    return c, valid
