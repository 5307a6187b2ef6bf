"""Halo abundance: mass functions, halo bias and their integrals over mass.

The multiplicity fits f(sigma) (:mod:`.multiplicity_models`), the mass function in colossus'
units (:mod:`.mass_function`), the linear halo bias (:mod:`.bias`), the number and mass of
halos between two masses and the mass below which a fraction of their number lies
(:mod:`.abundance_integrals`), all read of the linear density field through
:mod:`.linear_field`: pure functions of a cosmology that may be traced.  colossus keeps the
same quantities in its ``lss`` package.

Layer 3: imports from :mod:`autogalaxy_jaxnfw.halo`, :mod:`autogalaxy_jaxnfw.cosmology` and
:mod:`autogalaxy_jaxnfw.numerics`.
"""

from autogalaxy_jaxnfw.lss import abundance_integrals, bias, linear_field, mass_function, multiplicity_models

__all__ = ["abundance_integrals", "bias", "linear_field", "mass_function", "multiplicity_models"]
