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
Its mass function needs no ``hmf``: autolens' straight line is fitted to this package's
Sheth-Mo-Tormen function, or that function is sampled exactly (``mass_function="exact"``;
:mod:`.los_mass_function`).
"""

from typing import Optional

import numpy as np
from autogalaxy import Galaxy
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autolens.lens.los import LOSSampler, los_planes_from, number_of_halos_from

from autogalaxy_jaxnfw.cosmology import parameters as cosmologies
from autogalaxy_jaxnfw.halo.relation_choice import Relation
from autogalaxy_jaxnfw.cosmology.parameters import Cosmology
from autogalaxy_jaxnfw.populations import los_mass_function
from autogalaxy_jaxnfw.populations.los_concentration_line import (
    _c200c,
    m200_concentration_from_nfw,
    mass_concentration_line,
)
from autogalaxy_jaxnfw.populations.los_sheets import sheet_mass_integral

__all__ = ["Ludlow16LOSSampler", "mass_concentration_line", "m200_concentration_from_nfw"]

# The range LOSSampler clips drawn concentrations to (los.sample_concentrations).
CONCENTRATION_CLIP = (0.1, 200.0)
MASS_FUNCTIONS = ("line", "exact")
"""``Ludlow16LOSSampler``'s ``mass_function`` options."""
EXACT_MASS_SLOTS = 512
"""Fewest masses per call of the exact inverse (``mass_function="exact"``)."""


class Ludlow16LOSSampler(LOSSampler):
    """``LOSSampler`` whose halo concentrations lie on the exact Ludlow et al. (2016) relation.

    Takes ``LOSSampler``'s arguments, plus the keywords below, and returns the same
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

    The mass function needs no ``hmf``: when no ``mass_function_coefficients`` are given,
    each plane's line is autolens' fit redone on this package's Sheth-Mo-Tormen function
    (:func:`~autogalaxy_jaxnfw.populations.los_mass_function.mass_function_line`), so a seed
    gives autolens' haloes (with ``hmf`` installed) up to the difference between the two
    functions: the same draws in every plane until one's Poisson count changes
    (docs/research/realisations.md).  ``mass_function="exact"`` draws from the function itself instead.

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
    mass_function : {"line", "exact"}
        ``"line"`` (default): haloes counted and drawn from each plane's straight line, as
        autolens does.  ``"exact"``: from the Sheth-Mo-Tormen function itself -- each plane's
        Poisson mean is the plane's volume times the exact number density between ``m_min`` and
        ``m_max``, each mass the exact inverse cumulative distribution
        (:func:`~autogalaxy_jaxnfw.lss.abundance_integrals.mass_at_number_fraction`) of the
        uniform number LOSSampler drew for it, and the sheets integrate the exact dn/dm.  Needs
        ``mass_function_coefficients=None``.
    mass_function_cosmology : Cosmology or None
        Cosmology of the mass function (cold); ``None``: the one ``hmf`` would use for
        ``LOSSampler``'s ``cosmology_astropy``, or for its lensing ``cosmology`` when that is
        ``None`` (:func:`~autogalaxy_jaxnfw.populations.los_mass_function.mass_function_cosmology`:
        its h, Om0, Ob0, Tcmb0, ``hmf``'s sigma_8 and n_s).

    Notes
    -----
    Built on ``LOSSampler``'s sampling step (``_sample_population``, which both public
    methods call): the halo masses and concentration draws are recovered from the
    profiles it builds (:func:`m200_concentration_from_nfw`), so the sampling itself is
    untouched.  With ``mass_function="exact"`` LOSSampler runs on lines whose slopes are the
    fits' and whose intercepts make each line's count the exact one (so its Poisson draws are
    the exact function's), and each mass m it draws is moved to the exact function's mass at
    the same cumulative fraction, F_line(m); its positions and scatter draws are kept.
    ``mass_function_coefficients`` then holds those lines.
    """

    def __init__(self, *args, concentration_cosmology: Optional[Cosmology] = None,
                 relation: Optional[Relation] = None, mass_function: str = "line",
                 mass_function_cosmology: Optional[Cosmology] = None, **kwargs):
        if concentration_cosmology is not None and not isinstance(concentration_cosmology, Cosmology):
            raise ValueError(
                "concentration_cosmology must be an autogalaxy_jaxnfw Cosmology such as agj.planck15 or None; "
                f"got {type(concentration_cosmology).__name__} {concentration_cosmology!r:.80}"
            )
        if mass_function not in MASS_FUNCTIONS:
            raise ValueError(f"mass_function must be one of {MASS_FUNCTIONS}; got {mass_function!r}")
        if mass_function_cosmology is not None and not (
            isinstance(mass_function_cosmology, Cosmology) and mass_function_cosmology.dark_matter == "cold"
        ):
            raise ValueError(
                "mass_function_cosmology must be a cold autogalaxy_jaxnfw Cosmology (m_wdm = inf) or None; "
                f"got {type(mass_function_cosmology).__name__} {mass_function_cosmology!r:.80}"
            )
        super().__init__(*args, **kwargs)
        if mass_function == "exact" and self.mass_function_coefficients is not None:
            raise ValueError("mass_function_coefficients must be None with mass_function='exact': "
                             "the exact function replaces the lines")
        self.relation = relation
        if concentration_cosmology is None:
            concentration_cosmology = getattr(cosmologies, self.cosmology_name_colossus, None)
            if not isinstance(concentration_cosmology, Cosmology):
                raise ValueError(
                    f"no preset {self.cosmology_name_colossus!r} in autogalaxy_jaxnfw.cosmology.parameters; "
                    "pass concentration_cosmology=autogalaxy_jaxnfw.Cosmology(...)"
                )
        self.concentration_cosmology = concentration_cosmology
        self.mass_function = mass_function
        if mass_function_cosmology is None:
            source = self.cosmology_astropy if self.cosmology_astropy is not None else self.cosmology
            mass_function_cosmology = los_mass_function.mass_function_cosmology(source)
        self.mass_function_cosmology = mass_function_cosmology

    def _sample_population(self):
        _, centres = los_planes_from(self.z_lens, self.z_source, self.planes_before_lens, self.planes_after_lens)
        if self.mass_concentration_coefficients is None:
            self.mass_concentration_coefficients = np.array(
                [mass_concentration_line(z, self.concentration_cosmology, relation=self.relation) for z in centres]
            )
        if self.mass_function_coefficients is None:
            lines = np.array([los_mass_function.mass_function_line(z, self.mass_function_cosmology) for z in centres])
            if self.mass_function == "exact":
                # Intercepts that make each line's count the exact one: LOSSampler's Poisson means become exact.
                exact = los_mass_function.number_density_msun(self.m_min, self.m_max, centres,
                                                              self.mass_function_cosmology)
                lines[:, 1] += np.log10(exact / number_of_halos_from(*lines.T, self.m_min, self.m_max, 1.0))
            self.mass_function_coefficients = lines
        halos_per_plane, sheets = super()._sample_population()
        exact = self._on_exact_relation(halos_per_plane, centres)
        return exact, [(z, kappa * self._sheet_ratio(i, z)) for i, (z, kappa) in enumerate(sheets)]

    def _sheet_ratio(self, plane: int, redshift: float) -> float:
        """I(exact c, dn/dm) / I(line c, line dn/dm) of :func:`sheet_mass_integral`: moves LOSSampler's sheet onto
        the exact relation (and, with ``mass_function="exact"``, the exact mass function)."""
        slope, intercept = self.mass_concentration_coefficients[plane]
        mf_slope, mf_norm = self.mass_function_coefficients[plane]

        def exact(mass):
            return _c200c(self.relation, mass, redshift, self.concentration_cosmology)

        def dn_dm(mass):
            return los_mass_function.dn_dm_msun(mass, redshift, self.mass_function_cosmology)

        def integral(concentration_of_mass, mass_function=None):
            return sheet_mass_integral(concentration_of_mass, self.m_min, self.m_max, mf_slope, mf_norm,
                                       self.c_scatter, self.truncation_factor, dn_dm=mass_function)

        exact_mass_function = dn_dm if self.mass_function == "exact" else None
        return integral(exact, exact_mass_function) / integral(lambda mass: slope * np.log10(mass) + intercept)

    def _on_exact_relation(self, halos_per_plane, centres):
        """Each plane's halo galaxies rebuilt with their concentrations moved onto the exact relation (and, with
        ``mass_function="exact"``, their masses onto the exact mass function)."""
        recovered = [
            m200_concentration_from_nfw([g.mass.kappa_s for g in halos], [g.mass.scale_radius for g in halos], z,
                                        self.z_source, self.cosmology) if halos else (np.zeros(0), np.zeros(0))
            for halos, z in zip(halos_per_plane, centres)
        ]
        masses = [m200 for m200, _ in recovered]
        if self.mass_function == "exact":
            masses = self._exact_masses(masses, centres)
        rebuilt = []
        for plane, (halos, z) in enumerate(zip(halos_per_plane, centres)):
            if not halos:
                rebuilt.append([])
                continue
            m200, drawn = recovered[plane]
            slope, intercept = self.mass_concentration_coefficients[plane]
            # The sampler's log-normal draw about its line, moved onto the relation at the halo's final mass.
            scatter = drawn / (slope * np.log10(m200) + intercept)
            exact = _c200c(self.relation, masses[plane], z, self.concentration_cosmology)
            concentration = np.clip(exact * scatter, *CONCENTRATION_CLIP)
            rebuilt.append([
                Galaxy(
                    redshift=z,
                    mass=NFWTruncatedSph.from_m200_concentration(
                        centre=galaxy.mass.centre,
                        m200_solar_mass=m,
                        concentration=c,
                        redshift_halo=z,
                        redshift_source=self.z_source,
                        cosmology=self.cosmology,
                        truncation_factor=self.truncation_factor,
                    ),
                )
                for galaxy, m, c in zip(halos, masses[plane], concentration)
            ])
        return rebuilt

    def _exact_masses(self, line_masses, centres):
        """Each plane's masses drawn from its line moved to the exact function's at the same cumulative fraction.

        One call of the inverse for every plane, padded to a power of two (at least
        ``EXACT_MASS_SLOTS``) so that realisations of different sizes share its compiled program.
        """
        fractions, redshifts = [], []
        for m, z, (slope, _) in zip(line_masses, centres, self.mass_function_coefficients):
            power = 1.0 + slope
            fraction = (m**power - self.m_min**power) / (self.m_max**power - self.m_min**power)
            fractions.append(np.clip(fraction, 0.0, 1.0))
            redshifts.append(np.full(len(m), z))
        sizes = [len(f) for f in fractions]
        total = sum(sizes)
        if total == 0:
            return line_masses
        slots = max(EXACT_MASS_SLOTS, 1 << (total - 1).bit_length())
        fraction = np.pad(np.concatenate(fractions), (0, slots - total), constant_values=0.5)
        redshift = np.pad(np.concatenate(redshifts), (0, slots - total), constant_values=centres[0])
        exact = los_mass_function.mass_at_number_fraction_msun(fraction, self.m_min, self.m_max, redshift,
                                                               self.mass_function_cosmology)[:total]
        return np.split(exact, np.cumsum(sizes)[:-1])
