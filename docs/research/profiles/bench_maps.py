"""Cost of the siblings' deflections against their parents', in one interleaved run.

For each class: ``deflections_yx_2d_from`` on a 100 x 100 grid, jitted with the halo's mass
traced (so the parameter computation is part of the timed call), sibling and upstream class
alternately, median of 20 calls each.  Upstream's SIDM maps are NumPy (SciPy ``quad`` per
pixel): timed on 10 pixels with NumPy instead, and quoted per pixel.

Run: ``python docs/research/profiles/bench_maps.py`` (a few minutes).
"""

import time

import jax
import jax.numpy as jnp
import numpy as np

import autogalaxy as ag

import autogalaxy_jaxnfw as agj

GRID = ag.Grid2D.uniform(shape_native=(100, 100), pixel_scales=0.05)
EXTRA = {"cNFW": dict(f_c=0.05), "gNFW": dict(inner_slope=1.3), "Kaplinghat": dict(sigma_over_m=3.0), "Yang": dict(sigma_over_m=30.0)}
REPEATS = 20


def _kwargs(name):
    kwargs = dict(redshift_object=0.5, redshift_source=1.5)
    for prefix, extra in EXTRA.items():
        if name.startswith(prefix):
            kwargs.update(extra)
    return kwargs


def _jitted(cls, kwargs):
    return jax.jit(lambda m: cls(mass_at_200=m, **kwargs).deflections_yx_2d_from(GRID, xp=jnp).array)


def _median_seconds(functions, argument):
    times = [[] for _ in functions]
    for _ in range(REPEATS):
        for i, f in enumerate(functions):
            start = time.perf_counter()
            jax.block_until_ready(f(argument))
            times[i].append(time.perf_counter() - start)
    return [float(np.median(t)) for t in times]


def main():
    print("| class | sibling, jit [ms / 1e4 pixels] | upstream class, jit | upstream class, NumPy [ms / pixel] |")
    print("|---|---|---|---|")
    for name, cls in agj.SIBLINGS.items():
        upstream = getattr(ag.mp, name[: -len("Jax")])
        kwargs = _kwargs(name)
        ours = _jitted(cls, kwargs)
        mass = jnp.asarray(3e11)
        jax.block_until_ready(ours(mass))
        if name.startswith(("Kaplinghat", "Yang")):
            (t_ours,) = _median_seconds([ours], mass)
            profile, pixels = upstream(mass_at_200=3e11, **kwargs), ag.Grid2DIrregular(np.asarray(GRID.array)[:10])
            start = time.perf_counter()
            profile.deflections_yx_2d_from(pixels)
            per_pixel = (time.perf_counter() - start) / 10
            print(f"| {name} | {t_ours * 1e3:.2f} | (NumPy only) | {per_pixel * 1e3:.1f} |")
            continue
        theirs = _jitted(upstream, kwargs)
        try:
            jax.block_until_ready(theirs(mass))
        except Exception as error:  # upstream's truncated deflections call NumPy on tracers
            (t_ours,) = _median_seconds([ours], mass)
            print(f"| {name} | {t_ours * 1e3:.2f} | fails under jit ({type(error).__name__}) | |")
            continue
        t_ours, t_theirs = _median_seconds([ours, theirs], mass)
        print(f"| {name} | {t_ours * 1e3:.2f} | {t_theirs * 1e3:.2f} | |")


if __name__ == "__main__":
    main()
