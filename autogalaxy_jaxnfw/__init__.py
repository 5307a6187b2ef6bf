"""JAX-native Ludlow et al. (2016) concentrations and drop-in NFW mass profiles."""

import jax

# sigma^2(fM) - sigma^2(M) and the root in c need float64; the PyAuto stack runs in
# float64 too (autonerves sets JAX_ENABLE_X64 before JAX is imported).
jax.config.update("jax_enable_x64", True)

from autogalaxy_jaxnfw import cosmology  # noqa: E402
from autogalaxy_jaxnfw.concentration import (  # noqa: E402
    Ludlow16Solution,
    concentration_ludlow16,
    concentration_ludlow16_solution,
    concentration_ludlow16_valid,
    concentration_ludlow16_with_mask,
)
from autogalaxy_jaxnfw.cosmology import Cosmology, planck13, planck15, planck18, wmap9  # noqa: E402
from autogalaxy_jaxnfw.population import truncated_nfw_population_parameters  # noqa: E402
from autogalaxy_jaxnfw.population_lensing import (  # noqa: E402
    truncated_nfw_population_convergence,
    truncated_nfw_population_deflections,
)
from autogalaxy_jaxnfw.conventions import get_conventions, upstream_conventions  # noqa: E402
from autogalaxy_jaxnfw.profiles import SIBLINGS, HaloCosmology, set_cosmology, use_cosmology  # noqa: E402
from autogalaxy_jaxnfw import staging  # noqa: E402

# The <UpstreamName>Jax profile classes (those whose parent the installed autogalaxy has).
globals().update(SIBLINGS)
staging.apply_from_environment()

# Workflows (issue 12): halo arrays for autolens' substructure simulator, exact
# concentrations for its LOSSampler, sharding over devices.
from autogalaxy_jaxnfw import sharding  # noqa: E402
from autogalaxy_jaxnfw.los_sampling import Ludlow16LOSSampler, mass_concentration_line  # noqa: E402
from autogalaxy_jaxnfw.substructure import (  # noqa: E402
    SubstructureHalos,
    TruncatedNFWHalos,
    mean_convergence_sheets,
    truncated_halo_arrays,
)

__version__ = "0.4.0"

__all__ = [
    "cosmology",
    "Cosmology",
    "planck13",
    "planck15",
    "planck18",
    "wmap9",
    "Ludlow16Solution",
    "concentration_ludlow16",
    "concentration_ludlow16_solution",
    "concentration_ludlow16_valid",
    "concentration_ludlow16_with_mask",
    "truncated_nfw_population_convergence",
    "truncated_nfw_population_deflections",
    "truncated_nfw_population_parameters",
    "HaloCosmology",
    "get_conventions",
    "set_cosmology",
    "staging",
    "upstream_conventions",
    "use_cosmology",
    "sharding",
    "Ludlow16LOSSampler",
    "mass_concentration_line",
    "SubstructureHalos",
    "TruncatedNFWHalos",
    "mean_convergence_sheets",
    "truncated_halo_arrays",
    *SIBLINGS,
]
