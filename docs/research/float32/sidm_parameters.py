"""float32 against float64: the SIDM siblings' derived parameters over M200c = 1e6 ... 1e15 Msun.

Kaplinghat et al. (interaction radius, central density, isothermal radius) at sigma / m = 1,
0.01 and 100 cm^2 / g; Yang et al. (tau, rho_s, r_s, r_c evolved) at (sigma / m, a) = (1, 0),
(100, 4) and (300, 0).  Each precision runs in a fresh interpreter (as ``measure_float32.py``).
Run from the repository root: ``.venv/bin/python docs/research/float32/sidm_parameters.py``;
prints the largest relative difference of each parameter (documented in docs/research/float32.md).
"""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np

CHILD = """
import json, jax
jax.config.update("jax_enable_x64", {x64})
import jax.numpy as jnp, numpy as np
import autogalaxy_jaxnfw as agj

cases = dict(
    KaplinghatCoredNFWMCRLudlowSphJax=[dict(sigma_over_m=1.0), dict(sigma_over_m=0.01), dict(sigma_over_m=100.0)],
    YangSIDMMCRLudlowSphJax=[dict(), dict(sigma_over_m=100.0, velocity_exponent=4.0), dict(sigma_over_m=300.0)],
)
names = ("interaction_radius", "central_density", "isothermal_radius", "tau", "rho_s_evolved", "scale_radius_evolved", "core_radius_evolved")
out = {{}}
for name, kwargs in cases.items():
    for k, kw in enumerate(kwargs):
        halo = lambda log_mass: vars(agj.SIBLINGS[name](mass_at_200=10.0**log_mass, **kw))
        values = jax.jit(jax.vmap(lambda m: {{a: v for a, v in halo(m).items() if a in names}}))(jnp.linspace(6.0, 15.0, 19))
        for a, v in values.items():
            out[f"{{name}} {{kw}} {{a}}"] = np.asarray(v, dtype=float).tolist()
print(json.dumps(out))
"""


def run(x64: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "JAX_ENABLE_X64"}
    code = textwrap.dedent(CHILD.format(x64=x64))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    single, double = run(False), run(True)
    for key in double:
        a, b = np.array(single[key]), np.array(double[key])
        assert np.all(np.isfinite(a) == np.isfinite(b)), key
        same = a == b
        print(f"{key}: {np.max(np.where(same, 0.0, np.abs(a / np.where(same, 1.0, b) - 1.0))):.1e}")
