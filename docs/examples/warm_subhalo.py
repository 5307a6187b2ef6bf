"""
Example: a warm-dark-matter subhalo, its mass and its particle mass from one lens
==================================================================================

A thermal-relic warm-dark-matter particle of mass m_wdm suppresses the linear power spectrum
below its half-mode scale (Viel et al. 2005; Schneider et al. 2012), so haloes near and below
the half-mode mass form later and are less concentrated.  Ludlow et al. (2016), evaluated on
the suppressed spectrum, reproduces the concentrations of warm-dark-matter simulations
(their sec. 5); this package does that exactly and differentiably, so the particle mass can
be a parameter of a lens model: ``NFWMCRWarmLudlowSphJax`` samples ``inverse_m_wdm`` =
1 / m_wdm (0 is cold dark matter).

This script

1. draws c(M) at z = 0.5 for cold dark matter and m_wdm = 1, 2, 3, 6 keV (``c_of_m.png``,
   the half-mode masses dotted);
2. simulates imaging of a lens with a subhalo of M200c = 1e10 Msun made of 2 keV warm dark
   matter;
3. fits the subhalo's mass and 1/m_wdm by maximising autolens' jitted likelihood with its
   exact gradient (L-BFGS-B), and the cold model (1/m_wdm = 0, mass free) the same way, and
   checks the gradient in 1/m_wdm against finite differences of the likelihood.

Run from the repository root::

    .venv/bin/python docs/examples/warm_subhalo.py           # 60 x 60 pixels
    .venv/bin/python docs/examples/warm_subhalo.py --quick   # 40 x 40 pixels

Outputs (``output/warm_subhalo/``): ``c_of_m.png`` and ``summary.json`` (input, both fits,
their maximum log likelihoods, the gradient check).  Exit status 1 if the gradient check
fails or a fit does not converge.
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
from scipy import optimize

import autofit as af
import autolens as al
from autofit.non_linear.fitness import Fitness

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.cosmology.warm_dark_matter import half_mode_mass
from example_util import IMAGING, REDSHIFT_LENS, REDSHIFT_SOURCE, LENS, SOURCE, masked_imaging, write_summary

NAME = "warm_subhalo"
SUBHALO = dict(centre=(0.68, 0.72), mass_at_200=1.0e10, inverse_m_wdm=0.5)
FIGURE_M_WDM = (np.inf, 6.0, 3.0, 2.0, 1.0)
LOG10_MASS_BOUNDS = (8.5, 11.5)


def figure(path: Path) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cosmology = agj.profiles.get_cosmology().concentration
    masses = np.logspace(7, 14, 120)  # Msun/h
    half_modes = {}
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for m_wdm, colour in zip(FIGURE_M_WDM, ("k", "C0", "C1", "C2", "C3")):
        warm = cosmology.replace(m_wdm=m_wdm)
        label = "cold" if np.isinf(m_wdm) else f"{m_wdm:g} keV"
        ax.loglog(masses, np.asarray(agj.concentration_ludlow16(masses, REDSHIFT_LENS, warm)), color=colour, label=label)
        if np.isfinite(m_wdm):
            half_modes[label] = float(half_mode_mass(warm, np))
            ax.axvline(half_modes[label], color=colour, ls=":", lw=1)
    ax.set_xlabel(r"$M_{200c}$ [$M_\odot/h$]")
    ax.set_ylabel(r"$c_{200c}$, Ludlow et al. (2016), z = 0.5")
    ax.legend(title="dotted: half-mode mass")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return half_modes


def model(warm: bool) -> af.Collection:
    subhalo = af.Model(agj.NFWMCRWarmLudlowSphJax, centre=SUBHALO["centre"])
    subhalo.redshift_object, subhalo.redshift_source = REDSHIFT_LENS, REDSHIFT_SOURCE
    subhalo.mass_at_200 = af.LogUniformPrior(lower_limit=10**LOG10_MASS_BOUNDS[0], upper_limit=10**LOG10_MASS_BOUNDS[1])
    if not warm:
        subhalo.inverse_m_wdm = 0.0
    lens = af.Model(al.Galaxy, redshift=REDSHIFT_LENS, mass=al.mp.Isothermal(**LENS), subhalo=subhalo)
    source = al.Galaxy(redshift=REDSHIFT_SOURCE, bulge=al.lp.Sersic(**SOURCE))
    return af.Collection(galaxies=af.Collection(lens=lens, source=source))


def log_likelihood(model_, dataset):
    """(value, d value / d(M200c, 1/m_wdm)) of the jitted likelihood, in that order whatever the model's."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="No blurring_image provided")
        objective = Fitness(model=model_, analysis=al.AnalysisImaging(dataset=dataset, use_jax=True)).objective(
            "value_and_grad"
        )
    names = [path[-1] for path in model_.paths]
    order = [names.index(name) for name in ("mass_at_200", "inverse_m_wdm") if name in names]

    def evaluate(parameters):
        physical = np.empty(len(order))
        physical[order] = parameters
        value, gradient = objective(physical)
        return float(value), np.asarray(gradient, dtype=float)[order]

    return evaluate


def maximise(evaluate, start, bounds):
    """Maximum of the log likelihood over x = (log10 M200c[, 1/m_wdm]) with its exact gradient."""
    ln10 = np.log(10.0)

    def negative(x):
        physical = np.array([10.0 ** x[0], *x[1:]])
        value, gradient = evaluate(physical)
        gradient = gradient.copy()
        gradient[0] *= physical[0] * ln10
        return -value, -gradient

    return optimize.minimize(negative, start, jac=True, method="L-BFGS-B", bounds=bounds, options=dict(maxiter=60))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--quick", action="store_true", help="40 x 40 pixels (the default is 60 x 60)")
    parser.add_argument("--out", default="output", help="output folder")
    args = parser.parse_args(argv)
    out = Path(args.out) / NAME
    out.mkdir(parents=True, exist_ok=True)
    half_modes = figure(out / "c_of_m.png")

    imaging = IMAGING if args.quick else dict(IMAGING, shape_native=60, pixel_scale=0.0667)
    subhalo = al.Galaxy(redshift=REDSHIFT_LENS, mass=agj.NFWMCRWarmLudlowSphJax(
        redshift_object=REDSHIFT_LENS, redshift_source=REDSHIFT_SOURCE, **SUBHALO))
    dataset = masked_imaging([subhalo], seed=1, imaging=imaging)
    warm, cold = log_likelihood(model(warm=True), dataset), log_likelihood(model(warm=False), dataset)

    truth = np.array([SUBHALO["mass_at_200"], SUBHALO["inverse_m_wdm"]])
    _, gradient = warm(truth)
    step = 1e-3
    values = [warm(truth + np.array([0.0, k * step]))[0] for k in (-2, -1, 1, 2)]
    fd = (values[0] - 8.0 * values[1] + 8.0 * values[2] - values[3]) / (12.0 * step)
    gradient_ok = bool(abs(gradient[1] / fd - 1.0) < 1e-4)

    warm_fit = maximise(warm, [9.7, 0.25], [LOG10_MASS_BOUNDS, (0.0, 1.0)])
    cold_fit = maximise(cold, [9.7], [LOG10_MASS_BOUNDS])
    summary = dict(
        input=dict(log10_mass_at_200=float(np.log10(SUBHALO["mass_at_200"])), inverse_m_wdm=SUBHALO["inverse_m_wdm"],
                   m_wdm_keV=1.0 / SUBHALO["inverse_m_wdm"], centre=SUBHALO["centre"]),
        half_mode_mass_msun_per_h=half_modes,
        warm_fit=dict(log10_mass_at_200=float(warm_fit.x[0]), inverse_m_wdm=float(warm_fit.x[1]),
                      max_log_likelihood=-float(warm_fit.fun), converged=bool(warm_fit.success)),
        cold_fit=dict(log10_mass_at_200=float(cold_fit.x[0]), max_log_likelihood=-float(cold_fit.fun),
                      converged=bool(cold_fit.success)),
        gradient_inverse_m_wdm=dict(jax=float(gradient[1]), finite_difference=fd, agree=gradient_ok),
    )
    summary["delta_log_likelihood_warm_minus_cold"] = (
        summary["warm_fit"]["max_log_likelihood"] - summary["cold_fit"]["max_log_likelihood"])
    write_summary(out, summary)
    print(summary)
    return 0 if gradient_ok and warm_fit.success and cold_fit.success else 1


if __name__ == "__main__":
    sys.exit(main())
