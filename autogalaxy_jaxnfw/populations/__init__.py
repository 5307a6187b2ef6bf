"""Many halos at once: parameters and summed lensing of populations, autolens' substructure
and line-of-sight workflows, and sharding over devices.

:mod:`.parameters` (N halos' NFW parameters in one call), :mod:`.lensing` (their summed maps,
memory-bounded), :mod:`.substructure` (halo arrays for autolens' simulator),
:mod:`.los_sampling` (autolens' line-of-sight sampler with exact concentrations) and
:mod:`.sharding` (realisations split over devices).

Layer 5: imports from :mod:`autogalaxy_jaxnfw.profiles` and below.
"""

from autogalaxy_jaxnfw.populations import lensing, los_sampling, parameters, sharding, substructure

__all__ = ["lensing", "los_sampling", "parameters", "sharding", "substructure"]
