"""Number and mass of halos between two masses, and the inverse of the number, per comoving volume.

n(M1, M2) = int_{ln M1}^{ln M2} dn/d ln M d ln M            [(Mpc/h)^-3]
rho(M1, M2) = int_{ln M1}^{ln M2} M dn/d ln M d ln M        [Msun h^2 / Mpc^3]

are evaluated by a fixed composite Gauss-Legendre rule in ln M: the interval is cut into
``N_PANELS`` equal panels of ``N_NODES`` nodes each.  dn/d ln M is analytic in ln M (a power law
times the exponential cut-off of the multiplicity), so the rule converges geometrically;
32 panels of 16 nodes hold the relative error below 1e-10 for intervals up to 25 e-folds,
where the cut-off is steepest (docs/research/abundance.md measures it).  The rule is fixed, so
the integrals are differentiable in the masses, the redshift and the cosmology.

:func:`mass_at_number_fraction` is the mass M_q in [M1, M2] below which a fraction q of the
number n(M1, M2) lies, n(M1, M_q) = q n(M1, M2): the inverse cumulative distribution that draws
halo masses from uniform numbers.  n(M1, M) rises and is concave in ln M (dn/d ln M falls with
mass), so Newton's method from ln M1 climbs monotonically onto the root
(:func:`~autogalaxy_jaxnfw.numerics.roots.newton_from_above` in -ln M), with the implicit-function
derivative (:func:`~autogalaxy_jaxnfw.numerics.roots.with_implicit_derivative`).

Validity: M1 and M2 finite, > 0, inside the sigma series; z finite >= 0; the model calibrated
at z; a traced cosmology inside its domain and cold (``m_wdm`` inf: the fits are cold ones
and the integrals have no ``warm=`` route); for the inverse also M1 < M2, 0 <= q <= 1 and a
converged solve.  Elsewhere NaN, ``valid`` False, zero derivatives.  Strings are checked as in
:func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function`; a concrete warm cosmology raises
``ValueError`` naming ``cosmology``.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.parameters import planck15
from autogalaxy_jaxnfw.cosmology.sigma import LN_R_MAX, LN_R_MIN, lagrangian_radius
from autogalaxy_jaxnfw.cosmology.tables import tables_for
from autogalaxy_jaxnfw.halo.mass_definitions import SAFE_MASS
from autogalaxy_jaxnfw.lss.compiled import compiled_for_concrete
from autogalaxy_jaxnfw.lss.mass_function import check_model, mass_function_at
from autogalaxy_jaxnfw.lss.warm_routes import cold_fit_cosmology
from autogalaxy_jaxnfw.numerics.roots import newton_from_above, with_implicit_derivative

__all__ = [
    "N_NODES",
    "N_PANELS",
    "AbundanceIntegral",
    "mass_at_number_fraction",
    "mass_at_number_fraction_with_mask",
    "mass_density",
    "mass_density_with_mask",
    "number_density",
    "number_density_with_mask",
]

N_PANELS = 32
"""Equal panels in ln M of the integrals' fixed rule."""
N_NODES = 16
"""Gauss-Legendre nodes per panel."""
_T, _W = np.polynomial.legendre.leggauss(N_NODES)
_EDGES = np.linspace(0.0, 1.0, N_PANELS + 1)
# The composite rule on [0, 1]: nodes and weights of every panel, flattened.
_NODES = (0.5 * (_EDGES[:-1, None] + _EDGES[1:, None]) + 0.5 * np.diff(_EDGES)[:, None] * _T).ravel()
_WEIGHTS = (0.5 * np.diff(_EDGES)[:, None] * _W).ravel()
_SAFE_SPAN = (np.log(SAFE_MASS), np.log(10.0 * SAFE_MASS))


class AbundanceIntegral(NamedTuple):
    """An integral over mass (or its inverse) with its validity.

    Attributes
    ----------
    value : jax.Array
        NaN where not ``valid``.
    valid : jax.Array of bool
    """

    value: jax.Array
    valid: jax.Array


class _Problem(NamedTuple):
    # What the integrand needs besides ln M; a pytree, so that derivatives reach every leaf.
    z: jax.Array
    tables: object
    cosmology: object


def _cold_cosmology(model, cosmology):
    """The cold fit's cosmology and its validity (:func:`cold_fit_cosmology`); ``ValueError`` for a concrete warm one."""
    return cold_fit_cosmology(cosmology, lambda m_wdm: (
        f"cosmology {cosmology.name!r} is warm dark matter (m_wdm = {m_wdm} keV): model {model!r} is a"
        " cold-dark-matter fit and the integrals have no warm= route yet; use a cold cosmology (m_wdm = inf)"
    ))


def _integral(problem, ln_lo, ln_hi, weight_power, mdef, model):
    """int_{ln_lo}^{ln_hi} M^weight_power dn/d ln M d ln M, and whether the model held at every node."""
    span = ln_hi - ln_lo
    ln_m = ln_lo[..., None] + span[..., None] * _NODES
    z = problem.z[..., None]
    dn, in_table, calibrated, _ = mass_function_at(problem.tables, problem.cosmology, jnp.exp(ln_m), z, mdef, model, "dndlnM")
    integrand = dn * jnp.exp(weight_power * ln_m) if weight_power else dn
    return span * jnp.sum(_WEIGHTS * integrand, axis=-1), jnp.all(calibrated, axis=-1)


def _prepare(M1, M2, z, mdef, model, cosmology, more=()):
    """Validity, safe ln M limits, the integrand's problem and the other arrays, broadcast."""
    cosmology, cosmology_ok = _cold_cosmology(model, cosmology)
    M1, M2, z, *more = jnp.broadcast_arrays(M1, M2, z, *more)
    positive = jnp.isfinite(M1) & jnp.isfinite(M2) & (M1 > 0.0) & (M2 > 0.0)
    # The logarithm of a stand-in where a mass is not positive: log(NaN) or log(0) would make
    # the derivative through the masking below NaN.
    ln_lo = jnp.log(jnp.where(positive, M1, SAFE_MASS))
    ln_hi = jnp.log(jnp.where(positive, M2, 10.0 * SAFE_MASS))
    # Inside the sigma series: R_L ~ M^(1/3) within [LN_R_MIN, LN_R_MAX].
    ln_r_per_m = jnp.log(lagrangian_radius(cosmology, 1.0))
    inside = lambda ln_m: (ln_m / 3.0 + ln_r_per_m >= LN_R_MIN) & (ln_m / 3.0 + ln_r_per_m <= LN_R_MAX)  # noqa: E731
    ok = positive & jnp.isfinite(z) & (z >= 0.0) & inside(ln_lo) & inside(ln_hi) & cosmology_ok
    ln_lo, ln_hi = jnp.where(ok, ln_lo, _SAFE_SPAN[0]), jnp.where(ok, ln_hi, _SAFE_SPAN[1])
    return ok, ln_lo, ln_hi, _Problem(jnp.where(ok, z, 0.0), tables_for(cosmology), cosmology), more


def _density(weight_power):
    def core(M1, M2, z, mdef, model, cosmology):
        ok, ln_lo, ln_hi, problem, _ = _prepare(M1, M2, z, mdef, model, cosmology)
        value, calibrated = _integral(problem, ln_lo, ln_hi, weight_power, mdef, model)
        valid = ok & calibrated
        return AbundanceIntegral(jnp.where(valid, value, jnp.nan), valid)

    return compiled_for_concrete(core, check_model)


_number_density = _density(0)
_mass_density = _density(1)


def number_density_with_mask(M1, M2, z, mdef, model="tinker08", cosmology=planck15) -> AbundanceIntegral:
    """:class:`AbundanceIntegral` of :func:`number_density`."""
    return _number_density(mdef, model, cosmology, M1=M1, M2=M2, z=z)


def number_density(M1, M2, z, mdef, model="tinker08", cosmology=planck15):
    """Comoving number density of halos with M1 <= M <= M2, int dn/d ln M d ln M.

    Parameters
    ----------
    M1, M2 : array_like
        Mass limits in Msun/h (``mdef``), finite, > 0, inside the sigma series (about 4e2 to
        8e16); M2 < M1 gives the negative of the integral.
    z : array_like
        Redshift, finite, >= 0; broadcast against the masses.
    mdef, model, cosmology
        As for :func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function`.

    Returns
    -------
    jax.Array
        n in (Mpc/h)^-3; NaN where not valid.
    """
    return number_density_with_mask(M1, M2, z, mdef, model, cosmology).value


def mass_density_with_mask(M1, M2, z, mdef, model="tinker08", cosmology=planck15) -> AbundanceIntegral:
    """:class:`AbundanceIntegral` of :func:`mass_density`."""
    return _mass_density(mdef, model, cosmology, M1=M1, M2=M2, z=z)


def mass_density(M1, M2, z, mdef, model="tinker08", cosmology=planck15):
    """Comoving mass density in halos with M1 <= M <= M2, int M dn/d ln M d ln M, in Msun h^2 / Mpc^3.

    Arguments as for :func:`number_density`.
    """
    return mass_density_with_mask(M1, M2, z, mdef, model, cosmology).value


def mass_at_number_fraction_with_mask(q, M1, M2, z, mdef, model="tinker08", cosmology=planck15) -> AbundanceIntegral:
    """:class:`AbundanceIntegral` of :func:`mass_at_number_fraction`."""
    return _inverse(mdef, model, cosmology, q=q, M1=M1, M2=M2, z=z)


def _inverse_core(q, M1, M2, z, mdef, model, cosmology):
    ok, ln_lo, ln_hi, problem, (q,) = _prepare(M1, M2, z, mdef, model, cosmology, (q,))
    ok = ok & (ln_lo < ln_hi) & jnp.isfinite(q) & (q >= 0.0) & (q <= 1.0)
    ln_lo, ln_hi = jnp.where(ok, ln_lo, _SAFE_SPAN[0]), jnp.where(ok, ln_hi, _SAFE_SPAN[1])
    q = jnp.where(ok, q, 0.5)

    def residual(ln_m, params):
        """n(M1, M) - q n(M1, M2)."""
        lo, hi, fraction, prob = params
        below, _ = _integral(prob, lo, ln_m, 0, mdef, model)
        total, _ = _integral(prob, lo, hi, 0, mdef, model)
        return below - fraction * total

    def solve(params):
        lo, hi, fraction, prob = params
        total, _ = _integral(prob, lo, hi, 0, mdef, model)
        target = fraction * total

        def falling(y):
            # In y = -ln M the residual's negative rises and is convex: Newton from y = -ln M1 descends onto the root.
            below, _ = _integral(prob, lo, -y, 0, mdef, model)
            slope, _, _, _ = mass_function_at(prob.tables, prob.cosmology, jnp.exp(-y), prob.z, mdef, model, "dndlnM")
            return target - below, slope

        root = newton_from_above(falling, -lo, -hi, x_tol=1e-12)
        return root._replace(root=-root.root)

    params = (ln_lo, ln_hi, q, problem)
    result = with_implicit_derivative(solve, residual)(params)
    _, calibrated = _integral(problem, ln_lo, ln_hi, 0, mdef, model)
    valid = ok & calibrated & result.converged
    return AbundanceIntegral(jnp.where(valid, jnp.exp(result.root), jnp.nan), valid)


_inverse = compiled_for_concrete(_inverse_core, check_model)


def mass_at_number_fraction(q, M1, M2, z, mdef, model="tinker08", cosmology=planck15):
    """The mass M_q [Msun/h] below which a fraction q of the halos between M1 and M2 lie.

    n(M1, M_q) = q n(M1, M2) (:func:`number_density`): for q uniform in [0, 1], M_q is
    distributed as dn/d ln M between M1 and M2 (inverse-transform sampling).

    Parameters
    ----------
    q : array_like
        Fraction, 0 <= q <= 1.
    M1, M2 : array_like
        Mass limits in Msun/h, M1 < M2, inside the sigma series.
    z, mdef, model, cosmology
        As for :func:`number_density`; all broadcast against ``q``.

    Returns
    -------
    jax.Array
        M_q; NaN where not valid.  Its derivatives follow from the implicit-function theorem.
    """
    return mass_at_number_fraction_with_mask(q, M1, M2, z, mdef, model, cosmology).value
