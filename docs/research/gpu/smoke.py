"""Import check and a first GPU timing of the relations (docs/research/gpu.md).

On the device: pip install the PyAuto wheels (autoarray, autofit, autogalaxy, autolens,
autonerves, dill, timeout-decorator, colossus; `pip download --no-deps` into .whl/) to
/tmp/site, then `PYTHONPATH=/tmp/site:. python3 docs/research/gpu/smoke.py`.
"""
import time

import jax
import numpy as np

jax.config.update("jax_enable_x64", True)
import autogalaxy_jaxnfw as agj  # noqa: E402

print(jax.devices(), jax.__version__)
for n in (10**5, 10**6):
    M = np.logspace(8, 14, n)
    for model in ("ludlow16", "diemer19"):
        f = jax.jit(lambda m: agj.concentration_with_mask(m, "200c", 0.5, model=model)[0])
        t = time.perf_counter(); f(M).block_until_ready(); first = time.perf_counter() - t
        best = min((lambda: (t0 := time.perf_counter(), f(M).block_until_ready(), time.perf_counter() - t0)[2])() for _ in range(5))
        print(f"{model} n={n}: first {first:.3f} s, steady {best*1e3:.3f} ms")
