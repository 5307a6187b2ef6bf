"""Speed and Monte Carlo figures of the one-call realisations (docs/research/realisations.md).

Run from the repository root: ``python docs/research/realisations/realisation_speed.py``; writes
``realisation_speed.json`` next to this script.  CPU, wall clock, median of repeated calls after
compilation; the machine is shared with other jobs (load printed in the JSON).
"""

import json
import os
import time
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

import autogalaxy_jaxnfw as agj  # noqa: E402

OUT = Path(__file__).with_name("realisation_speed.json")


def median_ms(f, *args, repeats=40):
    jax.block_until_ready(f(*args))
    times = []
    for i in range(repeats):
        t = time.perf_counter()
        jax.block_until_ready(f(*args))
        times.append(time.perf_counter() - t)
    return 1e3 * float(np.median(times)), 1e3 * float(np.min(times))


def main():
    config = agj.RealisationConfig(z_lens=0.5, z_source=2.0, cone_radius=3.0, m_min=1e6, m_max=1e10)
    parameters = agj.DarkMatterParameters(cosmology=agj.planck15.replace(m_wdm=6.0), sigma_sub=0.025)
    out = {"load_average": os.getloadavg(), "config": "z_lens 0.5, z_source 2, cone radius 3 arcsec (6 arcsec opening), "
           "1e6-1e10 Msun, 4 + 4 planes (autolens), m_wdm 6 keV, sigma_sub 0.025 kpc^-2"}
    t = time.perf_counter()
    layout = agj.realisation_layout(config, parameters)
    out["layout_s"] = time.perf_counter() - t
    out["slots"] = {"los": list(layout.capacities), "subhalos": layout.subhalo_capacity}
    for dtype in (jnp.float64, jnp.float32):
        name = jnp.dtype(dtype).name
        tables_fn = jax.jit(lambda p: agj.realisation_tables(p, layout, dtype))
        t = time.perf_counter()
        tables = jax.block_until_ready(tables_fn(parameters))
        compile_tables = time.perf_counter() - t
        draw_fn = jax.jit(lambda k, tb: agj.draw_realisation(k, tb, layout, dtype))
        t = time.perf_counter()
        first = jax.block_until_ready(draw_fn(jax.random.key(0), tables))
        compile_draw = time.perf_counter() - t
        realise_fn = agj.realiser(layout, dtype)
        out[name] = {
            "compile_tables_s": compile_tables, "compile_draw_s": compile_draw,
            "haloes_drawn": int(np.asarray(first.valid).sum()), "expected": np.asarray(first.expected).tolist(),
            "draw_ms_median_min": median_ms(lambda k: draw_fn(k, tables), jax.random.key(1)),
            "tables_ms_median_min": median_ms(tables_fn, parameters, repeats=10),
            "realise_ms_median_min": median_ms(realise_fn, jax.random.key(2), parameters, repeats=10),
        }
        batch = jax.jit(jax.vmap(lambda k: agj.draw_realisation(k, tables, layout, dtype)))
        keys = jax.random.split(jax.random.key(5), 32)
        out[name]["vmapped_32_draws_ms_per_realisation"] = median_ms(batch, keys, repeats=5)[0] / 32
        print(name, out[name], flush=True)
    OUT.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
