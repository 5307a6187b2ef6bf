"""Accuracy / speed trade-off of the numerical knobs of ``autogalaxy_jaxnfw``.

Each knob is a module-level constant (or a keyword default) of the core:

* ``sigma._N_TABLE``: Chebyshev nodes of the ln sigma^2(ln R) series (per-halo cost of
  evaluating sigma, and the series' truncation error);
* ``sigma._N_GAUSS``, ``sigma._N_GAUSS_BARYON``: Gauss-Legendre nodes per panel of the
  sigma^2(R) quadrature, off and on the baryon-wiggle range;
* ``sigma._N_HALF_PERIODS``: half-periods of the top-hat filter integrated before the
  analytic tail;
* ``growth._GL_S/_GL_W``: Gauss-Legendre nodes of the growth-factor integral;
* ``einasto._N_SERIES``: Chebyshev terms of the ln(M_-2/M_200)(ln c) series;
* the root finder's tolerance in ln c (``concentration._LN_C_TOL``, else the ``x_tol``
  keyword of ``roots.chandrupatla``) and its ``max_iterations``;
* the one-redshift solver's node count and polishing steps (``concentration._N_NODES``,
  ``concentration._POLISH_STEPS``).

One knob at a time is moved away from its current value (all others unchanged); the caches
that hold derived quadrature rules, sigma tables and compiled programs are cleared, and
for each setting the script reports

* ``max rel err c``: max |c / c_ref - 1| over a small (log10 M, z) grid against the
  NumPy/SciPy reference (``autogalaxy_jaxnfw.reference``);
* ``max rel err sigma``: max |sigma / sigma_ref - 1| for 1e-3 <= R <= 40 Mpc/h;
* ``compile``: first call of the jitted batch (tracing, XLA compilation, sigma table);
* ``batch``: a jitted 1e4-halo batch with the cosmology fixed (cached sigma table);
* ``batch traced``: the same with the cosmology as a traced argument, so the sigma
  table is rebuilt on every call -- the cost that matters when cosmology is sampled;
* ``one-z vs bracketed``: max |c / c_bracketed - 1| between the one-redshift solver
  (scalar z) and the bracketed solver (the same z as an array) over 2001 masses at each z
  of the grid -- dense enough to meet colossus' growth-factor kinks, where the one-redshift
  solver is least accurate;
* ``one-z batch``: a jitted 1e4-halo batch at one redshift.

Timings are the fastest of a few calls on whatever machine runs the script (CPU unless JAX
finds an accelerator) and are only comparable within one run.  The core is being
optimised: knobs that are missing when the script runs are reported and skipped.

Run from the repository root::

    .venv/bin/python docs/research/nfw_ludlow16_jax/tune.py [--quick] [--no-traced]
"""

import argparse
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

REPO = Path(__file__).resolve().parents[3]

import jax
import jax.numpy as jnp

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import concentration, einasto, growth, roots, sigma
from autogalaxy_jaxnfw import reference as ref

COSMOLOGY = agj.planck15
REF_COSMOLOGY = ref.REF_PLANCK15
N_BATCH = 10_000
# Small accuracy grid: the whole validity range in mass and 0 <= z <= 6.
GRID_LOG_M = np.linspace(8.0, 15.5, 7)
GRID_Z = np.array([0.0, 0.5, 1.0, 2.0, 4.0, 6.0])
DENSE_M = jnp.asarray(np.logspace(8.0, 15.5, 2001))
RADII = np.geomspace(1e-3, 40.0, 13)


@dataclass
class Knob:
    """A numerical parameter of the core: how to read it, set it, and the values to try."""

    name: str
    get: Callable[[], object]
    set: Callable[[object], None]
    values: list


def attribute_knob(module, attribute, values):
    """A plain module-level constant; None if the core no longer has it."""
    if not hasattr(module, attribute):
        return None
    return Knob(
        f"{module.__name__.rsplit('.', 1)[-1]}.{attribute}",
        lambda: getattr(module, attribute),
        lambda v: setattr(module, attribute, v),
        values,
    )


def growth_nodes_knob(values):
    """Gauss-Legendre nodes on [0, 1] of growth._growth_integral (stored as _GL_S, _GL_W)."""
    if not (hasattr(growth, "_GL_S") and hasattr(growth, "_GL_W")):
        return None

    def set_nodes(n):
        s, w = np.polynomial.legendre.leggauss(n)
        growth._GL_S, growth._GL_W = 0.5 * (s + 1.0), 0.5 * w

    return Knob("growth Gauss-Legendre nodes", lambda: len(growth._GL_S), set_nodes, values)


def root_finder_knob(keyword, values):
    """A keyword of the root finder that concentration calls, forced on every call.

    Wrapping the function (instead of editing its defaults) also works if concentration
    starts passing the keyword explicitly.
    """
    finder = getattr(concentration, "chandrupatla", None)
    if finder is None:
        return None
    import inspect

    parameter = inspect.signature(finder).parameters.get(keyword)
    if parameter is None or parameter.default is inspect.Parameter.empty:
        return None
    state = {"value": parameter.default}

    def forced(*args, **kwargs):
        kwargs[keyword] = state["value"]
        return finder(*args, **kwargs)

    def set_value(v):
        state["value"] = v
        concentration.chandrupatla = finder if v == parameter.default else forced

    return Knob(f"roots {keyword}", lambda: state["value"], set_value, values)


def knobs(quick):
    """The knobs present in the core, with the values to try (the current one included)."""
    # (name shown if missing, knob or None).  Where the tolerance is a constant of
    # concentration.py it is patched there; otherwise it is forced on the root finder.
    tolerance = attribute_knob(concentration, "_LN_C_TOL", [1e-4, 1e-6, 1e-9, 1e-13])
    candidates = [
        ("sigma._N_TABLE", attribute_knob(sigma, "_N_TABLE", [16, 24, 32, 48, 96])),
        ("sigma._N_GAUSS", attribute_knob(sigma, "_N_GAUSS", [4, 6, 8, 16])),
        ("sigma._N_GAUSS_BARYON", attribute_knob(sigma, "_N_GAUSS_BARYON", [6, 8, 12, 24])),
        ("sigma._N_HALF_PERIODS", attribute_knob(sigma, "_N_HALF_PERIODS", [8, 16, 32, 128])),
        ("growth Gauss-Legendre nodes", growth_nodes_knob([6, 8, 12, 16, 32])),
        ("einasto._N_SERIES", attribute_knob(einasto, "_N_SERIES", [12, 16, 20, 40])),
        ("root tolerance", tolerance or root_finder_knob("x_tol", [1e-4, 1e-6, 1e-9, 1e-13])),
        ("roots max_iterations", root_finder_knob("max_iterations", [5, 8, 12, 20])),
        ("concentration._N_NODES", attribute_knob(concentration, "_N_NODES", [16, 24, 48, 96])),
        ("concentration._POLISH_STEPS", attribute_knob(concentration, "_POLISH_STEPS", [1, 2, 4])),
    ]
    found = []
    for name, knob in candidates:
        if knob is None:
            print(f"note: knob {name} not found in the core (moved or renamed); skipped")
            continue
        if quick:  # the ends and the current value
            current = knob.get()
            knob.values = sorted({knob.values[0], knob.values[-1], current})
        elif knob.get() not in knob.values:
            knob.values = sorted(knob.values + [knob.get()])
        found.append(knob)
    return found


def clear_caches():
    """Forget quadrature rules, sigma tables and compiled programs built with old knobs."""
    for module in (sigma, growth, einasto, roots, concentration):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    jax.clear_caches()


def timed(fun, *args, repeats):
    """(first call, fastest of ``repeats`` further calls) in seconds, results synchronised.

    The minimum, not the mean, because interference from other processes only ever adds time.
    """
    t0 = time.perf_counter()
    jax.block_until_ready(fun(*args))
    first = time.perf_counter() - t0
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        jax.block_until_ready(fun(*args))
        times.append(time.perf_counter() - t0)
    return first, min(times)


def evaluate(batch_m, batch_z, c_ref, sigma_ref, traced, repeats):
    """Errors and timings for the knobs as currently set."""
    clear_caches()
    fixed = jax.jit(lambda m, z: agj.concentration_ludlow16(m, z, COSMOLOGY))
    concentration_valid = jax.jit(lambda m, z: agj.concentration_ludlow16_valid(m, z, COSMOLOGY))
    compile_time, batch_time = timed(fixed, batch_m, batch_z, repeats=repeats)
    c = np.asarray(fixed(batch_m, batch_z))[: c_ref.size].reshape(c_ref.shape)
    row = dict(
        c_err=float(np.max(np.abs(c / c_ref - 1.0))),
        sigma_err=float(np.max(np.abs(np.asarray(sigma.sigma(COSMOLOGY, RADII)) / sigma_ref - 1.0))),
        compile=compile_time,
        batch=batch_time,
        traced=float("nan"),
    )
    one_z_diff = 0.0
    for z in GRID_Z:
        one_z, valid = fixed(DENSE_M, z), np.asarray(concentration_valid(DENSE_M, z))
        bracketed = np.asarray(fixed(DENSE_M, jnp.full(DENSE_M.shape, z)))
        one_z_diff = max(one_z_diff, float(np.max(np.abs(np.asarray(one_z)[valid] / bracketed[valid] - 1.0))))
    row["one_z_diff"] = one_z_diff
    _, row["one_z_batch"] = timed(fixed, batch_m, 0.5, repeats=repeats)
    if traced:
        varying = jax.jit(agj.concentration_ludlow16)
        _, row["traced"] = timed(varying, batch_m, batch_z, COSMOLOGY, repeats=repeats)
    return row


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the extreme and current values")
    parser.add_argument("--no-traced", action="store_true", help="skip the traced-cosmology timing")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    c_ref, valid_ref = ref.concentration_ludlow16_grid(REF_COSMOLOGY, 10.0**GRID_LOG_M, GRID_Z)
    assert valid_ref.all()
    sigma_ref = ref.sigma(REF_COSMOLOGY, RADII)
    # The accuracy grid rides at the front of the timed batch, so one compilation serves both.
    rng = np.random.default_rng(1)
    grid_m = np.repeat(10.0**GRID_LOG_M, GRID_Z.size)
    grid_z = np.tile(GRID_Z, GRID_LOG_M.size)
    n_random = N_BATCH - grid_m.size
    batch_m = np.concatenate([grid_m, 10.0 ** rng.uniform(8.0, 15.5, n_random)])
    batch_z = np.concatenate([grid_z, rng.uniform(0.0, 6.0, n_random)])
    print(f"reference: {time.perf_counter() - start:.1f} s; JAX devices: {jax.devices()}")

    found = knobs(args.quick)
    baseline = {knob.name: knob.get() for knob in found}
    traced = not args.no_traced
    # Warm-up: the first compilation in a process also pays for XLA's and the thread pool's
    # start-up, which would otherwise inflate the baseline row.
    evaluate(batch_m, batch_z, c_ref, sigma_ref, traced, 1)
    rows = [("(current)", "all", evaluate(batch_m, batch_z, c_ref, sigma_ref, traced, args.repeats))]
    for knob in found:
        for value in knob.values:
            if value == baseline[knob.name]:
                continue
            knob.set(value)
            try:
                row = evaluate(batch_m, batch_z, c_ref, sigma_ref, traced, args.repeats)
            finally:
                knob.set(baseline[knob.name])
            rows.append((knob.name, value, row))
            print(f"  {knob.name} = {value}: c err {row['c_err']:.1e}", flush=True)
    # The baseline again: its spread against the first row shows how steady the machine was.
    rows.append(("(current, again)", "all", evaluate(batch_m, batch_z, c_ref, sigma_ref, traced, args.repeats)))
    clear_caches()

    print("\nCurrent settings: " + ", ".join(f"{k} = {v}" for k, v in baseline.items()))
    print(f"Accuracy grid {GRID_LOG_M.size}x{GRID_Z.size} (log10 M 8..15.5, z 0..6, {COSMOLOGY.name}); "
          f"batch of {N_BATCH} haloes.\n")
    print("| knob | value | max rel err c | max rel err sigma | one-z vs bracketed | compile [s] "
          "| batch [ms] | one-z batch [ms] | batch traced [ms] |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, value, row in rows:
        print(f"| {name} | {value} | {row['c_err']:.1e} | {row['sigma_err']:.1e} | {row['one_z_diff']:.1e} "
              f"| {row['compile']:.1f} | {1e3 * row['batch']:.1f} | {1e3 * row['one_z_batch']:.1f} "
              f"| {1e3 * row['traced']:.1f} |")
    print(f"\ntotal {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
