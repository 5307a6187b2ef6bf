"""Halo mass functions of warm dark matter: route (a), the cold fit times a turnover, by default.

:func:`warm_mass_function` is :func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function`
with ``warm="lovell20"`` as its default: the cold model on the cosmology with ``m_wdm = inf``
times the ratio n_wdm / n_cdm of Lovell (2020) for field haloes at the half-mode mass of the
cosmology's ``m_wdm`` (:mod:`.warm_turnover`).  Any other ``warm`` of ``mass_function`` is
accepted: another turnover, ``"sharp_k"`` (route (b), :mod:`.sharp_k_mass_function`) or None
(the cold model).  docs/research/abundance_warm.md compares the routes.
"""

from autogalaxy_jaxnfw.cosmology.parameters import planck15
from autogalaxy_jaxnfw.lss.mass_function import mass_function_solution

__all__ = ["warm_mass_function", "warm_mass_function_with_mask"]


def warm_mass_function_with_mask(M, z, mdef, model="tinker08", q_out="dndlnM", cosmology=planck15, warm="lovell20"):
    """``(value, valid)`` of :func:`warm_mass_function`.

    Parameters
    ----------
    M, z, mdef, model, q_out
        As for :func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function` (M in Msun/h).
    cosmology : Cosmology
        Its ``m_wdm`` [keV] sets the half-mode mass (``inf``: cold, factor 1); may be traced.
    warm : str, Turnover, SharpKModel or None
        As for :func:`~autogalaxy_jaxnfw.lss.mass_function.mass_function`; "lovell20" by default.

    Returns
    -------
    (jax.Array, jax.Array of bool)
    """
    solution = mass_function_solution(M, z, mdef, model, q_out, cosmology, warm)
    return solution.value, solution.valid


def warm_mass_function(M, z, mdef, model="tinker08", q_out="dndlnM", cosmology=planck15, warm="lovell20"):
    """The warm-dark-matter mass function, NaN where not valid; see :func:`warm_mass_function_with_mask`."""
    return mass_function_solution(M, z, mdef, model, q_out, cosmology, warm).value
