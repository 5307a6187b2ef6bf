"""Count what the contract harness covers, from its registry (docs/research/contract.md).

Run from the repository root: ``python docs/research/contract/count_cases.py`` (add
``AGJ_FUZZ=long`` for the long profile's counts).  Prints the public names by kind and the
number of (function x transformation x input kind x case) checks one run makes: a hypothesis
example is one case of ``registry.BATCH`` points.
"""

import collections
import os
import sys

sys.path.insert(0, os.getcwd())

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)

import test_autogalaxy_jaxnfw.contract.conftest  # noqa: E402,F401 -- registers the profiles
from hypothesis import settings  # noqa: E402

import autogalaxy_jaxnfw as agj  # noqa: E402
from test_autogalaxy_jaxnfw.contract import registry  # noqa: E402
from test_autogalaxy_jaxnfw.contract import test_realisations_contract as realisations  # noqa: E402
from test_autogalaxy_jaxnfw.contract.test_float32_contract import SUBSET  # noqa: E402
from test_autogalaxy_jaxnfw.contract.test_siblings_contract import REGRESSIONS  # noqa: E402


def main():
    examples = settings.get_profile(registry.PROFILE).max_examples
    few = max(1, examples // 2)
    numeric = registry.FUZZED
    n = len(numeric)
    long_only = len(registry.NUMERIC) - n
    with_reference = sum(e.reference is not None for e in numeric)
    with_two_args = sum(len(e.args) >= 2 for e in numeric)
    with_mass = sum(e.args[0] in (registry.MASS, registry.MASS_L16) for e in numeric)
    cosmology = sum(e.cosmology for e in numeric) if registry.PROFILE.endswith("long") else len(
        registry.COSMOLOGY_DEFAULT)
    siblings = len(registry.SIBLING_NAMES)
    kinds = collections.Counter(e.kind for e in registry.OTHER.values())
    rows = [
        # (check, functions, transformations, input kinds, cases per function, points per case)
        ("numeric: valid, NumPy == jit, finite gradients", n, 3, 1, examples, registry.BATCH),
        ("numeric: a concrete call of the shapes already called is not traced again", n, 1, 1, examples - 1, registry.BATCH),
        ("numeric: vmap == loop", n, 2, 1, few, registry.BATCH),
        ("numeric: gradient == finite difference (central; forward at z = 0)", n, 2, 1, few, registry.BATCH),
        ("numeric: == float64 reference", with_reference, 1, 1, few, 1),
        ("numeric: invalid traced -> NaN, invalid, zero gradient", n, 2, 1, examples, registry.BATCH),
        ("numeric: invalid concrete -> NaN or named error", n, 1, 1, examples, registry.BATCH),
        ("numeric: input kinds -> float64 value", n, 1, len(registry.INPUT_KINDS), 1, 1),
        ("numeric: Python int beyond int64", with_mass, 1, 1, 1, 1),
        ("numeric: shape mismatch names both", with_two_args, 1, 1, 1, 1),
        ("numeric: traced cosmology field invalid", cosmology, 2, 1, few, registry.BATCH),
        ("numeric: cold relation on warm spectrum", 2, 2, 1, 1, 2),
        ("float32 (spawned process) [slow]", len(SUBSET), 3, 1, 2, 2),
        ("siblings: valid maps finite (centre pixel) == upstream", siblings, 1, 1, few, 3),
        ("siblings: invalid, every parameter traced (jit, grad) -> all-NaN maps, zero gradients [slow]", siblings, 2, 1, few, 3),
        ("siblings: invalid concrete -> named error or NaN", siblings, 1, 1, few, 3),
        ("siblings: the defects found, traced (jit, grad) [slow]", len(REGRESSIONS), 2, 1, 1, 3),
        ("siblings: the SIDM defects found, concrete -> named error", len(REGRESSIONS) - 1, 1, 1, 1, 1),
        ("population maps: valid == upstream sum, jit, grad", 2, 3, 1, examples, registry.BATCH),
        ("population maps: invalid traced halo", 2, 2, 1, examples, registry.BATCH),
        ("halo arrays + sheets: valid, invalid (traced, concrete)", 2, 2, 1, examples, registry.BATCH),
        ("cosmology fields outside domain named", 1, 1, 1, sum(len(v) for v in registry.COSMOLOGY_FIELDS.values()), 1),
        # test_realisations_contract.py: realisation_tables + draw_realisation (float64, float32) in one
        # jit(vmap) program over 6 lanes: a boundary point, an interior point +- a step, 3 invalid points.
        ("realisation: valid lanes complete, finite, finite Jacobian (jit+vmap, grad, float32)", 2, 3, 1, few, 3),
        ("realisation: expected_counts, expected_sheets (NumPy path) == the jit lanes", 2, 1, 1, few, 2),
        ("realisation: gradient == central difference", 2, 1, 1, few, 2),
        ("realisation: invalid traced lanes -> every slot invalid, NaN, zero gradient", 2, 3, 1, few, 3),
        ("realisation: halo_samples stand-ins and masks", 1, 1, 1, few, realisations.LANES),
        ("realiser (jit) == the vmapped lanes", 1, 1, 1, few, 2),
        ("realisation: expected_counts / _sheets, every invalid subhalo field traced (jit+vmap, grad) == NumPy",
         2, 3, 1, few, 1 + len(realisations.SUBHALO_PAIRS)),
        ("realisation: concrete invalid field -> named error (one of 5 entry points drawn)",
         len(realisations.INVALID_PAIRS), 1, 1, few, 1),
        ("realisation: cosmology of a wrong kind named", len(realisations.ENTRY_POINTS), 1, 1, 1, 1),
        ("realisation: scalar parameters' input kinds -> float64 value", 3, 1, len(realisations.KINDS), 1, 1),
        ("realisation: lists, strings, None, arrays refused naming the field", 3, 1, 4, 1, 1),
        ("RealisationConfig: valid fields construct, hashable", 1, 1, 1, examples * 10, 1),
        ("RealisationConfig: each field outside its domain / of a wrong kind named", len(realisations.CONFIG_PAIRS),
         1, 1, few, 1),
        ("RealisationConfig: unknown field named", 1, 1, 1, examples, 1),
        ("two_halo_boost: valid finite > 0", 1, 1, 1, few, 1),
        ("two_halo_boost: invalid concrete named", len(realisations.TWO_HALO_PAIRS), 1, 1, 1, 1),
        ("two_halo_boost: traced argument named", 4, 1, 1, 1, 1),
        ("two_halo_boost: input kinds", 1, 1, 3, 1, 1),
    ]
    print(f"profile {registry.PROFILE}: {examples} examples per fuzzed test ({few} for the costly ones)")
    print(f"public names: {len(agj.__all__)}; numeric entries {len(registry.NUMERIC)} (incl. variants), {n} fuzzed"
          f" in this profile ({long_only} in the long one only), siblings {siblings}, others by kind {dict(kinds)}")
    print()
    print("| check | functions | transformations | input kinds | cases / function | points / case | checks |")
    print("|---|---|---|---|---|---|---|")
    total_checks = total_points = quick_checks = 0
    for label, f, t, k, c, p in rows:
        checks = f * t * k * c
        total_checks += checks
        total_points += checks * p
        quick_checks += 0 if label.endswith("[slow]") else checks
        print(f"| {label} | {f} | {t} | {k} | {c} | {p} | {checks} |")
    print(f"| **total** | | | | | | **{total_checks}** ({total_points} points; {quick_checks} outside `slow`) |")


if __name__ == "__main__":
    main()
