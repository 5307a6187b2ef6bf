"""c200c(M, z) of Ludlow et al. (2016): values, validity, JAX transformations and gradients.

Expected values come from the NumPy/SciPy reference (``autogalaxy_jaxnfw.reference``:
adaptive quadrature and Brent's method, ~1e-12 precise) or colossus; derivatives are in
``test_concentration_gradients.py``, the agreement of the solvers in ``test_solvers.py``.  The module-scoped fixtures below share the expensive
reference evaluations and JAX compilations between tests.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from colossus.cosmology import cosmology as colossus_cosmology
from colossus.halo import concentration as colossus_concentration

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import (
    concentration_ludlow16,
    concentration_ludlow16_valid,
    concentration_ludlow16_with_mask,
)
from autogalaxy_jaxnfw import reference as ref

COSMOLOGY_FIELDS = ("h", "Om0", "Ob0", "sigma8", "ns", "Tcmb0", "Neff")

# (our preset, the reference's copy, colossus' name for it)
PRESETS = {
    "planck15": (agj.planck15, ref.REF_PLANCK15, "planck15"),
    "wmap9": (agj.wmap9, ref.REF_WMAP9, "WMAP9"),
}

# A moderate grid over the whole range lensing and galaxy formation care about.
GRID_LOG_M = np.linspace(8.0, 15.5, 9)
GRID_Z = np.linspace(0.0, 6.0, 5)

# Contract of the port (the reference agrees with itself to ~1e-12); measured 1.9e-11.
C_RTOL = 1e-6
# colossus solves on a 200-point grid in c with linear interpolation and interpolates
# sigma(R) and D(z); measured 4.9e-4 (planck15) and 4.5e-4 (WMAP9) against ours.
COLOSSUS_RTOL = 1e-3


def rel_err(actual, expected):
    return np.abs(np.asarray(actual) / np.asarray(expected) - 1.0)


def five_point_derivative(fun, x, step):
    """Fourth-order central difference (f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / 12h."""
    return (fun(x - 2 * step) - 8 * fun(x - step) + 8 * fun(x + step) - fun(x + 2 * step)) / (12 * step)


def reference_c(cosmo, mass, z):
    c, valid = ref.concentration_ludlow16(cosmo, mass, z)
    assert valid
    return c


@pytest.fixture(scope="module", params=list(PRESETS))
def grid(request):
    """Ours, the reference and colossus on the GRID_LOG_M x GRID_Z grid for one preset."""
    ours_cosmo, ref_cosmo, colossus_name = PRESETS[request.param]
    masses = 10.0**GRID_LOG_M
    c_ref, valid_ref = ref.concentration_ludlow16_grid(ref_cosmo, masses, GRID_Z)
    c, valid = concentration_ludlow16_with_mask(masses[:, None], GRID_Z[None, :], ours_cosmo)
    colossus_cosmology.setCosmology(colossus_name, persistence="")
    c_col = np.array(
        [colossus_concentration.concentration(masses, "200c", z, model="ludlow16") for z in GRID_Z]
    ).T
    return dict(c=np.asarray(c), valid=np.asarray(valid), c_ref=c_ref, valid_ref=valid_ref, c_col=c_col)


# -------------------------------------------------------------------------------------------------
# Values
# -------------------------------------------------------------------------------------------------


def test__concentration__matches_reference_on_grid(grid):
    assert grid["valid_ref"].all() and grid["valid"].all()
    assert rel_err(grid["c"], grid["c_ref"]).max() <= C_RTOL


def test__concentration__matches_colossus_default(grid):
    assert rel_err(grid["c"], grid["c_col"]).max() <= COLOSSUS_RTOL


def test__concentration__sensible_trends(grid):
    # c falls with mass at fixed z (L16 fig. 1) and with redshift at fixed mass.
    assert np.all(np.diff(grid["c"], axis=0) < 0.0)
    assert np.all(np.diff(grid["c"], axis=1) < 0.0)


def test__concentration__high_redshift_and_table_edges_match_reference():
    masses = np.array([3e4, 1e12, 1.5e16])
    redshifts = np.array([10.0, 100.0, 190.0])
    c_ref, valid_ref = ref.concentration_ludlow16_grid(ref.REF_PLANCK15, masses, redshifts)
    c, valid = concentration_ludlow16_with_mask(masses[:, None], redshifts[None, :])
    assert valid_ref.all() and np.asarray(valid).all()
    assert rel_err(c, c_ref).max() <= C_RTOL


# -------------------------------------------------------------------------------------------------
# Validity mask
# -------------------------------------------------------------------------------------------------


def test__validity__bad_inputs_are_invalid_and_nan():
    masses = np.array([0.0, -1e12, np.nan, np.inf, -np.inf, 1e12, 1e12, 1e12, 1e12, 1e12])
    redshifts = np.array([0.5, 0.5, 0.5, 0.5, 0.5, -1.0, -0.1, np.nan, np.inf, 0.5])
    c, valid = concentration_ludlow16_with_mask(masses, redshifts)
    expected = np.zeros(masses.size, dtype=bool)
    expected[-1] = True
    np.testing.assert_array_equal(np.asarray(valid), expected)
    assert np.isnan(np.asarray(c)[:-1]).all() and np.isfinite(np.asarray(c)[-1])
    for i, (m, z) in enumerate(zip(masses, redshifts)):
        assert ref.concentration_ludlow16(ref.REF_PLANCK15, m, z)[1] == expected[i]


def test__validity__lagrangian_radius_outside_sigma_table():
    # R(fM) >= 1e-3 Mpc/h needs M >~ 1.8e4, R(M) <= 40 Mpc/h needs M <~ 2.3e16 (planck15).
    # The reference has no table and still solves these; the port refuses to extrapolate.
    masses = np.array([1e3, 1e4, 3e4, 1.5e16, 3e16, 1e18])
    valid = np.asarray(concentration_ludlow16_valid(masses, 0.5))
    np.testing.assert_array_equal(valid, [False, False, True, True, False, False])
    assert np.isnan(np.asarray(concentration_ludlow16(masses, 0.5))[~valid]).all()


def test__validity__no_solution_near_formation_redshift_limit_matches_reference():
    # For z -> 200 the formation redshift of every admissible c exceeds colossus' limit
    # 200.01; where that happens depends on mass (lower masses fail first).
    masses = np.array([1e12, 1e14, 1e16])
    redshifts = np.array([198.0, 199.0, 199.5, 200.5, 250.0])
    c_ref, valid_ref = ref.concentration_ludlow16_grid(ref.REF_PLANCK15, masses, redshifts)
    c, valid = concentration_ludlow16_with_mask(masses[:, None], redshifts[None, :])
    expected = np.array(
        [[1, 0, 0, 0, 0],
         [1, 1, 0, 0, 0],
         [1, 1, 1, 0, 0]], dtype=bool,
    )
    np.testing.assert_array_equal(valid_ref, expected)  # the case really exists
    np.testing.assert_array_equal(np.asarray(valid), valid_ref)
    assert np.isnan(np.asarray(c)[~expected]).all()
    assert rel_err(np.asarray(c)[expected], c_ref[expected]).max() <= C_RTOL


def test__validity__valid_function_agrees_with_mask():
    masses = np.array([1e3, 1e10, 1e12, 0.0, 1e14])
    redshifts = np.array([0.0, 1.0, 250.0, 1.0, 3.0])
    c, valid = concentration_ludlow16_with_mask(masses, redshifts)
    np.testing.assert_array_equal(np.asarray(concentration_ludlow16_valid(masses, redshifts)), valid)
    np.testing.assert_array_equal(np.isfinite(np.asarray(c)), valid)
    np.testing.assert_array_equal(np.asarray(concentration_ludlow16(masses, redshifts)), np.asarray(c))


# -------------------------------------------------------------------------------------------------
# JAX transformations, shapes and dtypes
# -------------------------------------------------------------------------------------------------

MIXED_M = np.array([1e9, 1e11, 0.0, 1e13, 1e15, 1e3])
MIXED_Z = np.array([0.0, 0.7, 0.5, 2.0, 5.5, 1.0])


def test__jit__matches_eager():
    eager_c, eager_valid = concentration_ludlow16_with_mask(MIXED_M, MIXED_Z, agj.wmap9)
    # The cosmology is a traced argument here: its tables are built inside the trace and the
    # bracketed solver runs, which stops within ~1e-11 of the root the eager secant steps reach.
    jit_c, jit_valid = jax.jit(concentration_ludlow16_with_mask)(MIXED_M, MIXED_Z, agj.wmap9)
    np.testing.assert_array_equal(np.asarray(jit_valid), np.asarray(eager_valid))
    np.testing.assert_allclose(np.asarray(jit_c), np.asarray(eager_c), rtol=1e-10, equal_nan=True)
    # Closing over a concrete cosmology (the cached-table path).
    closed = jax.jit(lambda m, z: concentration_ludlow16(m, z, agj.wmap9))(MIXED_M, MIXED_Z)
    np.testing.assert_allclose(np.asarray(closed), np.asarray(eager_c), rtol=1e-12, equal_nan=True)


# One compiled scalar evaluation shared by the loops below (NumPy float64 scalars, so
# every call hits the same cache entry).
_scalar_c = jax.jit(concentration_ludlow16)


def test__vmap__matches_loop():
    batched = jax.vmap(concentration_ludlow16)(MIXED_M, MIXED_Z)
    looped = np.array([float(_scalar_c(m, z)) for m, z in zip(MIXED_M, MIXED_Z)])
    np.testing.assert_allclose(np.asarray(batched), looped, rtol=1e-12, equal_nan=True)


BROADCAST_M = np.geomspace(1e10, 1e14, 4)
BROADCAST_Z = np.array([0.2, 1.0, 3.0])


@pytest.fixture(scope="module")
def scalar_grid():
    """c on BROADCAST_M x BROADCAST_Z from scalar calls only (no broadcasting involved)."""
    return np.array([[float(_scalar_c(m, z)) for z in BROADCAST_Z] for m in BROADCAST_M])


@pytest.mark.parametrize(
    "case",
    ["scalar-scalar", "vector-scalar", "scalar-vector", "vector-vector", "column-row"],
)
def test__broadcasting__shapes(scalar_grid, case):
    m, z, expected = {
        "scalar-scalar": (BROADCAST_M[1], BROADCAST_Z[1], scalar_grid[1, 1]),
        "vector-scalar": (BROADCAST_M, BROADCAST_Z[1], scalar_grid[:, 1]),
        "scalar-vector": (BROADCAST_M[1], BROADCAST_Z, scalar_grid[1, :]),
        "vector-vector": (BROADCAST_M[:3], BROADCAST_Z, np.diag(scalar_grid[:3])),
        "column-row": (BROADCAST_M[:, None], BROADCAST_Z[None, :], scalar_grid),
    }[case]
    c, valid = concentration_ludlow16_with_mask(m, z)
    shape = np.shape(expected)
    assert c.shape == shape and valid.shape == shape
    assert concentration_ludlow16(m, z).shape == shape
    assert concentration_ludlow16_valid(m, z).shape == shape
    assert np.asarray(valid).all()
    np.testing.assert_allclose(np.asarray(c), expected, rtol=1e-12)


@pytest.mark.parametrize(
    "mass, z",
    [(1e12, 0.5), (np.float32(1e12), np.float32(0.5)), (10**12, 1), (np.array([1e12], np.float32), 0.5)],
    ids=["python-float", "float32", "int", "float32-array"],
)
def test__dtype__outputs_float64_and_bool(mass, z):
    c, valid = concentration_ludlow16_with_mask(mass, z)
    assert c.dtype == jnp.float64 and valid.dtype == jnp.bool_
    assert concentration_ludlow16(mass, z).dtype == jnp.float64
