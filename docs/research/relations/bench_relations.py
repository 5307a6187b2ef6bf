"""Accuracy and speed of the relations and mass conversions against the references and colossus, one run.

Run from the repository root (CPU; a few minutes)::

    .venv/bin/python docs/research/relations/bench_relations.py [--n-batch 100000] [--out output/relations] [--speed-only]

Accuracy: max relative difference of this package and of colossus from the table-free
references (``autogalaxy_jaxnfw.reference``) on a grid of log10 M = 6-15.5 (Msun/h),
z = 0-6 and the four presets (fewer points for Ishiyama et al.'s ten sets: the reference's
sigma-slope quadrature costs about a second per radius).  Speed: a batch of ``n_batch``
halos at one redshift (colossus takes one redshift per call) and a single halo, this
package jitted (best of several repeats, after compilation), colossus as it comes; the
first call in a fresh process (import excluded, compilation and table loading included)
in subprocesses.  The markdown table is printed and written to ``<out>/relations.md``.
"""

import argparse
import json
import pathlib
import subprocess
import sys
import time
import warnings

import jax
import numpy as np

jax.config.update("jax_enable_x64", True)

import autogalaxy_jaxnfw as agj  # noqa: E402
from autogalaxy_jaxnfw import reference as ref  # noqa: E402
from autogalaxy_jaxnfw.halo.concentration import concentration  # noqa: E402
from autogalaxy_jaxnfw.halo.mass_definitions import change_mass_definition  # noqa: E402
from autogalaxy_jaxnfw.reference import diemer19 as ref_dj19  # noqa: E402
from autogalaxy_jaxnfw.reference import mass_definitions as ref_md  # noqa: E402

PRESETS = [("planck13", ref.REF_PLANCK13), ("planck15", ref.REF_PLANCK15), ("planck18", ref.REF_PLANCK18), ("wmap9", ref.REF_WMAP9)]
CASES = [
    ("diemer19 median 200c", "diemer19", "200c", {}, ("diemer19", "median", "200c")),
    ("diemer19 mean 200c", "diemer19", "200c", {"statistic": "mean"}, ("diemer19", "mean", "200c")),
] + [
    (f"ishiyama21 {t} {s} {m}", "ishiyama21", m, {"c_type": t, "halo_sample": s}, (t, s, m))
    for (t, s, m) in ref_dj19.PARAMETERS if t in ("fit", "vmax")
]


_COLOSSUS_NAMES = {"planck13": "planck13", "planck15": "planck15", "planck18": "planck18", "wmap9": "WMAP9"}


def _colossus():
    from colossus.cosmology import cosmology
    from colossus.halo import concentration as colossus_concentration, mass_defs

    return cosmology, colossus_concentration, mass_defs


def _rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.nanmax(np.abs(a / b - 1.0)))


def accuracy(masses_dj19, redshifts):
    cosmology, colossus_c, mass_defs = _colossus()
    rows = []
    for label, model, mdef, options, key in CASES:
        presets = PRESETS if model == "diemer19" else PRESETS[1:2]
        masses = masses_dj19 if model == "diemer19" else masses_dj19[[0, -1]]
        ours_err, theirs_err = [], []
        for name, reference in presets:
            cosmology.setCosmology(_COLOSSUS_NAMES[name])
            ours_cosmo = getattr(agj.cosmology, name)
            for z in redshifts:
                truth = np.array([ref_dj19.concentration_dj19_form(reference, m, z, ref_dj19.PARAMETERS[key]) for m in masses])
                ours = concentration(masses, mdef, z, model=model, cosmology=ours_cosmo, **options)
                kwargs = {"statistic": options["statistic"]} if "statistic" in options else {k: v for k, v in options.items()}
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    theirs = colossus_c.concentration(masses, mdef, z, model=model, **kwargs)
                ours_err.append(_rel(ours, truth))
                theirs_err.append(_rel(theirs, truth))
        rows.append((label, len(presets) * len(redshifts) * len(masses), max(ours_err), max(theirs_err)))
    # Conversions: a grid of M, c, z for each preset.
    M, c, z = (a.ravel() for a in np.meshgrid(np.geomspace(1e6, 10**15.5, 5), [2.0, 8.0, 30.0], redshifts, indexing="ij"))
    for mdef_in, mdef_out in [("200c", "vir"), ("200c", "200m"), ("vir", "500c")]:
        ours_err, theirs_err = [], []
        for name, reference in PRESETS:
            cosmology.setCosmology(_COLOSSUS_NAMES[name])
            truth = ref_md.change_mass_definition_array(reference, M, c, z, mdef_in, mdef_out)
            ours = change_mass_definition(M, c, z, mdef_in, mdef_out, getattr(agj.cosmology, name))
            theirs = [mass_defs.changeMassDefinition(m, ci, zi, mdef_in, mdef_out) for m, ci, zi in zip(M, c, z)]
            ours_err.append(max(_rel(ours[i], truth[i]) for i in range(3)))
            theirs_err.append(max(_rel([t[i] for t in theirs], truth[i]) for i in range(3)))
        rows.append((f"change_mass_definition {mdef_in} -> {mdef_out} (M, R, c)", 4 * M.size, max(ours_err), max(theirs_err)))
    return rows


def _best(f, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        jax.block_until_ready(f())
        times.append(time.perf_counter() - start)
    return min(times)


_FIRST_CALL = """
import time, jax
jax.config.update("jax_enable_x64", True)
import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.halo.concentration import concentration
start = time.perf_counter()
jax.block_until_ready(concentration(1e12, {mdef!r}, 0.5, model={model!r}))
print(time.perf_counter() - start)
"""


def speed(n_batch):
    cosmology, colossus_c, mass_defs = _colossus()
    cosmology.setCosmology("planck15")
    masses = np.geomspace(1e6, 10**15.5, n_batch)
    rows = []
    for label, model, mdef, options in [
        ("diemer19 200c", "diemer19", "200c", {}),
        ("ishiyama21 fit all vir", "ishiyama21", "vir", {}),
        ("ludlow16 200c", "ludlow16", "200c", {}),
        ("diemer19 vir (nested)", "diemer19", "vir", {}),
    ]:
        nested = "nested" in label
        ludlow = model == "ludlow16"
        n_colossus = 20 if nested else (2000 if ludlow else n_batch)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            colossus_batch = _best(lambda: colossus_c.concentration(masses[:: n_batch // n_colossus], mdef, 0.5, model=model), 2)
            colossus_batch *= n_batch / n_colossus
            colossus_single = _best(lambda: colossus_c.concentration(1e12, mdef, 0.5, model=model), 5)
        batched = jax.jit(lambda m: concentration(m, mdef, 0.5, model=model, **options))
        single = jax.jit(lambda m: concentration(m, mdef, 0.5, model=model, **options))
        jax.block_until_ready(batched(masses)), jax.block_until_ready(single(1e12))
        ours_batch = _best(lambda: batched(masses), 3)
        ours_single = _best(lambda: single(1e12), 20)
        first = [float(subprocess.run([sys.executable, "-c", _FIRST_CALL.format(mdef=mdef, model=model)], capture_output=True, text=True, check=True).stdout.split()[-1]) for _ in range(2)]
        rows.append((label, colossus_batch, ours_batch, colossus_single, ours_single, min(first)))
    M, c = np.geomspace(1e6, 10**15.5, n_batch), np.full(n_batch, 5.0)
    convert = jax.jit(lambda m, c: change_mass_definition(m, c, 0.5, "200c", "vir").c)
    jax.block_until_ready(convert(M, c)), jax.block_until_ready(convert(1e12, 5.0))
    rows.append((
        "change_mass_definition 200c -> vir",
        _best(lambda: mass_defs.changeMassDefinition(M, c, 0.5, "200c", "vir"), 3),
        _best(lambda: convert(M, c), 3),
        _best(lambda: mass_defs.changeMassDefinition(1e12, 5.0, 0.5, "200c", "vir"), 20),
        _best(lambda: convert(1e12, 5.0), 20),
        float("nan"),
    ))
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-batch", type=int, default=100_000)
    parser.add_argument("--out", default="output/relations")
    parser.add_argument("--speed-only", action="store_true", help="skip the accuracy table")
    args = parser.parse_args()
    lines = ["| relation / conversion | points | max rel. diff. package vs reference | max rel. diff. colossus vs reference |", "|---|---|---|---|"]
    accuracy_rows = [] if args.speed_only else accuracy(np.geomspace(1e6, 10**15.5, 5), np.array([0.0, 1.0, 3.0, 6.0]))
    lines += [f"| {r[0]} | {r[1]} | {r[2]:.1e} | {r[3]:.1e} |" for r in accuracy_rows]
    lines += ["", f"| relation | colossus batch ({args.n_batch}) | package batch | ratio | colossus single | package single (jitted) | ratio | first call, fresh process |", "|---|---|---|---|---|---|---|---|"]
    speed_rows = speed(args.n_batch)
    for label, cb, ob, cs, os_, first in speed_rows:
        lines.append(f"| {label} | {cb * 1e3:.1f} ms | {ob * 1e3:.2f} ms | {cb / ob:.0f}x | {cs * 1e6:.0f} us | {os_ * 1e6:.0f} us | {cs / os_:.0f}x | {first:.2f} s |")
    table = "\n".join(lines)
    print(table)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "relations.md").write_text(table + "\n")
    (out / "relations.json").write_text(json.dumps({"accuracy": accuracy_rows, "speed": speed_rows}, indent=1))


if __name__ == "__main__":
    main()
