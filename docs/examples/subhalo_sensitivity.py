"""
Example: sensitivity mapping -- where could a subhalo of a given mass have been detected?
=========================================================================================

A non-detection only means something once we know which subhalos the data *could* have
revealed.  Sensitivity mapping (autofit's ``af.Sensitivity``, read back with
``al.SubhaloSensitivityResult``) answers it by simulation:

1. take the smooth lens model (here the input lens; in practice a fit's best model);
2. for each cell of a grid over the subhalo's mass and position, simulate a dataset with a
   subhalo there (the perturbation) and fit it twice: with the smooth model and with the
   smooth model plus a subhalo;
3. the log-evidence increase of the second fit is the sensitivity: large where a subhalo of
   that mass at that position would be detected.

The perturbation is this package's NFW on the Ludlow et al. (2016) concentration-mass
relation (``NFWMCRLudlowSphJax``, as in the autolens workspace), so every fit is a
jit-compiled JAX likelihood.

Run from the repository root::

    .venv/bin/python docs/examples/subhalo_sensitivity.py           # 2 masses x 3 x 3 positions
    .venv/bin/python docs/examples/subhalo_sensitivity.py --quick   # 2 masses at one position (~1 min)

Outputs (``output/subhalo_sensitivity/``): ``sensitivity_map.png`` and ``summary.json`` (the
log-evidence increase per cell); the fits' own output lies beside them.  Exit status 1
unless, at every position, the heavier subhalo is detected (increase above
``--threshold``) and the lighter one is not.
"""

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

import autofit as af
import autolens as al

from example_util import (
    LENS,
    REDSHIFT_LENS,
    REDSHIFT_SOURCE,
    SOURCE,
    dynesty,
    masked_imaging,
    pyauto_output,
    smooth_model,
    subhalo_model,
    write_summary,
)

NAME = "subhalo_sensitivity"
MASS_RANGE = (1.0e8, 1.0e11)  # Msun: 2 cells in log10 M, centred on 10^8.75 and 10^10.25
#: Positions: ``positions`` cells per side over [-1.5, 1.5]^2, or in --quick one cell
#: centred on a point of the Einstein ring.
GRID_HALF_WIDTH = 1.5
QUICK_CENTRE, QUICK_HALF_WIDTH = (0.68, 0.72), 0.1
SETTINGS = {
    "full": dict(positions=3, n_live=50, dlogz=None),
    "quick": dict(positions=1, n_live=20, dlogz=0.5),
}


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--quick", action="store_true", help="2 masses at one position, 20 live points")
    parser.add_argument("--threshold", type=float, default=10.0,
                        help="log-evidence increase that counts as a detection (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="noise and sampler seed (default %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("output"), help="output root (default %(default)s)")
    args = parser.parse_args(argv)
    args.settings = SETTINGS["quick" if args.quick else "full"]
    return args


def perturb_model(quick: bool) -> af.Model:
    """The subhalo whose mass and (y, x) centre the sensitivity grid spans."""
    if quick:
        centre = [af.UniformPrior(lower_limit=c - QUICK_HALF_WIDTH, upper_limit=c + QUICK_HALF_WIDTH)
                  for c in QUICK_CENTRE]
    else:
        centre = [af.UniformPrior(lower_limit=-GRID_HALF_WIDTH, upper_limit=GRID_HALF_WIDTH) for _ in range(2)]
    return subhalo_model(centre, mass_limits=MASS_RANGE)


def perturb_model_prior_func(perturb_instance, perturb_model):
    """Priors of the subhalo in the fits: centre within 0.1" of the simulated one, mass 1e7 - 1e12 Msun."""
    mass = perturb_model.mass
    mass.mass_at_200 = af.LogUniformPrior(lower_limit=1.0e7, upper_limit=1.0e12)
    y, x = perturb_instance.mass.centre
    mass.centre.centre_0 = af.UniformPrior(lower_limit=y - 0.1, upper_limit=y + 0.1)
    mass.centre.centre_1 = af.UniformPrior(lower_limit=x - 0.1, upper_limit=x + 0.1)
    return perturb_model


class Simulate:
    """``simulate_cls``: imaging of the lens with the cell's subhalo (``instance.perturb``)."""

    def __init__(self, seed: int):
        self.seed = seed

    def __call__(self, instance, simulate_path):
        return masked_imaging([instance.perturb], seed=self.seed)


class Fit:
    """``base_fit_cls`` and ``perturb_fit_cls``: a nested-sampling fit of ``model`` to one simulated dataset."""

    def __init__(self, settings: dict, seed: int):
        self.settings, self.seed = settings, seed

    def __call__(self, dataset, model, paths, instance):
        analysis = al.AnalysisImaging(dataset=dataset, use_jax=True)
        return dynesty(self.settings, self.seed, paths=paths).fit(model=model, analysis=analysis)


def sensitivity_map(args: argparse.Namespace) -> al.SubhaloSensitivityResult:
    """Run the sensitivity mapping: one simulation and two fits per cell."""
    settings = args.settings
    perturb = perturb_model(args.quick)
    # One step per cell along each prior, in the order of the perturbation's priors.
    steps = tuple(
        2 if perturb.path_for_prior(prior)[-1] == "mass_at_200" else settings["positions"]
        for prior in perturb.priors_ordered_by_id
    )
    # The smooth lens of the simulations; each cell adds its subhalo as ``instance.perturb``.
    simulation_instance = smooth_model(free_shapes=False).instance_from_prior_medians()
    sensitivity = af.Sensitivity(
        paths=af.DirectoryPaths(name=NAME, path_prefix=NAME),
        simulation_instance=simulation_instance,
        base_model=smooth_model(free_shapes=False),
        perturb_model=perturb,
        simulate_cls=Simulate(args.seed),
        base_fit_cls=Fit(settings, args.seed),
        perturb_fit_cls=Fit(settings, args.seed),
        perturb_model_prior_func=perturb_model_prior_func,
        number_of_steps=steps,
        number_of_cores=1,
    )
    return al.SubhaloSensitivityResult(result=sensitivity.run())


def summarise(result, threshold: float) -> dict:
    """The log-evidence increase per cell, arranged as (mass, y, x), and the verdict."""
    # The grid's physical values, one list per prior of the perturbation, one entry per cell.
    mass, y, x = (np.asarray(result.path_values[("mass",) + name], dtype=float)
                  for name in (("mass_at_200",), ("centre", "centre_0"), ("centre", "centre_1")))
    increase = np.asarray(result.log_evidence_differences, dtype=float).ravel()
    masses = np.unique(mass)
    light, heavy = (increase[mass == m] for m in masses)
    first = mass == masses[0]  # positions in grid order (y slowest), the same for both masses
    summary = dict(
        log10_masses=np.log10(masses).tolist(),
        log_evidence_increase=[light.tolist(), heavy.tolist()],
        centres_y=y[first].tolist(),
        centres_x=x[first].tolist(),
        threshold=threshold,
    )
    summary["heavier_more_detectable"] = bool(np.all(heavy > light))
    summary["heavier_detected_lighter_not"] = bool(np.all(heavy > threshold) and np.all(light < threshold))
    return summary


def plot(summary: dict, path: Path) -> None:
    """One panel per subhalo mass: the log-evidence increase at each position."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = int(round(np.sqrt(len(summary["centres_y"]))))
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.5), constrained_layout=True)
    top = max(np.max(summary["log_evidence_increase"]), summary["threshold"])
    for ax, log10_mass, increase in zip(axes, summary["log10_masses"], summary["log_evidence_increase"]):
        y, x = np.asarray(summary["centres_y"]), np.asarray(summary["centres_x"])
        half = 0.5 * (np.ptp(y) / max(n - 1, 1) if n > 1 else 2 * QUICK_HALF_WIDTH)
        extent = (x.min() - half, x.max() + half, y.min() - half, y.max() + half)
        values = np.asarray(increase).reshape(n, n)  # rows: y ascending
        image = ax.imshow(values, extent=extent, origin="lower", vmin=min(0.0, values.min()), vmax=top)
        for yi, xi, v in zip(y, x, increase):
            ax.annotate(f"{v:.0f}", (xi, yi), ha="center", va="center", color="w")
        ax.set(title=f"M200c = 10^{log10_mass:.2f} Msun", xlabel="x [arcsec]", ylabel="y [arcsec]")
        fig.colorbar(image, ax=ax, label="log-evidence increase")
    fig.suptitle(f"sensitivity: detected where the increase exceeds {summary['threshold']:g}")
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Map the sensitivity; returns 0 if heavier subhalos are detected where lighter ones are not."""
    args = parse_args(argv)
    out = Path(args.out) / NAME
    with pyauto_output(args.out):
        result = sensitivity_map(args)
    summary = summarise(result, args.threshold)
    summary["settings"] = dict(args.settings, quick=args.quick, seed=args.seed, lens=LENS, source=SOURCE,
                               redshifts=[REDSHIFT_LENS, REDSHIFT_SOURCE])
    plot(summary, out / "sensitivity_map.png")
    write_summary(out, summary)

    for log10_mass, increase in zip(summary["log10_masses"], summary["log_evidence_increase"]):
        print(f"M200c = 10^{log10_mass:.2f} Msun: log-evidence increase {np.round(increase, 1).tolist()}")
    verdict = summary["heavier_detected_lighter_not"]
    print(("Heavier subhalos detected where lighter ones are not" if verdict else "UNEXPECTED sensitivity")
          + f" (threshold {args.threshold:g}); figures and summary.json in {out}")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
