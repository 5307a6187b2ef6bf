"""autolens' straight-line concentrations of line-of-sight haloes, fitted to this package's relation.

autolens' ``LOSSampler`` draws concentrations log-normally about c ~ A log10(M / Msun) + B,
fitted to colossus' Ludlow et al. (2016) relation over 10^5.8 - 10^10.1 Msun
(``los.mass_concentration_ab_from``).  :func:`mass_concentration_line` fits the same line to a
:class:`~autogalaxy_jaxnfw.Relation` of this package (no colossus), and
:func:`m200_concentration_from_nfw` inverts a truncated NFW halo's (kappa_s, r_s) to its
(M200c, c200c), as the sampler needs to move a halo onto the exact relation.
"""

import dataclasses
import operator
from typing import Optional, Tuple

import numpy as np
from scipy.optimize import newton

from autogalaxy_jaxnfw.cosmology import parameters as cosmologies
from autogalaxy_jaxnfw.cosmology.parameters import Cosmology, require_cosmology
from autogalaxy_jaxnfw.halo.relation_choice import DEFAULT_RELATION, Relation
from autogalaxy_jaxnfw.lensing.nfw_radial import nfw_enclosed_mass
from autogalaxy_jaxnfw.numerics.inputs import as_float64

__all__ = ["LINE_LOG10_MASS_RANGE", "LINE_POINTS", "m200_concentration_from_nfw", "mass_concentration_line"]

# LOSSampler's fit range and sampling (los.mass_concentration_ab_from's defaults).
LINE_LOG10_MASS_RANGE = (5.8, 10.1)
LINE_POINTS = 100


def _c200c(relation, mass, redshift, cosmology):
    """The relation's c200c at M200c = ``mass`` [Msun] (NaN where undefined), as NumPy."""
    in_200c = dataclasses.replace(relation or DEFAULT_RELATION, mass_definition="200c")
    c, valid = in_200c.concentration_with_mask(np.asarray(mass) * cosmology.h, float(redshift), cosmology)
    return np.where(np.asarray(valid), np.asarray(c), np.nan)


def mass_concentration_line(
    redshift: float,
    cosmology: Cosmology = cosmologies.planck15,
    log10_mass_range: Tuple[float, float] = LINE_LOG10_MASS_RANGE,
    n_points: int = LINE_POINTS,
    relation: Optional[Relation] = None,
) -> Tuple[float, float]:
    """LOSSampler's straight line c ~ A log10(M / Msun) + B, least-squares fitted to the exact relation.

    The fit of ``autolens.lens.los.mass_concentration_ab_from`` (equally spaced log10 M,
    masses converted to Msun/h), with this package's Ludlow et al. (2016) c200c in place of
    colossus'.

    Parameters
    ----------
    redshift : float
        Plane redshift.
    cosmology : Cosmology
        Cosmology of the relation (its ``h`` converts Msun to Msun/h).
    log10_mass_range : (float, float)
        log10(M200c / Msun) limits of the fit.
    n_points : int
        Masses in the fit.
    relation : Relation or None
        Whose c200c to fit; ``None``: Ludlow et al. (2016).

    Returns
    -------
    (A, B) : (float, float)
        Slope and intercept.

    Raises
    ------
    TypeError
        For arguments of the wrong kind (a preset's name for ``cosmology``, say), naming them.
    ValueError
        For a redshift or mass range where the relation is undefined (a negative or
        non-finite redshift, say), naming both.
    """
    redshift, log10_mass_range = as_float64(redshift, "redshift"), as_float64(log10_mass_range, "log10_mass_range")
    if redshift.shape != () or log10_mass_range.shape != (2,):
        raise ValueError(f"redshift must be one number and log10_mass_range two; got shapes {redshift.shape} and "
                         f"{log10_mass_range.shape}")
    require_cosmology(cosmology)
    try:
        n_points = operator.index(n_points)
    except TypeError:
        raise TypeError(f"n_points must be an integer; got {n_points!r}") from None
    log10_mass = np.linspace(*log10_mass_range, n_points)
    concentration = _c200c(relation, 10.0**log10_mass, float(redshift), cosmology)
    if not np.all(np.isfinite(concentration)):
        raise ValueError(
            f"the relation has no concentration at redshift={float(redshift)!r} for some masses of "
            f"log10_mass_range={tuple(log10_mass_range.tolist())} (Msun): no line to fit"
        )
    design = np.vstack([log10_mass, np.ones(n_points)]).T
    slope, intercept = np.linalg.lstsq(design, concentration, rcond=None)[0]
    return float(slope), float(intercept)


def m200_concentration_from_nfw(kappa_s, scale_radius, redshift_halo, redshift_source, cosmology):
    """M200c and c200c of ``NFWTruncatedSph`` haloes built by ``NFWTruncatedSph.from_m200_concentration``.

    The exact inverse of that constructor: kappa_s and r_s fix the characteristic
    overdensity delta_c = rho_s / rho_crit = (200 / 3) c^3 / (ln(1 + c) - c / (1 + c)),
    solved for c by SciPy's Newton method in ln c (the left side increases with c), then
    M200c = (4 pi / 3) 200 rho_crit (c r_s)^3.

    Parameters
    ----------
    kappa_s, scale_radius : array
        The profiles' kappa_s and r_s [arcsec].
    redshift_halo, redshift_source : float
        Redshifts of the haloes' plane and of the source.
    cosmology : autogalaxy LensingCosmology
        The cosmology the haloes were built with.

    Returns
    -------
    (m200, concentration) : (ndarray, ndarray)
        M200c [Msun] and c200c.
    """
    rho_crit = cosmology.critical_density(redshift_halo)
    sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_0=redshift_halo, redshift_1=redshift_source
    )
    scale_radius_kpc = np.asarray(scale_radius, dtype=float) * cosmology.kpc_per_arcsec_from(redshift=redshift_halo)
    target = np.log(np.asarray(kappa_s, dtype=float) * sigma_crit / (scale_radius_kpc * rho_crit))

    def residual(ln_c):
        c = np.exp(ln_c)
        return np.log(200.0 / 3.0) + 3.0 * ln_c - np.log(nfw_enclosed_mass(c, xp=np)) - target

    def slope(ln_c):
        c = np.exp(ln_c)
        return 3.0 - c * c / ((1.0 + c) ** 2 * nfw_enclosed_mass(c, xp=np))

    ln_c = newton(residual, np.full_like(target, np.log(10.0)), fprime=slope, tol=1e-14, maxiter=50)
    concentration = np.exp(ln_c)
    m200 = 200.0 * (4.0 * np.pi / 3.0) * rho_crit * (concentration * scale_radius_kpc) ** 3
    return m200, concentration
