"""The science check's table (markdown and console) and figures (per case and summary)."""

from pathlib import Path
from typing import Sequence

import numpy as np

LOG10_FLOOR = 1.0e-17
"""Relative differences are clipped here before taking log10 in the figures (identical pixels)."""


def worst(error) -> float:
    """Max over kappa and alpha of a comparison's largest per-pixel error (NaN if not evaluated)."""
    if error is None:
        return float("nan")
    return max(error["convergence"]["max"], error["deflection"]["max"])


def _fmt(value: float) -> str:
    return "n/a" if np.isnan(value) else f"{value:.1e}"


def _params_error(result: dict) -> float:
    return max(result["parameter_rel_error"]["plugin_vs_highprec"].values())


def markdown_table(summary: dict) -> str:
    """The summary as a markdown document with one table row per case."""
    from .check import FLOOR_PERTURBATION, PLUGIN_TOLERANCE, SLACK_ABS, SLACK_FACTOR

    grid = summary["grid"]
    lines = [
        "# Science check: the plugin's haloes, pixel by pixel",
        "",
        f"Grid: {grid['shape_native'][0]} x {grid['shape_native'][1]} pixels of {grid['pixel_scales']}\". "
        "Per-pixel relative errors; max (max / median for the plugin) over the grid.",
        f"Convergence: {summary['error_definitions']['convergence']}; deflection: "
        f"{summary['error_definitions']['deflection']}.",
        f"Thresholds: plugin vs highprec <= {PLUGIN_TOLERANCE:g}; plugin vs colossus <= "
        f"{SLACK_FACTOR:g} x colossus vs highprec + {SLACK_ABS:g}.",
        "",
        f"'floor' = the reference with r_s (r_c) x (1 + {FLOOR_PERTURBATION:g}): the profile's own numerical "
        "response to a parameter change of the plugin's size (not thresholded; n/a for quadrature references).",
        "'params' = largest relative difference of kappa_s, r_s (r_c, r_t) and c200c. 'upstream' n/a: no "
        "upstream class, or one that integrates per pixel with SciPy.",
        "",
        "| case | c200c (highprec) | plugin vs hp: params | kappa max / med | alpha max / med "
        "| plugin vs colossus: kappa max | alpha max | colossus vs hp: kappa max | alpha max "
        "| upstream vs hp: kappa max | alpha max | floor: kappa max | alpha max | pass |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in summary["cases"]:
        e = r["errors"]

        def mm(comparison, quantity):
            return f"{e[comparison][quantity]['max']:.1e} / {e[comparison][quantity]['median']:.1e}"

        def mx(comparison, quantity):
            return "n/a" if e[comparison] is None else f"{e[comparison][quantity]['max']:.1e}"

        cells = [mx(c, q) for c in ("plugin_vs_colossus", "colossus_vs_highprec", "upstream_vs_highprec",
                                    "floor_vs_highprec") for q in ("convergence", "deflection")]
        lines.append(
            f"| {r['name']} | {r['concentration']['highprec']:.4f} | {_params_error(r):.1e} "
            f"| {mm('plugin_vs_highprec', 'convergence')} | {mm('plugin_vs_highprec', 'deflection')} "
            f"| {' | '.join(cells)} | {'yes' if r['passed'] else '**NO**'} |"
        )
    lines += ["", f"All passed: {summary['passed']}. Runtime {summary['seconds']:.1f} s.", ""]
    return "\n".join(lines)


def print_table(summary: dict) -> None:
    """A compact console table: worst (max over kappa and alpha) per-pixel error per comparison."""
    header = (f"{'case':<44s} {'c_hp':>7s} {'params':>8s} {'plug/hp':>8s} {'plug/col':>8s} {'col/hp':>8s} "
              f"{'upst/hp':>8s} {'floor':>8s}  pass")
    print(header)
    print("-" * len(header))
    for r in summary["cases"]:
        e = r["errors"]
        columns = ("plugin_vs_highprec", "plugin_vs_colossus", "colossus_vs_highprec", "upstream_vs_highprec",
                   "floor_vs_highprec")
        print(f"{r['name']:<44s} {r['concentration']['highprec']:7.3f} {_params_error(r):8.1e} "
              + " ".join(f"{_fmt(worst(e[c])):>8s}" for c in columns)
              + f"  {'ok' if r['passed'] else 'FAIL'}")
    print("Map columns: max over the grid of the per-pixel relative error, worst of convergence and\n"
          "deflection; hp = high-precision reference, col = colossus, upst = upstream autogalaxy;\n"
          "params = plugin vs hp for kappa_s, r_s (r_c, r_t), c; floor = hp maps with r_s (r_c) x (1 + "
          f"{summary['floor_perturbation']:g}), i.e. the profile's own numerical noise (not thresholded).")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only; no display is needed or assumed
    import matplotlib.pyplot as plt

    return plt


def plot_case(result, rel_maps: dict, shape_native, pixel_scales: float, out_dir: Path, floor_perturbation) -> Path:
    """2 x 2 maps of log10 per-pixel relative difference for one case.

    Rows: convergence, deflection; columns: plugin vs colossus, plugin vs high precision.
    """
    plt = _pyplot()
    ny, nx = shape_native
    half_y, half_x = ny * pixel_scales / 2.0, nx * pixel_scales / 2.0
    extent = (-half_x, half_x, -half_y, half_y)
    columns = [("plugin_vs_colossus", "plugin vs colossus"), ("plugin_vs_highprec", "plugin vs high-precision ref.")]
    rows = [("convergence", "convergence $\\kappa$"), ("deflection", "deflection $\\vec\\alpha$")]

    fig, axes = plt.subplots(2, 2, figsize=(10, 9))
    fig.subplots_adjust(left=0.07, right=0.97, bottom=0.06, top=0.83, wspace=0.3, hspace=0.35)
    for i, (quantity, quantity_label) in enumerate(rows):
        for j, (comparison, comparison_label) in enumerate(columns):
            ax = axes[i, j]
            rel = rel_maps[comparison][quantity].reshape(ny, nx)
            # Array row 0 is the top (largest y) of an autoarray grid, hence origin="upper".
            im = ax.imshow(np.log10(np.maximum(rel, LOG10_FLOOR)), extent=extent, origin="upper", cmap="viridis")
            ax.set_title(f"{quantity_label}: {comparison_label}\nmax {rel.max():.2e}, median {np.median(rel):.2e}",
                         fontsize=10)
            ax.set_xlabel("x [arcsec]")
            ax.set_ylabel("y [arcsec]")
            fig.colorbar(im, ax=ax, label="log$_{10}$ relative difference")
    case, floor = result.case, result.errors["floor_vs_highprec"]
    subtitle = (
        f"M{case['mdef']} = {case['mass_at_200']:.3g} Msun, z_lens = {case['redshift_object']:g}, "
        f"z_source = {case['redshift_source']:g}, scatter = {case['scatter_sigma']:+g}, relation {case['relation']}"
        + (f", f_c = {case['f_c']:g}" if case["f_c"] is not None else "")
        + ("" if case["spherical"] else f", ell_comps = {tuple(case['ell_comps'])}")
        + "".join(f", {k} = {v:g}" for k, v in case["options"])
        + (f", m_wdm = {case['m_wdm']:g} keV" if np.isfinite(case["m_wdm"]) else "")
        + f"\nc200c: high-precision {result.concentration['highprec']:.6f}, "
        f"colossus {result.concentration['colossus']:.6f}, plugin {result.concentration['plugin']:.6f}"
    )
    if floor is not None:
        subtitle += (f"\nprofile's numerical floor (reference with r_s x (1 + {floor_perturbation:g})): max "
                     f"{floor['convergence']['max']:.1e} (kappa), {floor['deflection']['max']:.1e} (alpha)")
    fig.suptitle(f"{result.name}\n{subtitle}", fontsize=11)
    path = out_dir / f"case_{result.name}.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def plot_summary(results: Sequence, out_dir: Path, tolerance: float, floor_perturbation: float) -> Path:
    """Grouped bars: max per-pixel relative error vs the high-precision maps, per case (n/a: no bar)."""
    plt = _pyplot()
    series = [
        ("plugin_vs_highprec", "plugin (autogalaxy_jaxnfw)", "tab:blue"),
        ("colossus_vs_highprec", "colossus", "tab:orange"),
        ("upstream_vs_highprec", "upstream autogalaxy", "tab:green"),
        ("floor_vs_highprec", f"numerical floor: reference with r_s x (1+{floor_perturbation:g})", "tab:gray"),
    ]
    x = np.arange(len(results))
    width = 0.2
    fig, axes = plt.subplots(2, 1, figsize=(max(10, 0.5 * len(results) + 3), 10), sharex=True, constrained_layout=True)
    for ax, quantity in zip(axes, ("convergence", "deflection")):
        for k, (comparison, label, colour) in enumerate(series):
            values = [np.nan if r.errors[comparison] is None else max(r.errors[comparison][quantity]["max"], LOG10_FLOOR)
                      for r in results]
            ax.bar(x + (k - 1.5) * width, values, width, label=label, color=colour)
        ax.axhline(tolerance, color="k", ls="--", lw=1, label=f"plugin tolerance {tolerance:g}")
        ax.set_yscale("log")
        ax.set_ylabel(f"max per-pixel relative error\nof the {quantity} map")
        ax.set_title(f"{quantity}: error against the high-precision reference")
        ax.grid(axis="y", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncol=3, fontsize=9)
    axes[-1].set_xticks(x)
    axes[-1].set_xticklabels([r.name for r in results], rotation=70, ha="right", fontsize=7)
    axes[-1].set_xlabel("case (profile, mass [Msun], z_lens, z_source, scatter, f_c, relation, definition, m_wdm)")
    path = out_dir / "summary_max_rel_error.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
