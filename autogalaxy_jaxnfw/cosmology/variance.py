"""The variance of the linear density field, read from the cosmology's tables.

sigma(R) is the rms of the z = 0 linear density field smoothed with a top-hat of comoving
radius R (Peebles 1980, sec. 26), normalised to sigma8 (:mod:`autogalaxy_jaxnfw.cosmology.sigma`
builds its series; :mod:`autogalaxy_jaxnfw.cosmology.tables` keeps it per cosmology).
"""

import jax.numpy as jnp

from autogalaxy_jaxnfw.cosmology.parameters import require_cosmology
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.cosmology.sigma import LN_R_MAX, LN_R_MIN, ln_sigma2
from autogalaxy_jaxnfw.cosmology.tables import tables_for
from autogalaxy_jaxnfw.numerics.inputs import as_float

__all__ = ["sigma"]


def sigma(cosmo, radius):
    """sigma(R) at z = 0 for a top-hat of comoving radius R in Mpc/h (1e-3 <= R <= 60).

    Outside the tabulated range, or for a traced cosmology outside its domain
    (:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.cosmology_valid`), the result is NaN with
    zero derivatives; a non-numerical ``radius`` or a ``cosmo`` that is not a Cosmology
    raises ``TypeError`` naming it.
    """
    radius = as_float(radius, "radius")
    cosmo, valid = valid_or_stand_in(require_cosmology(cosmo, "cosmo"))
    positive = radius > 0.0
    ln_r = jnp.log(jnp.where(positive, radius, 1.0))
    inside = valid & positive & (ln_r >= LN_R_MIN) & (ln_r <= LN_R_MAX)
    ln_r_safe = jnp.where(inside, ln_r, 0.0)
    return jnp.where(inside, jnp.exp(0.5 * ln_sigma2(tables_for(cosmo).sigma, ln_r_safe)), jnp.nan)
