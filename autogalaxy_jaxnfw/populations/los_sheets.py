"""Mean truncated-NFW mass of a line-of-sight plane's haloes, for its negative convergence sheet.

autolens' ``LOSSampler`` gives each plane a sheet kappa = -(V / Sigma_cr) I with

    I = int_{m_min}^{m_max} dn/dm m < M_t / M_200 >_{P(log10 c | m)} dm,

dn/dm = 10^B m^A (or any dn/dm), log10 c normal about log10 c(m) with sigma ``c_scatter`` dex (integrated
over +-4 sigma), and M_t / M_200 = m_inf(tau) / f(c) the truncated NFW's total over its
M_200 (Baltz, Marshall & Oguri 2009, eq. 10; f(c) = ln(1 + c) - c / (1 + c)), tau = r_t / r_s
with r_t the radius of mean density ``truncation_factor`` x rho_crit.  The sheet depends
on c(m) only through I, so the sheet of haloes on another relation is LOSSampler's sheet
times I(new c) / I(line): :func:`sheet_mass_integral` evaluates I by Gauss-Legendre
quadrature in ln m and log10 c (vectorised, any c(m)).
"""

from typing import Callable, Optional

import numpy as np
from scipy.optimize import newton

from autogalaxy_jaxnfw.lensing.nfw_radial import nfw_enclosed_mass
from autogalaxy_jaxnfw.lensing.truncated_nfw_asymptotic import truncated_nfw_total_mass

__all__ = ["sheet_mass_integral", "truncation_tau"]

# LOSSampler integrates the log-normal scatter over +-4 sigma (los.negative_kappa_from).
SCATTER_SIGMAS = 4.0


def truncation_tau(concentration, truncation_factor: float = 100.0):
    """tau = r_t / r_s, r_t enclosing a mean density ``truncation_factor`` rho_crit, of NFWs with c200c ``concentration``.

    Solves (Delta_t / 3) tau^3 / f(tau) = (200 / 3) c^3 / f(c) (the mean density inside
    tau r_s equals Delta_t rho_crit, the NFW's rho_s being fixed by c) by Newton's method
    in ln tau; the left side increases with tau.

    Parameters
    ----------
    concentration : array
        c200c, > 0.
    truncation_factor : float
        Delta_t, e.g. 100 for r_100.
    """
    c = np.asarray(concentration, dtype=float)
    target = np.log(200.0 / truncation_factor) + 3.0 * np.log(c) - np.log(nfw_enclosed_mass(c, xp=np))

    def residual(ln_tau):
        tau = np.exp(ln_tau)
        return 3.0 * ln_tau - np.log(nfw_enclosed_mass(tau, xp=np)) - target

    def slope(ln_tau):
        tau = np.exp(ln_tau)
        return 3.0 - tau * tau / ((1.0 + tau) ** 2 * nfw_enclosed_mass(tau, xp=np))

    start = np.log(c * (200.0 / truncation_factor) ** (1.0 / 3.0))
    return np.exp(newton(residual, start, fprime=slope, tol=1e-14, maxiter=50))


def sheet_mass_integral(
    concentration_of_mass: Callable,
    m_min: float,
    m_max: float,
    mass_function_slope: float,
    mass_function_log10_norm: float,
    c_scatter: float,
    truncation_factor: float = 100.0,
    n_mass: int = 96,
    n_concentration: int = 48,
    dn_dm: Optional[Callable] = None,
) -> float:
    """I = int dn/dm m <M_t / M_200> dm of one plane (the module's equation), by Gauss-Legendre quadrature.

    Parameters
    ----------
    concentration_of_mass : callable
        ``c(m)``: the median c200c of haloes of mass m [Msun] (array in, array out).
    m_min, m_max : float
        Mass range [Msun].
    mass_function_slope, mass_function_log10_norm : float
        A and B of dn/dm = 10^B m^A.
    c_scatter : float
        Log-normal scatter of c in dex (> 0).
    truncation_factor : float
        Delta_t of the truncation radius.
    n_mass, n_concentration : int
        Nodes in ln m and in log10 c (the defaults converge to ~1e-12 for the smooth
        integrands of LOSSampler's ranges).
    dn_dm : callable or None
        ``dn_dm(m)`` [per unit volume per Msun] in place of 10^B m^A (whose coefficients are
        then ignored): the exact mass function of ``Ludlow16LOSSampler(mass_function="exact")``.

    Returns
    -------
    float
        I in Msun per unit comoving volume of the mass function.
    """
    x_m, w_m = np.polynomial.legendre.leggauss(n_mass)
    x_c, w_c = np.polynomial.legendre.leggauss(n_concentration)
    half = 0.5 * np.log(m_max / m_min)
    ln_m = np.log(m_min) + half * (x_m + 1.0)
    mass = np.exp(ln_m)
    centre = np.log10(np.asarray(concentration_of_mass(mass), dtype=float))
    offset = SCATTER_SIGMAS * c_scatter * x_c
    log10_c = centre[:, None] + offset[None, :]
    c = 10.0**log10_c
    fraction = truncated_nfw_total_mass(truncation_tau(c, truncation_factor), xp=np) / nfw_enclosed_mass(c, xp=np)
    density = np.exp(-0.5 * (offset / c_scatter) ** 2) / (np.sqrt(2.0 * np.pi) * c_scatter)
    mean_fraction = (fraction * density[None, :]) @ (SCATTER_SIGMAS * c_scatter * w_c)
    if dn_dm is None:
        dn_dm_m2 = 10.0**mass_function_log10_norm * mass ** (mass_function_slope + 2.0)
    else:
        dn_dm_m2 = np.asarray(dn_dm(mass), dtype=float) * mass**2
    # dn/dm m, times dm = m d ln m
    return float(half * np.sum(w_m * dn_dm_m2 * mean_fraction))
