"""The Ludlow et al. (2016) concentration-mass relation, c200c(M, z).

The model's equations (:mod:`.equations`, with the Einasto mass ratio of :mod:`.einasto` and
the functions of the collapse density ratio of :mod:`.formation`), three solvers
(:mod:`.fixed_redshift`, :mod:`.secant_solver`, :mod:`.bracketed_solver`) and the public
functions with the one place a solver is chosen (:mod:`.relation`, :func:`choose_method`).
"""

from autogalaxy_jaxnfw.halo.ludlow16.relation import (
    DELTA_COLLAPSE,
    LUDLOW16_F,
    METHODS,
    Ludlow16Solution,
    choose_method,
    concentration_ludlow16,
    concentration_ludlow16_solution,
    concentration_ludlow16_valid,
    concentration_ludlow16_with_mask,
)

__all__ = [
    "DELTA_COLLAPSE",
    "LUDLOW16_F",
    "METHODS",
    "Ludlow16Solution",
    "choose_method",
    "concentration_ludlow16",
    "concentration_ludlow16_solution",
    "concentration_ludlow16_valid",
    "concentration_ludlow16_with_mask",
]
