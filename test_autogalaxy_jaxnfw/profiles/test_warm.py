"""The warm-dark-matter NFW halo: cold limit, its concentration, its prior, and the likelihood's gradient in 1/m_wdm."""

import numpy as np
import pytest

import autofit as af
import autolens as al
from autofit.non_linear.fitness import Fitness
from autogalaxy import exc

import autogalaxy_jaxnfw as agj
from test_autogalaxy_jaxnfw.profiles.test_likelihood import _imaging


def test__warm_halo__cold_limit_is_the_mean_relation_halo():
    cold = agj.NFWMCRLudlowSphJax(centre=(0.1, 0.0), mass_at_200=1e9)
    warm = agj.NFWMCRWarmLudlowSphJax(centre=(0.1, 0.0), mass_at_200=1e9, inverse_m_wdm=0.0)
    assert (warm.kappa_s, warm.scale_radius) == (cold.kappa_s, cold.scale_radius)


def test__warm_halo__concentration_is_ludlow16_on_the_warm_spectrum():
    mass, z = 1e9, 0.5
    halo = agj.NFWMCRWarmLudlowSphJax(mass_at_200=mass, inverse_m_wdm=1.0 / 3.0, redshift_object=z)
    pairing = agj.profiles.get_cosmology()
    expected = agj.profiles.nfw_parameters_from(mass, redshift_object=z, cosmology=agj.HaloCosmology(
        concentration=pairing.concentration.replace(m_wdm=3.0), lensing=pairing.lensing))
    assert (halo.kappa_s, halo.scale_radius) == pytest.approx((expected.kappa_s, expected.scale_radius), rel=1e-14)
    c_warm = agj.concentration_ludlow16(mass * pairing.concentration.h, z, pairing.concentration.replace(m_wdm=3.0))
    assert float(expected.concentration) == pytest.approx(float(c_warm), rel=1e-14)
    assert float(c_warm) < float(agj.concentration_ludlow16(mass * pairing.concentration.h, z, pairing.concentration))


@pytest.mark.parametrize("inverse_m_wdm", [-0.1, float("nan"), float("inf")])
def test__warm_halo__invalid_inverse_mass_raises_on_numpy_path(inverse_m_wdm):
    with pytest.raises(exc.ModelParameterException, match="inverse_m_wdm"):
        agj.NFWMCRWarmLudlowSphJax(mass_at_200=1e9, inverse_m_wdm=inverse_m_wdm)


def test__warm_halo__shipped_prior_of_inverse_mass():
    prior = af.Model(agj.NFWMCRWarmLudlowSphJax).inverse_m_wdm
    assert isinstance(prior, af.UniformPrior) and (prior.lower_limit, prior.upper_limit) == (0.0, 1.0)


def test__warm_halo__likelihood_gradient_in_inverse_mass_matches_finite_differences():
    subhalo = af.Model(agj.NFWMCRWarmLudlowSphJax, centre=(0.3, 0.0), redshift_object=0.5, redshift_source=1.0)
    lens = af.Model(al.Galaxy, redshift=0.5, mass=al.mp.IsothermalSph(einstein_radius=0.5), subhalo=subhalo)
    source = al.Galaxy(redshift=1.0, bulge=al.lp.SersicSph(intensity=1.0, effective_radius=0.3, sersic_index=1.5))
    model = af.Collection(galaxies=af.Collection(lens=lens, source=source))
    assert [path[-1] for path in model.paths] == ["mass_at_200", "inverse_m_wdm"]
    fitness = Fitness(model=model, analysis=al.AnalysisImaging(dataset=_imaging(), use_jax=True))
    value_and_grad = fitness.objective("value_and_grad")
    point, step = np.array([1e10, 0.3]), 1e-3
    value, gradient = value_and_grad(point)
    assert np.all(np.isfinite(np.asarray(gradient)))
    values = [float(value_and_grad(point + np.array([0.0, k * step]))[0]) for k in (-2, -1, 1, 2)]
    fd = (values[0] - 8.0 * values[1] + 8.0 * values[2] - values[3]) / (12.0 * step)
    assert float(np.asarray(gradient)[1]) == pytest.approx(fd, rel=1e-5)
    # The cold end of the prior: finite, and the derivative there is 0 (c is flat in 1/m_wdm at 0).
    _, at_cold = value_and_grad(np.array([1e10, 0.0]))
    assert np.all(np.isfinite(np.asarray(at_cold))) and float(np.asarray(at_cold)[1]) == 0.0
