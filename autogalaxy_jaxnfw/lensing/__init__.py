"""Radial lens functions of the spherical NFW and truncated NFW profiles.

Convergence, deflection and potential as functions of x = r / r_s (and tau = r_t / r_s),
exact at every radius (:mod:`.nfw_radial`, :mod:`.truncated_nfw_radial`,
:mod:`.truncated_nfw_potential`, the total mass in :mod:`.truncated_nfw_asymptotic`): one implementation for the profile classes
and the populations.

Layer 3: imports only from :mod:`autogalaxy_jaxnfw.numerics` (it needs no cosmology).
"""

from autogalaxy_jaxnfw.lensing import (
    nfw_radial,
    truncated_nfw_asymptotic,
    truncated_nfw_potential,
    truncated_nfw_radial,
)

__all__ = ["nfw_radial", "truncated_nfw_asymptotic", "truncated_nfw_potential", "truncated_nfw_radial"]
