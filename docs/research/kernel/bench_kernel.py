"""Cost per evaluation of the exact truncated-NFW deflection kernel against the plain closed form.

One run, interleaved (A, B, A, B, ...), medians quoted:

1. ``truncated_nfw_m_over_x2`` (exact at every radius) and the closed form of Baltz, Marshall &
   Oguri (2009) written plainly in JAX (``closed_form_m_over_x2`` below: arccosh / arccos
   branches through ``jnp.where``, no care for cancellation), jitted, over 6.5e6 radii
   log-uniform in x = r / r_s from 1e-3 to 1e3 and tau log-uniform from 5 to 100 (the
   populations' 2 c200c), in float64 and float32; with the error of each against the float64
   exact kernel.
2. One deflection call on a 92,400-pixel NumPy grid (autolens_workspace's subhalo simulator
   calls it ~200 times for its critical curves): ``NFWTruncatedMCRLudlowSphJax`` against
   upstream's ``NFWTruncatedMCRLudlowSph``, NumPy path (Python floats and a NumPy grid).

Run from the repository root: ``.venv/bin/python docs/research/kernel/bench_kernel.py``
(writes ``docs/research/kernel/results.json``).
"""

import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false")

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)

import autogalaxy as ag  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

import autogalaxy_jaxnfw as agj  # noqa: E402
from autogalaxy_jaxnfw.lensing.nfw_radial import truncated_nfw_m_over_x2  # noqa: E402

N_RADII = 6_500_000
REPEATS = 7
OUT = Path(__file__).with_name("results.json")


def closed_form_m_over_x2(x, tau):
    """BMO09's m(x, tau) / x^2 written plainly (autogalaxy's ``coord_func_m_from`` in JAX)."""
    t2 = tau * tau
    f = jnp.where(x < 1.0, jnp.arccosh(1.0 / x) / jnp.sqrt(1.0 - x * x), jnp.arccos(1.0 / x) / jnp.sqrt(x * x - 1.0))
    root = jnp.sqrt(x * x + t2)
    k = jnp.log(x / (root + tau))
    bracket = (t2 + 2.0 * x * x - 1.0) * f + jnp.pi * tau + (t2 - 1.0) * jnp.log(tau) + root * ((t2 - 1.0) / tau * k - jnp.pi)
    return t2 / (t2 + 1.0) ** 2 * bracket / (x * x)


def _time(function, *arguments):
    start = time.perf_counter()
    jax.block_until_ready(function(*arguments))
    return time.perf_counter() - start


def kernel_costs():
    rng = np.random.default_rng(1)
    x = 10.0 ** rng.uniform(-3.0, 3.0, N_RADII)
    tau = 10.0 ** rng.uniform(np.log10(5.0), 2.0, N_RADII)
    functions = {"exact": jax.jit(truncated_nfw_m_over_x2), "closed_form": jax.jit(closed_form_m_over_x2)}
    inputs = {dtype: (jnp.asarray(x, dtype), jnp.asarray(tau, dtype)) for dtype in ("float64", "float32")}
    truth = np.asarray(functions["exact"](*inputs["float64"]))
    results, errors = {}, {}
    for name, function in functions.items():
        for dtype, arguments in inputs.items():
            value = np.asarray(function(*arguments), dtype=float)  # compiles
            error = np.abs(value / truth - 1.0)
            errors[f"{name}_{dtype}"] = dict(median=float(np.median(error)), max=float(np.max(error)))
            results[f"{name}_{dtype}"] = []
    for _ in range(REPEATS):
        for name, function in functions.items():
            for dtype, arguments in inputs.items():
                results[f"{name}_{dtype}"].append(_time(function, *arguments))
    medians = {key: statistics.median(times) for key, times in results.items()}
    ratios = {dtype: medians[f"exact_{dtype}"] / medians[f"closed_form_{dtype}"] for dtype in inputs}
    return dict(seconds=medians, ns_per_evaluation={k: 1e9 * v / N_RADII for k, v in medians.items()}, exact_over_closed_form=ratios, relative_error_vs_exact_float64=errors)


def numpy_grid_deflections():
    grid = ag.Grid2D.uniform(shape_native=(280, 330), pixel_scales=0.05)  # 92,400 pixels
    halo = dict(centre=(0.3, -0.2), mass_at_200=1e9, redshift_object=0.5, redshift_source=1.0)
    profiles = {"sibling": agj.NFWTruncatedMCRLudlowSphJax(**halo), "upstream": ag.mp.NFWTruncatedMCRLudlowSph(**halo)}
    times = {name: [] for name in profiles}
    for _ in range(REPEATS):
        for name, profile in profiles.items():
            start = time.perf_counter()
            profile.deflections_yx_2d_from(grid=grid)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) for name, t in times.items()}
    return dict(pixels=int(grid.shape_slim), seconds=medians, sibling_over_upstream=medians["sibling"] / medians["upstream"])


if __name__ == "__main__":
    results = dict(jax=jax.__version__, n_radii=N_RADII, repeats=REPEATS, kernel=kernel_costs(), numpy_grid=numpy_grid_deflections())
    OUT.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
