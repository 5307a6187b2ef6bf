"""Many halos at once: parameters and summed lensing of populations, autolens' substructure
and line-of-sight workflows, and sharding over devices.

:mod:`.parameters` (N halos' NFW parameters in one call), :mod:`.lensing` (their summed maps,
memory-bounded), :mod:`.substructure` (halo arrays for autolens' simulator),
:mod:`.los_sampling` (autolens' line-of-sight sampler with exact concentrations),
:mod:`.los_mass_function` (its mass function without ``hmf``), :mod:`.los_sheets` (its planes'
negative convergence sheets), :mod:`.planes` (haloes grouped by lens plane, no padding to the
largest plane; their sheets in :mod:`.plane_sheets`), :mod:`.tracer` (multi-plane ray tracing of
such populations), :mod:`.simulator` (masses to noisy images, batched), :mod:`.sharding`
(realisations split over devices, and processes) and :mod:`.realisation` (dark-matter
realisations in one jitted call: :mod:`.realisation_layout`, :mod:`.cone_volumes`,
:mod:`.realisation_abundance`, :mod:`.panel_inverse`, :mod:`.realisation_samples`, pyHalo's two-halo
factor in :mod:`.two_halo` and its analytic truncation radii in :mod:`.truncation` and
:mod:`.host_radii`).

Layer 5: imports from :mod:`autogalaxy_jaxnfw.profiles` and below.
"""

from autogalaxy_jaxnfw.populations import (
    cone_volumes,
    host_radii,
    lensing,
    los_mass_function,
    los_sampling,
    los_sheets,
    panel_inverse,
    parameters,
    plane_sheets,
    planes,
    realisation,
    realisation_abundance,
    realisation_layout,
    realisation_samples,
    sharding,
    simulator,
    substructure,
    tracer,
    truncation,
    two_halo,
)

__all__ = ["cone_volumes", "host_radii", "lensing", "los_mass_function", "los_sampling", "los_sheets", "panel_inverse",
           "parameters", "plane_sheets", "planes", "realisation", "realisation_abundance", "realisation_layout",
           "realisation_samples", "sharding", "simulator", "substructure", "tracer", "truncation", "two_halo"]
