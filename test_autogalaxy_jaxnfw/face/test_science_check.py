"""The science check (docs/research/science_check/) on a reduced case list.

The full check (every case, 100 x 100 grid, figures) is run from the command line; here one
case per profile family, relation, mass definition and dark-matter model on a coarser grid
keeps the thresholds under test.
"""

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

RESEARCH = Path(__file__).resolve().parents[2] / "docs" / "research"


@pytest.fixture(scope="module")
def science_check():
    sys.path.insert(0, str(RESEARCH))
    try:
        import science_check
    finally:
        sys.path.remove(str(RESEARCH))
    return science_check


@pytest.fixture(scope="module")
def reduced_cases(science_check):
    """One case per class, spanning the mass, redshift, scatter and f_c ranges of the full list."""
    Case, cases = science_check.Case, science_check.cases
    return [
        Case("nfw", True, 1e9, 0.2, 1.0, 0.0),
        Case("nfw", False, 10**14.5, 1.0, 3.0, -1.0),
        Case("cnfw", True, 1e11, 0.5, 2.0, 1.0, f_c=0.05),
        Case("cnfw", False, 1e13, 0.5, 1.0, 0.0, f_c=0.01),
        Case("tnfw", True, 1e10, 0.2, 2.0, scatter_sigma=1.0),
        Case("gnfw", True, 1e12, 0.5, 2.0, options=cases.GNFW_SLOPE),
        Case("kaplinghat", True, 1e11, 0.5, 1.5, options=cases.SIDM_KAPLINGHAT),
        Case("yang24", True, 1e12, 0.5, 1.5, options=cases.SIDM_YANG),
        Case("nfw", True, 1e10, 1.0, 3.0, relation="diemer19"),
        Case("nfw", True, 1e12, 0.5, 2.0, relation="ishiyama21", mdef="vir"),
        Case("nfw", True, 1e13, 0.2, 1.0, mdef="500c"),
        Case("nfw", True, 1e9, 0.5, 1.0, m_wdm=3.0),
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
    """kappa_s, r_s, r_c, r_t and c agree with the 1e-12 reference far below the map tolerance."""
    for case in summary["cases"]:
        worst = max(case["parameter_rel_error"]["plugin_vs_highprec"].values())
        assert worst < 1e-8, (case["name"], case["parameter_rel_error"]["plugin_vs_highprec"])


def test__science_check__colossus_is_measurably_off(summary):
    """The reference resolves colossus' interpolation error (~1e-4), so the comparison has teeth."""
    for case in summary["cases"]:
        assert case["errors"]["colossus_vs_highprec"]["convergence"]["max"] > 1e-6, case["name"]


def test__science_check__warm_halo_is_less_concentrated(summary, science_check):
    """The warm halo's c is well below the same cold halo's (0.58 of it at 3 keV and 1e9 Msun)."""
    warm = next(case for case in summary["cases"] if math.isfinite(case["case"]["m_wdm"]))
    cold = science_check.Case("nfw", True, warm["case"]["mass_at_200"], warm["case"]["redshift_object"], 1.0)
    h = science_check.concentrations.colossus_h()
    ratio = warm["concentration"]["plugin"] / science_check.concentrations.highprec(cold, h)[1]
    assert 0.5 < ratio < 0.7


@pytest.mark.parametrize("index", [0, 9])
def test__science_check__fails_for_a_perturbed_plugin(science_check, reduced_cases, monkeypatch, index):
    """A plugin whose kappa_s is off by 1e-4 fails the 1e-5 threshold (a Ludlow16 class; a DJ19 one)."""
    maps = science_check.maps
    original_profile = maps.plugin_profile

    def perturbed_profile(case):
        profile = original_profile(case)
        profile.kappa_s = float(profile.kappa_s) * (1.0 + 1e-4)
        return profile

    monkeypatch.setattr(maps, "plugin_profile", perturbed_profile)
    result = science_check.run_science_check(
        cases=reduced_cases[index : index + 1], shape_native=(10, 10), pixel_scales=0.2, figures=False, verbose=False
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
