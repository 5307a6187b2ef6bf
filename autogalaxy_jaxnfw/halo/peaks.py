"""Peak height, the effective slope of sigma(R) and the growth rate, from the per-cosmology tables.

* nu = delta_c / sigma(R_L, z), sigma(R, z) = sigma(R, 0) D+(z) / D+(0), delta_c = 1.68647
  (colossus' ``peaks.peakHeight`` without collapse-threshold corrections);
* n_eff = -2 d ln sigma / d ln R - 3 at a multiple kappa of the Lagrangian radius (Diemer &
  Joyce 2019, ApJ 871, 168, eq. 7; colossus' ``powerSpectrumSlopeFromM`` with
  ``slope_type="sigma"``);
* alpha_eff = d ln D+ / d ln a (DJ19 eq. 9).

The slopes are the exact derivatives of the Chebyshev series of ln sigma^2 in ln R and of
the growth factor's series (forward-mode differentiation of those series: no finite
differences, no splines).
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp

from autogalaxy_jaxnfw.cosmology.growth import growth_from_series
from autogalaxy_jaxnfw.cosmology.sigma import LN_R_MAX, LN_R_MIN, lagrangian_radius, ln_sigma2
from autogalaxy_jaxnfw.halo.ludlow16.equations import DELTA_COLLAPSE

__all__ = ["PeakQuantities", "growth_and_rate", "peak_quantities"]


class PeakQuantities(NamedTuple):
    """What the DJ19 family of relations reads of the linear density field, per halo.

    Attributes
    ----------
    nu : jax.Array
        Peak height delta_c / sigma(R_L, z).
    n_eff : jax.Array
        -2 d ln sigma / d ln R - 3 at kappa R_L.
    alpha_eff : jax.Array
        d ln D+ / d ln a at z.
    in_table : jax.Array of bool
        R_L and kappa R_L lie in the sigma table.
    """

    nu: jax.Array
    n_eff: jax.Array
    alpha_eff: jax.Array
    in_table: jax.Array


def growth_and_rate(tables, cosmology, z):
    """D+(z) / D+(0) and d ln D+ / d ln a for z >= 0, from the growth series."""
    ln_a = -jnp.log1p(jnp.asarray(z, dtype=float))
    ln_growth = lambda ln_a: jnp.log(growth_from_series(cosmology, tables.growth_series, jnp.exp(ln_a), ln_a))
    ln_d, rate = jax.jvp(ln_growth, (ln_a,), (jnp.ones_like(ln_a),))
    return jnp.exp(ln_d) / tables.growth_today, rate


def _in_table(ln_r):
    return (ln_r >= LN_R_MIN) & (ln_r <= LN_R_MAX)


def peak_quantities(tables, cosmology, M, z, kappa) -> PeakQuantities:
    """nu, n_eff and alpha_eff of halos of mass M [Msun/h] at redshift z >= 0.

    Parameters
    ----------
    tables : CosmologyTables
        ``autogalaxy_jaxnfw.cosmology.tables.tables_for(cosmology)``.
    cosmology : Cosmology
    M, z : jax.Array
        Valid masses (> 0) and redshifts (>= 0); callers substitute safe values elsewhere.
    kappa : float or jax.Array
        The multiple of the Lagrangian radius at which n_eff is taken.

    Returns
    -------
    PeakQuantities
        Outside the sigma table the series are evaluated at the nearest tabulated radius,
        for callers to mask with ``in_table``.
    """
    ln_r = jnp.log(lagrangian_radius(cosmology, M))
    ln_r_slope = ln_r + jnp.log(kappa)
    in_table = _in_table(ln_r) & _in_table(ln_r_slope)
    clip = lambda x: jnp.clip(x, LN_R_MIN, LN_R_MAX)
    _, d_ln_s2 = jax.jvp(lambda x: ln_sigma2(tables.sigma, x), (clip(ln_r_slope),), (jnp.ones_like(ln_r_slope),))
    growth, alpha_eff = growth_and_rate(tables, cosmology, z)
    sigma = jnp.exp(0.5 * ln_sigma2(tables.sigma, clip(ln_r))) * growth
    return PeakQuantities(DELTA_COLLAPSE / sigma, -d_ln_s2 - 3.0, alpha_eff, in_table)
