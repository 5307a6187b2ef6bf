"""One entry per public name of ``autogalaxy_jaxnfw``: how the contract harness fuzzes it.

The contract (docs/research/contract.md): for every public function and class, under NumPy,
``jax.jit``, ``jax.grad``, ``jax.vmap``, float32 and float64, any input either

(a) gives a value within the documented precision of the float64 reference, marked valid;
(b) gives NaN, marked invalid, with finite (zero) gradients (traced input); or
(c) on concrete input, raises an exception whose message names the argument.

Numerical entries (:class:`Numeric`) are elementwise in a batch of ``BATCH`` points: each
argument has a valid range (drawn by hypothesis, log-uniform where ``log``) and a list of
values outside its domain.  ``call(*arrays)`` returns ``(value, valid)``, value a pytree of
arrays of the batch's shape.  ``reference(*floats)`` (the ``autogalaxy_jaxnfw.reference``
modules, float64 / mpmath) gives the value at one point, to ``rtol``.  The entry kinds are in
``entries.py``; the abundance layer's entries in ``registry_abundance.py``.

Every other public name has an entry saying what it is and which test checks it: the sibling
profiles (``test_siblings_contract.py``), the population entry points
(``test_populations_contract.py``), the realisation entry points
(``test_realisations_contract.py``), and the non-numerical names (modules, presets, named
tuples, context managers: ``test_registry.py``).  ``test_registry.py`` fails when a name of
``agj.__all__`` has no entry, so a new public name must be registered here.

Selection of the hypothesis profile: ``AGJ_FUZZ=long`` runs the long profile.
"""

import math
import os

import numpy as np

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.reference import diemer19 as ref_diemer19
from autogalaxy_jaxnfw.reference import ludlow16 as ref_ludlow16
from autogalaxy_jaxnfw.reference import mass_definitions as ref_mdef
from autogalaxy_jaxnfw.reference.cosmology import REF_PLANCK15
from test_autogalaxy_jaxnfw.contract.entries import MASS, REDSHIFT, Arg, Numeric, Other, all_finite as _isfinite
from test_autogalaxy_jaxnfw.contract.registry_abundance import ABUNDANCE

PROFILE = "agj-contract-long" if os.environ.get("AGJ_FUZZ", "").lower() == "long" else "agj-contract"
BATCH = 6
"""Points per call: shapes stay fixed, so each (function, transformation) compiles once."""

TRANSFORMATIONS = ("numpy", "jit", "grad", "vmap")
INPUT_KINDS = ("python_float", "python_int", "numpy_int64", "numpy_float32", "numpy_float64", "list", "0d_array",
               "jax_float32")


MASS_L16 = Arg("m200c", 1e6, 1e15, log=True, invalid=(0.0, -1e12, math.nan, math.inf), exact=2.0**40)
CONC = Arg("c", 2.0, 30.0, invalid=(0.0, -3.0, math.nan, math.inf), exact=8.0)
RADIUS = Arg("R", 5.0, 2000.0, log=True, invalid=(0.0, -100.0, math.nan, math.inf), exact=128.0)


def _dj19(M, z, cosmology=agj.planck15, model="diemer19", mdef="200c"):
    return agj.concentration_with_mask(M, mdef, z, model=model, cosmology=cosmology)


def _solution(M, z, cosmology=agj.planck15):
    s = agj.concentration_solution(M, "200c", z, model="diemer19", cosmology=cosmology)
    return s.c, s.valid


def _plain(M, z, cosmology=agj.planck15):
    c = agj.concentration(M, "200c", z, model="diemer19", cosmology=cosmology)
    return c, c == c


def _cmd(M, c, z, cosmology=agj.planck15):
    out, valid = agj.change_mass_definition_with_mask(M, c, z, "200c", "vir", cosmology=cosmology)
    return tuple(out), valid


def _cmd_plain(M, c, z, cosmology=agj.planck15):
    out = agj.change_mass_definition(M, c, z, "200c", "vir", cosmology=cosmology)
    return tuple(out), _isfinite(tuple(out))


def _cmd_solution(M, c, z, cosmology=agj.planck15):
    s = agj.change_mass_definition_solution(M, c, z, "200c", "vir", cosmology=cosmology)
    fields = s._asdict()
    value = tuple(v for k, v in fields.items() if k in ("M", "R", "c"))
    valid = fields.get("valid", _isfinite(value))
    return value, valid


def _unmasked(function):
    def call(*args, cosmology=agj.planck15):
        value = function(*args, cosmology=cosmology)
        return value, _isfinite(value)

    return call


def _ludlow(variant):
    def call(m200c, z, cosmology=agj.planck15):
        if variant == "with_mask":
            return agj.concentration_ludlow16_with_mask(m200c, z, cosmology=cosmology)
        if variant == "solution":
            s = agj.concentration_ludlow16_solution(m200c, z, cosmology=cosmology)
            return s.concentration, s.valid
        if variant == "valid":
            valid = agj.concentration_ludlow16_valid(m200c, z, cosmology=cosmology)
            c, _ = agj.concentration_ludlow16_with_mask(m200c, z, cosmology=cosmology)
            return c, valid
        c = agj.concentration_ludlow16(m200c, z, cosmology=cosmology)
        return c, c == c

    return call


def _population_parameters(mass_at_200, scatter_sigma, redshift_object, cosmology=None):
    out = agj.truncated_nfw_population_parameters(mass_at_200, scatter_sigma, redshift_object, 2.5,
                                                  cosmology=cosmology)
    return tuple(out), _isfinite(tuple(out))


def _ref_cmd(M, c, z):
    return ref_mdef.change_mass_definition(REF_PLANCK15, M, c, z, "200c", "vir")


def _ref_l16(M, z):
    c, valid = ref_ludlow16.concentration_ludlow16(REF_PLANCK15, M / REF_PLANCK15.h * REF_PLANCK15.h, z)
    return c if valid else math.nan


H = REF_PLANCK15.h
# The package takes masses in Msun/h and radii in physical kpc/h (colossus' units), as the
# references do.
NUMERIC = (
    Numeric("concentration", (MASS, REDSHIFT), _plain,
            reference=lambda M, z: float(ref_diemer19.concentration_diemer19(REF_PLANCK15, M, z)), rtol=2e-3),
    Numeric("concentration_with_mask", (MASS, REDSHIFT), _dj19,
            reference=lambda M, z: float(ref_diemer19.concentration_diemer19(REF_PLANCK15, M, z)), rtol=2e-3),
    Numeric("concentration_with_mask[ishiyama21]", (MASS, REDSHIFT),
            lambda M, z, cosmology=agj.planck15: _dj19(M, z, cosmology, model="ishiyama21"),
            reference=lambda M, z: float(ref_diemer19.concentration_ishiyama21(REF_PLANCK15, M, z, "200c")), rtol=2e-3,
            public="concentration_with_mask"),
    Numeric("concentration_solution", (MASS, REDSHIFT), _solution),
    Numeric("change_mass_definition", (MASS, CONC, REDSHIFT), _cmd_plain,
            reference=_ref_cmd, rtol=1e-9),
    Numeric("change_mass_definition_with_mask", (MASS, CONC, REDSHIFT), _cmd, reference=_ref_cmd, rtol=1e-9),
    Numeric("change_mass_definition_solution", (MASS, CONC, REDSHIFT), _cmd_solution),
    Numeric("delta_vir", (REDSHIFT,), _unmasked(agj.delta_vir),
            reference=lambda z: float(ref_mdef.delta_vir(REF_PLANCK15, z)), rtol=1e-12),
    Numeric("density_threshold", (REDSHIFT,), _unmasked(lambda z, cosmology: agj.density_threshold(z, "200m", cosmology)),
            reference=lambda z: float(ref_mdef.density_threshold(REF_PLANCK15, z, "200m")), rtol=1e-12),
    Numeric("mass_to_radius", (MASS, REDSHIFT), _unmasked(lambda M, z, cosmology: agj.mass_to_radius(M, z, "200c", cosmology)),
            reference=lambda M, z: float((3 * M / (4 * math.pi * ref_mdef.density_threshold(REF_PLANCK15, z, "200c"))) ** (1 / 3)),
            rtol=1e-12),
    Numeric("radius_to_mass", (RADIUS, REDSHIFT), _unmasked(lambda R, z, cosmology: agj.radius_to_mass(R, z, "200c", cosmology)),
            reference=lambda R, z: float(4 * math.pi / 3 * R**3 * ref_mdef.density_threshold(REF_PLANCK15, z, "200c")),
            rtol=1e-12),
    Numeric("concentration_ludlow16", (MASS_L16, REDSHIFT), _ludlow("plain"), reference=_ref_l16, rtol=1e-3),
    Numeric("concentration_ludlow16_with_mask", (MASS_L16, REDSHIFT), _ludlow("with_mask"), reference=_ref_l16, rtol=1e-3),
    Numeric("concentration_ludlow16_solution", (MASS_L16, REDSHIFT), _ludlow("solution")),
    Numeric("concentration_ludlow16_valid", (MASS_L16, REDSHIFT), _ludlow("valid")),
    Numeric("truncated_nfw_population_parameters",
            (Arg("mass_at_200", 1e8, 1e14, log=True, invalid=(0.0, -1e10, math.nan, math.inf), exact=2.0**36),
             Arg("scatter_sigma", -2.0, 2.0, invalid=(math.nan, math.inf), exact=0.5),
             Arg("redshift_object", 0.1, 2.0, invalid=(0.0, -0.5, 3.0, math.nan), exact=0.5)),
            _population_parameters),
) + ABUNDANCE
"""The elementwise functions (the abundance layer's from registry_abundance.py).  The ``[variant]``
keys are further models of one public name."""

FUZZED = tuple(entry for entry in NUMERIC if entry.default or PROFILE.endswith("long"))
"""The entries this profile fuzzes: every one in the long profile, those marked ``default`` in the default."""

# The cosmology fields fuzzed as traced arguments, with values outside their domain.
COSMOLOGY_FIELDS = {
    "h": (0.0, -0.7, math.nan, math.inf),
    "Om0": (0.0, -0.3, 1.5, math.nan),
    "Ob0": (-0.05, 0.5, math.nan),
    "sigma8": (0.0, -0.8, math.nan, math.inf),
    "ns": (math.nan, math.inf),
    "m_wdm": (0.0, -3.0, math.nan),
}

COSMOLOGY_DEFAULT = ("change_mass_definition_with_mask", "mass_to_radius", "delta_vir")
"""The functions fuzzed with a traced cosmology in the default profile (every one in the long).

Tracing a concentration with every cosmology field traced rebuilds the sigma(R) and growth
chain in the program (12-20 s per function on the 2-core machine, warm compilation cache;
the population parameters add the traced distance integrals, minutes): those run in the long
profile, and their traced m_wdm / cosmology regressions in halo/test_contract_cosmology.py."""

SIBLING_NAMES = tuple(sorted(agj.SIBLINGS)) + ("NFWMCRLudlowMassDefinitionSphJax", "NFWMCRWarmLudlowSphJax")
"""Every sibling profile: three maps each, in test_siblings_contract.py."""

OTHER = {
    **{name: Other(name, "module", "test_registry.py::test__module__public_names_resolve") for name in
       ("cosmology", "halo", "lensing", "lss", "numerics", "populations", "profiles", "settings", "staging")},
    **{name: Other(name, "preset", "test_registry.py::test__preset__valid_cosmology") for name in
       ("planck13", "planck15", "planck18", "wmap9")},
    "Cosmology": Other("Cosmology", "class", "test_registry.py::test__cosmology__concrete_field_outside_domain_named",
                       cases=len(sum(COSMOLOGY_FIELDS.values(), ()))),
    **{name: Other(name, "named_tuple", "test_registry.py::test__named_tuple__fields") for name in
       ("ConcentrationSolution", "MassConversion", "Ludlow16Solution", "SubstructureHalos")},
    "TruncatedNFWHalos": Other("TruncatedNFWHalos", "layout", "test_populations_contract.py"),
    "Relation": Other("Relation", "class", "test_registry.py::test__relation__unknown_model_named"),
    "HaloCosmology": Other("HaloCosmology", "class", "test_registry.py::test__halo_cosmology__context"),
    "get_conventions": Other("get_conventions", "context", "test_registry.py::test__conventions__context_restores"),
    "upstream_conventions": Other("upstream_conventions", "context", "test_registry.py::test__conventions__context_restores"),
    "set_cosmology": Other("set_cosmology", "context", "test_registry.py::test__halo_cosmology__context"),
    "use_cosmology": Other("use_cosmology", "context", "test_registry.py::test__halo_cosmology__context"),
    "with_relation": Other("with_relation", "class_factory", "test_siblings_contract.py"),
    "device_mesh": Other("device_mesh", "sharding", "test_populations_contract.py"),
    "sharded_vmap": Other("sharded_vmap", "sharding", "test_populations_contract.py"),
    "Ludlow16LOSSampler": Other("Ludlow16LOSSampler", "sampler", "test_populations_contract.py"),
    # The realisation entry points (issue 24): fuzzed by hypothesis in test_realisations_contract.py
    # (the Monte Carlo against the integrals in populations/test_realisation.py, B against its
    # reference in populations/test_two_halo.py).
    **{name: Other(name, "realisation", "test_realisations_contract.py") for name in
       ("DarkMatterParameters", "Realisation", "RealisationConfig", "RealisationLayout", "RealisationTables",
        "draw_realisation", "expected_counts", "expected_sheets", "halo_samples", "realisation_layout",
        "realisation_tables", "realise", "realiser", "two_halo_boost")},
    "Truncation": Other("Truncation", "realisation", "test_realisations_contract.py"),
    "mass_concentration_line": Other("mass_concentration_line", "function", "test_populations_contract.py"),
    "truncated_nfw_population_convergence": Other("truncated_nfw_population_convergence", "population_map",
                                                  "test_populations_contract.py", cases=4),
    "truncated_nfw_population_deflections": Other("truncated_nfw_population_deflections", "population_map",
                                                  "test_populations_contract.py", cases=4),
    "truncated_halo_arrays": Other("truncated_halo_arrays", "population", "test_populations_contract.py", cases=2),
    "mean_convergence_sheets": Other("mean_convergence_sheets", "population", "test_populations_contract.py", cases=2),
    **{name: Other(name, "sibling", "test_siblings_contract.py", cases=3) for name in SIBLING_NAMES},
}


def registered_names():
    """The public names with an entry."""
    return {entry.public_name for entry in NUMERIC} | set(OTHER)


def numeric(name):
    return next(entry for entry in NUMERIC if entry.key == name)


def draw_valid(data, entry, st, size=BATCH):
    """Arrays (one per argument) of ``size`` valid points, drawn by hypothesis."""
    arrays = []
    for arg in entry.args:
        if arg.log:
            values = data.draw(st.lists(st.floats(math.log10(arg.low), math.log10(arg.high)), min_size=size, max_size=size))
            arrays.append(10.0 ** np.asarray(values))
        else:
            arrays.append(np.asarray(data.draw(st.lists(st.floats(arg.low, arg.high), min_size=size, max_size=size))))
    return arrays


def draw_mixed(data, entry, st):
    """Valid arrays with some entries set outside one argument's domain; returns (arrays, bad, names)."""
    arrays = draw_valid(data, entry, st)
    bad = np.zeros(BATCH, bool)
    names = [None] * BATCH
    for i in range(BATCH):
        if data.draw(st.booleans()):
            k = data.draw(st.integers(0, len(entry.args) - 1))
            arrays[k][i] = data.draw(st.sampled_from(entry.args[k].invalid))
            bad[i] = True
            names[i] = entry.args[k].name
    return arrays, bad, names


# --- The abundance layer: its elementwise functions are NUMERIC entries (registry_abundance.py) ---
# What is left: subhalo_half_mode_mass, a function of the cosmology alone (its scalar m_wdm:
# no array argument to fuzz elementwise; tested beside it), and the model parameters' tuples.
OTHER.update({
    "subhalo_half_mode_mass": Other("subhalo_half_mode_mass", "abundance", "lss/test_subhalo_mass_function.py"),
    **{name: Other(name, "named_tuple", "test_registry.py::test__named_tuple__fields") for name in
       ("SharpKModel", "Turnover", "HostScaling")},
})
