"""
Example: fitting a dark-matter halo's mass with the JAX-native Ludlow et al. (2016) NFW
========================================================================================

Galaxy-scale strong lenses are usually modelled as stars plus a dark-matter halo.  With
``NFWMCRScatterLudlowJax`` the halo is parameterised by its mass M200c and by its scatter
about the Ludlow et al. (2016) concentration-mass relation, so a lens model can sample the
halo mass directly, with the concentration following from the relation.  Upstream
autogalaxy's ``NFWMCRScatterLudlow`` computes the same halo; this package's class is JAX
end to end (the concentration root is solved in JAX with implicit-function derivatives), so
the whole likelihood, the halo included, is jit-compiled and vectorised over the live points
of the search.

This script:

1. simulates a 60 x 60 pixel (0.1"/pixel) ``Imaging`` dataset of a lens at z = 0.5 whose
   mass is an isothermal component (standing in for the stars) plus an elliptical NFW halo of
   M200c = 1e13 Msun on the Ludlow relation, lensing a Sersic source at z = 2;
2. fits it with a model in which the halo's ``mass_at_200`` and ``scatter_sigma`` are free
   (and, unless ``--quick``, the source's shape too), using the nested sampler Nautilus on a
   JAX likelihood (``AnalysisImaging(use_jax=True)``: each batch of points is one vmapped,
   jit-compiled call);
3. prints the posterior of log10 M200c against the input and exits with status 1 unless the
   input lies within ``--n-sigma`` (default 3) posterior standard deviations of the median.

The stellar component is held fixed at its input to keep the example small; in a real
analysis it would be free or tied to the lens light.  Note that lensing measures the mass
inside the Einstein radius, which M200c and the concentration trade off against each
other: the prior on ``scatter_sigma`` (a unit Gaussian, i.e. the relation's own 0.15 dex
scatter) is what turns that into a constraint on M200c.

Run from the repository root::

    .venv/bin/python docs/examples/fit_nfw_ludlow_jax.py            # ~4-5 minutes on 2 CPU cores (8 free parameters)
    .venv/bin/python docs/examples/fit_nfw_ludlow_jax.py --quick    # ~1 minute: 2 free parameters, for tests

Outputs go to ``output/examples/fit_nfw_ludlow_jax/`` (the search's folder, the dataset
figure and ``result.json``).
"""

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

import autofit as af
import autolens as al

from autogalaxy_jaxnfw import NFWMCRScatterLudlowJax
from example_util import posterior_of, pyauto_output, simulate_imaging

REDSHIFT_LENS = 0.5
REDSHIFT_SOURCE = 2.0

#: The input halo: an elliptical NFW on the Ludlow et al. (2016) relation.
TRUE_HALO = dict(
    centre=(0.0, 0.0),
    ell_comps=(0.05, -0.05),
    mass_at_200=1.0e13,  # Msun
    scatter_sigma=0.0,
)
#: The "stellar" isothermal component, held fixed in the fit.
TRUE_STARS = dict(centre=(0.0, 0.0), ell_comps=(0.05, -0.05), einstein_radius=0.8)
#: The source galaxy.
TRUE_SOURCE = dict(
    centre=(0.05, 0.1),
    ell_comps=(0.1, 0.05),
    intensity=1.0,
    effective_radius=0.2,
    sersic_index=1.5,
)

EXPOSURE_TIME = 300.0  # s
BACKGROUND_SKY = 0.1  # electrons / s / pixel

DEFAULT_OUT = Path("output")


#: Settings of the full run and of ``--quick`` (tests): Nautilus' live points, effective
#: sample size target and number of neural networks per bound (training them costs more
#: than the likelihood calls of a 2-parameter fit), the light-profile over-sampling
#: (simulation and fit alike) and whether the source's shape is free.
SETTINGS = {
    "full": dict(n_live=150, n_eff=500, n_networks=4, over_sample_size=4, free_source=True),
    "quick": dict(n_live=40, n_eff=150, n_networks=1, over_sample_size=2, free_source=False),
}


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    """Command-line settings; ``--quick`` switches to tiny ones (see ``SETTINGS``)."""
    parser = argparse.ArgumentParser(description="Fit NFWMCRScatterLudlowJax to simulated imaging.")
    parser.add_argument("--quick", action="store_true",
                        help="tiny settings: source shape fixed at its input, 40 live points, "
                             "2x2 over-sampling (about a minute on 2 CPU cores)")
    parser.add_argument("--n-live", type=int, default=None, help="override the Nautilus live points")
    parser.add_argument("--n-sigma", type=float, default=3.0,
                        help="recovery tolerance in posterior standard deviations of log10 M200c "
                             "(default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="noise and sampler seed (default %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="output root; results go to <out>/examples/<name> (default %(default)s)")
    parser.add_argument("--name", default=None,
                        help="search name (default fit_nfw_ludlow_jax[_quick]); a previous run of the same "
                             "name and settings is resumed/reloaded by autofit")
    parser.add_argument("--visualize", action="store_true",
                        help="keep autolens' fit figures and latent variables (off: they take longer "
                             "than this fit)")
    args = parser.parse_args(argv)
    args.settings = dict(SETTINGS["quick" if args.quick else "full"])
    if args.n_live is not None:
        args.settings["n_live"] = args.n_live
    args.name = args.name or ("fit_nfw_ludlow_jax_quick" if args.quick else "fit_nfw_ludlow_jax")
    return args


# -------------------------------------------------------------------------------------------------
# Simulation
# -------------------------------------------------------------------------------------------------


def simulate_dataset(seed: int, over_sample_size: int = 4) -> al.Imaging:
    """Simulate the lens: 60 x 60 pixels of 0.1", Gaussian PSF (sigma 0.1"), photon noise.

    The noise is Gaussian with the variance of the *noiseless* image plus sky, and that
    variance is the noise map (:func:`example_util.simulate_imaging`): Poisson noise with a
    noise map estimated from the noisy counts down-weights upward fluctuations, which at
    this signal-to-noise (peak ~40) pulls the halo a few posterior sigma along its
    mass-concentration degeneracy, so a recovery test would test the noise model rather
    than the halo.

    Parameters
    ----------
    seed : int
        Noise seed (fixed, so every run sees the same data).
    over_sample_size : int
        Sub-pixels per pixel side for evaluating the light profiles, here and in the fit.
    """
    return simulate_imaging(
        [true_lens(), true_source()], shape_native=60, pixel_scale=0.1, exposure_time=EXPOSURE_TIME, seed=seed,
        background_sky=BACKGROUND_SKY, psf_sigma=0.1, over_sample_size=over_sample_size,
    )


def true_lens() -> al.Galaxy:
    """The input lens: fixed isothermal "stars" plus the Ludlow NFW halo."""
    return al.Galaxy(
        redshift=REDSHIFT_LENS,
        stars=al.mp.Isothermal(**TRUE_STARS),
        dark=NFWMCRScatterLudlowJax(
            **TRUE_HALO, redshift_object=REDSHIFT_LENS, redshift_source=REDSHIFT_SOURCE
        ),
    )


def true_source() -> al.Galaxy:
    """The input source."""
    return al.Galaxy(redshift=REDSHIFT_SOURCE, bulge=al.lp.Sersic(**TRUE_SOURCE))


# -------------------------------------------------------------------------------------------------
# Model and fit
# -------------------------------------------------------------------------------------------------


def build_model(free_source: bool) -> af.Collection:
    """The lens model.

    Free: the halo's ``mass_at_200`` (log-uniform over 1e11 - 1e15 Msun) and
    ``scatter_sigma`` (unit Gaussian, truncated at +-4: the relation's 0.15 dex scatter in
    log10 c); if ``free_source``, also the source's centre, ellipticity, effective radius and
    Sersic index.  Fixed: the stars, the halo centre and ellipticity, the redshifts.  The
    source intensity is a linear parameter (``lp_linear``), solved for exactly at every
    likelihood evaluation instead of being sampled.
    """
    dark = af.Model(NFWMCRScatterLudlowJax)
    dark.centre = TRUE_HALO["centre"]
    dark.ell_comps = TRUE_HALO["ell_comps"]
    dark.redshift_object = REDSHIFT_LENS
    dark.redshift_source = REDSHIFT_SOURCE
    dark.mass_at_200 = af.LogUniformPrior(lower_limit=1.0e11, upper_limit=1.0e15)
    dark.scatter_sigma = af.TruncatedGaussianPrior(mean=0.0, sigma=1.0, lower_limit=-4.0, upper_limit=4.0)

    lens = af.Model(al.Galaxy, redshift=REDSHIFT_LENS, stars=al.mp.Isothermal(**TRUE_STARS), dark=dark)

    bulge = af.Model(al.lp_linear.Sersic)
    if free_source:
        bulge.centre.centre_0 = af.UniformPrior(lower_limit=-0.3, upper_limit=0.3)
        bulge.centre.centre_1 = af.UniformPrior(lower_limit=-0.3, upper_limit=0.3)
        bulge.ell_comps.ell_comps_0 = af.UniformPrior(lower_limit=-0.4, upper_limit=0.4)
        bulge.ell_comps.ell_comps_1 = af.UniformPrior(lower_limit=-0.4, upper_limit=0.4)
        bulge.effective_radius = af.UniformPrior(lower_limit=0.05, upper_limit=0.6)
        bulge.sersic_index = af.UniformPrior(lower_limit=0.5, upper_limit=4.0)
    else:
        for name in ("centre", "ell_comps", "effective_radius", "sersic_index"):
            setattr(bulge, name, TRUE_SOURCE[name])
    source = af.Model(al.Galaxy, redshift=REDSHIFT_SOURCE, bulge=bulge)

    return af.Collection(galaxies=af.Collection(lens=lens, source=source))


def fit(dataset: al.Imaging, model: af.Collection, args: argparse.Namespace):
    """Run Nautilus on the JAX likelihood and return the autofit result."""
    mask = al.Mask2D.circular(
        shape_native=dataset.shape_native, pixel_scales=dataset.pixel_scales, radius=2.6
    )
    dataset = dataset.apply_mask(mask=mask)
    # use_jax=True: the likelihood, the halo's concentration root included, is jit-compiled
    # and Nautilus evaluates each batch of n_batch points through one vmapped call.
    analysis = al.AnalysisImaging(dataset=dataset, use_jax=True)
    settings = args.settings
    search = af.Nautilus(
        path_prefix="examples",
        name=args.name,
        n_live=settings["n_live"],
        n_batch=settings["n_live"],
        n_eff=settings["n_eff"],
        n_networks=settings["n_networks"],
        seed=args.seed,
    )
    return search.fit(model=model, analysis=analysis)


# -------------------------------------------------------------------------------------------------
# Result
# -------------------------------------------------------------------------------------------------


def summarise(result, n_sigma: float) -> dict:
    """Posterior of log10 M200c and scatter_sigma and the recovery verdict.

    The posterior standard deviation is taken as half the 16-84 % interval, so the check
    "|median - input| <= n_sigma x sigma" is robust to the skewed posteriors that the
    M200c-concentration trade-off produces.
    """
    samples = result.samples
    summary = {}
    for key, name, transform, truth in (
        ("log10_mass_at_200", "mass_at_200", np.log10, np.log10(TRUE_HALO["mass_at_200"])),
        ("scatter_sigma", "scatter_sigma", None, TRUE_HALO["scatter_sigma"]),
    ):
        posterior = posterior_of(samples, ("galaxies", "lens", "dark", name), transform)
        sigma = posterior["sigma"]
        summary[key] = dict(
            input=float(truth), **posterior,
            offset_in_sigma=float(abs(posterior["median"] - truth) / sigma) if sigma > 0 else float("inf"),
        )
    best = samples.max_log_likelihood()
    summary["max_likelihood_log10_mass_at_200"] = float(np.log10(best.galaxies.lens.dark.mass_at_200))
    summary["max_log_likelihood"] = float(max(samples.log_likelihood_list))
    summary["n_samples"] = int(len(samples.weight_list))
    summary["n_sigma_tolerance"] = float(n_sigma)
    summary["recovered"] = bool(summary["log10_mass_at_200"]["offset_in_sigma"] <= n_sigma)
    return summary


def plot_dataset(dataset: al.Imaging, path: Path) -> None:
    """Save the simulated image and its signal-to-noise map."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    half = 0.5 * dataset.shape_native[0] * dataset.pixel_scales[0]
    extent = (-half, half, -half, half)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.8), constrained_layout=True)
    for ax, values, title, label in (
        (axes[0], dataset.data.native.array, "simulated image", "counts / s"),
        (axes[1], dataset.signal_to_noise_map.native.array, "signal-to-noise", "S/N"),
    ):
        im = ax.imshow(np.asarray(values), extent=extent, origin="upper", cmap="magma")
        ax.set_title(title)
        ax.set_xlabel("x [arcsec]")
        ax.set_ylabel("y [arcsec]")
        fig.colorbar(im, ax=ax, label=label)
    fig.suptitle(
        f"isothermal stars (theta_E = {TRUE_STARS['einstein_radius']}\") + NFW halo on the Ludlow+16 "
        f"relation, M200c = {TRUE_HALO['mass_at_200']:.0e} Msun; z_l = {REDSHIFT_LENS}, z_s = {REDSHIFT_SOURCE}"
    )
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Simulate, fit and check; returns 0 if the input mass is recovered, 1 otherwise."""
    args = parse_args(argv)
    # The search writes under <out>/examples/<name>; restored afterwards for in-process callers.
    with pyauto_output(args.out, args.visualize):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    settings = args.settings
    out_root = Path(args.out).resolve()
    example_dir = out_root / "examples" / args.name
    example_dir.mkdir(parents=True, exist_ok=True)

    t0 = time.perf_counter()
    dataset = simulate_dataset(args.seed, over_sample_size=settings["over_sample_size"])
    plot_dataset(dataset, example_dir / "dataset.png")
    model = build_model(settings["free_source"])
    print(f"Simulated {dataset.shape_native[0]} x {dataset.shape_native[1]} pixels; fitting "
          f"{model.prior_count} free parameters with Nautilus ({settings['n_live']} live points)", flush=True)

    result = fit(dataset, model, args)
    summary = summarise(result, args.n_sigma)
    summary["seconds"] = time.perf_counter() - t0
    summary["settings"] = dict(settings, quick=args.quick, seed=args.seed, free_parameters=model.prior_count)
    (example_dir / "result.json").write_text(json.dumps(summary, indent=2))

    m, s = summary["log10_mass_at_200"], summary["scatter_sigma"]
    print()
    print(f"log10 M200c [Msun]: input {m['input']:.3f}, posterior median {m['median']:.3f} "
          f"(68%: {m['lower_1sigma']:.3f} - {m['upper_1sigma']:.3f}, sigma {m['sigma']:.3f}), "
          f"max-likelihood {summary['max_likelihood_log10_mass_at_200']:.3f}")
    print(f"scatter_sigma     : input {s['input']:+.2f}, posterior median {s['median']:+.2f} "
          f"(68%: {s['lower_1sigma']:+.2f} - {s['upper_1sigma']:+.2f})")
    print(f"Offset {m['offset_in_sigma']:.2f} sigma (tolerance {args.n_sigma:g} sigma): "
          + ("RECOVERED" if summary["recovered"] else "NOT RECOVERED"))
    print(f"{summary['seconds']:.0f} s; dataset.png and result.json in {example_dir}, "
          "the search's own output in the hash-named folder beside them")
    return 0 if summary["recovered"] else 1


if __name__ == "__main__":
    sys.exit(main())
