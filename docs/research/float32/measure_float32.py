"""Errors of the package's public functions in float32 (``jax_enable_x64`` off) against float64.

Each precision runs in its own fresh interpreter (``jax_enable_x64`` is fixed per process in
practice, and the package never sets it); the same computations are done in both and compared:

* the Ludlow et al. (2016) relation ``concentration_ludlow16`` for M200c = 1e6 ... 1e15 Msun at
  z = 0, 0.5, 2, concrete (tabulated series) and traced (secant and bracketed solvers)
  (relative error);
* the radial kernels m / x^2 and L of the truncated NFW (tau = 5, 20, 100) and h / x^2 of the
  NFW profile, 400 radii from x = 1e-4 to 1e4 (relative error);
* each sibling's deflections, convergence and potential on a 10 x 10 grid of 0.2", jitted, at
  M200c = 1e10 Msun (error relative to the map's largest value);
* a population: ``truncated_nfw_population_parameters`` for 50 haloes and
  ``truncated_nfw_population_deflections`` on a 20 x 20 grid (relative errors of kappa_s, r_s, r_t;
  deflections relative to their largest value).

Run from the repository root: ``.venv/bin/python docs/research/float32/measure_float32.py
[--siblings NAME ...]`` (writes ``docs/research/float32/results.json``).
"""

import argparse
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np

OUT = Path(__file__).with_name("results.json")

CHILD = """
import json, sys, jax
jax.config.update("jax_enable_x64", {x64})
import autogalaxy as ag
import jax.numpy as jnp
import numpy as np
import autogalaxy_jaxnfw as agj

out = dict(x64=bool(jax.config.jax_enable_x64))
masses = jnp.asarray(np.logspace(6.0, 15.0, 10))
for z in (0.0, 0.5, 2.0):
    c = agj.concentration_ludlow16(masses, z)
    out[f"concentration_z{{z}}"] = dict(values=np.asarray(c, dtype=float).tolist(), dtype=str(c.dtype))
    for method in ("secant", "bracketed"):  # traced redshift: the solvers
        c = jax.jit(lambda z: agj.concentration_ludlow16(masses, z, method=method))(jnp.asarray(z))
        out[f"concentration_traced_{{method}}_z{{z}}"] = dict(values=np.asarray(c, dtype=float).tolist(), dtype=str(c.dtype))

from autogalaxy_jaxnfw.lensing.nfw_radial import nfw_h_over_x2, truncated_nfw_l, truncated_nfw_m_over_x2
x = jnp.asarray(np.geomspace(1e-4, 1e4, 400))
for name, f in (("kernel_m_over_x2", truncated_nfw_m_over_x2), ("kernel_l", truncated_nfw_l)):
    for tau in (5.0, 20.0, 100.0):
        v = f(x, tau)
        out[f"{{name}}_tau{{tau}}"] = dict(values=np.asarray(v, dtype=float).tolist(), dtype=str(v.dtype))
v = nfw_h_over_x2(x)
out["kernel_nfw_h_over_x2"] = dict(values=np.asarray(v, dtype=float).tolist(), dtype=str(v.dtype))

grid = ag.Grid2D.uniform(shape_native=(10, 10), pixel_scales=0.2, over_sample_size=1)
for name in {siblings!r}:
    cls = agj.SIBLINGS[name]
    def maps(log_mass):
        halo = cls(centre=(0.03, -0.05), mass_at_200=10.0**log_mass)
        return [getattr(halo, m)(grid, xp=jnp).array for m in ("deflections_yx_2d_from", "convergence_2d_from", "potential_2d_from")]
    values = jax.jit(maps)(jnp.asarray(10.0))
    out[name] = dict(values=[np.asarray(v, dtype=float).ravel().tolist() for v in values], dtype=str(values[0].dtype))

rng = np.random.default_rng(3)
mass = jnp.asarray(10.0 ** rng.uniform(6.0, 10.0, 50))
params = agj.truncated_nfw_population_parameters(mass, redshift_object=0.5, redshift_source=1.5)
centres = jnp.asarray(rng.uniform(-2.0, 2.0, (50, 2)))
yx = jnp.asarray(ag.Grid2D.uniform(shape_native=(20, 20), pixel_scales=0.2).array)
deflections = agj.truncated_nfw_population_deflections(yx, centres, params.kappa_s, params.scale_radius, params.truncation_radius)
out["population"] = dict(
    parameters=[np.asarray(p, dtype=float).tolist() for p in (params.kappa_s, params.scale_radius, params.truncation_radius)],
    deflections=np.asarray(deflections, dtype=float).ravel().tolist(),
    dtype=str(deflections.dtype),
)
print(json.dumps(out))
"""


def run(x64: bool, siblings) -> dict:
    """The child's results, in a fresh interpreter without JAX_ENABLE_X64 in its environment."""
    env = {k: v for k, v in os.environ.items() if k != "JAX_ENABLE_X64"}
    env.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false")
    code = textwrap.dedent(CHILD.format(x64=x64, siblings=list(siblings)))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def errors(single: dict, double: dict, siblings) -> dict:
    """float32 against float64: relative errors (maps: relative to each map's largest value)."""
    table = {}
    for key in [k for k in double if k.startswith(("concentration", "kernel"))]:
        a, b = np.array(single[key]["values"]), np.array(double[key]["values"])
        table[key] = dict(max_relative=float(np.max(np.abs(a / b - 1.0))), dtype=single[key]["dtype"])
    for name in siblings:
        table[name] = dict(dtype=single[name]["dtype"])
        for label, a, b in zip(("deflections", "convergence", "potential"), single[name]["values"], double[name]["values"]):
            a, b = np.array(a), np.array(b)
            table[name][label] = float(np.max(np.abs(a - b)) / np.max(np.abs(b)))
    p32, p64 = single["population"], double["population"]
    table["population"] = dict(
        dtype=p32["dtype"],
        parameters=[float(np.max(np.abs(np.array(a) / np.array(b) - 1.0))) for a, b in zip(p32["parameters"], p64["parameters"])],
        deflections=float(np.max(np.abs(np.array(p32["deflections"]) - np.array(p64["deflections"]))) / np.max(np.abs(p64["deflections"]))),
    )
    return table


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--siblings", nargs="*", default=None, help="default: every sibling")
    arguments = parser.parse_args()
    if arguments.siblings is None:
        sys.path.insert(0, str(Path.cwd()))
        import autogalaxy_jaxnfw as agj

        arguments.siblings = sorted(agj.SIBLINGS)
    table = errors(run(False, arguments.siblings), run(True, arguments.siblings), arguments.siblings)
    OUT.write_text(json.dumps(table, indent=2))
    print(json.dumps(table, indent=2))
