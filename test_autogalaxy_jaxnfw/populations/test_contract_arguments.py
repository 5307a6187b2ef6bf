"""The population entry points' arguments at the boundary (issue 22).

Python / NumPy ints and lists give the float values; anything that is not real numbers, a
count that is not an integer, a preset's name where a Cosmology belongs and shapes that do not
fit are refused with an error naming the argument; a sheet over a non-positive area is NaN.
Every check here fails before any halo is computed, except the integer masses.
"""

import math
import re

import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.populations.planes import PlaneLayout
from autogalaxy_jaxnfw.populations.simulator import PopulationSimulator

PLANES = (0.3, 0.6, 1.5)


def _names(error, *arguments):
    return all(re.search(rf"\b{a}\b", str(error.value)) for a in arguments)


def test__population_parameters__integer_masses_give_the_float_values():
    ints = agj.truncated_nfw_population_parameters(np.array([10**10, 10**12]))
    floats = agj.truncated_nfw_population_parameters(np.array([1e10, 1e12]))
    for a, b in zip(ints, floats):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    listed = agj.truncated_nfw_population_parameters([1e10, 1e12])
    np.testing.assert_array_equal(np.asarray(listed.kappa_s), np.asarray(floats.kappa_s))


def test__population_parameters__string_mass_named():
    with pytest.raises(TypeError) as error:
        agj.truncated_nfw_population_parameters("1e10")
    assert _names(error, "mass_at_200")


def test__population_parameters__shape_mismatch_names_both():
    with pytest.raises(ValueError) as error:
        agj.truncated_nfw_population_parameters(np.full(3, 1e10), redshift_object=np.full(2, 0.5))
    assert _names(error, "mass_at_200", "redshift_object")


@pytest.mark.parametrize(
    "change, argument, kind",
    [
        (dict(plane_index=np.array([0.0, 1.0])), "plane_index", TypeError),
        (dict(centres=np.zeros((2, 3))), "centres", ValueError),
        (dict(scatter_sigma=np.zeros(3)), "scatter_sigma", ValueError),
        (dict(max_per_plane=2.5), "max_per_plane", TypeError),
        (dict(max_per_plane=0), "max_per_plane", ValueError),
        (dict(plane_redshifts=("0.3", "1.5")), "plane_redshifts", TypeError),
        (dict(mass_at_200=["1e10", "1e11"]), "mass_at_200", TypeError),
    ],
)
def test__truncated_halo_arrays__wrong_argument_named(change, argument, kind):
    arguments = dict(mass_at_200=np.array([1e10, 1e11]), centres=np.zeros((2, 2)), plane_index=np.array([0, 1]),
                     plane_redshifts=PLANES, max_per_plane=2, scatter_sigma=0.0)
    with pytest.raises(kind) as error:
        agj.truncated_halo_arrays(**{**arguments, **change})
    assert _names(error, argument)


def _halos():
    """Two planes' worth of laid-out haloes (kappa_s, r_s, r_t valid), built by hand."""
    params = jnp.zeros((3, 2, 5)).at[..., 2:].set(jnp.array([0.01, 0.5, 5.0]))
    mask = jnp.array([[True, False], [True, True], [False, False]])
    return agj.SubstructureHalos(params=params, mask=mask, n_dropped=jnp.asarray(0))


def test__mean_convergence_sheets__wrong_kinds_named():
    with pytest.raises(TypeError) as error:
        agj.mean_convergence_sheets(tuple(_halos()), area=1.0)
    assert _names(error, "halos")
    with pytest.raises(TypeError) as error:
        agj.mean_convergence_sheets(_halos(), area="1")
    assert _names(error, "area")


@pytest.mark.parametrize("area", [0.0, -1.0, math.nan])
def test__mean_convergence_sheets__area_outside_its_domain_is_nan(area):
    assert np.all(np.isnan(np.asarray(agj.mean_convergence_sheets(_halos(), area=area))))
    sheets = np.asarray(agj.mean_convergence_sheets(_halos(), area=10**2))
    assert np.all(sheets[:2] < 0.0) and sheets[2] == 0.0, sheets  # the source plane holds no halo


@pytest.mark.parametrize(
    "arguments, argument, kind",
    [
        (dict(redshift=0.5, cosmology="planck15"), "cosmology", TypeError),
        (dict(redshift="0.5"), "redshift", TypeError),
        (dict(redshift=[0.5, 1.0]), "redshift", ValueError),
        (dict(redshift=0.5, n_points=10.5), "n_points", TypeError),
        (dict(redshift=math.nan), "redshift", ValueError),
    ],
)
def test__mass_concentration_line__wrong_argument_named(arguments, argument, kind):
    with pytest.raises(kind) as error:
        agj.mass_concentration_line(**arguments)
    assert _names(error, argument)


def test__ludlow16_los_sampler__cosmology_name_named():
    with pytest.raises((TypeError, ValueError)) as error:
        agj.Ludlow16LOSSampler(z_lens=0.5, z_source=2.0, concentration_cosmology="planck15")
    assert _names(error, "concentration_cosmology")


@pytest.mark.parametrize(
    "change, argument, kind",
    [
        (dict(exposure_time="500"), "exposure_time", TypeError),
        (dict(exposure_time=-1.0), "exposure_time", ValueError),
        (dict(background_sky=math.nan), "background_sky", ValueError),
        (dict(cone_area=[-1.0, 2.0]), "cone_area", ValueError),
        (dict(halo_cosmology="planck15"), "halo_cosmology", TypeError),
    ],
)
def test__population_simulator__wrong_argument_named(change, argument, kind):
    arguments = dict(layout=PlaneLayout(PLANES[:-1], PLANES[-1], (2, 2)), grid=np.zeros((4, 2)), image_shape=(2, 2),
                     psf_kernel=np.ones((1, 1)), lens_deflections=None, lens_plane=0, source_image=None,
                     lens_params=None, source_params=None, exposure_time=100.0, background_sky=0.1)
    with pytest.raises(kind) as error:
        PopulationSimulator(**{**arguments, **change})
    assert _names(error, argument)
