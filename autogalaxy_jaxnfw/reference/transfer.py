"""Eisenstein & Hu (1998, ApJ 496, 605) transfer function, eqs. 2-24, in plain NumPy."""

import functools

import numpy as np

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
