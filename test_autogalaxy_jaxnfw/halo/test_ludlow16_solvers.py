"""The three solvers of ``concentration``: the router's choices, their agreement, and convergence.

The bracketed solver is checked against the reference in ``test_concentration.py``; here the
secant solver and the fixed-redshift series are checked against it on dense random inputs
that cross the kinks of colossus' growth-factor blend (z_-2 = 5, 20), the sigma table's
edges and colossus' z_-2 limit, for cosmologies with and without radiation.
"""

import re

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import concentration_ludlow16, concentration_ludlow16_solution
from autogalaxy_jaxnfw.halo.ludlow16 import relation as concentration
from autogalaxy_jaxnfw.halo.ludlow16 import secant_solver
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.numerics.roots import chandrupatla
from test_autogalaxy_jaxnfw.halo.test_ludlow16 import five_point_derivative, reference_c
from test_autogalaxy_jaxnfw.halo.test_ludlow16_gradients import GRAD_RTOL

COSMOLOGIES = {
    "planck15": agj.planck15,
    "wmap9": agj.wmap9,
    "planck18_no_radiation": agj.planck18.replace(relspecies=False),
    "low_sigma8_blue_tilt": agj.planck15.replace(sigma8=0.6, ns=1.1),
    "low_matter": agj.planck15.replace(Om0=0.15, Ob0=0.03),
}
# The bracketed solver stops within ~1e-11 of the root; secant and the series reach ~1e-13.
SOLVER_RTOL = 1e-10
# Below, at and above the kinks at z_-2 = 5 and 20, and close to colossus' z_-2 limit.
REDSHIFTS = [0.0, 0.7, 4.7, 8.0, 19.9, 30.0, 199.0]


def _random_inputs(n, seed):
    """Masses from below to above the sigma table; redshifts up to beyond colossus' limit."""
    rng = np.random.default_rng(seed)
    masses = 10.0 ** rng.uniform(4.0, 16.5, n)
    redshifts = np.concatenate([rng.uniform(0.0, 30.0, n - n // 5), rng.uniform(150.0, 260.0, n // 5)])
    return masses, redshifts


def _assert_same(solution, expected):
    valid = np.asarray(expected.valid)
    np.testing.assert_array_equal(np.asarray(solution.valid), valid)
    np.testing.assert_allclose(
        np.asarray(solution.concentration)[valid], np.asarray(expected.concentration)[valid], rtol=SOLVER_RTOL
    )
    assert np.isnan(np.asarray(solution.concentration)[~valid]).all()


@pytest.mark.parametrize("name", list(COSMOLOGIES))
def test__secant__matches_bracketed_solver_on_random_inputs(name):
    masses, redshifts = _random_inputs(4000, seed=len(name))
    secant = concentration_ludlow16_solution(masses, redshifts, COSMOLOGIES[name], method="secant")
    bracketed = concentration_ludlow16_solution(masses, redshifts, COSMOLOGIES[name], method="bracketed")
    assert 0.5 < np.mean(np.asarray(bracketed.valid)) < 0.95
    _assert_same(secant, bracketed)


@pytest.mark.parametrize("name", ["planck15", "planck18_no_radiation", "low_matter"])
@pytest.mark.parametrize("z", REDSHIFTS)
def test__series__matches_bracketed_solver_on_dense_masses(name, z):
    cosmology = COSMOLOGIES[name]
    masses = jnp.asarray(np.logspace(4.0, 16.5, 2001))
    series = jax.jit(lambda m: concentration_ludlow16_solution(m, z, cosmology))(masses)
    bracketed = concentration_ludlow16_solution(masses, np.full(masses.shape, z), cosmology, method="bracketed")
    assert np.asarray(bracketed.valid).sum() > 200
    _assert_same(series, bracketed)


def test__secant__unconverged_entries_are_invalid_not_wrong(monkeypatch):
    masses, redshifts = _random_inputs(2000, seed=7)
    expected = concentration_ludlow16_solution(masses, redshifts, method="bracketed")
    monkeypatch.setattr(secant_solver, "MAX_ITERATIONS", 3)
    jax.clear_caches()
    few_steps = concentration_ludlow16_solution(masses, redshifts, method="secant")
    jax.clear_caches()
    valid, expected_valid = np.asarray(few_steps.valid), np.asarray(expected.valid)
    assert np.any(expected_valid & ~valid)  # three steps are not enough for some halos ...
    assert not np.any(valid & ~expected_valid)
    np.testing.assert_allclose(  # ... and those that pass the test are right
        np.asarray(few_steps.concentration)[valid], np.asarray(expected.concentration)[valid], rtol=SOLVER_RTOL
    )


def test__router__chooses_by_what_is_known_at_trace_time():
    chosen = []

    def spy(m, z, cosmology):
        chosen.append(concentration.choose_method(m, z, cosmology))
        return m

    jax.jit(lambda m: spy(m, 0.5, agj.planck15))(1e12)
    jax.jit(lambda m: spy(m, np.array([0.2, 0.5, 0.2]), agj.planck15))(np.ones(3))
    jax.jit(lambda m, z: spy(m, z, agj.planck15))(1e12, 0.5)
    jax.jit(lambda m, c: spy(m, 0.5, c))(1e12, agj.planck15)
    spy(1e12, 0.5, agj.planck15)
    jax.jit(lambda m: spy(m, 250.0, agj.planck15))(1e12)  # no series: no root at any mass
    assert chosen == ["series", "series", "secant", "bracketed", "secant", "secant"]


def test__router__series_programs_have_no_loops():
    loops = re.compile(r"\b(while|scan|cond)\[")
    assert not loops.search(str(jax.make_jaxpr(lambda m: concentration_ludlow16(m, 0.5))(1e12)))
    planes = np.repeat([0.1, 0.4, 0.9], 4)
    assert not loops.search(str(jax.make_jaxpr(lambda m: concentration_ludlow16(m, planes))(np.ones(12))))
    # The solvers iterate (bounded loops).
    assert loops.search(str(jax.make_jaxpr(concentration_ludlow16)(1e12, 0.5)))
    assert loops.search(str(jax.make_jaxpr(lambda m, c: concentration_ludlow16(m, 0.5, c))(1e12, agj.planck15)))


def test__router__forced_methods_check_their_requirements():
    with pytest.raises(ValueError, match="method must be one of"):
        concentration_ludlow16(1e12, 0.5, method="grid")
    with pytest.raises(ValueError, match="concrete cosmology"):
        jax.jit(lambda c: concentration_ludlow16(1e12, 0.5, c, method="secant"))(agj.planck15)
    with pytest.raises(ValueError, match="plain-number redshifts"):
        jax.jit(lambda z: concentration_ludlow16(1e12, z, method="series"))(0.5)


def test__series__several_planes_equal_one_plane_at_a_time():
    masses = jnp.asarray(np.logspace(9.0, 14.0, 12))
    planes = np.repeat([0.1, 0.4, 0.9], 4)
    together = jax.jit(lambda m: concentration_ludlow16(m, planes))(masses)
    apart = [jax.jit(lambda m, z=z: concentration_ludlow16(m, z))(masses[planes == z]) for z in (0.1, 0.4, 0.9)]
    np.testing.assert_array_equal(np.asarray(together), np.concatenate([np.asarray(a) for a in apart]))


@pytest.mark.parametrize("mass, z", [(1e9, 1.5), (1e12, 0.5), (3e14, 0.2)])
def test__series__gradient_matches_reference_finite_differences(mass, z):
    derivative = jax.grad(lambda m: concentration_ludlow16(m, z))(mass)
    fd_ln_m = five_point_derivative(lambda x: reference_c(ref.REF_PLANCK15, np.exp(x), z), np.log(mass), 1e-3)
    assert abs(derivative * mass / fd_ln_m - 1.0) <= GRAD_RTOL


@pytest.mark.parametrize("z, expected", [(0.5, [0, 0, 0, 0, 0, 0, 1]), (250.0, [0] * 7)])
def test__series__invalid_entries_are_nan_with_zero_gradient(z, expected):
    # Non-positive, non-finite, below and above the sigma table; z = 250 has no root for any
    # mass (z_-2 > z is beyond colossus' range).
    masses = jnp.array([0.0, -1e12, np.nan, np.inf, 1e3, 1e18, 1e12])
    c, valid = jax.jit(lambda m: agj.concentration_ludlow16_with_mask(m, z))(masses)
    np.testing.assert_array_equal(np.asarray(valid), np.array(expected, bool))
    assert np.isnan(np.asarray(c)[~np.asarray(valid)]).all()
    gradient = np.asarray(jax.jit(jax.grad(lambda m: jnp.sum(concentration_ludlow16(m, z))))(masses))
    assert np.all(np.isfinite(gradient))
    np.testing.assert_array_equal(gradient[~np.asarray(valid)], 0.0)


def test__chandrupatla__reports_convergence_and_missing_brackets():
    lower, upper = jnp.array([0.0, 0.0, 2.0]), jnp.array([2.0, 2.0, 3.0])
    fun = lambda x: x * x - 2.0  # noqa: E731
    result = chandrupatla(fun, lower, upper, fun(lower), fun(upper), x_tol=1e-14)
    np.testing.assert_array_equal(np.asarray(result.converged), [True, True, False])
    np.testing.assert_allclose(np.asarray(result.root)[:2], np.sqrt(2.0), rtol=1e-14)
    stopped = chandrupatla(fun, lower, upper, fun(lower), fun(upper), x_tol=1e-14, max_iterations=2)
    assert not np.any(np.asarray(stopped.converged))


def test__secant__scalar_program_is_cheap_enough_for_xla_to_run_inline():
    # XLA's CPU client runs a program on the calling thread when its cost estimate is below
    # 1000 flops, and hands it to a thread pool otherwise -- tens of microseconds of thread
    # switching per call, more than the whole solve.  A scalar call must stay below.
    cost = jax.jit(lambda m, z: concentration_ludlow16(m, z)).lower(1e12, 0.5).compile().cost_analysis()
    cost = cost[0] if isinstance(cost, list) else cost
    assert cost["flops"] < 1000
