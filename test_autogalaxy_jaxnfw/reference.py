"""High-precision NumPy/SciPy reference for the Ludlow et al. (2016) c(M, z) relation.

This module evaluates the concentration-mass relation of Ludlow et al. (2016,
MNRAS 460, 1214) *as the colossus package defines it* (``modelLudlow16``),
but solves every ingredient to (close to) double precision instead of using
interpolation tables:

* the Eisenstein & Hu (1998, ApJ 496, 605) transfer function with baryons;
* the top-hat variance sigma(R) by adaptive quadrature over many sub-intervals;
* the linear growth factor with colossus' conventions (constant radiation term
  in the integral form, Gnedin et al. 2011 analytic form at high redshift and
  a blend in between);
* the concentration as the root of Ludlow et al. (2016) eqs. (6)-(7), found with
  Brent's method instead of colossus' 200-point grid and linear interpolation.

Units: masses in Msun/h, radii in Mpc/h, wavenumbers in h/Mpc.

It depends on NumPy and SciPy only (colossus is used by the ``__main__``
self-check alone) and is meant as ground truth for tests.
"""

import functools
import itertools
import math
from dataclasses import dataclass

import numpy as np
from scipy import integrate, optimize, special

#: Critical density today in Msun h^2 / Mpc^3 (the value colossus uses).
RHO_CRIT_0 = 2.77536627245708e11
#: Linear collapse threshold (colossus ``DELTA_COLLAPSE``).
DELTA_COLLAPSE = 1.68647
#: Ludlow et al. (2016) model constants: collapsed-mass fraction f and C.
LUDLOW_F = 0.02
LUDLOW_C = 650.0
#: Einasto shape parameter used for the enclosed-mass ratio (Ludlow et al. 2016, sec. 2).
EINASTO_ALPHA = 0.18
#: Redshift range over which colossus' cosmology (and so the formation redshift) is defined.
Z_MIN = -0.995
Z_MAX = 200.01

#: Relative tolerance of the sigma^2(R) quadrature (w.r.t. the largest sub-interval integral).
SIGMA_EPSREL = 1e-12
#: Relative tolerance of the growth-factor quadrature.
GROWTH_EPSREL = 1e-13
#: Smallest relative tolerance scipy's brentq accepts.
BRENT_RTOL = 4.0 * np.finfo(float).eps
BRENT_XTOL = 1e-15


# -------------------------------------------------------------------------------------------------
# Cosmology
# -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefCosmology:
    """Flat LambdaCDM cosmology with the parameter conventions of colossus.

    Parameters
    ----------
    h : float
        Hubble constant in units of 100 km/s/Mpc.
    Om0 : float
        Matter density parameter today.
    Ob0 : float
        Baryon density parameter today.
    sigma8 : float
        Linear rms density fluctuation in top-hat spheres of 8 Mpc/h at z = 0.
    ns : float
        Spectral index of the primordial power spectrum.
    Tcmb0 : float
        CMB temperature today in K.
    Neff : float
        Effective number of neutrino species.
    relspecies : bool
        Whether photons and neutrinos contribute to the density budget.
    """

    h: float
    Om0: float
    Ob0: float
    sigma8: float
    ns: float
    Tcmb0: float = 2.7255
    Neff: float = 3.046
    relspecies: bool = True

    @property
    def Ogamma0(self):
        """Photon density parameter, rho_gamma = 4 sigma_SB T^4 / c^3 over rho_crit."""
        if not self.relspecies:
            return 0.0
        return 4.4814665013636476e-7 * self.Tcmb0**4 / self.h**2

    @property
    def Onu0(self):
        """Massless-neutrino density parameter, 7/8 (4/11)^(4/3) Neff Ogamma0."""
        return 0.22710731766 * self.Neff * self.Ogamma0

    @property
    def Or0(self):
        """Radiation (photons + neutrinos) density parameter."""
        return self.Ogamma0 + self.Onu0

    @property
    def Ode0(self):
        """Dark-energy density parameter, fixed by flatness."""
        return 1.0 - self.Om0 - self.Or0

    @property
    def a_eq(self):
        """Scale factor of matter-radiation equality, Or0 / Om0."""
        return self.Or0 / self.Om0


REF_PLANCK13 = RefCosmology(h=0.6777, Om0=0.3071, Ob0=0.0483, sigma8=0.8288, ns=0.9611)
REF_PLANCK15 = RefCosmology(h=0.6774, Om0=0.3089, Ob0=0.0486, sigma8=0.8159, ns=0.9667)
REF_PLANCK18 = RefCosmology(h=0.6766, Om0=0.3111, Ob0=0.0490, sigma8=0.8102, ns=0.9665)
REF_WMAP9 = RefCosmology(h=0.6932, Om0=0.2865, Ob0=0.0463, sigma8=0.82, ns=0.9608)


# -------------------------------------------------------------------------------------------------
# Transfer function
# -------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _eh98_scales(cosmo):
    """The k-independent quantities of Eisenstein & Hu (1998), eqs. 2-7, 11-12, 14-15, 23-24.

    Parameters
    ----------
    cosmo : RefCosmology
        The cosmology.

    Returns
    -------
    dict
        Scales in 1/Mpc (``k_eq``, ``s``, ``k_silk``) and dimensionless coefficients.
    """
    omh2 = cosmo.Om0 * cosmo.h**2
    obh2 = cosmo.Ob0 * cosmo.h**2
    fb = cosmo.Ob0 / cosmo.Om0
    fc = (cosmo.Om0 - cosmo.Ob0) / cosmo.Om0
    theta = cosmo.Tcmb0 / 2.7

    z_eq = 2.50e4 * omh2 / theta**4  # eq. 2
    k_eq = 7.46e-2 * omh2 / theta**2  # eq. 3
    b1 = 0.313 * omh2**-0.419 * (1.0 + 0.607 * omh2**0.674)  # eq. 4
    b2 = 0.238 * omh2**0.223
    z_d = 1291.0 * omh2**0.251 / (1.0 + 0.659 * omh2**0.828) * (1.0 + b1 * obh2**b2)

    def baryon_photon_ratio(z):  # eq. 5
        return 31.5 * obh2 / theta**4 / (z / 1e3)

    R_d, R_eq = baryon_photon_ratio(z_d), baryon_photon_ratio(z_eq)
    s = (2.0 / (3.0 * k_eq) * np.sqrt(6.0 / R_eq)
         * np.log((np.sqrt(1.0 + R_d) + np.sqrt(R_d + R_eq)) / (1.0 + np.sqrt(R_eq))))  # eq. 6
    k_silk = 1.6 * obh2**0.52 * omh2**0.73 * (1.0 + (10.4 * omh2)**-0.95)  # eq. 7

    a1 = (46.9 * omh2)**0.670 * (1.0 + (32.1 * omh2)**-0.532)  # eq. 11
    a2 = (12.0 * omh2)**0.424 * (1.0 + (45.0 * omh2)**-0.582)
    alpha_c = a1**-fb * a2**(-fb**3)
    bb1 = 0.944 / (1.0 + (458.0 * omh2)**-0.708)  # eq. 12
    bb2 = (0.395 * omh2)**-0.0266
    beta_c = 1.0 / (1.0 + bb1 * (fc**bb2 - 1.0))

    y = (1.0 + z_eq) / (1.0 + z_d)  # eq. 15
    G = y * (-6.0 * np.sqrt(1.0 + y)
             + (2.0 + 3.0 * y) * np.log((np.sqrt(1.0 + y) + 1.0) / (np.sqrt(1.0 + y) - 1.0)))
    alpha_b = 2.07 * k_eq * s * (1.0 + R_d)**-0.75 * G  # eq. 14
    beta_node = 8.41 * omh2**0.435  # eq. 23
    beta_b = 0.5 + fb + (3.0 - 2.0 * fb) * np.sqrt((17.2 * omh2)**2 + 1.0)  # eq. 24

    return dict(fb=fb, fc=fc, k_eq=k_eq, s=s, k_silk=k_silk, alpha_c=alpha_c, beta_c=beta_c,
                alpha_b=alpha_b, beta_b=beta_b, beta_node=beta_node)


def transfer_eh98(cosmo, k):
    """Eisenstein & Hu (1998) transfer function including baryonic features.

    Implements eqs. 2-24 of Eisenstein & Hu (1998, ApJ 496, 605), with
    Theta_2.7 = Tcmb0 / 2.7, T = (Ob0/Om0) T_b + (Oc0/Om0) T_c (eq. 16).

    Parameters
    ----------
    cosmo : RefCosmology
        The cosmology.
    k : float or array_like
        Wavenumber in h/Mpc, > 0.

    Returns
    -------
    float or numpy.ndarray
        The transfer function T(k).
    """
    p = _eh98_scales(cosmo)
    k = np.asarray(k, dtype=float) * cosmo.h  # in 1/Mpc
    ks = k * p["s"]
    q = k / (13.41 * p["k_eq"])  # eq. 10
    q108 = q**1.08

    def T0(alpha_c, beta_c):  # eqs. 19-20
        L = np.log(np.e + 1.8 * beta_c * q)
        C = 14.2 / alpha_c + 386.0 / (1.0 + 69.9 * q108)
        return L / (L + C * q * q)

    f = 1.0 / (1.0 + (ks / 5.4)**4)  # eq. 18
    T_c = f * T0(1.0, p["beta_c"]) + (1.0 - f) * T0(p["alpha_c"], p["beta_c"])  # eq. 17

    s_tilde = p["s"] / (1.0 + (p["beta_node"] / ks)**3)**(1.0 / 3.0)  # eq. 22
    T_b = (T0(1.0, 1.0) / (1.0 + (ks / 5.2)**2)
           + p["alpha_b"] / (1.0 + (p["beta_b"] / ks)**3) * np.exp(-(k / p["k_silk"])**1.4)
           ) * np.sin(k * s_tilde) / (k * s_tilde)  # eq. 21

    return p["fb"] * T_b + p["fc"] * T_c  # eq. 16


# -------------------------------------------------------------------------------------------------
# Variance of the linear density field
# -------------------------------------------------------------------------------------------------


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
    """d sigma^2 / d ln k for the un-normalised spectrum P(k) = k^ns T(k)^2."""
    k = np.exp(lnk)
    power = k**cosmo.ns * transfer_eh98(cosmo, k)**2
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

    sigma^2(R) = 1/(2 pi^2) int k^3 P(k) W(kR)^2 dln k with P(k) = k^ns T_EH98(k)^2
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
        sigma^2(R) in the arbitrary normalisation of P(k) = k^ns T(k)^2.
    """
    R = np.asarray(R, dtype=float)
    out = np.array([_sigma2_unnormalised_scalar(cosmo, float(r), epsrel) for r in R.ravel()])
    return out.reshape(R.shape) if R.ndim else float(out[0])


def sigma(cosmo, R, epsrel=SIGMA_EPSREL):
    """rms linear density fluctuation at z = 0 in top-hat spheres, normalised to sigma8.

    sigma(R) = sigma8 sqrt(sigma^2(R) / sigma^2(8 Mpc/h)).

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
    ratio = sigma2_unnormalised(cosmo, R, epsrel) / sigma2_unnormalised(cosmo, 8.0, epsrel)
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


# -------------------------------------------------------------------------------------------------
# Linear growth factor
# -------------------------------------------------------------------------------------------------


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


# -------------------------------------------------------------------------------------------------
# Ludlow et al. (2016) concentration
# -------------------------------------------------------------------------------------------------


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


# -------------------------------------------------------------------------------------------------
# Self-check against colossus
# -------------------------------------------------------------------------------------------------


def _self_check():
    """Compare with colossus (planck15) and estimate the precision of this module."""

    from colossus.cosmology import cosmology as col_cosmology
    from colossus.cosmology import power_spectrum as col_ps
    from colossus.halo import concentration as col_conc

    def max_rel(a, b):
        return float(np.max(np.abs(np.asarray(a) / np.asarray(b) - 1.0)))

    ref = REF_PLANCK15
    col = col_cosmology.setCosmology("planck15")

    k = np.logspace(-5, 4, 2000)
    col_T = col_ps.modelEisenstein98(k, col.h, col.Om0, col.Ob0, col.Tcmb0)
    diff = max_rel(transfer_eh98(ref, k), col_T)
    print(f"EH98 T(k) vs colossus modelEisenstein98, k in [1e-5, 1e4]: max rel diff {diff:.1e}")

    R = np.logspace(-2, np.log10(30.0), 40)
    s = sigma(ref, R)
    print(f"sigma(R) vs colossus cosmo.sigma (interpolated), R in [0.01, 30]: "
          f"max rel diff {max_rel(s, col.sigma(R, 0.0)):.1e}")

    # Convergence of sigma^2: looser tolerance; an independent rule (30-point Gauss-Legendre
    # on every sub-interval of a twice finer split); neglected tails (power-law estimates).
    R_test = np.array([0.01, 0.03, 0.1, 0.3, 0.9, 3.0, 8.0, 14.0, 30.0])
    tight = sigma2_unnormalised(ref, R_test)
    loose = sigma2_unnormalised(ref, R_test, epsrel=1e-10)

    def sigma2_gauss_legendre(R, refine=2, order=30):
        cuts = _sigma2_cut_points(ref, R, refine)
        nodes, weights = np.polynomial.legendre.leggauss(order)
        half = 0.5 * np.diff(cuts)[:, None]
        lnk = 0.5 * (cuts[:-1] + cuts[1:])[:, None] + half * nodes
        return math.fsum((_sigma2_integrand(ref, lnk, R) * weights * half).ravel())

    other = np.array([sigma2_gauss_legendre(r) for r in R_test])
    tails = []
    for r, total in zip(R_test, tight):
        cuts = _sigma2_cut_points(ref, r)
        low_tail = _sigma2_integrand(ref, cuts[0], r) / (3.0 + ref.ns)  # ~ k^(3+ns) below
        high_tail = _sigma2_integrand(ref, np.linspace(cuts[-1] - 0.01, cuts[-1], 50), r).mean() / 4
        tails.append(max(low_tail, high_tail) / total)
    print(f"sigma^2 convergence: epsrel 1e-12 vs 1e-10 {max_rel(tight, loose):.1e}; "
          f"vs Gauss-Legendre "
          f"on a 2x finer split {max_rel(tight, other):.1e}; neglected tails < {max(tails):.1e}")

    zs = np.concatenate([np.linspace(0.0, 30.0, 301), np.linspace(30.0, 200.0, 171)])
    print(f"growth factor vs colossus cosmo.growthFactor (interpolated), z in [0, 200]: "
          f"max rel diff {max_rel(growth_factor(ref, zs), col.growthFactor(zs)):.1e}")
    diff = max_rel(growth_factor_unnormalised(ref, zs), col.growthFactorUnnormalized(zs))
    print(f"unnormalised growth vs colossus growthFactorUnnormalized: max rel diff {diff:.1e}")
    # Closed form of the integral (a = 1/(1+z), L = Ode0 + Or0): int_0^a da' (a' E_D)^-3
    # = (2/5) a^(5/2) Om0^(-3/2) 2F1(3/2, 5/6; 11/6; -L a^3 / Om0).
    z_low = np.linspace(0.0, 5.0, 51)
    a, L = 1.0 / (1.0 + z_low), ref.Ode0 + ref.Or0
    D_closed = (ref.Om0 * np.sqrt(ref.Om0 * (1.0 + z_low)**3 + L) * a**2.5 * ref.Om0**-1.5
                * special.hyp2f1(1.5, 5.0 / 6.0, 11.0 / 6.0, -L * a**3 / ref.Om0))
    print(f"growth integral form vs hypergeometric closed form, z in [0, 5]: "
          f"max rel diff {max_rel(growth_factor_unnormalised(ref, z_low), D_closed):.1e}")

    masses = np.logspace(8.0, 15.5, 16)
    redshifts = np.array([0.0, 0.5, 1.0, 2.0, 4.0, 6.0])
    c_ref, valid_ref = concentration_ludlow16_grid(ref, masses, redshifts)
    colossus = [col_conc.concentration(masses, "200c", z, model="ludlow16", range_return=True)
                for z in redshifts]
    c_col = np.array([c for c, _ in colossus]).T
    valid_col = np.array([v for _, v in colossus]).T
    both = valid_ref & valid_col
    print(f"c_200c vs colossus concentration(model='ludlow16'), 16 masses x 6 redshifts: "
          f"max rel diff {max_rel(c_ref[both], c_col[both]):.1e}; validity flags agree: "
          f"{bool(np.all(valid_ref == valid_col))}")

    # Precision of c: re-solve with sigma^2(fM), sigma^2(M) and D(z) perturbed by 1e-10
    # (relative; far above their estimated errors of <~1e-13) and with a looser root tolerance.
    def exact_growth(zz):
        return growth_factor(ref, zz)

    def perturbed_growth(zz):
        return growth_factor(ref, zz) * (1.0 + 1e-10 * np.log1p(zz))

    shifts = {"sigma^2": [], "D(z)": [], "xtol 1e-12": []}
    for (i, M), (j, z) in itertools.product(enumerate(masses), enumerate(redshifts)):
        s2_fM = sigma(ref, lagrangian_radius(ref, LUDLOW_F * M))**2
        s2_M = sigma(ref, lagrangian_radius(ref, M))**2
        for key, args, kwargs in [
                ("sigma^2", (s2_fM * (1 + 1e-10), s2_M * (1 - 1e-10), exact_growth), {}),
                ("D(z)", (s2_fM, s2_M, perturbed_growth), {}),
                ("xtol 1e-12", (s2_fM, s2_M, exact_growth), {"xtol": 1e-12})]:
            c, _ = _solve_ludlow16(ref, z, *args, **kwargs)
            shifts[key].append(abs(c / c_ref[i, j] - 1.0))
    print("c response: " + "; ".join(f"{key} {max(v):.1e}" for key, v in shifts.items())
          + " (1e-10 relative perturbations)")


if __name__ == "__main__":
    _self_check()
