"""The science check (docs/research/nfw_ludlow16_jax/science_check.py) on a reduced case list.

The full check (16 cases, 100 x 100 grid, figures) is run from the command line; here one
case per profile class on a coarser grid keeps the thresholds under test in ~30 s.
"""

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "research" / "nfw_ludlow16_jax" / "science_check.py"


@pytest.fixture(scope="module")
def science_check():
    spec = importlib.util.spec_from_file_location("science_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reduced_cases(science_check):
    """One case per class, spanning the mass, redshift, scatter and f_c ranges of the full list."""
    Case = science_check.Case
    return [
        Case("nfw", True, 1e9, 0.2, 1.0, 0.0),
        Case("nfw", False, 10**14.5, 1.0, 3.0, -1.0),
        Case("cnfw", True, 1e11, 0.5, 2.0, 1.0, f_c=0.05),
        Case("cnfw", False, 1e13, 0.5, 1.0, 0.0, f_c=0.01),
    ]


@pytest.fixture(scope="module")
def summary(science_check, reduced_cases):
    return science_check.run_science_check(
        cases=reduced_cases, shape_native=(30, 30), pixel_scales=0.1, out_dir=None, figures=False, verbose=False
    )


def test__science_check__thresholds_hold(summary, science_check):
    assert summary["passed"], [
        (case["name"], {name: ok for name, ok in case["checks"].items() if not ok})
        for case in summary["cases"]
        if not case["passed"]
    ]
    for case in summary["cases"]:
        errors = case["errors"]
        for quantity in ("convergence", "deflection"):
            plugin_truth = errors["plugin_vs_highprec"][quantity]["max"]
            colossus_truth = errors["colossus_vs_highprec"][quantity]["max"]
            assert plugin_truth <= science_check.PLUGIN_TOLERANCE, (case["name"], quantity, plugin_truth)
            assert errors["plugin_vs_colossus"][quantity]["max"] <= (
                science_check.SLACK_FACTOR * colossus_truth + science_check.SLACK_ABS
            ), (case["name"], quantity)


def test__science_check__plugin_parameters_match_reference(summary):
    """kappa_s, r_s, r_c and c agree with the 1e-12 reference far below the map tolerance."""
    for case in summary["cases"]:
        worst = max(case["parameter_rel_error"]["plugin_vs_highprec"].values())
        assert worst < 1e-8, (case["name"], case["parameter_rel_error"]["plugin_vs_highprec"])


def test__science_check__colossus_is_measurably_off(summary):
    """The reference resolves colossus' interpolation error (~1e-4), so the comparison has teeth."""
    for case in summary["cases"]:
        assert case["errors"]["colossus_vs_highprec"]["convergence"]["max"] > 1e-6, case["name"]


def test__science_check__fails_for_a_perturbed_plugin(science_check, reduced_cases, monkeypatch):
    """A plugin whose kappa_s is off by 1e-4 (colossus-level) must fail the 1e-5 threshold."""
    original = science_check.plugin_profile

    def perturbed(case):
        profile = original(case)
        profile.kappa_s = float(profile.kappa_s) * (1.0 + 1e-4)
        return profile

    monkeypatch.setattr(science_check, "plugin_profile", perturbed)
    result = science_check.run_science_check(
        cases=reduced_cases[:1], shape_native=(10, 10), pixel_scales=0.2, figures=False, verbose=False
    )
    assert not result["passed"]


def test__science_check__outputs_written(science_check, reduced_cases, tmp_path):
    summary = science_check.run_science_check(
        cases=reduced_cases[2:3], shape_native=(20, 20), pixel_scales=0.1, out_dir=tmp_path, verbose=False
    )
    name = summary["cases"][0]["name"]
    assert (tmp_path / f"case_{name}.png").stat().st_size > 0
    assert (tmp_path / "summary_max_rel_error.png").stat().st_size > 0
    assert json.loads((tmp_path / "summary.json").read_text())["passed"] == summary["passed"]
    assert name in (tmp_path / "summary.md").read_text()


def test__science_check__deflection_error_floor(science_check):
    """The floor only replaces denominators below DEFLECTION_FLOOR x the map's largest |alpha|."""
    reference = np.array([[0.0, 0.0], [3.0, 4.0]])
    tested = np.array([[1e-6, 0.0], [3.0, 4.0 + 5e-3]])
    rel = science_check.deflection_rel_error(tested, reference)
    floor = science_check.DEFLECTION_FLOOR * 5.0
    assert math.isclose(rel[0], 1e-6 / floor)
    assert math.isclose(rel[1], 1e-3)
