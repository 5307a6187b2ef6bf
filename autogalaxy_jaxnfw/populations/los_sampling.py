"""Exact Ludlow et al. (2016) concentrations for autolens' line-of-sight halo sampler.

autolens' ``autolens.lens.los.LOSSampler`` draws each plane's halo concentrations
log-normally about a straight line fitted to colossus' Ludlow et al. (2016) relation,
c ~ A log10(M / Msun) + B (``los.mass_concentration_ab_from``, over 10^5.8 - 10^10.1 Msun).
:class:`Ludlow16LOSSampler` is the same sampler -- same planes, masses, positions and
scatter draws for a given seed -- with every concentration moved from the line onto the
exact relation of :func:`autogalaxy_jaxnfw.concentration_ludlow16`, its log-normal offset
kept, and each plane's negative-convergence sheet moved with them.  :func:`mass_concentration_line` is that straight line fitted to
this package's relation, so neither needs colossus.  Both take ``relation=``
(:class:`~autogalaxy_jaxnfw.Relation`): its c200c at M200c, the mass autolens' haloes carry,
replaces Ludlow et al.'s (the relation's mass definition does not enter).
"""

import dataclasses
import operator
from typing import Optional, Tuple

import numpy as np
from autogalaxy import Galaxy
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autolens.lens.los import LOSSampler, los_planes_from, mass_function_ab_from
from scipy.optimize import newton

from autogalaxy_jaxnfw.cosmology import parameters as cosmologies
from autogalaxy_jaxnfw.halo.relation_choice import DEFAULT_RELATION, Relation
from autogalaxy_jaxnfw.cosmology.parameters import Cosmology, require_cosmology
from autogalaxy_jaxnfw.lensing.nfw_radial import nfw_enclosed_mass
from autogalaxy_jaxnfw.numerics.inputs import as_float64
from autogalaxy_jaxnfw.populations.los_sheets import sheet_mass_integral

__all__ = ["Ludlow16LOSSampler", "mass_concentration_line", "m200_concentration_from_nfw"]

# LOSSampler's fit range and sampling (los.mass_concentration_ab_from's defaults) and the
# range it clips drawn concentrations to (los.sample_concentrations).
LINE_LOG10_MASS_RANGE = (5.8, 10.1)
LINE_POINTS = 100
CONCENTRATION_CLIP = (0.1, 200.0)


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


class Ludlow16LOSSampler(LOSSampler):
    """``LOSSampler`` whose halo concentrations lie on the exact Ludlow et al. (2016) relation.

    Takes ``LOSSampler``'s arguments, plus ``concentration_cosmology``, and returns the same
    galaxies (``galaxies_from``, ``fields_from``) for the same seed, except that every
    halo's concentration is c_L16(M, z_plane) x 10^delta instead of
    (A log10 M + B) x 10^delta, delta being the sampler's own log-normal draw (its
    ``c_scatter`` in dex), clipped to LOSSampler's range.  Each plane's negative-convergence
    sheet is LOSSampler's times I(c_L16) / I(line), the ratio of the plane's mean
    truncated-NFW mass with the concentrations its haloes get and with the line's
    (:func:`~autogalaxy_jaxnfw.populations.los_sheets.sheet_mass_integral`), so that it
    cancels the mean convergence of the haloes it samples.  When no
    ``mass_concentration_coefficients`` are given, the lines are
    :func:`mass_concentration_line` fits (no colossus needed).

    Parameters
    ----------
    *args, **kwargs
        As ``autolens.lens.los.LOSSampler``.
    concentration_cosmology : Cosmology or None
        Cosmology of the relation; ``None``: the preset of ``LOSSampler``'s
        ``cosmology_name_colossus`` (``"planck15"`` by default) in
        :mod:`autogalaxy_jaxnfw.cosmology.parameters`.
    relation : Relation or None
        Whose c200c replaces the line's; ``None``: Ludlow et al. (2016).

    Notes
    -----
    Built on ``LOSSampler``'s sampling step (``_sample_population``, which both public
    methods call): the halo masses and concentration draws are recovered from the
    profiles it builds (:func:`m200_concentration_from_nfw`), so the sampling itself is
    untouched.
    """

    def __init__(self, *args, concentration_cosmology: Optional[Cosmology] = None,
                 relation: Optional[Relation] = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.relation = relation
        if concentration_cosmology is None:
            concentration_cosmology = getattr(cosmologies, self.cosmology_name_colossus, None)
            if not isinstance(concentration_cosmology, Cosmology):
                raise ValueError(
                    f"no preset {self.cosmology_name_colossus!r} in autogalaxy_jaxnfw.cosmology.parameters; "
                    "pass concentration_cosmology=autogalaxy_jaxnfw.Cosmology(...)"
                )
        self.concentration_cosmology = require_cosmology(concentration_cosmology, "concentration_cosmology")

    def _sample_population(self):
        _, centres = los_planes_from(self.z_lens, self.z_source, self.planes_before_lens, self.planes_after_lens)
        if self.mass_concentration_coefficients is None:
            self.mass_concentration_coefficients = np.array(
                [mass_concentration_line(z, self.concentration_cosmology, relation=self.relation) for z in centres]
            )
        if self.mass_function_coefficients is None:
            # What LOSSampler would compute (with hmf), kept for the sheets' integrals.
            self.mass_function_coefficients = np.array(
                [mass_function_ab_from(redshift=z, cosmology_astropy=self.cosmology_astropy) for z in centres]
            )
        halos_per_plane, sheets = super()._sample_population()
        exact = [
            self._on_exact_relation(halos, z, self.mass_concentration_coefficients[i])
            for i, (halos, z) in enumerate(zip(halos_per_plane, centres))
        ]
        return exact, [(z, kappa * self._sheet_ratio(i, z)) for i, (z, kappa) in enumerate(sheets)]

    def _sheet_ratio(self, plane: int, redshift: float) -> float:
        """I(exact c) / I(line) of :func:`sheet_mass_integral`: moves LOSSampler's sheet onto the exact relation."""
        slope, intercept = self.mass_concentration_coefficients[plane]

        def exact(mass):
            return _c200c(self.relation, mass, redshift, self.concentration_cosmology)

        def integral(concentration_of_mass):
            return sheet_mass_integral(concentration_of_mass, self.m_min, self.m_max,
                                       *self.mass_function_coefficients[plane], self.c_scatter, self.truncation_factor)

        return integral(exact) / integral(lambda mass: slope * np.log10(mass) + intercept)

    def _on_exact_relation(self, halos, redshift, line):
        """The plane's halo galaxies rebuilt with their concentrations moved onto the exact relation."""
        if not halos:
            return halos
        profiles = [galaxy.mass for galaxy in halos]
        m200, drawn = m200_concentration_from_nfw(
            [p.kappa_s for p in profiles], [p.scale_radius for p in profiles], redshift, self.z_source, self.cosmology
        )
        on_line = line[0] * np.log10(m200) + line[1]
        exact = _c200c(self.relation, m200, redshift, self.concentration_cosmology)
        concentration = np.clip(exact * drawn / on_line, *CONCENTRATION_CLIP)
        return [
            Galaxy(
                redshift=redshift,
                mass=NFWTruncatedSph.from_m200_concentration(
                    centre=profile.centre,
                    m200_solar_mass=m,
                    concentration=c,
                    redshift_halo=redshift,
                    redshift_source=self.z_source,
                    cosmology=self.cosmology,
                    truncation_factor=self.truncation_factor,
                ),
            )
            for profile, m, c in zip(profiles, m200, concentration)
        ]
