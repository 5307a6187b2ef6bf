"""The JAX fitting example (docs/examples/fit_nfw_ludlow_jax.py) recovers the input halo mass.

Runs the example in-process with ``--quick`` (2 free parameters, 40 live points; about a
minute on 2 CPU cores, most of it JAX compilation and Nautilus' bound construction).
"""

import importlib.util
import json
import os
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "fit_nfw_ludlow_jax.py"


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("fit_nfw_ludlow_jax", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test__example_fit__quick_run_recovers_mass(example, tmp_path):
    import autofit as af

    output_path = af.conf.instance.output_path
    env_before = {name: os.environ.get(name) for name in ("PYAUTO_SKIP_VISUALIZATION", "PYAUTO_SKIP_LATENTS")}

    status = example.main(["--quick", "--out", str(tmp_path)])

    # The example must leave the process as it found it (it is imported, not run as a script).
    assert af.conf.instance.output_path == output_path
    assert {name: os.environ.get(name) for name in env_before} == env_before

    result = json.loads((tmp_path / "examples" / "fit_nfw_ludlow_jax_quick" / "result.json").read_text())
    mass = result["log10_mass_at_200"]
    assert status == 0, result
    assert result["recovered"]
    assert abs(mass["median"] - mass["input"]) <= result["n_sigma_tolerance"] * mass["sigma"]
    # A meaningful constraint, not a recovery by an uninformative posterior (the prior spans 4 dex).
    assert 0.0 < mass["sigma"] < 0.1
    assert (tmp_path / "examples" / "fit_nfw_ludlow_jax_quick" / "dataset.png").stat().st_size > 0
