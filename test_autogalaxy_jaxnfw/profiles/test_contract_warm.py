"""The warm-dark-matter sibling's particle: NaN for an invalid traced inverse_m_wdm, and float32 under jit.

The float32 check runs in a fresh process with x64 off (``import jax`` before the package),
since the suite's conftest enables float64.
"""

import json
import os
import subprocess
import sys

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from autogalaxy import exc

import autogalaxy_jaxnfw as agj


def _halo(inverse_m_wdm):
    halo = agj.NFWMCRWarmLudlowSphJax(mass_at_200=1e10, inverse_m_wdm=inverse_m_wdm)
    return jnp.stack([halo.kappa_s, halo.scale_radius])


@pytest.mark.parametrize("inverse_m_wdm", [-0.5, float("nan")])
def test__warm_halo__invalid_traced_inverse_mass_is_nan_with_zero_gradient(inverse_m_wdm):
    values = np.asarray(jax.jit(_halo)(jnp.asarray(inverse_m_wdm)))
    assert np.all(np.isnan(values)), values
    gradient = jax.grad(lambda u: jnp.sum(jnp.where(jnp.isnan(v := _halo(u)), 0.0, v)))(jnp.asarray(inverse_m_wdm))
    assert float(gradient) == 0.0


@pytest.mark.parametrize("inverse_m_wdm", [0.0, 0.5])
def test__warm_halo__valid_traced_inverse_mass_equals_numpy_path(inverse_m_wdm):
    traced = np.asarray(jax.jit(_halo)(jnp.asarray(inverse_m_wdm)))
    halo = agj.NFWMCRWarmLudlowSphJax(mass_at_200=1e10, inverse_m_wdm=inverse_m_wdm)
    np.testing.assert_allclose(traced, [halo.kappa_s, halo.scale_radius], rtol=1e-10)


def test__warm_halo__tiny_inverse_mass_is_cold_with_finite_gradient():
    """1 / m_wdm = 3e-233: d(1/u)/du = -1/u^2 overflows; the halo is the cold one and d/du finite.

    Compared with the NumPy path at u = 0 to 1e-10, as the valid traced particles above (the traced
    cosmology rebuilds its sigma(R) table in the program).
    """
    u = jnp.asarray(3e-233)
    values, jacobian = jax.jit(lambda u: (_halo(u), jax.jacfwd(_halo)(u)))(u)
    cold = agj.NFWMCRWarmLudlowSphJax(mass_at_200=1e10, inverse_m_wdm=0.0)
    np.testing.assert_allclose(np.asarray(values), [cold.kappa_s, cold.scale_radius], rtol=1e-10)
    assert np.all(np.isfinite(np.asarray(jacobian))), jacobian


def test__warm_halo__concrete_negative_inverse_mass_raises_naming_the_argument():
    with pytest.raises(exc.ModelParameterException, match="inverse_m_wdm"):
        agj.NFWMCRWarmLudlowSphJax(mass_at_200=1e10, inverse_m_wdm=-0.5)


_FLOAT32_SCRIPT = """
import jax  # before the package: x64 stays off
import jax.numpy as jnp, json, warnings
import autogalaxy_jaxnfw as agj
warnings.simplefilter("ignore")
kappa = jax.jit(lambda u: agj.NFWMCRWarmLudlowSphJax(mass_at_200=1e10, inverse_m_wdm=u).kappa_s)
out = {"x64": bool(jax.config.jax_enable_x64)}
for u in (0.0, 0.5, -0.5):
    value = kappa(jnp.float32(u))
    out[str(u)] = [float(value), str(value.dtype)]
print("RESULT" + json.dumps(out))
"""


def test__warm_halo__float32_jit_finite_for_valid_and_nan_for_invalid_particles():
    env = {k: v for k, v in os.environ.items() if k != "JAX_ENABLE_X64"}
    run = subprocess.run([sys.executable, "-c", _FLOAT32_SCRIPT], capture_output=True, text=True, timeout=900, env=env)
    line = next(l for l in run.stdout.splitlines() if l.startswith("RESULT"))
    results = json.loads(line[len("RESULT"):])
    assert results["x64"] is False
    for u in (0.0, 0.5):
        expected = float(agj.NFWMCRWarmLudlowSphJax(mass_at_200=1e10, inverse_m_wdm=u).kappa_s)
        value, dtype = results[str(u)]
        assert dtype == "float32"
        assert value == pytest.approx(expected, rel=1e-4)
    assert np.isnan(results["-0.5"][0])
