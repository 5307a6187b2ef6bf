"""Halo relations: concentration-mass relations built on the cosmology's linear theory.

The Ludlow et al. (2016) relation with its solvers (:mod:`.ludlow16`).

Layer 2: imports from :mod:`autogalaxy_jaxnfw.cosmology` and below.
"""

from autogalaxy_jaxnfw.halo import ludlow16

__all__ = ["ludlow16"]
