"""Accuracy of four Ludlow et al. (2016) c200c(M, z) implementations against the reference.

Compared, on two (log10 M, z) grids and two cosmologies:

(a) ``autogalaxy_jaxnfw.concentration_ludlow16`` (this package, JAX), with each of its three
    solvers (``method="series"``, ``"secant"``, ``"bracketed"``);
(b) ``autogalaxy_jaxnfw.reference``: NumPy/SciPy, adaptive quadrature and Brent's
    method, ~1e-12 precise -- the ground truth every other column is measured against;
(c) colossus' ``concentration(M, '200c', z, model='ludlow16')`` with default settings
    (interpolated sigma(R) and D(z) tables, 200-point grid in c);
(d) upstream autogalaxy's port ``autogalaxy.profiles.mass.dark.ludlow16.ludlow16_concentration``
    (trapezoidal sigma and growth integrals, no relativistic species, 200-point c grid),
    evaluated one scalar mass per call with ``xp=np``.  It carries only colossus' planck15
    constants, so it is run for planck15 alone.

Grids: "lensing" (log10 M in [10, 14] Msun/h, z in [0.1, 2.5]) and "wide" (log10 M in
[8, 15.5], z in [0, 6]).  Outputs, under ``output/validate/`` at the repository root:
``validate.md`` (the table printed to stdout) and one PNG per grid and cosmology with
maps of log10 |c / c_ref - 1|.

Run from the repository root::

    .venv/bin/python docs/research/nfw_ludlow16_jax/validate.py

The reference dominates the run time (~20 s for the default grids on an idle two-core
machine, ~1 min on a busy one).
"""

import argparse
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[3]

import jax

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref

# (our preset, reference copy, colossus name)
PRESETS = {
    "planck15": (agj.planck15, ref.REF_PLANCK15, "planck15"),
    "wmap9": (agj.wmap9, ref.REF_WMAP9, "WMAP9"),
}
# Errors of exactly zero (identical doubles) are drawn at this floor on the log maps.
ERROR_FLOOR = 1e-17


def grids(n_lensing, n_wide):
    """The two (log10 M, z) grids as (name, log10 M array, z array)."""
    return [
        ("lensing", np.linspace(10.0, 14.0, n_lensing[0]), np.linspace(0.1, 2.5, n_lensing[1])),
        ("wide", np.linspace(8.0, 15.5, n_wide[0]), np.linspace(0.0, 6.0, n_wide[1])),
    ]


def ours(cosmology, log_m, z, method):
    """(a) This package with one solver: "secant" and "bracketed" on the whole grid, "series"
    jitted over the masses for each redshift (a plain number at trace time)."""
    masses = 10.0**log_m
    if method == "series":
        columns = [jax.jit(lambda m, zi=zi: agj.concentration_ludlow16(m, zi, cosmology))(masses) for zi in z]
        return np.stack([np.asarray(c) for c in columns], axis=1)
    return np.asarray(agj.concentration_ludlow16(masses[:, None], z[None, :], cosmology, method=method))


def reference(cosmology, log_m, z):
    """(b) The NumPy/SciPy reference (NaN where it finds no solution)."""
    c, _ = ref.concentration_ludlow16_grid(cosmology, 10.0**log_m, z)
    return c


def colossus(name, log_m, z):
    """(c) colossus with its default model settings (vectorised over mass, loop over z)."""
    from colossus.cosmology import cosmology as colossus_cosmology
    from colossus.halo import concentration as colossus_concentration

    # persistence="" only keeps colossus from writing its tables to disk; values are unchanged.
    colossus_cosmology.setCosmology(name, persistence="")
    masses = 10.0**log_m
    columns = []
    for redshift in z:
        c, valid = colossus_concentration.concentration(
            masses, "200c", redshift, model="ludlow16", range_return=True, range_warning=False
        )
        columns.append(np.where(valid, c, np.nan))
    return np.array(columns).T


def upstream(log_m, z):
    """(d) autogalaxy's NumPy/JAX port, planck15 constants, one scalar mass per call."""
    from autogalaxy.profiles.mass.dark import ludlow16

    out = np.empty((log_m.size, z.size))
    for i, lm in enumerate(log_m):
        for j, redshift in enumerate(z):
            out[i, j] = float(
                ludlow16.ludlow16_concentration(10.0**lm, redshift, xp=np, **ludlow16.PLANCK15_COSMOLOGY)
            )
    return out


def error_stats(c, c_ref):
    """Max and median |c / c_ref - 1| where both are defined, and how many the method lacks."""
    both = np.isfinite(c) & np.isfinite(c_ref)
    rel = np.abs(c[both] / c_ref[both] - 1.0)
    missing = int(np.sum(np.isfinite(c_ref) & ~np.isfinite(c)))
    return float(np.max(rel)), float(np.median(rel)), missing


def plot_maps(path, title, log_m, z, c_ref, methods):
    """One panel of log10 |c / c_ref - 1| per method, each with its own colour scale."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(methods), figsize=(4.6 * len(methods), 3.9), squeeze=False)
    for ax, (label, c) in zip(axes[0], methods.items()):
        rel = np.abs(c / c_ref - 1.0)
        log_err = np.log10(np.maximum(rel, ERROR_FLOOR))
        mesh = ax.pcolormesh(z, log_m, log_err, shading="nearest", cmap="viridis")
        ax.set_title(f"{label}\nmax {np.nanmax(rel):.1e}, median {np.nanmedian(rel):.1e}", fontsize=10)
        ax.set_xlabel("redshift z")
        ax.set_ylabel(r"$\log_{10} M_{200c}$ [$M_\odot\,h^{-1}$]")
        fig.colorbar(mesh, ax=ax, label=r"$\log_{10}|c/c_{\rm ref} - 1|$")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def parse_shape(text):
    n_m, n_z = (int(v) for v in text.lower().split("x"))
    return n_m, n_z


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lensing", type=parse_shape, default=(17, 13), help="grid size, e.g. 17x13")
    parser.add_argument("--wide", type=parse_shape, default=(31, 25), help="grid size, e.g. 31x25")
    parser.add_argument("--out", type=Path, default=REPO / "output" / "validate")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    rows = []
    timings = {}
    start = time.perf_counter()
    for grid_name, log_m, z in grids(args.lensing, args.wide):
        for preset, (cosmo, ref_cosmo, colossus_name) in PRESETS.items():
            t0 = time.perf_counter()
            c_ref = reference(ref_cosmo, log_m, z)
            timings[f"reference {grid_name}/{preset}"] = time.perf_counter() - t0
            methods = {f"ours ({m})": ours(cosmo, log_m, z, m) for m in ("series", "secant", "bracketed")}
            methods["colossus"] = colossus(colossus_name, log_m, z)
            if preset == "planck15":
                t0 = time.perf_counter()
                methods["upstream autogalaxy"] = upstream(log_m, z)
                timings[f"upstream {grid_name}/{preset}"] = time.perf_counter() - t0
            for label, c in methods.items():
                rows.append((grid_name, f"{log_m.size}x{z.size}", preset, label, *error_stats(c, c_ref)))
            plot_maps(
                args.out / f"relerr_{grid_name}_{preset}.png",
                f"Ludlow16 c200c vs reference: {grid_name} grid, {preset}",
                log_m, z, c_ref, methods,
            )

    lines = [
        "| grid | size (M x z) | cosmology | method | max rel err | median rel err | undefined where ref is defined |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {g} | {s} | {p} | {m} | {mx:.2e} | {md:.2e} | {miss} |" for g, s, p, m, mx, md, miss in rows]
    table = "\n".join(lines)
    header = (
        "# Ludlow16 c200c: relative error vs the NumPy/SciPy reference\n\n"
        "Generated by `docs/research/nfw_ludlow16_jax/validate.py`; lensing grid log10 M in "
        "[10, 14] Msun/h, z in [0.1, 2.5]; wide grid log10 M in [8, 15.5], z in [0, 6]. "
        "Upstream autogalaxy only carries planck15 constants.\n\n"
    )
    (args.out / "validate.md").write_text(header + table + "\n")
    print(table)
    print(f"\nwrote {args.out / 'validate.md'} and {len(list(args.out.glob('relerr_*.png')))} PNG maps "
          f"in {time.perf_counter() - start:.0f} s "
          f"(reference {sum(v for k, v in timings.items() if k.startswith('reference')):.0f} s)")
    return rows


if __name__ == "__main__":
    main()
