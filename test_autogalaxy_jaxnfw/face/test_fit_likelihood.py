"""Lens-model likelihoods with a mass-parameterised NFW halo, through autofit's own JAX path.

``autofit.non_linear.fitness.Fitness`` is what every search evaluates: with a JAX analysis
(``use_jax=True``) its ``objective("value_and_grad")`` is ``jax.jit(jax.value_and_grad(call))``
over the physical parameter vector, ``call`` building the model instance with ``xp=jnp``;
with ``use_jax=False`` ``call`` is the plain NumPy path.  Both are compared here, and the
JAX gradient against central differences of the NumPy likelihood.
"""

import warnings

import numpy as np
import pytest

import autofit as af
import autolens as al
from autofit.non_linear.fitness import Fitness

import autogalaxy_jaxnfw as agj

PIXEL_SCALE = 0.1
TRUTH = dict(mass_at_200=2e13, scatter_sigma=0.5)
# Away from the truth, so both derivatives are large compared with their rounding noise.
PARAMETERS = np.array([1.5e13, 0.2])  # mass_at_200 [Msun], scatter_sigma


def _galaxies(**dark):
    lens = al.Galaxy(
        redshift=0.5,
        mass=al.mp.IsothermalSph(einstein_radius=0.6),
        dark=agj.NFWMCRScatterLudlowJax(ell_comps=(0.05, 0.0), redshift_object=0.5, redshift_source=1.0, **dark),
    )
    source = al.Galaxy(
        redshift=1.0,
        bulge=al.lp.SersicSph(centre=(0.05, 0.05), intensity=1.0, effective_radius=0.3, sersic_index=1.5),
    )
    return [lens, source]


def _model():
    """Everything fixed at the truth except the halo's mass_at_200 and scatter_sigma."""
    dark = af.Model(agj.NFWMCRScatterLudlowJax)
    dark.centre = (0.0, 0.0)
    dark.ell_comps = (0.05, 0.0)
    dark.redshift_object = 0.5
    dark.redshift_source = 1.0
    lens, source = _galaxies(**TRUTH)
    model = af.Collection(
        galaxies=af.Collection(
            lens=af.Model(al.Galaxy, redshift=0.5, mass=lens.mass, dark=dark),
            source=af.Model(al.Galaxy, redshift=1.0, bulge=source.bulge),
        )
    )
    assert [path[-1] for path in model.paths] == ["mass_at_200", "scatter_sigma"]
    return model


def _grid():
    return al.Grid2D.uniform(shape_native=(40, 40), pixel_scales=PIXEL_SCALE, over_sample_size=1)


def _mask():
    return al.Mask2D.circular(shape_native=(40, 40), pixel_scales=PIXEL_SCALE, radius=1.8)


def _imaging():
    psf = al.Convolver.from_gaussian(shape_native=(5, 5), pixel_scales=PIXEL_SCALE, sigma=0.1, normalize=True)
    simulator = al.SimulatorImaging(
        exposure_time=300.0, psf=psf, add_poisson_noise_to_data=False, noise_if_add_noise_false=0.05, noise_seed=1
    )
    with warnings.catch_warnings():
        # The simulator blurs the full, unmasked image, so it has no separate blurring region.
        warnings.filterwarnings("ignore", message="No blurring_image provided")
        dataset = simulator.via_galaxies_from(galaxies=_galaxies(**TRUTH), grid=_grid())
    return dataset.apply_mask(mask=_mask())


def _interferometer():
    uv_wavelengths = np.random.default_rng(3).uniform(-2e5, 2e5, size=(60, 2))
    simulator = al.SimulatorInterferometer(
        uv_wavelengths=uv_wavelengths,
        exposure_time=300.0,
        transformer_class=al.TransformerDFT,
        noise_sigma=10.0,
        noise_seed=1,
    )
    simulated = simulator.via_galaxies_from(galaxies=_galaxies(**TRUTH), grid=_grid())
    return al.Interferometer(
        data=simulated.data,
        noise_map=simulated.noise_map,
        uv_wavelengths=uv_wavelengths,
        real_space_mask=_mask(),
        transformer_class=al.TransformerDFT,
    )


def _central_difference(func, x, step):
    return (-func(x + 2 * step) + 8 * func(x + step) - 8 * func(x - step) + func(x - 2 * step)) / (12 * step)


def _check_fitness(analysis_class, dataset):
    model = _model()
    numpy_fitness = Fitness(model=model, analysis=analysis_class(dataset=dataset, use_jax=False))
    jax_fitness = Fitness(model=model, analysis=analysis_class(dataset=dataset, use_jax=True))

    log_likelihood = numpy_fitness.call(PARAMETERS)
    assert np.isfinite(log_likelihood)

    value, gradient = jax_fitness.objective("value_and_grad")(PARAMETERS)
    assert float(value) == pytest.approx(log_likelihood, rel=1e-10)
    assert np.all(np.isfinite(gradient))

    mass, scatter = PARAMETERS
    # In ln M, so one step size suits both derivatives; five points keep truncation ~step^4.
    fd_mass = (
        _central_difference(lambda ln_m: numpy_fitness.call([np.exp(ln_m), scatter]), np.log(mass), 1e-2) / mass
    )
    fd_scatter = _central_difference(lambda s: numpy_fitness.call([mass, s]), scatter, 1e-2)
    assert float(gradient[0]) == pytest.approx(fd_mass, rel=1e-5)
    assert float(gradient[1]) == pytest.approx(fd_scatter, rel=1e-5)


def test__imaging_fitness__jit_value_and_grad_match_numpy_path():
    _check_fitness(al.AnalysisImaging, _imaging())


def test__interferometer_fitness__jit_value_and_grad_match_numpy_path():
    _check_fitness(al.AnalysisInterferometer, _interferometer())


def test__fitness__invalid_halo_is_resampled_on_both_paths():
    dataset = _imaging()
    model = _model()
    bad = np.array([1e20, 0.0])  # concentration undefined above ~2e16 Msun/h
    numpy_fitness = Fitness(model=model, analysis=al.AnalysisImaging(dataset=dataset, use_jax=False))
    jax_fitness = Fitness(model=model, analysis=al.AnalysisImaging(dataset=dataset, use_jax=True))
    assert numpy_fitness.call(bad) == numpy_fitness.resample_figure_of_merit
    assert float(jax_fitness.objective("scalar")(bad)) == jax_fitness.resample_figure_of_merit
