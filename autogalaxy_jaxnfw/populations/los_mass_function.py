"""Line-of-sight halo mass functions for autolens' ``LOSSampler`` from the package's abundance layer.

autolens' ``LOSSampler`` (He et al. 2022, MNRAS 511, 3046) counts and draws each plane's haloes
from a straight line log10(dn/dm) = A log10(m / Msun) + B, fitted by least squares
(``los.mass_function_ab_from``) to ``hmf``'s Sheth, Mo & Tormen (2001) mass function on the
grid log10(m / Msun) = 5.9, 6.0, ..., 10.0, with dn/dm in Mpc^-3 Msun^-1.  ``hmf`` is asked for
masses in Msun/h (the grid shifted by log10 h) and returns dn/dm in h^4 Mpc^-3 Msun^-1, which
autolens multiplies by h^4.  ``hmf`` is not a dependency of autolens; here the same line is fitted
to :func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function` (``model="sheth99"``,
``mdef="fof"``: Sheth & Tormen 1999 eq. 10, the fit ``hmf`` calls SMT), on the same grid with the
same conversions, so :func:`mass_function_line` is autolens' line up to the difference between
``hmf``'s and this package's mass function (``hmf`` computes the spectrum with CAMB, this package
with Eisenstein & Hu 1998; docs/research/realisations.md measures it).

``hmf`` takes h, Om0, Ob0 and Tcmb0 from the astropy cosmology autolens hands it and keeps its
own sigma_8 = 0.8159 and n_s = 0.9667 (Planck 2015): :func:`mass_function_cosmology` builds the
package's :class:`~autogalaxy_jaxnfw.Cosmology` the same way.

:func:`number_density_msun` and :func:`mass_at_number_fraction_msun` are the exact function's
count and inverse cumulative distribution (:mod:`autogalaxy_jaxnfw.lss.abundance_integrals`) in
the sampler's units, Msun and Mpc^-3.
"""

from typing import Tuple

import numpy as np

from autogalaxy_jaxnfw.cosmology.parameters import Cosmology
from autogalaxy_jaxnfw.lss.abundance_integrals import mass_at_number_fraction, number_density
from autogalaxy_jaxnfw.lss.mass_function import mass_function

__all__ = [
    "HMF_NS",
    "HMF_SIGMA8",
    "LINE_DLOG10M",
    "LINE_LOG10_MASS_RANGE",
    "dn_dm_msun",
    "mass_at_number_fraction_msun",
    "mass_function_cosmology",
    "mass_function_line",
    "number_density_msun",
]

LINE_LOG10_MASS_RANGE = (5.9, 10.1)
"""log10(m / Msun) limits of ``los.mass_function_ab_from``'s grid (the upper one excluded)."""
LINE_DLOG10M = 0.1
"""Its spacing in dex."""
HMF_SIGMA8 = 0.8159
"""``hmf``'s default sigma_8 (Planck 2015), which no astropy cosmology overrides."""
HMF_NS = 0.9667
"""``hmf``'s default spectral index."""
# Sheth & Tormen (1999) as colossus and this package name it; a friends-of-friends fit.
MODEL, MDEF = "sheth99", "fof"


def _value(quantity):
    """A float from a float or an astropy Quantity."""
    return float(getattr(quantity, "value", quantity))


def mass_function_cosmology(cosmology, sigma8: float = HMF_SIGMA8, ns: float = HMF_NS) -> Cosmology:
    """The :class:`Cosmology` ``hmf`` computes with when autolens hands it ``cosmology``.

    Parameters
    ----------
    cosmology : astropy FLRW or autogalaxy LensingCosmology
        Flat; read for H0 [km/s/Mpc], Om0, Ob0, Tcmb0 [K] and Neff (the attributes both have).
        Om0 is the astropy one, cold dark matter and baryons: ``hmf``'s mean density.
    sigma8, ns : float
        The spectrum's normalisation and slope: ``hmf``'s defaults, as autolens leaves them.

    Returns
    -------
    Cosmology
    """
    if _value(getattr(cosmology, "Ok0", 0.0)) != 0.0:
        raise ValueError(f"cosmology must be flat (Ok0 = 0); got Ok0 = {_value(cosmology.Ok0)}")
    try:
        h = _value(cosmology.H0) / 100.0
        return Cosmology(h=h, Om0=_value(cosmology.Om0), Ob0=_value(cosmology.Ob0), sigma8=sigma8, ns=ns,
                         Tcmb0=_value(cosmology.Tcmb0), Neff=_value(cosmology.Neff),
                         name=f"hmf_{getattr(cosmology, 'name', None) or type(cosmology).__name__}")
    except AttributeError as error:
        raise ValueError(
            "cosmology must be an astropy or autogalaxy cosmology with H0, Om0, Ob0, Tcmb0 and Neff; "
            f"got {type(cosmology).__name__} ({error})"
        ) from error


def mass_function_line(
    redshift: float,
    cosmology: Cosmology,
    log10_mass_range: Tuple[float, float] = LINE_LOG10_MASS_RANGE,
    dlog10m: float = LINE_DLOG10M,
) -> Tuple[float, float]:
    """autolens' straight line log10(dn/dm) = A log10(m / Msun) + B, fitted to this package's SMT function.

    ``los.mass_function_ab_from`` with ``hmf`` replaced: the abscissae are
    ``np.arange(lo, hi, dlog10m)``, the masses evaluated ``10**np.arange(lo + log10 h, hi + log10 h,
    dlog10m)`` Msun/h (``hmf``'s grid), dn/dm = (dn/d ln M) / M in h^4 Mpc^-3 Msun^-1 converted by
    h^4, and the line the least-squares fit of log10(dn/dm) on the abscissae.

    Parameters
    ----------
    redshift : float
        Plane redshift, finite, >= 0.
    cosmology : Cosmology
        Cold; :func:`mass_function_cosmology` gives the one ``hmf`` would use.
    log10_mass_range : (float, float)
        log10(m / Msun) limits of the grid (the upper one excluded, as ``np.arange``).
    dlog10m : float
        Grid spacing in dex.

    Returns
    -------
    (A, B) : (float, float)
        Slope and intercept, dn/dm in Mpc^-3 Msun^-1.
    """
    redshift = float(redshift)
    if not (np.isfinite(redshift) and redshift >= 0.0):
        raise ValueError(f"redshift must be finite and >= 0; got {redshift}")
    lo, hi = log10_mass_range
    log10_h = np.log10(cosmology.h)
    log10_mass = np.arange(lo, hi, dlog10m)
    mass_h = 10.0 ** np.arange(lo + log10_h, hi + log10_h, dlog10m)
    dn_dlnm = np.asarray(mass_function(mass_h, redshift, MDEF, MODEL, "dndlnM", cosmology))
    log10_dn_dm = np.log10(dn_dlnm / mass_h * cosmology.h**4)
    design = np.vstack([log10_mass, np.ones(len(log10_mass))]).T
    slope, intercept = np.linalg.lstsq(design, log10_dn_dm, rcond=None)[0]
    return float(slope), float(intercept)


def dn_dm_msun(mass, redshift, cosmology: Cosmology):
    """The exact SMT dn/dm [Mpc^-3 Msun^-1] at masses ``mass`` [Msun] (NumPy; NaN outside the sigma series)."""
    h = cosmology.h
    mass_h = np.asarray(mass, dtype=float) * h
    return np.asarray(mass_function(mass_h, redshift, MDEF, MODEL, "dndlnM", cosmology)) / mass_h * h**4


def number_density_msun(m_min, m_max, redshift, cosmology: Cosmology):
    """Comoving number density [Mpc^-3] of SMT haloes with m_min <= m <= m_max [Msun] (NumPy).

    :func:`~autogalaxy_jaxnfw.lss.abundance_integrals.number_density` in Msun/h and (Mpc/h)^-3,
    times h^3.
    """
    h = cosmology.h
    return np.asarray(number_density(np.asarray(m_min) * h, np.asarray(m_max) * h, redshift, MDEF, MODEL, cosmology)) * h**3


def mass_at_number_fraction_msun(q, m_min, m_max, redshift, cosmology: Cosmology):
    """The mass [Msun] below which a fraction q of the SMT haloes in [m_min, m_max] [Msun] lie (NumPy).

    :func:`~autogalaxy_jaxnfw.lss.abundance_integrals.mass_at_number_fraction` in Msun: for q
    uniform in [0, 1] the masses are distributed as the exact dn/dm.  All arguments broadcast
    (one call for many planes: its cost is per call, not per mass).
    """
    h = cosmology.h
    mass_h = mass_at_number_fraction(q, np.asarray(m_min) * h, np.asarray(m_max) * h, redshift, MDEF, MODEL, cosmology)
    return np.asarray(mass_h) / h
