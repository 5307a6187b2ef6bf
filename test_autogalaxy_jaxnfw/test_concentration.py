"""c200c(M, z) of Ludlow et al. (2016): values, validity, JAX transformations and gradients.

Expected values come from the NumPy/SciPy reference (``reference.py``: adaptive quadrature
and Brent's method, ~1e-12 precise) or colossus; derivatives from central finite
differences of the reference.  The module-scoped fixtures below share the expensive
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
# Derivatives vs finite differences of the reference; measured <= 1e-10 (ln M, z) and
# <= 7e-8 (cosmology fields, worst Ob0).
GRAD_RTOL = 1e-6


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
    # The cosmology is a traced argument here, so the sigma table is built inside the trace.
    jit_c, jit_valid = jax.jit(concentration_ludlow16_with_mask)(MIXED_M, MIXED_Z, agj.wmap9)
    np.testing.assert_array_equal(np.asarray(jit_valid), np.asarray(eager_valid))
    np.testing.assert_allclose(np.asarray(jit_c), np.asarray(eager_c), rtol=1e-12, equal_nan=True)
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
    # A scalar z takes the one-redshift solver, an array of z the bracketed one: both sit
    # within ~1e-11 of the root.
    np.testing.assert_allclose(np.asarray(c), expected, rtol=1e-10)


@pytest.mark.parametrize(
    "mass, z",
    [(1e12, 0.5), (np.float32(1e12), np.float32(0.5)), (10**12, 1), (np.array([1e12], np.float32), 0.5)],
    ids=["python-float", "float32", "int", "float32-array"],
)
def test__dtype__outputs_float64_and_bool(mass, z):
    c, valid = concentration_ludlow16_with_mask(mass, z)
    assert c.dtype == jnp.float64 and valid.dtype == jnp.bool_
    assert concentration_ludlow16(mass, z).dtype == jnp.float64


# -------------------------------------------------------------------------------------------------
# Gradients
# -------------------------------------------------------------------------------------------------

# (M [Msun/h], z) chosen with the formation redshift (6.5, 3.6, 1.6) away from the kinks
# of colossus' growth-factor blend at z = 5 and 20, where D'(z) jumps.
GRAD_POINTS = [(1e9, 1.5), (1e12, 0.5), (3e14, 0.2)]
# Relative finite-difference steps for the cosmology fields.  c depends on Neff only
# through the tiny radiation density (dc/dNeff ~ 3e-6 c), so a larger step keeps the
# difference well above the reference's quadrature noise; c is smooth in Neff on +-6%.
FIELD_STEPS = {name: 1e-3 for name in COSMOLOGY_FIELDS} | {"Neff": 1e-2}

# A batch mixing GRAD_POINTS with invalid entries of every kind.  The first part enters
# the loss as sum(where(valid, c, 0)), the usual way to fit a batch with some undefined
# haloes; the second part (invalid entries only) enters as the raw NaN-valued c, whose
# gradient must still be zero.  Both share one compilation: differentiating with respect
# to the cosmology rebuilds the sigma table inside the trace, and its compile time
# dominates this file.
MASKED_M = np.array([1e9, 0.0, -1e12, 1e12, np.nan, np.inf, 3e14, 1e3, 1e18, 1e12, 1e12, 1e12, 1e12])
MASKED_Z = np.array([1.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.2, 0.5, 0.5, -1.0, np.nan, 199.5, 250.0])
MASKED_VALID = np.isin(np.arange(MASKED_M.size), [0, 3, 6])
RAW_M = np.array([0.0, np.nan, np.inf, 1e3, 1e12, 1e12])
RAW_Z = np.array([0.5, 0.5, 0.5, 0.5, -1.0, 250.0])


def _loss(masses, redshifts, cosmology):
    c, valid = concentration_ludlow16_with_mask(masses, redshifts, cosmology)
    n = MASKED_M.size
    return jnp.sum(jnp.where(valid[:n], c[:n], 0.0)) + jnp.sum(c[n:])


@pytest.fixture(scope="module")
def batch_gradients():
    """d loss / d(M, z, cosmology) for the MASKED + RAW batch, as NumPy values."""
    masses = np.concatenate([MASKED_M, RAW_M])
    redshifts = np.concatenate([MASKED_Z, RAW_Z])
    d_m, d_z, d_cosmo = jax.jit(jax.grad(_loss, argnums=(0, 1, 2)))(masses, redshifts, agj.planck15)
    return np.asarray(d_m), np.asarray(d_z), {f: float(getattr(d_cosmo, f)) for f in COSMOLOGY_FIELDS}


def test__grad__batch_has_expected_validity():
    valid = np.asarray(concentration_ludlow16_valid(np.concatenate([MASKED_M, RAW_M]),
                                                    np.concatenate([MASKED_Z, RAW_Z])))
    np.testing.assert_array_equal(valid, np.concatenate([MASKED_VALID, np.zeros(RAW_M.size, bool)]))


def test__grad__finite_everywhere_and_zero_at_invalid_inputs(batch_gradients):
    d_m, d_z, d_cosmo = batch_gradients
    invalid = np.concatenate([~MASKED_VALID, np.ones(RAW_M.size, bool)])
    for values in [d_m, d_z, np.array(list(d_cosmo.values()))]:
        assert np.all(np.isfinite(values))
    np.testing.assert_array_equal(d_m[invalid], 0.0)
    np.testing.assert_array_equal(d_z[invalid], 0.0)
    assert np.all(d_m[~invalid] < 0.0) and np.all(d_z[~invalid] < 0.0)


@pytest.mark.parametrize("index", range(len(GRAD_POINTS)))
def test__grad__log_mass_and_redshift_match_reference_finite_differences(batch_gradients, index):
    mass, z = GRAD_POINTS[index]
    d_m, d_z, _ = batch_gradients
    entry = np.flatnonzero(MASKED_VALID)[index]
    assert (MASKED_M[entry], MASKED_Z[entry]) == (mass, z)
    # d c / d ln M = M d c / d M; differencing in ln M keeps the step relative.
    fd_ln_m = five_point_derivative(lambda x: reference_c(ref.REF_PLANCK15, np.exp(x), z), np.log(mass), 1e-3)
    fd_z = five_point_derivative(lambda x: reference_c(ref.REF_PLANCK15, mass, x), z, 1e-3)
    assert abs(d_m[entry] * mass / fd_ln_m - 1.0) <= GRAD_RTOL
    assert abs(d_z[entry] / fd_z - 1.0) <= GRAD_RTOL


@pytest.mark.parametrize("field", COSMOLOGY_FIELDS)
def test__grad__cosmology_fields_match_reference_finite_differences(batch_gradients, field):
    # The loss's cosmology gradient is the sum over the valid haloes only: any leak from the
    # invalid (masked or raw NaN) entries would show up as a mismatch here.  Each halo's
    # derivative has the same sign for a given field, so the sum cannot hide errors by
    # cancellation.
    _, _, d_cosmo = batch_gradients
    x0 = getattr(ref.REF_PLANCK15, field)
    step = FIELD_STEPS[field] * x0
    fd = 0.0
    for mass, z in GRAD_POINTS:
        fd += five_point_derivative(
            lambda x: reference_c(ref.RefCosmology(**{**ref.REF_PLANCK15.__dict__, field: x}), mass, z),
            x0, step,
        )
    assert abs(d_cosmo[field] / fd - 1.0) <= GRAD_RTOL, (field, d_cosmo[field], fd)


@pytest.fixture(scope="module")
def one_redshift_batch():
    masses = np.concatenate([[0.0, -1.0, np.nan, 1e3, 1e18], np.logspace(8.0, 15.5, 995)])
    return jnp.asarray(masses), 0.7


def test__one_redshift_batch__matches_reference(one_redshift_batch):
    masses, z = one_redshift_batch
    c, valid = agj.concentration_ludlow16_with_mask(masses, z)
    assert not np.any(np.asarray(valid)[:5]) and np.all(np.asarray(valid)[5:])
    picks = np.arange(5, masses.size, 99)
    expected = np.array([ref.concentration_ludlow16(ref.REF_PLANCK15, float(masses[i]), z)[0] for i in picks])
    np.testing.assert_allclose(np.asarray(c)[picks], expected, rtol=C_RTOL)


def test__one_redshift_batch__equals_per_halo_redshift_path_with_gradients(one_redshift_batch):
    masses, z = one_redshift_batch

    def summed(m, zz):
        c, valid = agj.concentration_ludlow16_with_mask(m, zz)
        return jnp.sum(jnp.where(valid, c, 0.0))

    one = jax.value_and_grad(summed)(masses, z)
    per_halo = jax.value_and_grad(summed)(masses, jnp.full(masses.shape, z))
    np.testing.assert_allclose(one[0], per_halo[0], rtol=1e-10)
    np.testing.assert_allclose(one[1], per_halo[1], rtol=1e-8, atol=1e-30)
    assert np.all(np.isfinite(np.asarray(one[1])))


def test__one_redshift_batch__falls_back_to_bracketed_solver(monkeypatch, one_redshift_batch):
    from autogalaxy_jaxnfw import concentration

    masses, z = one_redshift_batch
    expected = np.asarray(concentration._ludlow16(masses, jnp.full(masses.shape, z), agj.planck15)[0])
    monkeypatch.setattr(concentration, "_POLISH_TOL", 0.0)  # no step is small enough
    fallback = np.asarray(concentration._ludlow16(masses, z, agj.planck15)[0])
    np.testing.assert_array_equal(fallback, expected)


@pytest.mark.parametrize("z", [0.0, 0.1, 0.7, 2.0, 4.7, 8.0])
def test__one_redshift_batch__dense_masses_match_bracketed_solver(z):
    # 2001 masses meet colossus' growth-factor kinks (z_-2 = 5, 20), where the one-redshift
    # solver's polishing converges slowest; the bracketed solver is checked against the
    # reference above.
    masses = jnp.asarray(np.logspace(8.0, 15.5, 2001))
    one_z, valid = agj.concentration_ludlow16_with_mask(masses, z)
    bracketed, valid_bracketed = agj.concentration_ludlow16_with_mask(masses, jnp.full(masses.shape, z))
    np.testing.assert_array_equal(np.asarray(valid), np.asarray(valid_bracketed))
    np.testing.assert_allclose(np.asarray(one_z), np.asarray(bracketed), rtol=1e-10)


def test__collapse_concentration__formation_redshift_equals_redshift():
    # Below c_0 (200 c^3 M_-2/M_200 = C, L16 eq. 6 with z_-2 = z) no root exists.
    from autogalaxy_jaxnfw import ludlow16

    c0 = np.exp(ludlow16.ln_c_collapse_now())
    assert 200.0 * c0**3 * ref.einasto_mass_ratio(c0) == pytest.approx(ludlow16.LUDLOW16_C, rel=1e-12)
