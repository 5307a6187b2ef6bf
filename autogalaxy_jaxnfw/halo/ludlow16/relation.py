"""c200c(M, z) of Ludlow et al. (2016): the public functions and the one place a solver is chosen.

The equations are in :mod:`autogalaxy_jaxnfw.halo.ludlow16.equations`.  Which solver runs depends only on
what is known when the program is traced (:func:`choose_method`):

=============  ===========================================  ===========================================
method         used when                                    how
=============  ===========================================  ===========================================
``series``     masses traced, redshifts plain numbers (one  a trace-time series of c in the spread per
               or a few lens planes), cosmology concrete    redshift (:mod:`~autogalaxy_jaxnfw.halo.ludlow16.fixed_redshift`):
                                                            no iterations, a small program
``secant``     cosmology concrete, anything else (eager     the secant method in the collapse density
               calls, traced or per-halo redshifts)         ratio (:mod:`~autogalaxy_jaxnfw.halo.ludlow16.secant_solver`):
                                                            elementwise, a handful of steps
``bracketed``  cosmology traced (derivatives with respect   Chandrupatla's bracketed solver in ln c
               to cosmological parameters)                  (:mod:`~autogalaxy_jaxnfw.halo.ludlow16.bracketed_solver`),
                                                            the general method and the reference
=============  ===========================================  ===========================================

Each stops well within 1e-10 of the root in c (the assessment gives the measured agreement);
``method=`` forces one.
Derivatives of the solvers follow from the implicit-function theorem, those of the series
from the series, so no gradient flows through iterations.  Entries without a solution
(bad input, mass outside the sigma table, no root with 1 <= c <= 100 and z_-2 inside
colossus' range, or a solver that did not converge) are NaN with ``valid = False``, and
their derivatives are zero.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.halo.ludlow16.bracketed_solver import solve_bracketed
from autogalaxy_jaxnfw.cosmology.parameters import checked_cosmology, planck15
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.halo.ludlow16.fixed_redshift import solve_fixed_redshift, spread_inverse
from autogalaxy_jaxnfw.halo.ludlow16.equations import DELTA_COLLAPSE, collapse_problem
from autogalaxy_jaxnfw.cosmology.spread import LUDLOW16_F, ln_spread
from autogalaxy_jaxnfw.halo.ludlow16.secant_solver import solve_secant
from autogalaxy_jaxnfw.halo.mass_definitions import SAFE_MASS
from autogalaxy_jaxnfw.cosmology.tables import tables_for
from autogalaxy_jaxnfw.numerics.inputs import as_floats
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = [
    "LUDLOW16_F",
    "DELTA_COLLAPSE",
    "METHODS",
    "Ludlow16Solution",
    "choose_method",
    "concentration_ludlow16",
    "concentration_ludlow16_solution",
    "concentration_ludlow16_valid",
    "concentration_ludlow16_with_mask",
]

METHODS = ("series", "secant", "bracketed")
# More distinct plain redshifts than this among traced masses: the secant solver instead of
# one series per redshift (each costs a few milliseconds to build).
_MAX_SERIES_REDSHIFTS = 32


class Ludlow16Solution(NamedTuple):
    """c200c and what is known about it, each with the broadcast shape of (M, z).

    Attributes
    ----------
    concentration : jax.Array
        c200c; NaN where ``valid`` is False.
    valid : jax.Array of bool
        ``input_valid & in_table & solved``.
    input_valid : jax.Array of bool
        M finite and > 0, z finite and >= 0, the cosmology's fields in their domain
        (:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.cosmology_valid`; a traced cosmology).
    in_table : jax.Array of bool
        The Lagrangian radii of f M and M lie in the sigma table (1e-3 to 40 Mpc/h).
    solved : jax.Array of bool
        The solver converged to a root with 1 <= c <= 100 and z_-2 inside colossus' range.
    """

    concentration: jax.Array
    valid: jax.Array
    input_valid: jax.Array
    in_table: jax.Array
    solved: jax.Array


def choose_method(m200c, z, cosmology) -> str:
    """The solver for these inputs (see the module docstring): the package's one router."""
    if is_traced(cosmology):
        return "bracketed"
    if is_traced(m200c) and not is_traced(z):
        redshifts = np.unique(np.asarray(z, dtype=float))
        usable = np.all(np.isfinite(redshifts) & (redshifts >= 0.0)) and redshifts.size <= _MAX_SERIES_REDSHIFTS
        if usable and all(spread_inverse(cosmology, zi) is not None for zi in redshifts):
            return "series"
    return "secant"


def _solution(m200c, z, cosmology, method):
    cosmology, cosmology_ok = valid_or_stand_in(cosmology)
    m200c = jnp.asarray(m200c, dtype=float)
    z = (np if method == "series" else jnp).asarray(z, dtype=float)
    z_valid = jnp.isfinite(z) & (z >= 0.0)
    input_valid = jnp.isfinite(m200c) & (m200c > 0.0) & z_valid & cosmology_ok
    tables = tables_for(cosmology)
    ln_s, in_table = ln_spread(tables.spread, cosmology, jnp.where(input_valid, m200c, SAFE_MASS))
    if method == "series":
        root = _series_by_redshift(ln_s, z, cosmology)
    else:
        # A scalar z stays scalar: its growth factor is computed once for every halo.
        safe_z = jnp.where(z_valid if z.ndim == 0 else input_valid, z, 0.0)
        solve = solve_secant if method == "secant" else solve_bracketed
        root = solve(ln_s, collapse_problem(tables, cosmology, safe_z))
    ln_c, solved = root.ln_c, root.converged & root.in_range
    valid = input_valid & in_table & solved
    # The default float: float64, or float32 with x64 off (an explicit float64 would warn there).
    concentration = jnp.asarray(jnp.where(valid, jnp.exp(ln_c), jnp.nan), dtype=float)
    return Ludlow16Solution(concentration, valid, input_valid, in_table, solved)


def _series_by_redshift(ln_s, z, cosmology):
    """The fixed-redshift series of each distinct redshift, applied to its halos (no padding)."""
    shape = jnp.broadcast_shapes(ln_s.shape, z.shape)
    redshifts, plane = np.unique(np.broadcast_to(z, shape), return_inverse=True)
    inverses = [spread_inverse(cosmology, zi) for zi in redshifts]
    return solve_fixed_redshift(jnp.broadcast_to(ln_s, shape), inverses, plane.reshape(shape))


# A concrete cosmology is a compile-time constant of the eager path: its tables are embedded once.
_jitted_solution = jax.jit(_solution, static_argnames=("cosmology", "method"))


def concentration_ludlow16_solution(m200c, z, cosmology=planck15, method=None) -> Ludlow16Solution:
    """c200c of Ludlow et al. (2016) with its validity and the reasons for it.

    Parameters
    ----------
    m200c : array_like
        Halo mass M_200c in Msun/h (colossus' convention), > 0.
    z : array_like
        Redshift, >= 0; broadcast against ``m200c``.
    cosmology : Cosmology
        Flat LCDM parameters (``autogalaxy_jaxnfw.cosmology.parameters``); may be traced.
    method : {None, "series", "secant", "bracketed"}
        The solver; ``None`` lets :func:`choose_method` decide ("series" needs plain-number
        redshifts and a concrete cosmology, "secant" a concrete cosmology).

    Returns
    -------
    Ludlow16Solution

    Raises
    ------
    TypeError, ValueError
        For an argument of the wrong kind (``cosmology`` not a :class:`Cosmology`), shapes
        that do not broadcast, or an unknown or unusable ``method``, naming the argument.
        Values outside the domain are NaN with ``valid = False`` (concrete or traced).
    """
    m200c, z = as_floats(m200c=m200c, z=z)
    cosmology = checked_cosmology(cosmology)
    method = choose_method(m200c, z, cosmology) if method is None else method
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS} or None; got {method!r}")
    if method != "bracketed" and is_traced(cosmology):
        raise ValueError(f"method={method!r} needs a concrete cosmology; a traced one takes 'bracketed'")
    if method == "series" and (is_traced(z) or not all(
        spread_inverse(cosmology, zi) is not None for zi in np.unique(np.asarray(z, dtype=float))
    )):
        raise ValueError("method='series' needs plain-number redshifts >= 0 for which a series exists")
    # The series needs plain-number redshifts: it is not compiled with z as an argument.
    if is_traced(cosmology) or is_traced(m200c, z) or method == "series":
        return _solution(m200c, z, cosmology, method)
    return _jitted_solution(m200c, z, cosmology=cosmology, method=method)


def concentration_ludlow16_with_mask(m200c, z, cosmology=planck15, method=None):
    """c200c of Ludlow et al. (2016) and a mask of the entries where it is defined.

    Parameters are those of :func:`concentration_ludlow16_solution`.

    Returns
    -------
    concentration : jax.Array
        c200c with the broadcast shape; NaN where ``valid`` is False.
    valid : jax.Array of bool
        False where an input is non-finite, M <= 0 or z < 0, where the Lagrangian radius
        of f M or M leaves the sigma table (1e-3 to 40 Mpc/h, roughly
        2e4 < M < 2e16 Msun/h), or where L16 eqs. 6-7 have no solution with 1 <= c <= 100
        and -0.995 < z_-2 < 200.01.  Gradients are finite everywhere (zero where invalid).
    """
    solution = concentration_ludlow16_solution(m200c, z, cosmology, method)
    return solution.concentration, solution.valid


def concentration_ludlow16(m200c, z, cosmology=planck15, method=None):
    """c200c(M200c [Msun/h], z) of Ludlow et al. (2016); NaN where undefined.

    See :func:`concentration_ludlow16_with_mask` for parameters and the validity rules.
    """
    return concentration_ludlow16_solution(m200c, z, cosmology, method).concentration


def concentration_ludlow16_valid(m200c, z, cosmology=planck15, method=None):
    """Boolean mask of the (M200c [Msun/h], z) entries where c200c is defined."""
    return concentration_ludlow16_solution(m200c, z, cosmology, method).valid
