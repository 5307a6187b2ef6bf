"""Derivatives of c200c(M, z) with respect to M, z and every cosmological parameter.

Expected values are central finite differences of the NumPy/SciPy reference
(``autogalaxy_jaxnfw.reference``: adaptive quadrature and Brent's method, ~1e-12 precise).
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import concentration_ludlow16_valid, concentration_ludlow16_with_mask
from autogalaxy_jaxnfw import reference as ref
from test_autogalaxy_jaxnfw.halo.test_ludlow16 import COSMOLOGY_FIELDS, five_point_derivative, reference_c

# Derivatives vs finite differences of the reference; measured <= 1e-10 (ln M, z) and
# <= 7e-8 (cosmology fields, worst Ob0).
GRAD_RTOL = 1e-6


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
