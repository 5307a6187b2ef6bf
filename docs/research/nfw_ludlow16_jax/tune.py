"""Accuracy and cost of the numerical knobs of the concentration, one knob at a time.

Knobs (module attributes; every other knob keeps its value):

* ``sigma._N_TABLE``, ``sigma._N_GAUSS``, ``sigma._N_GAUSS_BARYON``,
  ``sigma._N_HALF_PERIODS``: the ln sigma^2 series and the quadrature behind it;
* ``growth._N_GROWTH_SERIES``: terms of the growth factor's series in the solvers;
* ``einasto._N_SERIES``: terms of the ln(M_-2/M_200)(ln c) series;
* ``formation._H_DEGREE``, ``formation._R_DEGREE``: the series of the quantile H(v) and of
  ln c(v) in the collapse density ratio;
* ``secant_solver.MAX_ITERATIONS``: the bound on the secant steps;
* ``bracketed_solver._LN_C_TOL``: the bracketed solver's tolerance in ln c;
* ``fixed_redshift._LN_C_TOL``: the fixed-redshift series' fitting tolerance.

For each setting: ``err secant``, ``err series``, ``err bracketed``, the largest
|c / c_ref - 1| of each solver on a (log10 M, z) grid against the NumPy/SciPy reference
(``autogalaxy_jaxnfw.reference``); ``secant vs bracketed``, their largest difference and the
number of halos whose validity differs among 4000 random (M, z), masses beyond the sigma
table and redshifts beyond colossus' z_-2 limit included; ``compile`` and ``call``, the
first and a later call of a jitted scalar (M, z) function (tracing and XLA compilation
included in the first).  Tables are rebuilt for every setting (the shipped preset tables
are bypassed).  Timings are only comparable within one run.

Run from the repository root::

    .venv/bin/python docs/research/nfw_ludlow16_jax/tune.py [--quick]
"""

import argparse
import time

import jax
import numpy as np

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.cosmology import growth, sigma, tables
from autogalaxy_jaxnfw.halo.ludlow16 import bracketed_solver, einasto, fixed_redshift, formation, secant_solver
from autogalaxy_jaxnfw.numerics import chebyshev
from autogalaxy_jaxnfw import reference as ref

GRID_LOG_M = np.linspace(8.0, 15.5, 7)
GRID_Z = np.array([0.0, 0.5, 1.0, 2.0, 4.0, 6.0])


def _refit_einasto():
    n = einasto._N_SERIES
    nodes = chebyshev.chebyshev_nodes(*einasto.LN_C_RANGE, n)
    einasto._LN_MASS_RATIO_SERIES = chebyshev.chebyshev_coefficients(
        np.log(einasto.einasto_mass_ratio(np.exp(nodes), xp=np))
    )


def _refit_formation():
    formation._R_SERIES, formation._H_SERIES = formation._fit_in_v()


KNOBS = {  # (module, attribute, values, what to rebuild after setting it)
    "sigma._N_TABLE": (sigma, "_N_TABLE", [32, 48, 96], None),
    "sigma._N_GAUSS": (sigma, "_N_GAUSS", [6, 8, 16], None),
    "sigma._N_GAUSS_BARYON": (sigma, "_N_GAUSS_BARYON", [8, 12, 24], None),
    "sigma._N_HALF_PERIODS": (sigma, "_N_HALF_PERIODS", [16, 32, 128], None),
    "growth._N_GROWTH_SERIES": (growth, "_N_GROWTH_SERIES", [16, 24, 48], None),
    "einasto._N_SERIES": (einasto, "_N_SERIES", [16, 20, 40], _refit_einasto),
    "formation._H_DEGREE": (formation, "_H_DEGREE", [24, 32, 64], _refit_formation),
    "formation._R_DEGREE": (formation, "_R_DEGREE", [16, 24, 48], _refit_formation),
    "secant_solver.MAX_ITERATIONS": (secant_solver, "MAX_ITERATIONS", [5, 6, 8, 16], None),
    "bracketed_solver._LN_C_TOL": (bracketed_solver, "_LN_C_TOL", [1e-8, 1e-10, 1e-13], None),
    "fixed_redshift._LN_C_TOL": (fixed_redshift, "_LN_C_TOL", [1e-10, 1e-12, 1e-14], None),
}


def measure(reference, random_inputs):
    tables.clear_cache()
    jax.clear_caches()
    masses = 10.0**GRID_LOG_M
    out = {}
    for method in ("secant", "bracketed"):
        c = agj.concentration_ludlow16(masses[:, None], GRID_Z[None, :], method=method)
        out[f"err {method}"] = float(np.max(np.abs(np.asarray(c) / reference - 1.0)))
    series = [np.asarray(jax.jit(lambda m, z=z: agj.concentration_ludlow16(m, z))(masses)) for z in GRID_Z]
    out["err series"] = float(np.max(np.abs(np.stack(series, axis=1) / reference - 1.0)))
    m_rand, z_rand = random_inputs
    a = agj.concentration_ludlow16_solution(m_rand, z_rand, method="secant")
    b = agj.concentration_ludlow16_solution(m_rand, z_rand, method="bracketed")
    both = np.asarray(a.valid) & np.asarray(b.valid)
    out["secant vs bracketed"] = float(np.max(np.abs(np.asarray(a.concentration)[both] / np.asarray(b.concentration)[both] - 1.0)))
    out["validity differs"] = int(np.sum(np.asarray(a.valid) != np.asarray(b.valid)))
    f = jax.jit(lambda m, z: agj.concentration_ludlow16(m, z))
    start = time.perf_counter()
    f(1e12, 0.5).block_until_ready()
    out["compile [s]"] = time.perf_counter() - start
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for m in np.logspace(9.0, 14.0, 50):
            f(float(m), 0.7).block_until_ready()
        best = min(best, (time.perf_counter() - start) / 50)
    out["call [us]"] = 1e6 * best
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two values per knob")
    args = parser.parse_args(argv)
    tables._shipped = lambda cosmology: None  # every setting builds its own tables
    reference, valid = ref.concentration_ludlow16_grid(ref.REF_PLANCK15, 10.0**GRID_LOG_M, GRID_Z)
    assert valid.all()
    rng = np.random.default_rng(1)
    random_inputs = (10.0 ** rng.uniform(4.0, 16.5, 4000), np.concatenate([rng.uniform(0, 30, 3200), rng.uniform(150, 260, 800)]))
    rows = [("current", measure(reference, random_inputs))]
    for name, (module, attribute, values, rebuild) in KNOBS.items():
        current = getattr(module, attribute)
        for value in values[:2] if args.quick else values:
            setattr(module, attribute, value)
            if rebuild:
                rebuild()
            rows.append((f"{name} = {value}", measure(reference, random_inputs)))
        setattr(module, attribute, current)
        if rebuild:
            rebuild()
    columns = list(rows[0][1])
    print("| setting | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for label, values in rows:
        print(f"| {label} | " + " | ".join(f"{values[c]:.3g}" for c in columns) + " |")


if __name__ == "__main__":
    main()
