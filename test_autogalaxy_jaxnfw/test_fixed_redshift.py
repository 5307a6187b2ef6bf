"""c200c inside traced functions whose redshift and cosmology are plain numbers (``fixed_redshift``).

There the root is a series in ln s built at trace time.  It is checked against the
bracketed solver (per-halo redshifts, itself checked against the reference in
``test_concentration.py``) on dense mass grids that cross the kinks of colossus'
growth-factor blend, and its derivatives against finite differences of the reference.
"""

import re

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import concentration_ludlow16, concentration_ludlow16_with_mask
from autogalaxy_jaxnfw import reference as ref
from test_autogalaxy_jaxnfw.test_concentration import GRAD_RTOL, five_point_derivative, reference_c

COSMOLOGIES = {
    "planck15": agj.planck15,
    "wmap9": agj.wmap9,
    "planck18_no_radiation": agj.planck18.replace(relspecies=False),
}
# Below, between and above the kinks at z_-2 = 5 and 20, and close to colossus' z_-2 limit.
REDSHIFTS = [0.0, 0.7, 4.7, 8.0, 19.9, 30.0, 199.0]
# The series' own error is ~1e-13 in ln c; the bracketed solver stops at ~1e-11.
SOLVER_RTOL = 1e-10


def fixed(z, cosmology=agj.planck15):
    """The public function, jitted over masses only: z and the cosmology are trace-time numbers."""
    return jax.jit(lambda m: concentration_ludlow16_with_mask(m, z, cosmology))


@pytest.mark.parametrize("name", list(COSMOLOGIES))
@pytest.mark.parametrize("z", REDSHIFTS)
def test__fixed_redshift__dense_masses_match_bracketed_solver(name, z):
    cosmology = COSMOLOGIES[name]
    # From below the sigma table's lightest mass to above its heaviest.
    masses = jnp.asarray(np.logspace(4.0, 16.5, 2001))
    c, valid = map(np.asarray, fixed(z, cosmology)(masses))
    expected, expected_valid = map(np.asarray, concentration_ludlow16_with_mask(masses, jnp.full(masses.shape, z), cosmology))
    np.testing.assert_array_equal(valid, expected_valid)
    assert valid.sum() > 400
    np.testing.assert_allclose(c[valid], expected[valid], rtol=SOLVER_RTOL)
    assert np.isnan(c[~valid]).all()


def test__fixed_redshift__compiled_program_has_no_loops():
    loops = re.compile(r"\b(while|cond)\[")
    assert not loops.search(str(jax.make_jaxpr(lambda m: concentration_ludlow16(m, 0.5))(1e12)))
    # With a traced redshift the solver iterates.
    assert loops.search(str(jax.make_jaxpr(concentration_ludlow16)(1e12, 0.5)))


@pytest.mark.parametrize("mass, z", [(1e9, 1.5), (1e12, 0.5), (3e14, 0.2)])
def test__fixed_redshift__gradient_matches_reference_finite_differences(mass, z):
    derivative = jax.grad(lambda m: concentration_ludlow16(m, z))(mass)
    fd_ln_m = five_point_derivative(lambda x: reference_c(ref.REF_PLANCK15, np.exp(x), z), np.log(mass), 1e-3)
    assert abs(derivative * mass / fd_ln_m - 1.0) <= GRAD_RTOL


def test__fixed_redshift__vmap_matches_loop_of_eager_calls():
    masses = np.logspace(8.0, 15.5, 7)
    batched = jax.vmap(lambda m: concentration_ludlow16(m, 0.5))(masses)
    looped = [float(concentration_ludlow16(m, 0.5)) for m in masses]
    np.testing.assert_allclose(np.asarray(batched), looped, rtol=SOLVER_RTOL)


@pytest.mark.parametrize("z, expected", [(0.5, [0, 0, 0, 0, 0, 0, 1]), (250.0, [0] * 7)])
def test__fixed_redshift__invalid_entries_are_nan_with_zero_gradient(z, expected):
    # Non-positive, non-finite, below and above the sigma table; z = 250 has no root for any
    # mass (z_-2 > z is beyond colossus' range) and goes through the general solver.
    masses = jnp.array([0.0, -1e12, np.nan, np.inf, 1e3, 1e18, 1e12])
    c, valid = fixed(z)(masses)
    np.testing.assert_array_equal(np.asarray(valid), np.array(expected, bool))
    assert np.isnan(np.asarray(c)[~np.asarray(valid)]).all()
    gradient = np.asarray(jax.jit(jax.grad(lambda m: jnp.sum(concentration_ludlow16(m, z))))(masses))
    assert np.all(np.isfinite(gradient))
    np.testing.assert_array_equal(gradient[~np.asarray(valid)], 0.0)
