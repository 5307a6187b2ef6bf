"""An independent NumPy/SciPy evaluation of colossus' Ludlow et al. (2016) model, to ~1e-12.

This package is the ground truth of the tests and research scripts.  It shares no code with
the JAX modules of ``autogalaxy_jaxnfw``: every ingredient is evaluated as directly as
possible instead of through series or tables,

* the Eisenstein & Hu (1998, ApJ 496, 605) transfer function with baryons (``transfer``);
* the top-hat variance sigma(R) by adaptive quadrature over many sub-intervals (``sigma``),
  of a warm-dark-matter spectrum too (Viel et al. 2005 suppression, ``warm_dark_matter``);
* the linear growth factor with colossus' conventions: a constant radiation term in the
  integral form, the Gnedin et al. (2011) analytic form at high redshift and a blend in
  between (``growth``);
* the concentration as the root of Ludlow et al. (2016) eqs. 6-7, found with Brent's method
  instead of colossus' 200-point grid and linear interpolation (``ludlow16``).

Units: masses in Msun/h, radii in Mpc/h, wavenumbers in h/Mpc.  colossus is used only by
``python -m autogalaxy_jaxnfw.reference.self_check``, which compares the two.
"""

from autogalaxy_jaxnfw.reference.cosmology import (
    REF_PLANCK13,
    REF_PLANCK15,
    REF_PLANCK18,
    REF_WMAP9,
    RefCosmology,
)
from autogalaxy_jaxnfw.reference.growth import growth_factor, growth_factor_unnormalised
from autogalaxy_jaxnfw.reference.ludlow16 import (
    concentration_ludlow16,
    concentration_ludlow16_grid,
    einasto_mass_ratio,
)
from autogalaxy_jaxnfw.reference.sigma import lagrangian_radius, sigma, sigma2_unnormalised
from autogalaxy_jaxnfw.reference.transfer import transfer_eh98
from autogalaxy_jaxnfw.reference.warm_dark_matter import half_mode_mass, transfer_wdm

__all__ = [
    "REF_PLANCK13",
    "REF_PLANCK15",
    "REF_PLANCK18",
    "REF_WMAP9",
    "RefCosmology",
    "concentration_ludlow16",
    "concentration_ludlow16_grid",
    "einasto_mass_ratio",
    "growth_factor",
    "growth_factor_unnormalised",
    "half_mode_mass",
    "lagrangian_radius",
    "sigma",
    "sigma2_unnormalised",
    "transfer_eh98",
    "transfer_wdm",
]
