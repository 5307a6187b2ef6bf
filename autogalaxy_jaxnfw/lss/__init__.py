"""Halo abundance: mass functions, halo bias and their integrals over mass; warm dark matter; subhaloes.

The multiplicity fits f(sigma) (:mod:`.multiplicity_models`), the mass function in colossus'
units (:mod:`.mass_function`), the linear halo bias (:mod:`.bias`), the number and mass of
halos between two masses and the mass below which a fraction of their number lies
(:mod:`.abundance_integrals`), all read of the linear density field through
:mod:`.linear_field`: pure functions of a cosmology that may be traced.  colossus keeps the
same quantities in its ``lss`` package.

Warm dark matter: the simulation-fitted turnovers n_wdm / n_cdm (:mod:`.warm_turnover`), the
sharp-k mass function of the warm spectrum (:mod:`.sharp_k_mass_function`), both reached
through ``mass_function(..., warm=...)`` (:mod:`.warm_mass_function` defaults to the Lovell
2020 turnover).  Subhaloes in pyHalo's convention: the mass function per unit area
(:mod:`.subhalo_mass_function`) and its integrals and inverse (:mod:`.subhalo_abundance`).

Layer 3: imports from :mod:`autogalaxy_jaxnfw.halo`, :mod:`autogalaxy_jaxnfw.cosmology` and
:mod:`autogalaxy_jaxnfw.numerics`.
"""

from autogalaxy_jaxnfw.lss import (
    abundance_integrals,
    bias,
    linear_field,
    mass_function,
    multiplicity_models,
    outputs,
    sharp_k_mass_function,
    subhalo_abundance,
    subhalo_mass_function,
    warm_mass_function,
    warm_turnover,
)

__all__ = [
    "abundance_integrals",
    "bias",
    "linear_field",
    "mass_function",
    "multiplicity_models",
    "outputs",
    "sharp_k_mass_function",
    "subhalo_abundance",
    "subhalo_mass_function",
    "warm_mass_function",
    "warm_turnover",
]
