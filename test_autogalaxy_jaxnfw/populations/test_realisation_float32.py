"""Float32 realisations in a fresh interpreter with x64 off (JAX's default precision).

The test process runs with x64 on (the conftest); a fresh interpreter started without
``JAX_ENABLE_X64`` draws 1000 float32 realisations of test_realisation.py's warm model (1 arcsec cone,
3 planes, 1e7-1e10 Msun) through ``realiser(layout, float32)``, every table computed in float32.
References: the float64 expected counts and sheets of this process; the mean counts per plane
within 5 Poisson standard errors of them.
"""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import autogalaxy_jaxnfw as agj

CODE = """
import json
import jax
import numpy as np
import autogalaxy_jaxnfw as agj

config = agj.RealisationConfig(z_lens=0.5, z_source=2.0, cone_radius=1.0, m_min=1e7, m_max=1e10,
                               planes_before_lens=1, planes_after_lens=1)
warm = agj.DarkMatterParameters(cosmology=agj.planck15.replace(m_wdm=4.0), sigma_sub=0.05)
layout = agj.realisation_layout(config, agj.DarkMatterParameters(sigma_sub=0.05))
realise = agj.realiser(layout, jax.numpy.float32)
draws = jax.jit(jax.vmap(lambda k: realise(k, warm)))(jax.random.split(jax.random.key(5), 1000))
valid = np.asarray(draws.valid)
mass = np.asarray(draws.mass)[valid]
print(json.dumps(dict(x64=bool(jax.config.jax_enable_x64), dtype=str(draws.mass.dtype), complete=bool(np.all(draws.complete)),
                      mean=np.asarray(draws.counts).mean(0).tolist(), expected=np.asarray(draws.expected[0]).tolist(),
                      sheets=np.asarray(draws.sheets[0]).tolist(), mass_range=[float(mass.min()), float(mass.max())],
                      valid_equals_counts=bool(np.all(valid.sum(1) == np.asarray(draws.counts).sum(1))),
                      finite=bool(np.all(np.isfinite(np.asarray(draws.concentration)[valid]))))))
"""


@pytest.mark.slow
def test__float32__fresh_interpreter_with_x64_off_draws_valid_realisations_at_float64s_counts():
    env = {k: v for k, v in os.environ.items() if k != "JAX_ENABLE_X64"}
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(CODE)], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    layout = agj.realisation_layout(agj.RealisationConfig(z_lens=0.5, z_source=2.0, cone_radius=1.0, m_min=1e7, m_max=1e10,
                                                          planes_before_lens=1, planes_after_lens=1),
                                    agj.DarkMatterParameters(sigma_sub=0.05))
    warm = agj.DarkMatterParameters(cosmology=agj.planck15.replace(m_wdm=4.0), sigma_sub=0.05)
    expected, sheets = np.asarray(agj.expected_counts(warm, layout)), np.asarray(agj.expected_sheets(warm, layout))
    assert out["x64"] is False and out["dtype"] == "float32" and out["complete"] and out["finite"] and out["valid_equals_counts"]
    np.testing.assert_allclose(out["expected"], expected, rtol=1e-3)
    np.testing.assert_allclose(out["sheets"], sheets, rtol=1e-2)
    assert np.all(np.abs(np.asarray(out["mean"]) - expected) < 5.0 * np.sqrt(expected / 1000)), (out["mean"], expected)
    assert 1e7 * (1 - 1e-5) <= out["mass_range"][0] and out["mass_range"][1] <= 1e10 * (1 + 1e-5)
