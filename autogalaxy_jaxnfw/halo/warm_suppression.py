"""The Bose et al. (2016) suppression of a cold relation's concentrations for warm dark matter.

Bose et al. (2016, MNRAS 455, 318, eq. 17) fit the concentrations of haloes in their
warm-dark-matter simulations (thermal relics, Viel et al. 2005 spectra) relative to the cold
ones as

    c_wdm / c_cdm = (1 + gamma_1 M_hm / M)^(-gamma_2) (1 + z)^beta(z),
    gamma_1 = 60, gamma_2 = 0.17, beta(z) = 0.026 z - 0.04,

with M = M200c and M_hm the half-mode mass (Schneider et al. 2012;
:func:`autogalaxy_jaxnfw.cosmology.warm_dark_matter.half_mode_mass`).  This is the empirical
alternative, for any cold relation (``agj.concentration(...) * bose16_suppression(...)``), to
running Ludlow et al. (2016) on the warm spectrum.  Cold dark matter (M_hm = 0) gives exactly 1.
"""

import jax.numpy as jnp

from autogalaxy_jaxnfw.cosmology.parameters import require_cosmology
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.cosmology.warm_dark_matter import half_mode_mass
from autogalaxy_jaxnfw.numerics.inputs import as_floats

__all__ = ["BOSE16", "bose16_suppression"]

BOSE16 = dict(gamma_1=60.0, gamma_2=0.17, beta_slope=0.026, beta_intercept=-0.04)
"""The coefficients of Bose et al. (2016) eq. 17."""


def bose16_suppression(m200c, z, cosmology):
    """c_wdm / c_cdm of Bose et al. (2016, eq. 17) at M200c [Msun/h] and redshift z.

    Parameters
    ----------
    m200c : array_like
        M200c in Msun/h, > 0.
    z : array_like
        Redshift, >= 0.
    cosmology : Cosmology
        Its ``m_wdm`` sets the half-mode mass; ``m_wdm = inf`` gives 1.

    Returns
    -------
    jax.Array
        The factor that multiplies a cold relation's c200c; NaN with zero derivatives where
        M200c is not finite and > 0, z not finite and >= 0, or a traced cosmology leaves its
        domain (:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.cosmology_valid`).

    Raises
    ------
    TypeError, ValueError
        For an argument of the wrong kind or shapes that do not broadcast, naming it.
    """
    m200c, z = as_floats(m200c=m200c, z=z)
    cosmology, valid = valid_or_stand_in(require_cosmology(cosmology))
    valid = valid & jnp.isfinite(m200c) & (m200c > 0.0) & jnp.isfinite(z) & (z >= 0.0)
    m200c, z = jnp.where(valid, m200c, 1.0), jnp.where(valid, z, 0.0)
    m_hm = half_mode_mass(cosmology)
    beta = BOSE16["beta_slope"] * z + BOSE16["beta_intercept"]
    factor = (1.0 + BOSE16["gamma_1"] * m_hm / m200c) ** (-BOSE16["gamma_2"]) * (1.0 + z) ** beta
    return jnp.where(valid, jnp.where(m_hm > 0.0, factor, jnp.ones_like(factor)), jnp.nan)
