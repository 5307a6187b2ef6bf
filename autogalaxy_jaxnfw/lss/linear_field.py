"""What the abundance models read of the linear density field, per halo mass and redshift.

* sigma(M, z) = sigma(R_L, 0) D+(z) / D+(0), with R_L the Lagrangian radius of M at the mean
  matter density today (colossus' ``peaks.lagrangianR`` and ``Cosmology.sigma``);
* d ln sigma / d ln M = (1/3) d ln sigma / d ln R at R_L, the exact derivative (forward-mode
  differentiation) of the Chebyshev series of ln sigma^2 in ln R that the cosmology's tables
  hold (:mod:`autogalaxy_jaxnfw.cosmology.sigma`): no finite differences, no splines;
* the collapse threshold delta_c = 1.68647, constant: colossus' ``massFunction`` and
  ``haloBias`` pass ``deltac_args={}`` to every model, so no Omega_m(z) correction applies;
* the overdensity of a mass definition relative to the mean matter density, Delta_m(z), and
  relative to the virial one (Bryan & Norman 1998).

For a concrete cosmology the series are constants of the program; for a traced one
:func:`~autogalaxy_jaxnfw.cosmology.tables.tables_for` rebuilds them inside the trace, so the
derivatives with respect to every cosmological parameter are exact.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.sigma import LN_R_MAX, LN_R_MIN, RHO_CRIT_0, lagrangian_radius, ln_sigma2
from autogalaxy_jaxnfw.halo.overdensity import RHO_CRIT_0_KPC3, density_threshold
from autogalaxy_jaxnfw.halo.peaks import growth_and_rate

__all__ = [
    "LinearField",
    "delta_mean",
    "linear_field",
    "mass_range",
    "mean_matter_density",
    "omega_m",
]


class LinearField(NamedTuple):
    """sigma and its slope at the Lagrangian radius of each mass.

    Attributes
    ----------
    sigma : jax.Array
        rms linear density fluctuation at z in a top hat holding M.
    d_ln_sigma_d_ln_M : jax.Array
        Its logarithmic slope with respect to mass (negative).
    in_table : jax.Array of bool
        R_L lies in the sigma series' range [1e-3, 60] Mpc/h; elsewhere the other entries
        are those of the nearest tabulated radius, for callers to mask.
    """

    sigma: jax.Array
    d_ln_sigma_d_ln_M: jax.Array
    in_table: jax.Array


def mean_matter_density(cosmology):
    """rho_m(z = 0) = Om0 rho_c0 in Msun h^2 / Mpc^3 (comoving mean matter density)."""
    return cosmology.Om0 * RHO_CRIT_0


def mass_range(cosmology):
    """(M_min, M_max) [Msun/h] whose Lagrangian radii span the sigma series, for a concrete cosmology."""
    rho = 4.0 / 3.0 * np.pi * float(cosmology.Om0) * RHO_CRIT_0
    return rho * np.exp(3.0 * LN_R_MIN), rho * np.exp(3.0 * LN_R_MAX)


def linear_field(tables, cosmology, M, z) -> LinearField:
    """:class:`LinearField` of masses M [Msun/h] (> 0) at redshifts z (>= 0).

    Parameters
    ----------
    tables : CosmologyTables
        ``tables_for(cosmology)``.
    cosmology : Cosmology
    M, z : jax.Array
        Valid masses and redshifts (callers substitute safe values elsewhere); broadcast.
    """
    ln_r = jnp.log(lagrangian_radius(cosmology, M))
    in_table = (ln_r >= LN_R_MIN) & (ln_r <= LN_R_MAX)
    ln_r = jnp.clip(ln_r, LN_R_MIN, LN_R_MAX)
    ln_s2, d_ln_s2 = jax.jvp(lambda x: ln_sigma2(tables.sigma, x), (ln_r,), (jnp.ones_like(ln_r),))
    growth, _ = growth_and_rate(tables, cosmology, z)
    # d ln sigma / d ln M = (1/2) d ln sigma^2 / d ln R x d ln R / d ln M, with R ~ M^(1/3).
    return LinearField(jnp.exp(0.5 * ln_s2) * growth, d_ln_s2 / 6.0, in_table)


def omega_m(z, cosmology):
    """Omega_m(z) = Om0 (1+z)^3 / E^2(z), relativistic species in E as the cosmology has them."""
    zp1 = 1.0 + z
    matter = cosmology.Om0 * zp1**3
    return matter / (matter + cosmology.Ode0 + cosmology.Or0 * zp1**4)


def delta_mean(z, mdef, cosmology):
    """Delta_m(z): the threshold of ``mdef`` in units of the mean matter density at z."""
    return density_threshold(z, mdef, cosmology) / (RHO_CRIT_0_KPC3 * cosmology.Om0 * (1.0 + z) ** 3)
