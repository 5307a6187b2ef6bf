"""Compile and call time of a traced cosmology's mass-function gradient: Clenshaw unrolled vs ``lax.scan``.

``jit(value_and_grad)`` of the summed log Tinker et al. (2008) mass function of 100 masses with
respect to planck15 (every field traced, so the sigma series is rebuilt in the program), compiled
once without the persistent cache, then the median of 7 x 20 calls.  ``unrolled`` puts back the
unrolled recurrence for traced coefficients.  Run from the root, interleaved:

    for v in unrolled scan unrolled scan; do
        JAX_ENABLE_COMPILATION_CACHE=false PYTHONPATH=. .venv/bin/python docs/research/abundance/traced_compile.py $v
    done
"""

import operator
import statistics
import sys
import time

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)

import autogalaxy_jaxnfw as agj  # noqa: E402
from autogalaxy_jaxnfw.numerics import chebyshev  # noqa: E402

if sys.argv[1] == "unrolled":
    chebyshev._clenshaw_scan = lambda c, t: chebyshev._clenshaw(c, t, operator.mul, operator.sub, operator.add)
MASSES = jnp.logspace(8, 15, 100)


def summed_log(cosmology):
    value, _ = agj.mass_function_with_mask(MASSES, 0.5, "200m", "tinker08", cosmology=cosmology)
    return jnp.sum(jnp.log(value))


start = time.time()
program = jax.jit(jax.value_and_grad(summed_log)).lower(agj.planck15).compile()
compiled = time.time()
jax.block_until_ready(program(agj.planck15))
calls = []
for _ in range(7):
    t = time.perf_counter()
    for _ in range(20):
        jax.block_until_ready(program(agj.planck15))
    calls.append((time.perf_counter() - t) / 20)
print(sys.argv[1], f"compile {compiled - start:.1f} s, call {statistics.median(calls) * 1e3:.2f} ms")
