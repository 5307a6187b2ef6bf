"""One run, interleaved: the package's realisations against pyHalo's, images per second, compile times.

Run from the repository root with the project's Python:
``python docs/research/realisations/realisation_benchmark.py [--rounds 8] [--cone double_cone] [--draws-only]``;
writes ``realisation_benchmark_<cone>.json`` next to this script (docs/research/realisations.md reads it).

* The model: pyHalo's ``CDM`` and ``WDM`` presets as ``pyhalo_counts.py`` runs them (z_lens 0.5,
  z_source 2, 6 arcsec opening = 3 arcsec radius, 1e6-1e10 Msun, sigma_sub 0.025, host 10^13.3
  Msun, slope -1.9, WDM half-mode mass 10^7.5 Msun with pyHalo's turnover
  (1 + 1.95 (m_hm / m)^0.8)^-1 for both populations) and the package's realisation of the same
  parameters (m_wdm 6.806 keV gives that half-mode mass) on autolens' 4 + 4 planes, on autolens' cone
  (default) or pyHalo's double cone with its two-halo factor B = 1.16356 (``--cone double_cone``).
* Each round: 20 of the package's draws (``draw_realisation``, tables shared) in float64 and in
  float32 and 3 ``realise`` calls (tables + draw), then one pyHalo realisation -- the preset call
  and ``lensing_quantities()`` (which computes pyHalo's concentrations, truncation and sheets),
  timed inside a pyHalo worker process (``/work/venvs/pyhalo/bin/python``) -- for CDM then WDM.
* Images: realisation -> 60 x 60 pixel image (0.1 arcsec pixels) through ``PopulationSimulator``
  under one jit (WDM model), float64 and float32 (the grid and PSF in float32).
* Pinned to one core by default (``--no-pin`` to leave it): on the shared 2-core machine XLA's
  multithreading, which starts at ~16,384 slots, made the CDM draw 2-3x slower than on one core.
* Compile: first call of ``realiser`` minus its second call, in fresh interpreters without the
  persistent compilation cache, best of 3: float64 (x64 on) and float32 with x64 off (which also
  shows the float32 realisation's validity and counts against float64's expected counts).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
PYHALO_PYTHON = "/work/venvs/pyhalo/bin/python"
M_WDM = 6.806  # keV: half-mode mass 10^7.5 Msun (realisations_pyhalo.md)


def pyhalo_worker():
    """Answer each line naming a preset with one timed realisation (JSON line)."""
    sys.path.insert(0, str(HERE))
    import pyhalo_counts  # registers the lenstronomy stand-ins; PRESETS as there

    for line in sys.stdin:
        name = line.strip()
        t0, c0 = time.perf_counter(), time.process_time()
        realization = pyhalo_counts.PRESETS[name]()
        t1, c1 = time.perf_counter(), time.process_time()
        realization.lensing_quantities()
        t2, c2 = time.perf_counter(), time.process_time()
        print(json.dumps(dict(render=t1 - t0, full=t2 - t0, render_cpu=c1 - c0, full_cpu=c2 - c0,
                              halos=len(realization.halos))), flush=True)


def models(agj, cone="autolens"):
    """(name, layout, parameters) of the CDM and WDM models."""
    turnover = agj.Turnover(1.95 ** (1.0 / 0.8), 0.8, -1.0)
    config = agj.RealisationConfig(z_lens=0.5, z_source=2.0, cone_radius=3.0, m_min=1e6, m_max=1e10,
                                   warm=turnover, subhalo_turnover=turnover, cone=cone,
                                   two_halo_boost=1.16356 if cone == "double_cone" else 0.0)
    out = []
    for name, cosmology in (("CDM", agj.planck15), ("WDM", agj.planck15.replace(m_wdm=M_WDM))):
        parameters = agj.DarkMatterParameters(cosmology=cosmology, sigma_sub=0.025, subhalo_slope=-1.9, host_mass=10**13.3)
        out.append((name, agj.realisation_layout(config, parameters), parameters))
    return out


def timed(f, *args):
    import jax

    t, c = time.perf_counter(), time.process_time()
    jax.block_until_ready(f(*args))
    return time.perf_counter() - t, time.process_time() - c


def compile_child(dtype_name):
    """Print the compile time of ``realiser`` and the realisation's counts (fresh interpreter)."""
    import jax

    jax.config.update("jax_enable_x64", dtype_name == "float64")
    import jax.numpy as jnp

    import autogalaxy_jaxnfw as agj

    name, layout, parameters = models(agj)[1]
    dtype = jnp.dtype(dtype_name)
    f = agj.realiser(layout, dtype)
    first, _ = timed(f, jax.random.key(0), parameters)
    second, _ = timed(f, jax.random.key(1), parameters)
    draws = jax.jit(jax.vmap(lambda k: f(k, parameters)))(jax.random.split(jax.random.key(2), 200))
    print(json.dumps(dict(compile_s=first - second, dtype=str(draws.mass.dtype), complete=bool(np.all(draws.complete)),
                          mean_counts=np.asarray(draws.counts).mean(0).tolist(), expected=np.asarray(draws.expected[0]).tolist(),
                          sheets=np.asarray(draws.sheets[0]).tolist())))


def images(agj, layout, parameters, dtype, n=10):
    """Images per second (median over n calls after compilation) of key -> realisation -> image."""
    import autoarray as aa
    import autolens as al
    import jax
    import jax.numpy as jnp

    def lens_deflections(grid, p):
        mass = al.mp.Isothermal(centre=(0.0, 0.0), ell_comps=(0.05, -0.05), einstein_radius=p[0])
        # autolens' profiles compute in float64 under x64: cast back to the grid's dtype
        return mass.deflections_yx_2d_from(grid=aa.Grid2DIrregular(values=grid, xp=jnp), xp=jnp).array.astype(grid.dtype)

    def source_image(grid, p):
        light = al.lp.Sersic(centre=(0.05, 0.1), intensity=p[0], effective_radius=0.4, sersic_index=1.5)
        return light.image_2d_from(grid=aa.Grid2DIrregular(values=grid, xp=jnp), xp=jnp).array.astype(grid.dtype)

    grid = np.asarray(al.Grid2D.uniform(shape_native=(60, 60), pixel_scales=0.1).array, dtype)
    simulator = agj.populations.simulator.PopulationSimulator(
        layout=layout.plane_layout, grid=grid, image_shape=(60, 60), psf_kernel=np.ones((3, 3), dtype) / 9.0,
        lens_deflections=lens_deflections, lens_plane=layout.lens_plane, source_image=source_image,
        lens_params=np.array([1.2], dtype), source_params=np.array([1.0], dtype), exposure_time=500.0, background_sky=0.1)
    tables = jax.jit(lambda p: agj.realisation_tables(p, layout, dtype))(parameters)

    @jax.jit
    def image(key):
        drawn = agj.draw_realisation(key, tables, layout, dtype)
        los, subhalos = agj.halo_samples(drawn, layout)
        return simulator.realisation(key, los, subhalos, sheets=drawn.sheets)

    compile_s, _ = timed(image, jax.random.key(0))
    times = [timed(image, jax.random.key(i + 1))[0] for i in range(n)]
    out = image(jax.random.key(99))
    return dict(compile_s=compile_s, images_per_s=1.0 / float(np.median(times)), image_dtype=str(out.image.dtype),
                finite=bool(np.all(np.isfinite(np.asarray(out.image)))), n_dropped=int(out.n_dropped))


def main(rounds, pin, cone, draws_only):
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    import autogalaxy_jaxnfw as agj

    if pin:
        os.sched_setaffinity(0, {0})  # inherited by the pyHalo worker and the compile children
    out = {"load_average_start": os.getloadavg(), "cpus": os.cpu_count(), "rounds": rounds,
           "pinned_to_one_core": pin, "cone": cone}
    path = HERE / f"realisation_benchmark_{cone}.json"
    worker = subprocess.Popen([PYHALO_PYTHON, __file__, "--pyhalo-worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    ours = {}
    for name, layout, parameters in models(agj, cone):
        for dtype in (jnp.float64, jnp.float32):
            tables = jax.jit(lambda p, layout=layout, dtype=dtype: agj.realisation_tables(p, layout, dtype))(parameters)
            draw = jax.jit(lambda k, t, layout=layout, dtype=dtype: agj.draw_realisation(k, t, layout, dtype))
            realise = agj.realiser(layout, dtype)
            first = draw(jax.random.key(0), tables)
            realise(jax.random.key(0), parameters)
            ours[name, jnp.dtype(dtype).name] = dict(tables=tables, draw=draw, realise=realise, parameters=parameters,
                                                     haloes=int(np.asarray(first.valid).sum()))
    samples = {}
    for r in range(rounds):
        for name in ("CDM", "WDM"):
            for (model, dtype_name), f in ours.items():
                if model != name:
                    continue
                keys = jax.random.split(jax.random.key(1000 * r + 1), 23)
                row = samples.setdefault(f"{name}/{dtype_name}", {"draw": [], "draw_cpu": [], "realise": [], "realise_cpu": []})
                for k in keys[:20]:
                    wall, cpu = timed(f["draw"], k, f["tables"])
                    row["draw"].append(wall)
                    row["draw_cpu"].append(cpu)
                for k in keys[20:]:
                    wall, cpu = timed(f["realise"], k, f["parameters"])
                    row["realise"].append(wall)
                    row["realise_cpu"].append(cpu)
            worker.stdin.write(name + "\n")
            worker.stdin.flush()
            answer = json.loads(worker.stdout.readline())
            row = samples.setdefault(f"{name}/pyHalo", {k: [] for k in answer})
            for k, v in answer.items():
                row[k].append(v)
        print("round", r, flush=True)
    worker.stdin.close()
    worker.wait()
    out["medians"] = {key: {k: float(np.median(v)) for k, v in row.items()} for key, row in samples.items()}
    out["minima"] = {key: {k: float(np.min(v)) for k, v in row.items()} for key, row in samples.items()}
    out["haloes_ours"] = {f"{m}/{d}": f["haloes"] for (m, d), f in ours.items()}
    ratios = {}
    for name in ("CDM", "WDM"):
        theirs = out["medians"][f"{name}/pyHalo"]
        for dtype_name in ("float64", "float32"):
            mine = out["medians"][f"{name}/{dtype_name}"]
            ratios[f"{name}/{dtype_name}"] = {
                "pyHalo full / draw (wall)": theirs["full"] / mine["draw"],
                "pyHalo full / draw (CPU)": theirs["full_cpu"] / mine["draw_cpu"],
                "pyHalo render only / draw (wall)": theirs["render"] / mine["draw"],
                "pyHalo full / realise (wall)": theirs["full"] / mine["realise"],
            }
    out["ratios"] = ratios
    print(json.dumps(out["medians"], indent=1), json.dumps(ratios, indent=1), flush=True)
    path.write_text(json.dumps(out, indent=1))
    if draws_only:
        return
    _, layout, parameters = models(agj, cone)[1]
    out["images_WDM_60x60"] = {jnp.dtype(d).name: images(agj, layout, parameters, d) for d in (jnp.float64, jnp.float32)}
    print(out["images_WDM_60x60"], flush=True)
    path.write_text(json.dumps(out, indent=1))
    env = {k: v for k, v in os.environ.items() if not k.startswith("JAX_")}
    out["compile_fresh_process_WDM"] = {}
    for dtype_name in ("float64", "float32"):
        runs = [json.loads(subprocess.run([sys.executable, __file__, "--compile", dtype_name], env=env, capture_output=True,
                                          text=True, check=True).stdout.strip().splitlines()[-1]) for _ in range(3)]
        best = min(runs, key=lambda run: run["compile_s"])
        best["compile_s_all"] = [run["compile_s"] for run in runs]
        out["compile_fresh_process_WDM"][dtype_name] = best
        print(dtype_name, best, flush=True)
    out["load_average_end"] = os.getloadavg()
    path.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--pyhalo-worker", action="store_true")
    parser.add_argument("--no-pin", action="store_true", help="leave XLA and pyHalo free to use every core")
    parser.add_argument("--cone", choices=("autolens", "double_cone"), default="autolens")
    parser.add_argument("--draws-only", action="store_true", help="leave out the images and the compile times")
    parser.add_argument("--compile", choices=("float64", "float32"))
    arguments = parser.parse_args()
    if arguments.pyhalo_worker:
        pyhalo_worker()
    elif arguments.compile:
        compile_child(arguments.compile)
    else:
        main(arguments.rounds, not arguments.no_pin, arguments.cone, arguments.draws_only)
