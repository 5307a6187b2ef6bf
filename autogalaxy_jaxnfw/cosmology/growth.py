"""Linear growth factor D+(z) exactly as colossus defines it.

colossus (Diemer 2018, ApJS 239, 35, sec. 2.3; ``Cosmology.growthFactorUnnormalized``)
combines two expressions:

* below z = 20, the integral for a cosmological constant (Heath 1977, MNRAS 179, 351;
  Eisenstein & Hu 1999, ApJ 511, 5, eq. 8),
  D = 5/2 Om0 E(z) int_z^inf (1+z') / E(z')^3 dz',
  with radiation treated as a constant term in E^2 = Om0 (1+z)^3 + Ode0 + Or0 so that
  D -> a at early times;
* above z = 5, when relativistic species are included, the matter + radiation solution
  of Gnedin, Kravtsov & Rudd (2011, ApJS 194, 46, eq. 5), with x = a / a_eq, a_eq = Or0/Om0;

and blends them linearly in ln a between z = 5 and z = 20.  Without relativistic species
the integral is used at all redshifts.
"""

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.parameters import require_cosmology
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.numerics.chebyshev import chebyshev_coefficients, chebyshev_evaluate, chebyshev_nodes
from autogalaxy_jaxnfw.numerics.inputs import as_float

__all__ = [
    "growth_factor_unnormalised",
    "growth_factor",
    "growth_from_series",
    "growth_of_scale_factor",
    "growth_series",
]

_Z_BLEND = (5.0, 20.0)
_LN_A_BLEND = (-float(np.log1p(_Z_BLEND[1])), -float(np.log1p(_Z_BLEND[0])))
_GL_S, _GL_W = np.polynomial.legendre.leggauss(24)
_GL_S, _GL_W = 0.5 * (_GL_S + 1.0), 0.5 * _GL_W
_S6, _W_S4 = _GL_S**6, _GL_W * _GL_S**4
_N_GROWTH_SERIES = 24


def _growth_integral(cosmo, a, xp):
    """5/2 Om0 E(a) int_0^a da' / (a' E(a'))^3 with E^2 = Om0 a^-3 + Ode0 + Or0.

    With a' = a s^2 the integrand becomes 2 a^(5/2) s^4 / (Om0 + L a^3 s^6)^(3/2), analytic
    on [0, 1] with its nearest singularity at |s| >= (Om0/L)^(1/6), so 24 Gauss-Legendre
    nodes reach machine precision for every a <= 1.
    """
    om0 = cosmo.Om0
    lam_a3 = (cosmo.Ode0 + cosmo.Or0) * a * a * a
    v = om0 + lam_a3[..., None] * _S6
    integral = xp.sum(_W_S4 / (v * xp.sqrt(v)), axis=-1)
    # 5/2 Om0 E(a) 2 a^(5/2) J with E(a) = sqrt(Om0 + L a^3) a^(-3/2).
    return 5.0 * om0 * xp.sqrt(om0 + lam_a3) * a * integral


def _growth_radiation(cosmo, a, xp):
    """Matter + radiation growing mode, Gnedin et al. (2011) eq. 5 (colossus' form)."""
    a_eq = cosmo.Or0 / cosmo.Om0
    x = a / a_eq
    root = xp.sqrt(1.0 + x)
    bracket = 2.0 * root + (2.0 / 3.0 + x) * xp.log((root - 1.0) / (root + 1.0))
    return a + 2.0 / 3.0 * a_eq + a_eq / (2.0 * np.log(2.0) - 3.0) * bracket


def _blend(cosmo, d_integral, a, ln_a, xp):
    """colossus' combination of the integral and the matter + radiation solutions."""
    if not cosmo.relspecies:
        return d_integral
    lo, hi = _LN_A_BLEND
    weight = xp.clip((ln_a - lo) / (hi - lo), 0.0, 1.0)
    return weight * d_integral + (1.0 - weight) * _growth_radiation(cosmo, a, xp)


def growth_of_scale_factor(cosmo, a, ln_a, xp=jnp):
    """D+ at scale factor ``a`` (with ``ln_a`` = ln a supplied by callers that have it), by quadrature.

    ``xp`` is ``jax.numpy`` or, for tables built at trace time from a concrete cosmology,
    ``numpy``.
    """
    a = xp.asarray(a, dtype=float)
    return _blend(cosmo, _growth_integral(cosmo, a, xp), a, ln_a, xp)


def _series_domain(cosmo):
    """The variable y = ln(1 + L a^3 / Om0) of the growth series runs over [0, y(a = 1)].

    A plain number for a concrete cosmology, so that the series is a constant of the program.
    """
    ratio = (cosmo.Ode0 + cosmo.Or0) / cosmo.Om0
    return (float(np.log1p(ratio)) if isinstance(ratio, float) else jnp.log1p(ratio)) + 1e-12


def growth_series(cosmo, xp=jnp):
    """Chebyshev coefficients of ln(D_int(a) / a) in y = ln(1 + L a^3 / Om0), for 0 < a <= 1.

    The integral form is D_int = a sqrt(1 + x) 2F1(3/2, 5/6; 11/6; -x) with x = L a^3 / Om0
    and L = Ode0 + Or0 (the integral above, in closed form), analytic in x except at
    x = -1; in y = ln(1 + x) that point moves to -infinity, so a few tens of terms reach
    double precision for any Om0 (the assessment gives the error of the 24 used).  The
    solvers evaluate the growth factor
    (and its derivative) from this series: a few multiply-adds instead of 24 quadrature
    nodes, which keeps their programs small to compile.
    """
    y = _series_domain(cosmo) * 0.5 * (1.0 + chebyshev_nodes(-1.0, 1.0, _N_GROWTH_SERIES))
    lam = cosmo.Ode0 + cosmo.Or0
    a = xp.cbrt(xp.expm1(y) * cosmo.Om0 / xp.maximum(lam, 1e-300))
    a = xp.where(lam > 0.0, a, 0.5)  # no Lambda or radiation: D_int = a exactly
    return chebyshev_coefficients(xp.where(lam > 0.0, xp.log(_growth_integral(cosmo, a, xp) / a), 0.0))


def growth_from_series(cosmo, coefficients, a, ln_a, xp=jnp):
    """D+ at scale factor a <= 1 from :func:`growth_series` (colossus' blend included)."""
    y = xp.log1p(xp.exp(3.0 * ln_a) * ((cosmo.Ode0 + cosmo.Or0) / cosmo.Om0))
    d_integral = a * xp.exp(chebyshev_evaluate(coefficients, 0.0, _series_domain(cosmo), y))
    return _blend(cosmo, d_integral, a, ln_a, xp)


def growth_factor_unnormalised(cosmo, z, xp=jnp):
    """D+(z), normalised so that D+ -> a deep in matter domination.

    Parameters
    ----------
    cosmo : Cosmology
    z : array_like
        Redshift, > -1.
    xp : module
        ``jax.numpy`` (default) or ``numpy``.

    Returns
    -------
    jax.Array
        The growth factor, same shape as ``z``.
    """
    ln_a = -xp.log1p(xp.asarray(z, dtype=float))
    return growth_of_scale_factor(cosmo, xp.exp(ln_a), ln_a, xp)


def growth_factor(cosmo, z):
    """D+(z) / D+(0), the growth factor normalised to unity today.

    NaN with zero derivatives where z is not finite and > -1, or a traced cosmology leaves
    its domain (:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.cosmology_valid`); a
    non-numerical ``z`` or a ``cosmo`` that is not a Cosmology raises ``TypeError`` naming it.
    """
    z = as_float(z, "z")
    cosmo, valid = valid_or_stand_in(require_cosmology(cosmo, "cosmo"))
    valid = valid & jnp.isfinite(z) & (z > -1.0)
    z_safe = jnp.where(valid, z, 0.0)
    growth = growth_factor_unnormalised(cosmo, z_safe) / growth_factor_unnormalised(cosmo, 0.0)
    return jnp.where(valid, growth, jnp.nan)
