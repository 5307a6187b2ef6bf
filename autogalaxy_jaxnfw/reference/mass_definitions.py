"""Spherical-overdensity thresholds and the NFW change of mass definition, in mpmath.

Thresholds: Delta rho_c(z), Delta rho_m(z) or Delta_vir(z) rho_c(z) (Bryan & Norman 1998,
ApJ 495, 80, eq. 6), with rho_c(z) = rho_c0 [Om0 (1+z)^3 + Ode0 + Or0 (1+z)^4] and
rho_m(z) = Om0 rho_c0 (1+z)^3 (colossus' conventions).  Units: Msun/h, physical kpc/h,
Msun h^2 / kpc^3.  The change of definition solves 3 mu(x) / x^3 = rho_new / rho_s for an
NFW profile with mpmath's bisection-safeguarded solver at 40 digits.
"""

import mpmath
import numpy as np

from autogalaxy_jaxnfw.reference.cosmology import RHO_CRIT_0

__all__ = ["change_mass_definition", "change_mass_definition_array", "delta_vir", "density_threshold", "nfw_mu"]

_DPS = 40
_RHO_CRIT_0_KPC3 = RHO_CRIT_0 * 1e-9


def _mdef(mdef):
    if mdef == "vir":
        return "vir", None
    return mdef[-1], float(mdef[:-1])


def _e2(cosmo, z):
    zp1 = mpmath.mpf(1) + z
    return cosmo.Om0 * zp1**3 + cosmo.Ode0 + cosmo.Or0 * zp1**4


def delta_vir(cosmo, z):
    """18 pi^2 + 82 x - 39 x^2, x = Omega_m(z) - 1 (Bryan & Norman 1998, eq. 6), as an mpf."""
    with mpmath.workdps(_DPS):
        z = mpmath.mpf(z)
        x = cosmo.Om0 * (1 + z) ** 3 / _e2(cosmo, z) - 1
        return 18 * mpmath.pi**2 + 82 * x - 39 * x**2


def density_threshold(cosmo, z, mdef):
    """The threshold density of ``mdef`` at redshift z in Msun h^2 / kpc^3 (an mpf)."""
    kind, delta = _mdef(mdef)
    with mpmath.workdps(_DPS):
        z = mpmath.mpf(z)
        if kind == "m":
            return delta * _RHO_CRIT_0_KPC3 * cosmo.Om0 * (1 + z) ** 3
        factor = delta_vir(cosmo, z) if kind == "vir" else delta
        return factor * _RHO_CRIT_0_KPC3 * _e2(cosmo, z)


def nfw_mu(x):
    """ln(1 + x) - x / (1 + x) at the working precision."""
    return mpmath.log1p(x) - x / (1 + x)


def change_mass_definition(cosmo, M, c, z, mdef_in, mdef_out):
    """(M, R, c) of an NFW halo in ``mdef_out`` from (M, c) in ``mdef_in`` (floats).

    R_in = (3 M / (4 pi rho_in))^(1/3), r_s = R_in / c, rho_s = M / (4 pi r_s^3 mu(c)); the
    new x solves 3 rho_s mu(x) / x^3 = rho_out on x in (0, inf) (a decreasing function).
    """
    with mpmath.workdps(_DPS):
        M, c = mpmath.mpf(M), mpmath.mpf(c)
        rho_in, rho_out = density_threshold(cosmo, z, mdef_in), density_threshold(cosmo, z, mdef_out)
        r_in = mpmath.cbrt(3 * M / (4 * mpmath.pi * rho_in))
        target = rho_out / rho_in * 3 * nfw_mu(c) / c**3
        f = lambda ln_x: mpmath.log(3 * nfw_mu(mpmath.exp(ln_x))) - 3 * ln_x - mpmath.log(target)
        lo, hi = mpmath.log(c) - 30, mpmath.log(c) + 30
        ln_x = mpmath.findroot(f, (lo, hi), solver="anderson", tol=mpmath.mpf(10) ** (-30), maxsteps=500)
        x = mpmath.exp(ln_x)
        r_out = r_in / c * x
        m_out = 4 * mpmath.pi / 3 * rho_out * r_out**3
        return float(m_out), float(r_out), float(x)


def change_mass_definition_array(cosmo, M, c, z, mdef_in, mdef_out):
    """:func:`change_mass_definition` elementwise over broadcast arrays: three float arrays."""
    M, c, z = np.broadcast_arrays(np.asarray(M, float), np.asarray(c, float), np.asarray(z, float))
    out = np.array([change_mass_definition(cosmo, *v, mdef_in, mdef_out) for v in zip(M.ravel(), c.ravel(), z.ravel())])
    return tuple(out[:, i].reshape(M.shape) for i in range(3))
