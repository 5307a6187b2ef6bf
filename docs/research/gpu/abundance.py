"""GPU timing of the mass function and bias (docs/research/gpu.md; set-up as smoke.py)."""
import time

import jax
import numpy as np

jax.config.update("jax_enable_x64", True)
import autogalaxy_jaxnfw as agj  # noqa: E402

WARM = agj.planck15.replace(m_wdm=3.0)

for n in (10**5, 10**6):
    M = np.logspace(6, 15, n)
    for label, f in (
        ("mass_function sheth99 dndlnM", jax.jit(lambda m: agj.mass_function(m, 0.5, "fof", model="sheth99"))),
        ("mass_function tinker08 200c", jax.jit(lambda m: agj.mass_function(m, 0.5, "200c", model="tinker08"))),
        ("halo_bias tinker10 200m", jax.jit(lambda m: agj.halo_bias(m, 0.5, "200m", model="tinker10"))),
        ("mass_function warm=lovell20 3 keV", jax.jit(lambda m: agj.mass_function(m, 0.5, "200m", cosmology=WARM, warm="lovell20"))),
        ("mass_function warm=sharp_k 3 keV", jax.jit(lambda m: agj.mass_function(m, 0.5, "fof", "sheth99", cosmology=WARM, warm="sharp_k"))),
    ):
        t = time.perf_counter(); f(M).block_until_ready(); first = time.perf_counter() - t
        steady = []
        for _ in range(5):
            t = time.perf_counter(); f(M).block_until_ready(); steady.append(time.perf_counter() - t)
        print(f"{label} n={n}: first {first:.3f} s, steady {min(steady)*1e3:.3f} ms")
