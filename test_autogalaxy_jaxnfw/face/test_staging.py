"""Phase-2 staging: autogalaxy's own Ludlow classes on the plugin's relation, and back."""

import numpy as np
import pytest

import autogalaxy as ag
import autolens as al
from autofit.non_linear.fitness import Fitness
import autofit as af
from autogalaxy.profiles.mass.dark import mcr_util

import autogalaxy_jaxnfw as agj

EXTRA = {
    "cNFW": dict(f_c=0.05),
    "gNFW": dict(inner_slope=1.3),
    "Kaplinghat": dict(sigma_over_m=3.0, t_age=8.0),
    "Yang": dict(sigma_over_m=20.0, velocity_exponent=1.0, velocity_ref=20.0),
}
HALOES = [dict(mass_at_200=3e8, redshift_object=0.2, redshift_source=1.1), dict(mass_at_200=2e12, redshift_object=0.7, redshift_source=2.3)]


def _kwargs(name, halo):
    kwargs = dict(halo)
    for prefix, extra in EXTRA.items():
        if name.startswith(prefix):
            kwargs.update(extra)
    return kwargs


def _parameters(profile):
    """Every numerical attribute but the inputs (which are equal by construction)."""
    return {
        name: float(value)
        for name, value in vars(profile).items()
        if not name.startswith("_") and name not in ("centre", "ell_comps") and np.ndim(value) == 0
    }


@pytest.mark.parametrize("halo", HALOES, ids=["subhalo", "group"])
@pytest.mark.parametrize("name", sorted(agj.SIBLINGS))
def test__staging__upstream_class_gives_sibling_parameters(name, halo):
    upstream, sibling = getattr(ag.mp, name[: -len("Jax")]), agj.SIBLINGS[name]
    kwargs = _kwargs(name, halo)
    own = _parameters(upstream(**kwargs))
    with agj.staging.enabled():
        staged = _parameters(upstream(**kwargs))
    with agj.upstream_conventions():
        expected = _parameters(sibling(**kwargs))
    # Off again: upstream's own numbers, bit for bit.
    assert _parameters(upstream(**kwargs)) == own
    assert staged.keys() == expected.keys()
    for key in staged:
        # The Kaplinghat profile's derived parameters are roots; upstream's brentq stops at
        # xtol = 2e-12 kpc, ~2e-11 of the radius of a 1e6 Msun halo (3e-14 here).
        rtol = 1e-10 if key in ("interaction_radius", "central_density", "isothermal_radius") else 1e-12
        assert staged[key] == pytest.approx(expected[key], rel=rtol, abs=0), key
    # The port moved upstream's concentration by its error (< 2e-3), not more.
    assert staged["scale_radius"] == pytest.approx(own["scale_radius"], rel=2e-3)


def test__staging__restores_the_original_function_object_and_environment():
    original = mcr_util.ludlow16_cosmology
    agj.staging.enable()
    try:
        assert mcr_util.ludlow16_cosmology is agj.staging.ludlow16_cosmology
        with agj.staging.enabled():  # nested: leaves it on
            pass
        assert agj.staging.is_enabled()
    finally:
        agj.staging.disable()
    assert mcr_util.ludlow16_cosmology is original
    with agj.staging.enabled():
        assert agj.staging.is_enabled()
    assert mcr_util.ludlow16_cosmology is original and not agj.staging.is_enabled()


def test__staging__invalid_mass_is_a_model_parameter_exception():
    with agj.staging.enabled(), pytest.raises(af.exc.FitException):
        ag.mp.NFWMCRLudlowSph(mass_at_200=1e20)


def test__staging__unchanged_workspace_script_runs_on_the_port():
    """``af.Model(al.mp.NFWMCRLudlowSph)`` in an imaging fit: one added line stages it."""
    grid = al.Grid2D.uniform(shape_native=(20, 20), pixel_scales=0.1, over_sample_size=1)
    truth = [
        al.Galaxy(redshift=0.5, mass=al.mp.IsothermalSph(einstein_radius=0.8), subhalo=al.mp.NFWMCRLudlowSph(centre=(0.5, 0.3), mass_at_200=1e10, redshift_object=0.5, redshift_source=1.0)),
        al.Galaxy(redshift=1.0, bulge=al.lp.SersicSph(intensity=1.0, effective_radius=0.3, sersic_index=1.5)),
    ]
    dataset = al.SimulatorImaging(exposure_time=300.0, psf=al.Convolver.from_gaussian(shape_native=(3, 3), pixel_scales=0.1, sigma=0.1, normalize=True), add_poisson_noise_to_data=False, noise_if_add_noise_false=0.05).via_galaxies_from(galaxies=truth, grid=grid)
    dataset = dataset.apply_mask(mask=al.Mask2D.circular(shape_native=(20, 20), pixel_scales=0.1, radius=0.9))

    def likelihood(subhalo_class, parameters):
        subhalo = af.Model(subhalo_class, redshift_object=0.5, redshift_source=1.0)
        lens = af.Model(al.Galaxy, redshift=0.5, mass=al.mp.IsothermalSph(einstein_radius=0.8), subhalo=subhalo)
        source = al.Galaxy(redshift=1.0, bulge=truth[1].bulge)
        model = af.Collection(galaxies=af.Collection(lens=lens, source=source))
        return Fitness(model=model, analysis=al.AnalysisImaging(dataset=dataset, use_jax=False)).call(parameters)

    parameters = [0.45, 0.32, 3e9]  # centre, mass_at_200
    own = likelihood(al.mp.NFWMCRLudlowSph, parameters)
    with agj.staging.enabled():
        staged = likelihood(al.mp.NFWMCRLudlowSph, parameters)
    sibling = likelihood(agj.NFWMCRLudlowSphJax, parameters)
    # Upstream's NFWSph maps equal the sibling's exact ones to ~1e-12 away from r = r_s.
    assert staged == pytest.approx(sibling, rel=1e-9)
    assert staged != own
