"""The suppression of halo abundance by warm dark matter, as fitted to simulations.

Warm-dark-matter simulations give the ratio of the warm to the cold halo mass function at
equal mass as a function of m / m_hm, with m_hm the half-mode mass
(:func:`~autogalaxy_jaxnfw.cosmology.warm_dark_matter.half_mode_mass`).  Every fit below is a
case of the form of Lovell (2020, ApJ 897, 147, eq. 2; L20):

    n_wdm / n_cdm = (1 + (alpha m_hm / m)^beta)^gamma,

==================  =====  =====  ======  =============================================
preset              alpha  beta   gamma   fit
==================  =====  =====  ======  =============================================
schneider12         1      1      -1.16   Schneider et al. (2012, MNRAS 424, 684) eq. 10
lovell14            2.7    1      -0.99   Lovell et al. (2014, MNRAS 439, 300), haloes
lovell14_subhalo    1      1      -1.3    Lovell et al. (2014), subhaloes (pyHalo's value)
lovell20            2.3    0.8    -1.0    L20, central (field) haloes, virial mass
lovell20_subhalo    4.2    2.5    -0.2    L20, subhaloes
==================  =====  =====  ======  =============================================

pyHalo writes the same form as (1 + a (m_hm / m)^b)^c, so its a is alpha^beta (rounded:
1.95 for L20's field haloes, 36.15 for its subhaloes); docs/research/abundance_warm.md
compares the two.  The factor is 1 for cold dark matter (m_hm = 0).

Validity: m finite and > 0 -- per element: NaN with ``valid`` False where not, concrete or
traced; the model parameters m_hm (finite, >= 0), alpha and beta (finite, > 0) and gamma
(finite) -- a concrete value outside raises ``ValueError`` naming it, a traced one gives NaN
with ``valid`` False and zero derivatives (:mod:`autogalaxy_jaxnfw.numerics.domain`).
"""

from typing import NamedTuple

import jax.numpy as jnp

from autogalaxy_jaxnfw.cosmology.sharp_k import safe_particle_mass
from autogalaxy_jaxnfw.cosmology.warm_dark_matter import half_mode_mass, is_cold
from autogalaxy_jaxnfw.numerics.domain import require
from autogalaxy_jaxnfw.numerics.inputs import as_floats

__all__ = [
    "TURNOVERS",
    "Turnover",
    "check_turnover",
    "cosmology_half_mode_mass",
    "turnover",
    "turnover_factor",
    "turnover_factor_with_mask",
    "warm_factor",
    "warm_factor_with_mask",
]


class Turnover(NamedTuple):
    """Parameters of (1 + (alpha m_hm / m)^beta)^gamma (L20 eq. 2); a pytree, so they may be traced.

    Attributes
    ----------
    alpha : float
        Scale of the half-mode mass, > 0.
    beta : float
        Inner exponent, > 0.
    gamma : float
        Outer exponent (negative: a suppression).
    """

    alpha: float
    beta: float
    gamma: float


TURNOVERS = {
    "schneider12": Turnover(1.0, 1.0, -1.16),
    "lovell14": Turnover(2.7, 1.0, -0.99),
    "lovell14_subhalo": Turnover(1.0, 1.0, -1.3),
    "lovell20": Turnover(2.3, 0.8, -1.0),
    "lovell20_subhalo": Turnover(4.2, 2.5, -0.2),
}
"""The fits of the module's table, by name."""


def turnover(parameters) -> Turnover:
    """``parameters`` as a :class:`Turnover`: a preset's name or the parameters themselves."""
    if isinstance(parameters, str):
        if parameters not in TURNOVERS:
            raise ValueError(f"turnover must be one of {sorted(TURNOVERS)} or a Turnover; got {parameters!r}")
        return TURNOVERS[parameters]
    if not isinstance(parameters, Turnover):
        raise TypeError(f"turnover must be a preset name or a Turnover; got {type(parameters).__name__}")
    return parameters


def _factor(m, m_hm, parameters):
    """(1 + (alpha m_hm / m)^beta)^gamma for valid inputs; x^beta through exp(beta ln x) only where x > 0.

    At m_hm = 0 (cold dark matter) x^beta = 0 and, with beta < 1, its derivative in x would be
    infinite: the double where gives 0, the derivative of the factor in the cold limit.
    """
    x = parameters.alpha * m_hm / m
    positive = x > 0.0
    x_beta = jnp.where(positive, jnp.exp(parameters.beta * jnp.log(jnp.where(positive, x, 1.0))), 0.0)
    return jnp.exp(parameters.gamma * jnp.log1p(x_beta))


def check_turnover(parameters):
    """Validity of the :class:`Turnover`'s parameters; concrete invalid ones raise naming ``turnover``."""
    ok = (parameters.alpha > 0.0) & (parameters.beta > 0.0) & jnp.isfinite(parameters.gamma)
    ok = ok & jnp.isfinite(parameters.alpha) & jnp.isfinite(parameters.beta)
    return require("turnover", parameters, ok, "a Turnover with finite alpha > 0, beta > 0 and gamma")


def turnover_factor_with_mask(m, m_hm, parameters="lovell20"):
    """n_wdm / n_cdm at mass m for half-mode mass m_hm, and its validity.

    Parameters
    ----------
    m : array_like
        Halo mass, > 0, in the units of ``m_hm`` (Msun/h or Msun: only m_hm / m enters).
    m_hm : array_like
        Half-mode mass, >= 0 (0: cold dark matter, factor 1); broadcast against ``m``.
    parameters : str or Turnover
        A key of :data:`TURNOVERS` or a :class:`Turnover`.

    Returns
    -------
    (jax.Array, jax.Array of bool)
        The factor (NaN where not valid) and the validity.

    Raises
    ------
    ValueError
        For a concrete ``m_hm`` < 0 or not finite, or invalid turnover parameters.
    """
    parameters = turnover(parameters)
    m, m_hm = as_floats(m=m, m_hm=m_hm)
    m_ok = jnp.isfinite(m) & (m > 0.0)
    m_hm_ok = require("m_hm", m_hm, jnp.isfinite(m_hm) & (m_hm >= 0.0), "finite and >= 0")
    valid = m_ok & m_hm_ok & check_turnover(parameters)
    value = _factor(jnp.where(valid, m, 1.0), jnp.where(valid, m_hm, 0.0), parameters)
    return jnp.where(valid, value, jnp.nan), valid


def turnover_factor(m, m_hm, parameters="lovell20"):
    """n_wdm / n_cdm = (1 + (alpha m_hm / m)^beta)^gamma; see :func:`turnover_factor_with_mask`.

    NaN where ``m`` is not finite and > 0.
    """
    return turnover_factor_with_mask(m, m_hm, parameters)[0]


def cosmology_half_mode_mass(cosmology):
    """The half-mode mass [Msun/h] of ``cosmology.m_wdm`` (0 if cold) and whether ``m_wdm`` is valid (> 0)."""
    if is_cold(cosmology):
        return jnp.zeros(()), jnp.asarray(True)
    safe, ok = safe_particle_mass(cosmology)
    return jnp.where(ok, half_mode_mass(safe), 0.0), ok


def warm_factor_with_mask(M, cosmology, parameters="lovell20"):
    """The turnover factor at masses M [Msun/h] for the half-mode mass of ``cosmology.m_wdm``.

    Parameters
    ----------
    M : array_like
        Halo mass in Msun/h, > 0.
    cosmology : Cosmology
        ``m_wdm`` [keV] > 0 (``inf``: cold, factor 1); may be traced.
    parameters : str or Turnover
        A key of :data:`TURNOVERS` or a :class:`Turnover`.

    Returns
    -------
    (jax.Array, jax.Array of bool)
        The factor (NaN where not valid) and the validity (also False for a traced
        ``m_wdm`` <= 0 or NaN).
    """
    m_hm, cosmology_ok = cosmology_half_mode_mass(cosmology)
    value, valid = turnover_factor_with_mask(M, m_hm, parameters)
    valid = valid & cosmology_ok
    return jnp.where(valid, value, jnp.nan), valid


def warm_factor(M, cosmology, parameters="lovell20"):
    """The turnover factor of ``cosmology.m_wdm`` at masses M [Msun/h]; see :func:`warm_factor_with_mask`."""
    return warm_factor_with_mask(M, cosmology, parameters)[0]

