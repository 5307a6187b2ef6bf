"""
Example: detecting a dark-matter subhalo with a grid of non-linear searches
===========================================================================

A subhalo sitting on the Einstein ring of a strong lens perturbs the lensed arc.  The
standard way to find it (PyAutoLens' SLaM "subhalo detection" pipeline) is:

1. fit the lens without a subhalo (the smooth model);
2. fit it again with a subhalo, once per cell of a grid over the image plane, the subhalo's
   centre confined to that cell (``af.SearchGridSearch``);
3. map the Bayesian evidence gained by adding the subhalo in each cell
   (``al.subhalo.SubhaloGridSearchResult``): a large increase marks a detection, and that
   cell's posterior gives the subhalo's mass.

Here the subhalo is an NFW halo on the Ludlow et al. (2016) concentration-mass relation,
parameterised by its mass M200c, computed by this package in JAX so every fit is a
jit-compiled likelihood.  The data are simulated with a *truncated* Ludlow subhalo
(``NFWTruncatedMCRLudlowSphJax``) and fitted with an untruncated one
(``NFWMCRLudlowSphJax``), both on the mean relation, as in the autolens workspace.

Run from the repository root::

    .venv/bin/python docs/examples/subhalo_detect.py           # 3 x 3 cells, lens and source shapes free
    .venv/bin/python docs/examples/subhalo_detect.py --quick   # 2 x 2 cells, source fixed (~1 min)

Outputs (``output/subhalo_detect/``): ``detection_map.png`` and ``summary.json`` (the
evidence increase per cell, the detection cell and the recovered mass against the input);
the searches' own output lies beside them.  Exit status 1 if the detection cell misses the
subhalo or its mass is not recovered within ``--n-sigma`` posterior standard deviations.
"""

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

import autofit as af
import autolens as al

import autogalaxy_jaxnfw as agj
from example_util import (
    REDSHIFT_LENS,
    REDSHIFT_SOURCE,
    dynesty,
    masked_imaging,
    posterior_of,
    pyauto_output,
    smooth_model,
    subhalo_model,
    write_summary,
)

NAME = "subhalo_detect"
#: The input subhalo, on the Einstein ring (|centre| ~ 1"), off pixel centres.
SUBHALO = dict(centre=(0.68, 0.72), mass_at_200=1.0e10)
GRID_HALF_WIDTH = 1.5  # arcsec: the grid covers [-1.5, 1.5]^2

#: Search settings: grid cells per side, dynesty's live points and stopping tolerance, and
#: whether the lens ellipticity and the source's shape are free (only the Einstein radius is
#: otherwise).
SETTINGS = {
    "full": dict(steps=3, n_live=50, dlogz=None, free_shapes=True),
    "quick": dict(steps=2, n_live=20, dlogz=0.5, free_shapes=False),
}


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--quick", action="store_true", help="2 x 2 cells, only the Einstein radius free, 20 live points")
    parser.add_argument("--n-sigma", type=float, default=3.0, help="mass recovery tolerance (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="noise and sampler seed (default %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("output"), help="output root (default %(default)s)")
    args = parser.parse_args(argv)
    args.settings = SETTINGS["quick" if args.quick else "full"]
    return args


def detect(dataset: al.Imaging, args: argparse.Namespace):
    """The smooth fit, then the grid search with the subhalo; returns both results."""
    settings = args.settings
    analysis = al.AnalysisImaging(dataset=dataset, use_jax=True)
    smooth_search = dynesty(settings, args.seed, path_prefix=NAME, name="smooth")
    smooth = smooth_search.fit(model=smooth_model(settings["free_shapes"]), analysis=analysis)

    model = smooth_model(settings["free_shapes"])
    centre = [af.UniformPrior(lower_limit=-GRID_HALF_WIDTH, upper_limit=GRID_HALF_WIDTH) for _ in range(2)]
    model.galaxies.subhalo = subhalo_model(centre)
    grid_search = af.SearchGridSearch(
        search=dynesty(settings, args.seed, path_prefix=NAME, name="subhalo_grid"),
        number_of_steps=settings["steps"],
    )
    # Each cell confines the subhalo's centre to 1 / steps of each prior's range.
    grid = grid_search.fit(
        model=model,
        analysis=analysis,
        grid_priors=[model.galaxies.subhalo.mass.centre.centre_0, model.galaxies.subhalo.mass.centre.centre_1],
    )
    return smooth, al.subhalo.SubhaloGridSearchResult(result=grid)


def summarise(smooth, grid, n_sigma: float) -> dict:
    """Evidence increase per cell, the detection cell, and its subhalo mass against the input."""
    increase = np.asarray(grid.log_evidences(relative_to_value=smooth.samples.log_evidence), dtype=float)
    best = int(np.argmax(increase))
    samples = grid.samples[best]
    prefix = ("galaxies", "subhalo", "mass")
    limits = [samples.model.object_for_path(prefix + ("centre", f"centre_{i}")) for i in (0, 1)]
    cell = [[float(p.lower_limit), float(p.upper_limit)] for p in limits]
    mass = posterior_of(samples, prefix + ("mass_at_200",), np.log10)
    mass["input"] = float(np.log10(SUBHALO["mass_at_200"]))
    mass["offset_in_sigma"] = abs(mass["median"] - mass["input"]) / mass["sigma"]
    summary = dict(
        log_evidence_smooth=float(smooth.samples.log_evidence),
        log_evidence_increase=increase.reshape(grid.shape).tolist(),
        cell_centres_y=np.asarray(grid.y, dtype=float).tolist(),
        cell_centres_x=np.asarray(grid.x, dtype=float).tolist(),
        detection_cell=dict(index=best, y_range=cell[0], x_range=cell[1], log_evidence_increase=float(increase[best])),
        subhalo_input=dict(centre=list(SUBHALO["centre"]), log10_mass_at_200=mass["input"]),
        log10_mass_at_200=mass,
        n_sigma_tolerance=n_sigma,
    )
    summary["cell_holds_subhalo"] = all(lo <= c <= hi for (lo, hi), c in zip(cell, SUBHALO["centre"]))
    summary["mass_recovered"] = bool(mass["offset_in_sigma"] <= n_sigma)
    return summary


def plot(dataset: al.Imaging, detection_map: al.Array2D, path: Path) -> None:
    """The data and the detection map (log-evidence increase per cell), the input subhalo marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    half, w = 0.5 * dataset.shape_native[0] * dataset.pixel_scales[0], GRID_HALF_WIDTH
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.5), constrained_layout=True)
    for ax, values, extent, label in (
        (axes[0], dataset.data.native.array, (-half, half, -half, half), "counts / s"),
        (axes[1], detection_map.native.array, (-w, w, -w, w), "log-evidence increase"),
    ):
        # Both arrays hold +y in their first row.
        fig.colorbar(ax.imshow(np.asarray(values), extent=extent, origin="upper"), ax=ax, label=label)
        ax.plot(SUBHALO["centre"][1], SUBHALO["centre"][0], "rx", ms=10, label="input subhalo")
        ax.set(xlabel="x [arcsec]", ylabel="y [arcsec]")
    axes[0].set_title("simulated data (masked)")
    axes[1].set_title("detection map")
    axes[1].legend(loc="lower left")
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Simulate, detect and check; returns 0 on a detection with the mass recovered, 1 otherwise."""
    args = parse_args(argv)
    out = Path(args.out) / NAME
    # The input: a *truncated* Ludlow subhalo (fitted below with an untruncated one).
    subhalo = agj.NFWTruncatedMCRLudlowSphJax(
        **SUBHALO, redshift_object=REDSHIFT_LENS, redshift_source=REDSHIFT_SOURCE
    )
    dataset = masked_imaging([al.Galaxy(redshift=REDSHIFT_LENS, mass=subhalo)], seed=args.seed)
    with pyauto_output(args.out):
        smooth, grid = detect(dataset, args)
    summary = summarise(smooth, grid, args.n_sigma)
    summary["settings"] = dict(args.settings, quick=args.quick, seed=args.seed)
    detection_map = grid.figure_of_merit_array(use_log_evidences=True, relative_to_value=smooth.samples.log_evidence)
    plot(dataset, detection_map, out / "detection_map.png")
    write_summary(out, summary)

    cell, mass = summary["detection_cell"], summary["log10_mass_at_200"]
    print(f"Largest log-evidence increase {cell['log_evidence_increase']:.1f} in the cell y {cell['y_range']}, "
          f"x {cell['x_range']}: {'holds' if summary['cell_holds_subhalo'] else 'MISSES'} the input subhalo")
    print(f"log10 M200c: input {mass['input']:.2f}, posterior {mass['median']:.2f} +- {mass['sigma']:.2f} "
          f"({mass['offset_in_sigma']:.1f} sigma; tolerance {args.n_sigma:g})")
    print(f"Figures and summary.json in {out}")
    return 0 if summary["cell_holds_subhalo"] and summary["mass_recovered"] else 1


if __name__ == "__main__":
    sys.exit(main())
