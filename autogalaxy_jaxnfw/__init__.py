"""JAX-native concentration-mass relations and drop-in NFW mass profiles for autogalaxy.

``import autogalaxy_jaxnfw as agj`` is the entry point; the layers behind it are folders
(:mod:`autogalaxy_jaxnfw.layers` lists them and checks their imports): ``numerics``,
``settings``, ``cosmology``, ``halo``, ``lensing``, ``lss``, ``profiles``, ``populations``.
"""

# Precision is the user's: the package never sets ``jax_enable_x64``.  The PyAuto stack is
# imported first so that, in a process that has not imported JAX yet, its own default
# applies (autonerves sets JAX_ENABLE_X64 before JAX is imported: float64, as after
# ``import autogalaxy``); a process that already runs JAX keeps its setting, float32 included
# (see docs/research/float32.md for what float32 gives).
import autogalaxy  # noqa: F401

from autogalaxy_jaxnfw import cosmology, halo, lensing, lss, numerics, populations, profiles, settings  # noqa: E402
from autogalaxy_jaxnfw.cosmology import Cosmology, planck13, planck15, planck18, wmap9  # noqa: E402
from autogalaxy_jaxnfw.halo.concentration import (  # noqa: E402
    ConcentrationSolution,
    concentration,
    concentration_solution,
    concentration_with_mask,
)
from autogalaxy_jaxnfw.halo.relation_choice import Relation  # noqa: E402
from autogalaxy_jaxnfw.halo.mass_definitions import (  # noqa: E402
    MassConversion,
    change_mass_definition,
    change_mass_definition_solution,
    change_mass_definition_with_mask,
    delta_vir,
    density_threshold,
    mass_to_radius,
    radius_to_mass,
)
from autogalaxy_jaxnfw.halo.ludlow16 import (  # noqa: E402
    Ludlow16Solution,
    concentration_ludlow16,
    concentration_ludlow16_solution,
    concentration_ludlow16_valid,
    concentration_ludlow16_with_mask,
)
from autogalaxy_jaxnfw.lss.abundance_integrals import (  # noqa: E402
    mass_at_number_fraction,
    mass_at_number_fraction_with_mask,
    mass_density,
    mass_density_with_mask,
    number_density,
    number_density_with_mask,
)
from autogalaxy_jaxnfw.lss.bias import halo_bias, halo_bias_with_mask  # noqa: E402
from autogalaxy_jaxnfw.lss.mass_function import (  # noqa: E402
    mass_function,
    mass_function_solution,
    mass_function_with_mask,
    multiplicity,
)
from autogalaxy_jaxnfw.lss.sharp_k_mass_function import (  # noqa: E402
    SharpKModel,
    sharp_k_mass_function,
    sharp_k_mass_function_with_mask,
)
from autogalaxy_jaxnfw.lss.subhalo_abundance import (  # noqa: E402
    subhalo_mass,
    subhalo_mass_at_number_fraction,
    subhalo_mass_at_number_fraction_with_mask,
    subhalo_mass_with_mask,
    subhalo_number,
    subhalo_number_with_mask,
)
from autogalaxy_jaxnfw.lss.subhalo_mass_function import (  # noqa: E402
    HostScaling,
    host_scaling,
    subhalo_half_mode_mass,
    subhalo_mass_function,
    subhalo_mass_function_with_mask,
)
from autogalaxy_jaxnfw.lss.warm_mass_function import warm_mass_function, warm_mass_function_with_mask  # noqa: E402
from autogalaxy_jaxnfw.lss.warm_turnover import (  # noqa: E402
    Turnover,
    turnover_factor,
    turnover_factor_with_mask,
    warm_factor,
    warm_factor_with_mask,
)
from autogalaxy_jaxnfw.populations.lensing import (  # noqa: E402
    truncated_nfw_population_convergence,
    truncated_nfw_population_deflections,
)
from autogalaxy_jaxnfw.populations.los_sampling import Ludlow16LOSSampler, mass_concentration_line  # noqa: E402
from autogalaxy_jaxnfw.populations.parameters import truncated_nfw_population_parameters  # noqa: E402
from autogalaxy_jaxnfw.populations.realisation import (  # noqa: E402
    Realisation,
    RealisationTables,
    draw_realisation,
    realisation_layout,
    realisation_tables,
    realise,
    realiser,
)
from autogalaxy_jaxnfw.populations.realisation_abundance import expected_counts, expected_sheets  # noqa: E402
from autogalaxy_jaxnfw.populations.realisation_samples import halo_samples  # noqa: E402
from autogalaxy_jaxnfw.populations.realisation_layout import (  # noqa: E402
    DarkMatterParameters,
    RealisationConfig,
    RealisationLayout,
)
from autogalaxy_jaxnfw.populations.sharding import device_mesh, sharded_vmap  # noqa: E402
from autogalaxy_jaxnfw.populations.truncation import Truncation  # noqa: E402
from autogalaxy_jaxnfw.populations.two_halo import two_halo_boost  # noqa: E402
from autogalaxy_jaxnfw.populations.substructure import (  # noqa: E402
    SubstructureHalos,
    TruncatedNFWHalos,
    mean_convergence_sheets,
    truncated_halo_arrays,
)
from autogalaxy_jaxnfw.profiles import (  # noqa: E402
    SIBLINGS,
    HaloCosmology,
    NFWMCRLudlowMassDefinitionSphJax,
    NFWMCRWarmLudlowSphJax,
    set_cosmology,
    use_cosmology,
    with_relation,
)
from autogalaxy_jaxnfw.settings.conventions import get_conventions, upstream_conventions  # noqa: E402
from autogalaxy_jaxnfw import deprecated_paths, staging  # noqa: E402

# The <UpstreamName>Jax profile classes (those whose parent the installed autogalaxy has).
globals().update(SIBLINGS)
staging.apply_from_environment()
deprecated_paths.install()

__version__ = "0.5.0"


def __getattr__(name):
    if name in deprecated_paths.MOVED:
        return deprecated_paths.moved_module(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "cosmology",
    "halo",
    "lensing",
    "lss",
    "numerics",
    "DarkMatterParameters",
    "Realisation",
    "RealisationConfig",
    "RealisationLayout",
    "RealisationTables",
    "draw_realisation",
    "expected_counts",
    "expected_sheets",
    "halo_samples",
    "realisation_layout",
    "realisation_tables",
    "realise",
    "realiser",
    "Truncation",
    "two_halo_boost",
    "populations",
    "profiles",
    "settings",
    "staging",
    "Cosmology",
    "planck13",
    "planck15",
    "planck18",
    "wmap9",
    "ConcentrationSolution",
    "concentration",
    "concentration_solution",
    "concentration_with_mask",
    "Relation",
    "MassConversion",
    "change_mass_definition",
    "change_mass_definition_solution",
    "change_mass_definition_with_mask",
    "delta_vir",
    "density_threshold",
    "mass_to_radius",
    "radius_to_mass",
    "Ludlow16Solution",
    "concentration_ludlow16",
    "concentration_ludlow16_solution",
    "concentration_ludlow16_valid",
    "concentration_ludlow16_with_mask",
    "halo_bias",
    "halo_bias_with_mask",
    "mass_at_number_fraction",
    "mass_at_number_fraction_with_mask",
    "mass_density",
    "mass_density_with_mask",
    "mass_function",
    "mass_function_solution",
    "mass_function_with_mask",
    "multiplicity",
    "number_density",
    "number_density_with_mask",
    "SharpKModel",
    "sharp_k_mass_function",
    "sharp_k_mass_function_with_mask",
    "warm_mass_function",
    "warm_mass_function_with_mask",
    "Turnover",
    "turnover_factor",
    "turnover_factor_with_mask",
    "warm_factor",
    "warm_factor_with_mask",
    "HostScaling",
    "host_scaling",
    "subhalo_half_mode_mass",
    "subhalo_mass_function",
    "subhalo_mass_function_with_mask",
    "subhalo_number",
    "subhalo_number_with_mask",
    "subhalo_mass",
    "subhalo_mass_with_mask",
    "subhalo_mass_at_number_fraction",
    "subhalo_mass_at_number_fraction_with_mask",
    "truncated_nfw_population_convergence",
    "truncated_nfw_population_deflections",
    "truncated_nfw_population_parameters",
    "HaloCosmology",
    "NFWMCRLudlowMassDefinitionSphJax",
    "NFWMCRWarmLudlowSphJax",
    "get_conventions",
    "set_cosmology",
    "upstream_conventions",
    "use_cosmology",
    "with_relation",
    "device_mesh",
    "sharded_vmap",
    "Ludlow16LOSSampler",
    "mass_concentration_line",
    "SubstructureHalos",
    "TruncatedNFWHalos",
    "mean_convergence_sheets",
    "truncated_halo_arrays",
    *SIBLINGS,
]
