"""Helpers shared by the example scripts in this folder (imported by them, not run on its own).

* :func:`simulate_imaging`: a noisy ``al.Imaging`` of a list of galaxies;
* the lens system of the subhalo examples (:data:`LENS`, :data:`SOURCE`, :func:`smooth_model`,
  :func:`subhalo_model`, :func:`masked_imaging`) and their nested sampler (:func:`dynesty`);
* :func:`pyauto_output`: autofit's output path and the PyAuto visualisation switches, set
  for one run and restored afterwards (the tests import and call the examples);
* :func:`weighted_quantiles` and :func:`posterior_of`: posterior summaries of autofit samples;
* :func:`write_summary`: the ``summary.json`` every example writes.
"""

import contextlib
import json
import os
import warnings
from pathlib import Path
from typing import Sequence

import numpy as np

import autofit as af
import autolens as al

import autogalaxy_jaxnfw as agj


def simulate_imaging(
    galaxies,
    shape_native: int,
    pixel_scale: float,
    exposure_time: float,
    seed: int,
    background_sky: float = 0.1,
    psf_sigma: float = 0.1,
    psf_size: int = 11,
    over_sample_size: int = 1,
) -> al.Imaging:
    """Simulate imaging of ``galaxies``: Gaussian PSF, photon-level Gaussian noise.

    ``SimulatorImaging`` ray-traces, over-samples and PSF-convolves the noiseless image; the
    noise is then drawn here as Gaussian with the variance of the *noiseless* image plus sky
    (the photon-noise level), and that variance is the noise map.  The simulator's own
    option draws Poisson noise and estimates the noise map from the *noisy* counts, which
    down-weights upward fluctuations and biases recovered masses by a few posterior sigma
    at these signal-to-noise ratios.

    Parameters
    ----------
    galaxies : list of al.Galaxy
        Everything in the lens system (lens, perturbers, source).
    shape_native : int
        Pixels per side of the square image.
    pixel_scale : float
        Arcsec per pixel.
    exposure_time : float
        Seconds; sets the signal-to-noise ratio.
    seed : int
        Noise seed.
    background_sky : float
        Sky level [electrons / s / pixel], subtracted from the data but in the noise.
    psf_sigma : float
        Gaussian PSF sigma [arcsec].
    psf_size : int
        PSF kernel pixels per side (odd).
    over_sample_size : int
        Sub-pixels per pixel side for the light profiles, here and in the fits.
    """
    grid = al.Grid2D.uniform(
        shape_native=(shape_native, shape_native), pixel_scales=pixel_scale, over_sample_size=over_sample_size
    )
    psf = al.Convolver.from_gaussian(
        shape_native=(psf_size, psf_size), sigma=psf_sigma, pixel_scales=pixel_scale, normalize=True
    )
    simulator = al.SimulatorImaging(
        exposure_time=exposure_time, psf=psf, background_sky_level=background_sky, add_poisson_noise_to_data=False
    )
    with warnings.catch_warnings():
        # The simulator pads the image by the PSF's size before convolving and trims it after,
        # so the convolver's "No blurring_image provided" warning does not apply here.
        warnings.filterwarnings("ignore", message="No blurring_image provided")
        noiseless = simulator.via_tracer_from(tracer=al.Tracer(galaxies=galaxies), grid=grid)

    image = np.asarray(noiseless.data.native.array)  # electrons / s, sky subtracted
    noise_map = np.sqrt((image + background_sky) * exposure_time) / exposure_time
    data = image + noise_map * np.random.default_rng(seed).standard_normal(image.shape)
    return al.Imaging(
        data=al.Array2D.no_mask(values=data, pixel_scales=pixel_scale),
        noise_map=al.Array2D.no_mask(values=noise_map, pixel_scales=pixel_scale),
        psf=noiseless.psf,
        over_sample_size_lp=over_sample_size,
    )


# -------------------------------------------------------------------------------------------------
# The lens system of the subhalo examples (subhalo_detect.py, subhalo_sensitivity.py)
# -------------------------------------------------------------------------------------------------

REDSHIFT_LENS, REDSHIFT_SOURCE = 0.5, 1.0
LENS = dict(centre=(0.0, 0.0), ell_comps=(0.05, -0.05), einstein_radius=1.0)
SOURCE = dict(centre=(0.05, 0.1), ell_comps=(0.1, 0.05), intensity=1.0, effective_radius=0.3, sersic_index=1.5)
#: 40 x 40 pixels of 0.1" (S/N ~ 40 at the arc's peak), fitted within MASK_RADIUS [arcsec].
IMAGING = dict(shape_native=40, pixel_scale=0.1, exposure_time=300.0)
MASK_RADIUS = 1.9


def masked_imaging(perturbers, seed: int, imaging: dict = IMAGING) -> al.Imaging:
    """Simulated imaging of the isothermal lens and Sersic source plus ``perturbers``, masked.

    Parameters
    ----------
    perturbers : list of al.Galaxy
        E.g. a subhalo at the lens redshift.
    seed : int
        Noise seed.
    imaging : dict
        Arguments of :func:`simulate_imaging` (:data:`IMAGING` by default).
    """
    galaxies = [
        al.Galaxy(redshift=REDSHIFT_LENS, mass=al.mp.Isothermal(**LENS)),
        *perturbers,
        al.Galaxy(redshift=REDSHIFT_SOURCE, bulge=al.lp.Sersic(**SOURCE)),
    ]
    dataset = simulate_imaging(galaxies, seed=seed, **imaging)
    mask = al.Mask2D.circular(shape_native=dataset.shape_native, pixel_scales=dataset.pixel_scales, radius=MASK_RADIUS)
    return dataset.apply_mask(mask=mask)


def smooth_model(free_shapes: bool) -> af.Collection:
    """Isothermal lens and Sersic source: the Einstein radius free and, if ``free_shapes``,
    the lens ellipticity and the source's centre, size and index too."""
    mass = af.Model(al.mp.Isothermal)
    mass.centre = LENS["centre"]
    mass.einstein_radius = af.UniformPrior(lower_limit=0.8, upper_limit=1.2)
    if free_shapes:
        mass.ell_comps.ell_comps_0 = af.UniformPrior(lower_limit=-0.2, upper_limit=0.2)
        mass.ell_comps.ell_comps_1 = af.UniformPrior(lower_limit=-0.2, upper_limit=0.2)
        # The intensity is solved linearly at every likelihood call; the shape is sampled.
        bulge = af.Model(al.lp_linear.Sersic)
        bulge.centre.centre_0 = af.UniformPrior(lower_limit=-0.2, upper_limit=0.3)
        bulge.centre.centre_1 = af.UniformPrior(lower_limit=-0.2, upper_limit=0.3)
        bulge.effective_radius = af.UniformPrior(lower_limit=0.1, upper_limit=0.6)
        bulge.sersic_index = af.UniformPrior(lower_limit=0.5, upper_limit=4.0)
        bulge.ell_comps = SOURCE["ell_comps"]
    else:
        mass.ell_comps = LENS["ell_comps"]
        bulge = al.lp.Sersic(**SOURCE)
    return af.Collection(
        galaxies=af.Collection(
            lens=af.Model(al.Galaxy, redshift=REDSHIFT_LENS, mass=mass),
            source=af.Model(al.Galaxy, redshift=REDSHIFT_SOURCE, bulge=bulge),
        )
    )


def subhalo_model(centre_priors, mass_limits=(1.0e7, 1.0e12)) -> af.Model:
    """A subhalo galaxy at the lens redshift: an NFW on the mean Ludlow et al. (2016) relation.

    Parameters
    ----------
    centre_priors : pair of af.UniformPrior
        Priors on the (y, x) centre [arcsec].
    mass_limits : pair of float
        Limits of the log-uniform prior on M200c [Msun].
    """
    mass = af.Model(agj.NFWMCRLudlowSphJax)
    mass.redshift_object = REDSHIFT_LENS
    mass.redshift_source = REDSHIFT_SOURCE
    mass.mass_at_200 = af.LogUniformPrior(lower_limit=mass_limits[0], upper_limit=mass_limits[1])
    mass.centre.centre_0, mass.centre.centre_1 = centre_priors
    return af.Model(al.Galaxy, redshift=REDSHIFT_LENS, mass=mass)


def dynesty(settings: dict, seed: int, **where) -> af.DynestyStatic:
    """The nested sampler of the subhalo examples: its log evidence is what they compare.

    ``where`` is ``path_prefix`` and ``name``, or ``paths`` (inside sensitivity mapping).
    """
    return af.DynestyStatic(nlive=settings["n_live"], dlogz=settings["dlogz"], seed=seed, **where)


@contextlib.contextmanager
def pyauto_output(output_path: Path, visualize: bool = False):
    """Send autofit's output to ``output_path`` and switch its fit figures off, temporarily.

    ``PYAUTO_SKIP_VISUALIZATION`` and ``PYAUTO_SKIP_LATENTS`` are the PyAuto stack's switches
    for real (not mocked) fits; they, and autofit's output path, are restored on exit so
    that importing and calling an example's ``main`` leaves the process as it was.
    """
    names = ("PYAUTO_SKIP_VISUALIZATION", "PYAUTO_SKIP_LATENTS")
    previous = {name: os.environ.get(name) for name in names}
    previous_output_path = af.conf.instance.output_path
    af.conf.instance.output_path = str(Path(output_path).resolve())
    if not visualize:
        for name in names:
            os.environ[name] = "1"
    try:
        yield
    finally:
        af.conf.instance.output_path = previous_output_path
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, quantiles: Sequence[float]) -> np.ndarray:
    """Quantiles of weighted samples (linear interpolation of the weighted CDF)."""
    order = np.argsort(values)
    values, weights = values[order], weights[order]
    cdf = np.cumsum(weights) - 0.5 * weights
    cdf /= np.sum(weights)
    return np.interp(quantiles, cdf, values)


def posterior_of(samples, path: Sequence[str], transform=None) -> dict:
    """Median and 68% interval of one parameter of autofit samples (full or summary).

    ``sigma`` is half the 16-84% interval, robust to skewed posteriors.

    Parameters
    ----------
    samples : autofit samples or samples summary
        Full samples (``parameter_lists`` and ``weight_list``) or the ``SamplesSummary``
        that grid searches keep per cell (its median and 1-sigma values).
    path : sequence of str
        The parameter's path in the model, e.g. ``("galaxies", "subhalo", "mass", "mass_at_200")``.
    transform : callable or None
        A monotonic increasing map applied first (e.g. ``np.log10``).
    """
    transform = transform or (lambda x: x)
    path = tuple(path)
    if hasattr(samples, "parameter_lists"):
        values = np.asarray(samples.parameter_lists, dtype=float)[:, samples.model.paths.index(path)]
        weights = np.asarray(samples.weight_list, dtype=float)
        lo, median, hi = weighted_quantiles(transform(values), weights, [0.15865, 0.5, 0.84135])
    else:
        median = transform(samples.median_pdf_sample.kwargs[path])
        lo, hi = transform(np.asarray(samples.values_at_sigma_1[".".join(path)], dtype=float))
    return dict(median=float(median), lower_1sigma=float(lo), upper_1sigma=float(hi), sigma=float(0.5 * (hi - lo)))


def write_summary(directory: Path, summary: dict) -> Path:
    """Write ``summary`` to ``directory/summary.json`` and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "summary.json"
    path.write_text(json.dumps(summary, indent=2))
    return path
