"""The Ludlow et al. (2016) concentration-mass relation, c200c(M, z).

The model's equations (:mod:`.equations`, with the Einasto mass ratio of :mod:`.einasto` and
the functions of the collapse density ratio of :mod:`.formation`), three solvers
(:mod:`.fixed_redshift`, :mod:`.secant_solver`, :mod:`.bracketed_solver`) and the public
functions with the one place a solver is chosen (:mod:`.relation`, :func:`choose_method`),
whose names this package re-exports.
"""

from autogalaxy_jaxnfw.halo.ludlow16 import relation
from autogalaxy_jaxnfw.halo.ludlow16.relation import *  # noqa: F403

__all__ = list(relation.__all__)
