"""The building blocks of the Ludlow et al. (2016) relation against independent references.

Every expected value comes from outside the package: the NumPy/SciPy reference
(``autogalaxy_jaxnfw.reference``, adaptive quadrature to ~1e-12) or colossus
itself.  Tolerances are set from measured errors with a modest margin, so a change in the
numerical knobs of the core that loses accuracy shows up here.
"""

import jax
import numpy as np
import pytest
from colossus.cosmology import cosmology as colossus_cosmology
from colossus.cosmology import power_spectrum as colossus_power_spectrum

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.halo.ludlow16 import einasto
from autogalaxy_jaxnfw.cosmology import growth
from autogalaxy_jaxnfw.cosmology import sigma, variance
from autogalaxy_jaxnfw.cosmology import transfer
from autogalaxy_jaxnfw import reference as ref

# (our preset, the reference's copy, colossus' name for it)
PRESETS = [
    (agj.planck13, ref.REF_PLANCK13, "planck13"),
    (agj.planck15, ref.REF_PLANCK15, "planck15"),
    (agj.planck18, ref.REF_PLANCK18, "planck18"),
    (agj.wmap9, ref.REF_WMAP9, "WMAP9"),
]
PRESET_IDS = [name for _, _, name in PRESETS]


def max_rel_err(actual, expected):
    """Largest |actual / expected - 1| (expected values are all non-zero here)."""
    return float(np.max(np.abs(np.asarray(actual) / np.asarray(expected) - 1.0)))


def colossus_object(name):
    """A colossus Cosmology for a preset, without touching colossus' global state or disk cache."""
    return colossus_cosmology.Cosmology(
        name=name, persistence="", print_warnings=False, **colossus_cosmology.cosmologies[name]
    )


# -------------------------------------------------------------------------------------------------
# Cosmology
# -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ours, _, name", PRESETS, ids=PRESET_IDS)
def test__cosmology__presets_equal_colossus_values(ours, _, name):
    params = colossus_cosmology.cosmologies[name]
    col = colossus_object(name)
    assert params["flat"]
    assert ours.h == pytest.approx(params["H0"] / 100.0, rel=1e-15)
    assert ours.Om0 == params["Om0"]
    assert ours.Ob0 == params["Ob0"]
    assert ours.sigma8 == params["sigma8"]
    assert ours.ns == params["ns"]
    # Not in the preset dictionary: colossus' constructor defaults.
    assert ours.Tcmb0 == col.Tcmb0
    assert ours.Neff == col.Neff
    assert ours.relspecies == col.relspecies


@pytest.mark.parametrize("ours, _, name", PRESETS, ids=PRESET_IDS)
def test__cosmology__derived_densities_match_colossus(ours, _, name):
    col = colossus_object(name)
    assert float(ours.Ogamma0) == pytest.approx(col.Ogamma0, rel=1e-12)
    assert float(ours.Or0) == pytest.approx(col.Or0, rel=1e-12)
    assert float(ours.Ode0) == pytest.approx(col.Ode0, rel=1e-12)


def test__cosmology__relspecies_off_has_no_radiation():
    cosmo = agj.planck15.replace(relspecies=False)
    col = colossus_cosmology.Cosmology(
        name="norel", persistence="", relspecies=False, **colossus_cosmology.cosmologies["planck15"]
    )
    assert float(cosmo.Or0) == 0.0 == col.Or0
    assert float(cosmo.Ode0) == pytest.approx(col.Ode0, rel=1e-14)


def test__cosmology__is_a_pytree_with_eight_numerical_leaves():
    leaves, treedef = jax.tree_util.tree_flatten(agj.planck15)
    assert leaves == [0.6774, 0.3089, 0.0486, 0.8159, 0.9667, 2.7255, 3.046, float("inf")]
    rebuilt = jax.tree_util.tree_unflatten(treedef, [2.0 * x for x in leaves])
    assert rebuilt.name == "planck15" and rebuilt.relspecies
    assert rebuilt.Om0 == 2.0 * 0.3089
    changed = agj.planck15.replace(sigma8=0.9)
    assert changed.sigma8 == 0.9 and changed.h == agj.planck15.h and agj.planck15.sigma8 == 0.8159


# -------------------------------------------------------------------------------------------------
# Transfer function
# -------------------------------------------------------------------------------------------------

# From far above the horizon scale to well inside the Silk-damped tail (T ~ 1e-10).
K = np.geomspace(1e-5, 1e4, 3000)


@pytest.mark.parametrize("ours, reference, _", PRESETS, ids=PRESET_IDS)
def test__transfer_eh98__matches_reference(ours, reference, _):
    # Measured: <= 5e-16 (both evaluate the same closed form).
    assert max_rel_err(transfer.transfer_eh98(ours, K), ref.transfer_eh98(reference, K)) < 1e-12


@pytest.mark.parametrize("ours, _, name", PRESETS, ids=PRESET_IDS)
def test__transfer_eh98__matches_colossus_model_eisenstein98(ours, _, name):
    col = colossus_object(name)
    expected = colossus_power_spectrum.modelEisenstein98(K, col.h, col.Om0, col.Ob0, col.Tcmb0)
    # Measured: <= 2e-15.
    assert max_rel_err(transfer.transfer_eh98(ours, K), expected) < 1e-12


def test__transfer_eh98__dtype_and_shape():
    out = transfer.transfer_eh98(agj.planck15, K.reshape(30, 100))
    assert out.shape == (30, 100) and out.dtype == np.float64


# -------------------------------------------------------------------------------------------------
# sigma(R)
# -------------------------------------------------------------------------------------------------

# The whole tabulated range, both ends included (np.geomspace returns them exactly).
RADII = np.geomspace(1e-3, 60.0, 25)
# Measured max relative error of sigma over RADII: 1.9e-10 (planck15, at R = 40 Mpc/h) and
# 1.5e-10 (WMAP9); elsewhere ~1e-11.  sigma is the square root of the quadrature's sigma^2
# ratio, so this is ~half the sigma^2 error.  5x margin:
SIGMA_RTOL = 1e-9


@pytest.mark.parametrize(
    "ours, reference", [(agj.planck15, ref.REF_PLANCK15), (agj.wmap9, ref.REF_WMAP9)],
    ids=["planck15", "WMAP9"],
)
def test__sigma__matches_reference_over_table(ours, reference):
    actual = variance.sigma(ours, RADII)
    assert np.all(np.isfinite(actual))
    assert max_rel_err(actual, ref.sigma(reference, RADII)) < SIGMA_RTOL


def test__sigma__normalised_to_sigma8():
    for cosmo in (agj.planck15, agj.wmap9.replace(sigma8=0.7)):
        assert float(variance.sigma(cosmo, 8.0)) == pytest.approx(cosmo.sigma8, rel=1e-10)


def test__sigma__nan_outside_table():
    out = np.asarray(variance.sigma(agj.planck15, np.array([0.5e-3, 1e-3, 1.0, 60.0, 61.0])))
    assert np.isnan(out[[0, 4]]).all()
    assert np.isfinite(out[1:4]).all()


def test__sigma__lagrangian_radius_matches_reference():
    masses = np.geomspace(1e4, 1e17, 14)
    for ours, reference in [(agj.planck15, ref.REF_PLANCK15), (agj.wmap9, ref.REF_WMAP9)]:
        expected = ref.lagrangian_radius(reference, masses)
        assert max_rel_err(sigma.lagrangian_radius(ours, masses), expected) < 1e-14


# -------------------------------------------------------------------------------------------------
# Growth factor
# -------------------------------------------------------------------------------------------------

# Dense across colossus' blend region (5 < z < 20) and out past the formation-redshift limit.
REDSHIFTS = np.unique(np.concatenate([np.linspace(0.0, 30.0, 121), np.linspace(30.0, 250.0, 89)]))


@pytest.mark.parametrize("ours, reference, _", PRESETS, ids=PRESET_IDS)
def test__growth_factor__matches_reference(ours, reference, _):
    # Measured: 2e-15 for both (24-node Gauss-Legendre vs adaptive quadrature).
    assert max_rel_err(growth.growth_factor(ours, REDSHIFTS), ref.growth_factor(reference, REDSHIFTS)) < 1e-12
    assert max_rel_err(
        growth.growth_factor_unnormalised(ours, REDSHIFTS),
        ref.growth_factor_unnormalised(reference, REDSHIFTS),
    ) < 1e-12


def test__growth_factor__without_relativistic_species_matches_reference():
    ours = agj.planck15.replace(relspecies=False)
    reference = ref.RefCosmology(**{**ref.REF_PLANCK15.__dict__, "relspecies": False})
    assert max_rel_err(
        growth.growth_factor_unnormalised(ours, REDSHIFTS),
        ref.growth_factor_unnormalised(reference, REDSHIFTS),
    ) < 1e-12


def test__growth_factor__matches_colossus_exact_evaluation():
    # interpolation=False: colossus integrates with scipy.quad at its default tolerance
    # (measured 3.1e-10 vs ours; its interpolated growthFactor is only ~1.5e-4 accurate).
    col = colossus_cosmology.Cosmology(
        name="exact", persistence="", interpolation=False, **colossus_cosmology.cosmologies["planck15"]
    )
    assert max_rel_err(growth.growth_factor(agj.planck15, REDSHIFTS), col.growthFactor(REDSHIFTS)) < 1e-9
    assert max_rel_err(
        growth.growth_factor_unnormalised(agj.planck15, REDSHIFTS), col.growthFactorUnnormalized(REDSHIFTS)
    ) < 1e-9


def test__growth_factor__scalar_and_array_shapes():
    assert growth.growth_factor(agj.planck15, 0.0).shape == ()
    assert float(growth.growth_factor(agj.planck15, 0.0)) == 1.0
    assert growth.growth_factor(agj.planck15, REDSHIFTS[:200].reshape(4, 50)).shape == (4, 50)


# -------------------------------------------------------------------------------------------------
# Einasto mass ratio
# -------------------------------------------------------------------------------------------------


def test__einasto_mass_ratio__matches_reference():
    concentrations = np.geomspace(1.0, 100.0, 400)
    # Measured: 8e-15 (jax.scipy gammainc vs scipy.special.gammainc).
    actual = einasto.einasto_mass_ratio(concentrations)
    assert max_rel_err(actual, ref.einasto_mass_ratio(concentrations)) < 1e-12
    assert float(einasto.einasto_mass_ratio(1.0)) == pytest.approx(1.0, rel=1e-15)
    assert np.all(np.diff(np.asarray(actual)) < 0.0)  # more mass outside r_-2 as c grows


def test__einasto_mass_ratio__other_alpha_matches_reference():
    concentrations = np.geomspace(1.0, 50.0, 50)
    for alpha in (0.12, 0.25):
        actual = einasto.einasto_mass_ratio(concentrations, alpha=alpha)
        assert max_rel_err(actual, ref.einasto_mass_ratio(concentrations, alpha=alpha)) < 1e-12


def test__einasto_ln_mass_ratio_series__matches_reference():
    # The solver's Chebyshev series of ln(M_-2/M_200) in ln c (alpha = 0.18, 1 <= c <= 100);
    # measured 1.0e-14.
    concentrations = np.geomspace(1.0, 100.0, 997)
    series = np.exp(np.asarray(einasto.einasto_ln_mass_ratio_series(np.log(concentrations))))
    assert max_rel_err(series, ref.einasto_mass_ratio(concentrations)) < 1e-12
