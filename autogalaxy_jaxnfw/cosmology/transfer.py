"""Eisenstein & Hu (1998) transfer function with baryon acoustic oscillations.

Reference: D. J. Eisenstein & W. Hu, ApJ 496, 605 (1998), hereafter EH98.  Equation
numbers below refer to that paper.  Wavenumbers are in h/Mpc (colossus' convention);
EH98 works in 1/Mpc, hence the factor ``h``.
"""

import jax.numpy as jnp
import numpy as np

__all__ = ["transfer_eh98"]


def _t0_tilde(q, alpha_c, beta_c, xp):
    """Pressureless transfer-function shape, EH98 eqs. 19-20."""
    log_term = xp.log(np.e + 1.8 * beta_c * q)
    c_q = 14.2 / alpha_c + 386.0 / (1.0 + 69.9 * q**1.08)
    return log_term / (log_term + c_q * q * q)


def transfer_eh98(cosmo, k, xp=jnp):
    """Matter transfer function T(k) of EH98 (cold dark matter plus baryons).

    Parameters
    ----------
    cosmo : Cosmology
        Uses ``h``, ``Om0``, ``Ob0`` and ``Tcmb0``.
    k : array_like
        Comoving wavenumber in h/Mpc, > 0.
    xp : module
        ``jax.numpy`` (default) or ``numpy``.

    Returns
    -------
    jax.Array or numpy.ndarray
        T(k), dimensionless, -> 1 for k -> 0 (EH98 eq. 16).
    """
    h, om0, ob0 = cosmo.h, cosmo.Om0, cosmo.Ob0
    f_b = ob0 / om0
    f_c = 1.0 - f_b
    om_h2 = om0 * h * h
    ob_h2 = ob0 * h * h
    theta = cosmo.Tcmb0 / 2.7
    kk = k * h  # 1/Mpc

    z_eq = 2.50e4 * om_h2 / theta**4  # eq. 2
    k_eq = 7.46e-2 * om_h2 / theta**2  # eq. 3
    b1 = 0.313 * om_h2**-0.419 * (1.0 + 0.607 * om_h2**0.674)  # eq. 4
    b2 = 0.238 * om_h2**0.223
    z_d = 1291.0 * om_h2**0.251 / (1.0 + 0.659 * om_h2**0.828) * (1.0 + b1 * ob_h2**b2)
    r_d = 31.5 * ob_h2 / theta**4 / (z_d / 1e3)  # eq. 5
    r_eq = 31.5 * ob_h2 / theta**4 / (z_eq / 1e3)
    s = (  # sound horizon, eq. 6
        2.0 / (3.0 * k_eq) * xp.sqrt(6.0 / r_eq)
        * xp.log((xp.sqrt(1.0 + r_d) + xp.sqrt(r_d + r_eq)) / (1.0 + xp.sqrt(r_eq)))
    )
    k_silk = 1.6 * ob_h2**0.52 * om_h2**0.73 * (1.0 + (10.4 * om_h2) ** -0.95)  # eq. 7
    q = kk / (13.41 * k_eq)  # eq. 10

    # Cold dark matter, eqs. 11-12 and 17-18.
    a1 = (46.9 * om_h2) ** 0.670 * (1.0 + (32.1 * om_h2) ** -0.532)
    a2 = (12.0 * om_h2) ** 0.424 * (1.0 + (45.0 * om_h2) ** -0.582)
    alpha_c = a1 ** (-f_b) * a2 ** (-(f_b**3))
    bb1 = 0.944 / (1.0 + (458.0 * om_h2) ** -0.708)
    bb2 = (0.395 * om_h2) ** -0.0266
    beta_c = 1.0 / (1.0 + bb1 * (f_c**bb2 - 1.0))
    f = 1.0 / (1.0 + (kk * s / 5.4) ** 4)
    t_cdm = f * _t0_tilde(q, 1.0, beta_c, xp) + (1.0 - f) * _t0_tilde(q, alpha_c, beta_c, xp)

    # Baryons, eqs. 14-15 and 21-24.
    y = (1.0 + z_eq) / (1.0 + z_d)
    sqrt_1py = xp.sqrt(1.0 + y)
    g_y = y * (-6.0 * sqrt_1py + (2.0 + 3.0 * y) * xp.log((sqrt_1py + 1.0) / (sqrt_1py - 1.0)))
    alpha_b = 2.07 * k_eq * s * (1.0 + r_d) ** -0.75 * g_y
    beta_b = 0.5 + f_b + (3.0 - 2.0 * f_b) * xp.sqrt((17.2 * om_h2) ** 2 + 1.0)
    beta_node = 8.41 * om_h2**0.435
    s_tilde = s / (1.0 + (beta_node / (kk * s)) ** 3) ** (1.0 / 3.0)
    ks = kk * s_tilde
    t_baryon = (
        _t0_tilde(q, 1.0, 1.0, xp) / (1.0 + (kk * s / 5.2) ** 2)
        + alpha_b / (1.0 + (beta_b / (kk * s)) ** 3) * xp.exp(-((kk / k_silk) ** 1.4))
    ) * xp.sin(ks) / ks

    return f_b * t_baryon + f_c * t_cdm  # eq. 16
