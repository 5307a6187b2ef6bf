"""autolens_workspace's subhalo simulator, run unchanged, with upstream's class and with the sibling.

The script ``scripts/imaging/features/advanced/subhalo/simulator.py`` of a copy of
autolens_workspace (``--workspace PATH``) is run as a whole, each run in a fresh Python
process from a fresh copy of the workspace folder, interleaved upstream / plugin / upstream /
plugin ... (``--pairs``).  The plugin variant differs from the script by one text substitution:
every ``al.mp.NFWTruncatedMCRLudlowSph(`` becomes ``agj.NFWTruncatedMCRLudlowSphJax(`` and
``import autogalaxy_jaxnfw as agj`` is added after ``import autolens as al``.  Each process
seeds NumPy's global generator (``np.random.seed(1)``) before running the script, so both
variants draw the same Poisson noise and their ``data.fits`` can be compared (the first
dataset's; NumPy's Poisson sampler consumes a count-dependent number of draws, so the streams
part after the first pixel whose draw differs and the second dataset's noise differs).  The figure is
the median over pairs of plugin / upstream wall time (the machine is shared, so the load is
recorded per run).  Writes ``results_workspace.json`` next to this file.

Run from the repository root::

    .venv/bin/python docs/research/kernel/bench_workspace_simulator.py --workspace PATH
"""

import argparse
import datetime
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from astropy.io import fits

SCRIPT = Path("scripts", "imaging", "features", "advanced", "subhalo", "simulator.py")
UPSTREAM_CALL = "al.mp.NFWTruncatedMCRLudlowSph("
PLUGIN_CALL = "agj.NFWTruncatedMCRLudlowSphJax("
IMPORT_LINE = "import autolens as al\n"
PLUGIN_IMPORT = "import autogalaxy_jaxnfw as agj\n"
DATASETS = ("dark_matter_subhalo", "dark_matter_subhalo_no_lens_light")
RUNNER = (
    "import sys, runpy, numpy as np; np.random.seed(1); "
    "runpy.run_path(sys.argv[1], run_name='__main__')"
)
REPO_ROOT = Path(__file__).resolve().parents[3]


def plugin_variant(text):
    """The script with the sibling in place of upstream's class; fails loudly if nothing matches."""
    count = text.count(UPSTREAM_CALL)
    if count == 0 or IMPORT_LINE not in text:
        raise SystemExit(f"{SCRIPT}: expected '{UPSTREAM_CALL}' and '{IMPORT_LINE.strip()}'")
    text = text.replace(UPSTREAM_CALL, PLUGIN_CALL)
    return text.replace(IMPORT_LINE, IMPORT_LINE + PLUGIN_IMPORT, 1), count


def run_once(workspace, variant_text, label, keep):
    """Copy the workspace, run the script in a fresh process there, return wall time and load."""
    folder = Path(tempfile.mkdtemp(prefix=f"ws_{label}_"))
    shutil.copytree(workspace, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git", "dataset", "output"))
    (folder / SCRIPT).write_text(variant_text)
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=str(REPO_ROOT))
    load_before = os.getloadavg()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(SCRIPT)], cwd=folder, env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{label} run failed in {folder}:\n{done.stderr[-4000:]}")
    keep[label] = folder
    return {"variant": label, "wall_s": wall, "cpu_s": cpu, "loadavg_before": load_before, "loadavg_after": os.getloadavg()}


def image_differences(upstream_folder, plugin_folder):
    """Max |plugin - upstream| over each output .fits, relative to upstream's peak |value|."""
    out = {}
    for name in DATASETS:
        for fits_name in ("data.fits", "noise_map.fits"):
            a = fits.getdata(upstream_folder / "dataset" / "imaging" / name / fits_name).astype(float)
            b = fits.getdata(plugin_folder / "dataset" / "imaging" / name / fits_name).astype(float)
            out[f"{name}/{fits_name}"] = {
                "max_abs_diff_over_peak": float(np.max(np.abs(b - a)) / np.max(np.abs(a))),
                "pixels_differing": int(np.count_nonzero(b != a)),
                "pixels": int(a.size),
            }
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", required=True, type=Path, help="autolens_workspace folder")
    parser.add_argument("--pairs", type=int, default=2, help="interleaved upstream/plugin pairs")
    args = parser.parse_args()
    upstream_text = (args.workspace / SCRIPT).read_text()
    plugin_text, substituted = plugin_variant(upstream_text)

    runs, ratios, cpu_ratios, folders = [], [], [], {}
    for pair in range(args.pairs):
        for label, text in (("upstream", upstream_text), ("plugin", plugin_text)):
            runs.append(run_once(args.workspace, text, f"{label}{pair}", folders) | {"pair": pair})
            print(json.dumps(runs[-1]), flush=True)
        ratios.append(runs[-1]["wall_s"] / runs[-2]["wall_s"])
        cpu_ratios.append(runs[-1]["cpu_s"] / runs[-2]["cpu_s"])
    differences = image_differences(folders["upstream0"], folders["plugin0"])
    for folder in folders.values():
        shutil.rmtree(folder, ignore_errors=True)

    result = {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": f".venv/bin/python docs/research/kernel/bench_workspace_simulator.py --workspace PATH --pairs {args.pairs}",
        "script": str(SCRIPT),
        "substitution": {
            "replaced": UPSTREAM_CALL,
            "by": PLUGIN_CALL,
            "occurrences": substituted,
            "added_after_" + IMPORT_LINE.strip().replace(" ", "_"): PLUGIN_IMPORT.strip(),
        },
        "runs": runs,
        "ratio_plugin_over_upstream_per_pair": ratios,
        "median_ratio": statistics.median(ratios),
        "cpu_ratio_plugin_over_upstream_per_pair": cpu_ratios,
        "median_cpu_ratio": statistics.median(cpu_ratios),
        "median_wall_s": {
            label: statistics.median(r["wall_s"] for r in runs if r["variant"].startswith(label))
            for label in ("upstream", "plugin")
        },
        "image_differences_pair0": differences,
        "cpu_count": os.cpu_count(),
    }
    out = Path(__file__).with_name("results_workspace.json")
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("median_ratio", "median_cpu_ratio", "median_wall_s", "image_differences_pair0")}, indent=2))


if __name__ == "__main__":
    main()
