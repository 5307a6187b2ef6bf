"""Spherical-overdensity thresholds and radii in colossus' conventions and units.

A halo of mass M_Delta encloses, within R_Delta, a mean density equal to a threshold
(Diemer 2018, ApJS 239, 35, sec. 4.1):

* ``"<Delta>c"``: Delta times the critical density rho_c(z) = rho_c0 E^2(z);
* ``"<Delta>m"``: Delta times the mean matter density rho_m(z) = Om0 rho_c0 (1 + z)^3;
* ``"vir"``: Delta_vir(z) rho_c(z) with Delta_vir of Bryan & Norman (1998, ApJ 495, 80,
  eq. 6), Delta_vir = 18 pi^2 + 82 x - 39 x^2, x = Omega_m(z) - 1.

E^2(z) = Om0 (1+z)^3 + Ode0 + Or0 (1+z)^4 includes the relativistic species of the
:class:`~autogalaxy_jaxnfw.cosmology.parameters.Cosmology` (as colossus does), and
Omega_m(z) = Om0 (1+z)^3 / E^2(z).  Units: M in Msun/h, R in physical kpc/h, densities in
Msun h^2 / kpc^3.  :mod:`autogalaxy_jaxnfw.halo.mass_definitions` re-exports these.

Entries outside the domain -- z not > -1, M or R not > 0, a non-finite input, a traced
cosmology outside its domain (:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.cosmology_valid`)
-- are NaN with zero derivatives, concrete or traced; an argument of the wrong kind (a
string for a number, a name for a cosmology) or shapes that do not broadcast raise an error
naming it.
"""

import re

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.parameters import require_cosmology, planck15
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.numerics.inputs import as_float, as_floats

__all__ = ["RHO_CRIT_0_KPC3", "delta_vir", "density_threshold", "mass_to_radius", "parse_mass_definition", "radius_to_mass", "valid_redshift"]

RHO_CRIT_0_KPC3 = 2.77536627245708e2
"""Critical density today in Msun h^2 / kpc^3 (colossus ``RHO_CRIT_0_KPC3``)."""
_MDEF = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)([cm])$")


def parse_mass_definition(mdef):
    """``(kind, Delta)`` of a mass-definition string: ``("c", 200.0)``, ``("m", 200.0)``, ``("vir", None)``.

    Raises
    ------
    ValueError
        For anything other than ``"vir"`` or a positive number followed by ``c`` or ``m``.
    """
    if mdef == "vir":
        return "vir", None
    match = _MDEF.match(mdef) if isinstance(mdef, str) else None
    if match is None or float(match.group(1)) <= 0.0:
        raise ValueError(
            f"mass definition must be 'vir', '<Delta>c' or '<Delta>m' with Delta > 0 (e.g. '200c', '500c', '200m'); got {mdef!r}"
        )
    return match.group(2), float(match.group(1))


def valid_redshift(z):
    """z as an array, its validity (finite, > -1) and a safe stand-in (0) where invalid."""
    z = as_float(z, "z")
    ok = jnp.isfinite(z) & (z > -1.0)
    return jnp.where(ok, z, 0.0), ok


def _valid_positive(value, name):
    """``value`` (> 0 and finite) with a stand-in 1 elsewhere, and where it is valid."""
    value = as_float(value, name)
    ok = jnp.isfinite(value) & (value > 0.0)
    return jnp.where(ok, value, 1.0), ok


def _hubble_squared(cosmology, zp1):
    return cosmology.Om0 * zp1**3 + cosmology.Ode0 + cosmology.Or0 * zp1**4


def delta_vir(z, cosmology=planck15):
    """Virial overdensity relative to the critical density, Bryan & Norman (1998) eq. 6.

    Parameters
    ----------
    z : array_like
        Redshift, > -1 (NaN elsewhere).
    cosmology : Cosmology
        May be traced (NaN where its fields leave their domain).

    Returns
    -------
    jax.Array
        18 pi^2 + 82 x - 39 x^2 with x = Omega_m(z) - 1.
    """
    z, ok = valid_redshift(z)
    cosmology, cosmology_ok = valid_or_stand_in(require_cosmology(cosmology))
    return jnp.where(ok & cosmology_ok, _delta_vir(z, cosmology), jnp.nan)


def _delta_vir(z, cosmology):
    zp1 = 1.0 + z
    x = cosmology.Om0 * zp1**3 / _hubble_squared(cosmology, zp1) - 1.0
    return 18.0 * np.pi**2 + 82.0 * x - 39.0 * x * x


def density_threshold(z, mdef, cosmology=planck15):
    """Mean density within R_Delta, in physical Msun h^2 / kpc^3.

    Parameters
    ----------
    z : array_like
        Redshift, > -1 (NaN elsewhere).
    mdef : str
        ``"<Delta>c"``, ``"<Delta>m"`` or ``"vir"``.
    cosmology : Cosmology
        May be traced (NaN where its fields leave their domain).

    Returns
    -------
    jax.Array
        Delta rho_c(z), Delta rho_m(z) or Delta_vir(z) rho_c(z).
    """
    rho, ok = _threshold_and_validity(z, mdef, cosmology)
    return jnp.where(ok, rho, jnp.nan)


def _threshold_and_validity(z, mdef, cosmology):
    """The threshold at a stand-in where (z, cosmology) is invalid, and where it is valid: for the double where."""
    kind, delta = parse_mass_definition(mdef)
    z, ok = valid_redshift(z)
    cosmology, cosmology_ok = valid_or_stand_in(require_cosmology(cosmology))
    return _density_threshold(z, kind, delta, cosmology), ok & cosmology_ok


def _density_threshold(z, kind, delta, cosmology):
    zp1 = 1.0 + z
    if kind == "m":
        return delta * RHO_CRIT_0_KPC3 * cosmology.Om0 * zp1**3
    return (_delta_vir(z, cosmology) if kind == "vir" else delta) * RHO_CRIT_0_KPC3 * _hubble_squared(cosmology, zp1)


def mass_to_radius(M, z, mdef, cosmology=planck15):
    """R_Delta [physical kpc/h] of a mass M_Delta [Msun/h]: M = 4/3 pi R^3 rho_Delta(z).

    Parameters
    ----------
    M : array_like
        Mass in ``mdef``, Msun/h, > 0 (NaN elsewhere).
    z : array_like
        Redshift, > -1 (NaN elsewhere); broadcast against ``M``.
    mdef : str
    cosmology : Cosmology
        May be traced (NaN where its fields leave their domain).

    Raises
    ------
    TypeError, ValueError
        For a non-numerical argument or shapes that do not broadcast, naming the argument.
    """
    as_floats(M=M, z=z)
    M, M_ok = _valid_positive(M, "M")
    # Double where: a NaN threshold (invalid z or cosmology) would make d/dM NaN.
    rho, rho_ok = _threshold_and_validity(z, mdef, cosmology)
    return jnp.where(M_ok & rho_ok, jnp.cbrt(3.0 * M / (4.0 * np.pi * rho)), jnp.nan)


def radius_to_mass(R, z, mdef, cosmology=planck15):
    """M_Delta [Msun/h] of a radius R_Delta [physical kpc/h], > 0 (NaN elsewhere).

    The parameters are those of :func:`mass_to_radius`, with ``R`` for ``M``.
    """
    as_floats(R=R, z=z)
    R, R_ok = _valid_positive(R, "R")
    rho, rho_ok = _threshold_and_validity(z, mdef, cosmology)
    return jnp.where(R_ok & rho_ok, 4.0 / 3.0 * np.pi * rho * R**3, jnp.nan)
