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
from test_autogalaxy_jaxnfw.contract.test_float32_contract import SUBSET  # noqa: E402


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
        ("siblings: invalid traced -> all-NaN maps, zero gradient [slow]", siblings, 2, 1, few, 3),
        ("siblings: invalid concrete -> named error or NaN", siblings, 1, 1, few, 3),
        ("population maps: valid == upstream sum, jit, grad", 2, 3, 1, examples, registry.BATCH),
        ("population maps: invalid traced halo", 2, 2, 1, examples, registry.BATCH),
        ("halo arrays + sheets: valid, invalid (traced, concrete)", 2, 2, 1, examples, registry.BATCH),
        ("cosmology fields outside domain named", 1, 1, 1, sum(len(v) for v in registry.COSMOLOGY_FIELDS.values()), 1),
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
