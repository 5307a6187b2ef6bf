"""Halo relations: concentration-mass relations built on the cosmology's linear theory.

The Ludlow et al. (2016) relation with its solvers (:mod:`.ludlow16`); the Diemer & Joyce
(2019) form (:mod:`.diemer19`, read of the linear field through :mod:`.peaks`) with its and
Ishiyama et al. (2021)'s parameter sets (:mod:`.diemer19_parameters`); spherical-overdensity
mass definitions (:mod:`.overdensity`) and the NFW change of definition
(:mod:`.mass_definitions`); a relation in any definition (:mod:`.nested_solve`) behind the
colossus-style entry point :func:`.concentration.concentration`, with the Bose et al. (2016)
warm-dark-matter factor (:mod:`.warm_suppression`) as an option; and the frozen choice of
relation, mass definition and dark-matter model a halo follows (:mod:`.relation_choice`).

Layer 2: imports from :mod:`autogalaxy_jaxnfw.cosmology` and below.
"""

from autogalaxy_jaxnfw.halo import ludlow16

__all__ = ["ludlow16"]
