"""The concentration model of Diemer & Joyce (2019, ApJ 871, 168; DJ19), any parameter set.

DJ19 eqs. 12-15 (with their Table 2 for the parameters):

    c = C(alpha_eff) G^-1( A(n_eff) / nu [1 + nu^2 / B(n_eff)] ),
    A = a_0 [1 + a_1 (n_eff + 3)],   B = b_0 [1 + b_1 (n_eff + 3)],
    C = 1 - c_alpha (1 - alpha_eff),
    G(x) = x / mu(x)^((5 + n_eff) / 6),  mu(x) = ln(1 + x) - x / (1 + x),

with nu, n_eff (at kappa R_L) and alpha_eff from :mod:`autogalaxy_jaxnfw.halo.peaks`.  Ishiyama
et al. (2021, MNRAS 506, 4210) refit the same form; their sets are
:mod:`autogalaxy_jaxnfw.halo.diemer19_parameters` too.

G^-1 is solved per halo on the ascending branch of G with x in [0.1, 1000], the range of
colossus' G^-1 table, so that the validity mask is colossus': G falls from x = 0 to a
minimum where (5 + n_eff)/6 d ln mu / d ln x = 1 when n_eff > -2, and rises beyond.  In
ln x, ln G is convex (d ln mu / d ln x falls with x), so Newton's method started at
x = 1000 descends monotonically onto the ascending root (or, without one, stops past the
minimum, which the residual check rejects); its derivative is the implicit-function one
of ln G(x) = ln rhs.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.halo.mass_definitions import SAFE_MASS
from autogalaxy_jaxnfw.halo.peaks import peak_quantities
from autogalaxy_jaxnfw.cosmology.tables import tables_for
from autogalaxy_jaxnfw.numerics.roots import newton_from_above, with_implicit_derivative

__all__ = ["Diemer19Solution", "G_RANGE", "diemer19_solution", "solve_g_inverse"]

G_RANGE = (0.1, 1000.0)
"""The x = c / C(alpha_eff) range of G^-1 (colossus' table: log10 x from -1 to 3)."""
_LN_G_RANGE = tuple(float(np.log(v)) for v in G_RANGE)
# |ln G(root) - ln rhs| below this: a root, not the minimum of G the solver can stop at;
# in float32 the rounding of ln G (~ 10 eps) sets it instead.
_RESIDUAL_TOLERANCE = 1e-9
_RESIDUAL_ROUNDING = 256.0


class Diemer19Solution(NamedTuple):
    """c of a DJ19-form relation and what is known about it (broadcast shape of M and z).

    Attributes
    ----------
    concentration : jax.Array
        c in the parameter set's mass definition; NaN where ``valid`` is False.
    valid : jax.Array of bool
        ``input_valid & in_table & solved``.
    input_valid : jax.Array of bool
        M finite and > 0, z finite and >= 0, the cosmology's fields in their domain
        (:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.cosmology_valid`; a traced cosmology).
    in_table : jax.Array of bool
        R_L and kappa R_L lie in the sigma table.
    solved : jax.Array of bool
        G(x) = rhs has a root on G's ascending branch with 0.1 <= x <= 1000.
    """

    concentration: jax.Array
    valid: jax.Array
    input_valid: jax.Array
    in_table: jax.Array
    solved: jax.Array


def _ln_g_residual_and_slope(ln_x, params):
    """ln G(x) - ln rhs and its derivative 1 - p d ln mu / d ln x in ln x; params = (p, ln rhs).

    p = (5 + n_eff) / 6.  Used on x in [0.1, 1000] only, where ln mu's closed form is exact to
    rounding.
    """
    p, ln_rhs = params
    x = jnp.exp(ln_x)
    mu = jnp.log1p(x) - x / (1.0 + x)
    return ln_x - p * jnp.log(mu) - ln_rhs, 1.0 - p * (x / (1.0 + x)) ** 2 / mu


def _ln_g_residual(ln_x, params):
    return _ln_g_residual_and_slope(ln_x, params)[0]


def _solve(params):
    start = jnp.full_like(params[0], _LN_G_RANGE[1])
    return newton_from_above(lambda ln_x: _ln_g_residual_and_slope(ln_x, params), start, _LN_G_RANGE[0])


_solve_differentiably = with_implicit_derivative(_solve, _ln_g_residual)


def solve_g_inverse(p, ln_rhs):
    """x with G(x) = rhs on G's ascending branch in [0.1, 1000], and whether it exists.

    Parameters
    ----------
    p : jax.Array
        (5 + n_eff) / 6, > 0.
    ln_rhs : jax.Array
        ln of the right-hand side of DJ19 eq. 12.

    Returns
    -------
    x : jax.Array
    solved : jax.Array of bool
    """
    params = tuple(jnp.broadcast_arrays(p, ln_rhs))
    root = _solve_differentiably(params)
    ln_x = root.root
    tolerance = max(_RESIDUAL_TOLERANCE, _RESIDUAL_ROUNDING * float(jnp.finfo(ln_x.dtype).eps))
    residual, slope = _ln_g_residual_and_slope(ln_x, params)
    return jnp.exp(ln_x), root.converged & (jnp.abs(residual) <= tolerance) & (slope > 0.0)


def diemer19_solution(M, z, parameters, cosmology) -> Diemer19Solution:
    """c(M, z) of a DJ19-form relation with the given parameters, with validity.

    Parameters
    ----------
    M : array_like
        Mass in the parameter set's definition, Msun/h, > 0.
    z : array_like
        Redshift, >= 0; broadcast against ``M``.
    parameters : Diemer19Parameters
        kappa, a_0, a_1, b_0, b_1, c_alpha (may be traced).
    cosmology : Cosmology
        May be traced.

    Returns
    -------
    Diemer19Solution
    """
    cosmology, cosmology_ok = valid_or_stand_in(cosmology)
    M, z = jnp.asarray(M, dtype=float), jnp.asarray(z, dtype=float)
    z_ok = jnp.isfinite(z) & (z >= 0.0)
    input_valid = jnp.isfinite(M) & (M > 0.0) & z_ok & cosmology_ok
    M_safe = jnp.where(input_valid, M, SAFE_MASS)
    z_safe = jnp.where(z_ok if z.ndim == 0 else input_valid, z, 0.0)
    peaks = peak_quantities(tables_for(cosmology), cosmology, M_safe, z_safe, parameters.kappa)
    slope = peaks.n_eff + 3.0
    a_n = parameters.a_0 * (1.0 + parameters.a_1 * slope)
    b_n = parameters.b_0 * (1.0 + parameters.b_1 * slope)
    p = (5.0 + peaks.n_eff) / 6.0
    positive = (a_n > 0.0) & (b_n > 0.0) & (p > 0.0)
    a_n, b_n, p, nu = (jnp.where(positive, v, 1.0) for v in (a_n, b_n, p, peaks.nu))
    ln_rhs = jnp.log(a_n) - jnp.log(nu) + jnp.log1p(nu * nu / b_n)
    x, solved = solve_g_inverse(p, ln_rhs)
    c_alpha = 1.0 - parameters.c_alpha * (1.0 - peaks.alpha_eff)
    solved = solved & positive
    valid = input_valid & peaks.in_table & solved
    concentration = jnp.where(valid, c_alpha * x, jnp.nan)
    return Diemer19Solution(concentration, valid, input_valid, peaks.in_table, solved)
