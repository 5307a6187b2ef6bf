"""The nested-sampler examples (fit, detection, sensitivity) run in --quick mode and reach their science outcomes.

Each runs through :func:`test_autogalaxy_jaxnfw.face.test_examples.run_example`; they have a file
of their own so that two workers share the examples under ``--dist loadfile``.
"""

import pytest

from test_autogalaxy_jaxnfw.face.test_examples import run_example

pytestmark = pytest.mark.slow


def test__fit_nfw_ludlow_jax__recovers_halo_mass(tmp_path):
    result = run_example("fit_nfw_ludlow_jax", tmp_path, "examples/fit_nfw_ludlow_jax_quick/result.json")
    mass = result["log10_mass_at_200"]
    assert result["recovered"] and result["exit_status"] == 0
    assert abs(mass["median"] - mass["input"]) <= result["n_sigma_tolerance"] * mass["sigma"]
    # A meaningful constraint, not a recovery by an uninformative posterior (the prior spans 4 dex).
    assert 0.0 < mass["sigma"] < 0.1
    assert (tmp_path / "examples" / "fit_nfw_ludlow_jax_quick" / "dataset.png").stat().st_size > 0


def test__subhalo_detect__detection_cell_holds_subhalo_and_mass_recovered(tmp_path):
    summary = run_example("subhalo_detect", tmp_path)
    cell, mass = summary["detection_cell"], summary["log10_mass_at_200"]
    (y_lo, y_hi), (x_lo, x_hi) = cell["y_range"], cell["x_range"]
    y, x = summary["subhalo_input"]["centre"]
    assert y_lo <= y <= y_hi and x_lo <= x <= x_hi
    # A decisive detection: far above the other cells and above zero.
    others = [v for row in summary["log_evidence_increase"] for v in row if v != cell["log_evidence_increase"]]
    assert cell["log_evidence_increase"] > max(others) + 10.0 and cell["log_evidence_increase"] > 10.0
    assert abs(mass["median"] - mass["input"]) <= summary["n_sigma_tolerance"] * mass["sigma"]
    assert 0.0 < mass["sigma"] < 0.3  # a measurement, not the prior (5 dex wide)
    assert summary["exit_status"] == 0
    assert (tmp_path / "subhalo_detect" / "detection_map.png").stat().st_size > 0


def test__subhalo_sensitivity__heavier_subhalo_detected_lighter_not(tmp_path):
    summary = run_example("subhalo_sensitivity", tmp_path)
    light, heavy = summary["log_evidence_increase"]
    assert summary["log10_masses"][0] < summary["log10_masses"][1]
    assert all(h > l for h, l in zip(heavy, light))
    assert all(h > summary["threshold"] for h in heavy) and all(l < summary["threshold"] for l in light)
    assert summary["exit_status"] == 0
    assert (tmp_path / "subhalo_sensitivity" / "sensitivity_map.png").stat().st_size > 0
