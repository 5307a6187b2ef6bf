"""Wall-clock helpers shared by the benchmark scripts of this folder."""

import time

import jax


def best_time(fn, repeats=5, number=1):
    """Smallest mean wall time of ``number`` calls over ``repeats`` tries, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def block(x):
    """Wait for JAX's asynchronous dispatch to finish, so the timing covers the work."""
    return jax.block_until_ready(x)
