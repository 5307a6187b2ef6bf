"""The Relation choice and the Bose et al. (2016) option of agj.concentration, against direct evaluations."""

import dataclasses

import jax
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.reference import mass_definitions as ref_mdef
from autogalaxy_jaxnfw.reference import warm_dark_matter as ref_wdm

MASSES = np.array([1e7, 1e9, 1e11, 1e13])  # Msun/h
Z = 0.5
WARM = agj.planck15.replace(m_wdm=3.0)
REF_WARM = dataclasses.replace(ref.REF_PLANCK15, m_wdm=3.0)


def _bose16_eq17(m200c, z, m_hm):
    """Bose et al. (2016) eq. 17, written out here from the paper."""
    return (1.0 + 60.0 * m_hm / m200c) ** -0.17 * (1.0 + z) ** (0.026 * z - 0.04)


@pytest.fixture(scope="module")
def diemer19_200c():
    """Cold and Bose16-suppressed DJ19 c200c at MASSES (two compiled programs, shared)."""
    cold = np.asarray(agj.concentration(MASSES, "200c", Z, "diemer19", agj.planck15))
    warm = np.asarray(agj.concentration(MASSES, "200c", Z, "diemer19", WARM, warm="bose16"))
    return cold, warm


@pytest.mark.parametrize(
    "fields, allowed",
    [
        (dict(model="nfw"), "ludlow16"),
        (dict(mass_definition="200x"), "vir"),
        (dict(warm="hot"), "bose16"),
        (dict(model="diemer19", warm="spectrum"), "ludlow16"),
        (dict(model="diemer19", options={"statistic": "mode"}), "median"),
        (dict(options={"statistic": "mean"}), "method"),
    ],
)
def test__relation__bad_field_raises_listing_the_allowed_values(fields, allowed):
    with pytest.raises(ValueError, match=allowed):
        agj.Relation(**fields)


def test__relation__defaults_filled_hashable_and_static_under_jit():
    assert agj.Relation() == agj.Relation(model="ludlow16", mass_definition="200c", options={"method": None})
    assert hash(agj.Relation(model="diemer19")) == hash(agj.Relation(model="diemer19", options={"statistic": "median"}))
    assert agj.Relation(model="diemer19", mass_definition="vir", options={"statistic": "mean"}).label == "Diemer19VirMean"
    # A leafless pytree: passed through jit as an ordinary argument it stays a Relation.
    seen = jax.jit(lambda relation, x: (relation, x))(agj.Relation(warm="bose16"), 1.0)[0]
    assert seen == agj.Relation(warm="bose16") and jax.tree_util.tree_leaves(seen) == []


def test__concentration__bad_warm_raises():
    with pytest.raises(ValueError, match="bose16"):
        agj.concentration(1e12, "200c", 0.0, "diemer19", warm="spectrum")


def test__concentration__bose16_is_eq17_at_the_reference_half_mode_mass(diemer19_200c):
    cold, warm = diemer19_200c
    m_hm = ref_wdm.half_mode_mass(REF_WARM)
    np.testing.assert_allclose(warm / cold, _bose16_eq17(MASSES, Z, m_hm), rtol=1e-10)
    assert np.all(warm < cold)


def test__concentration__bose16_in_vir_is_the_suppressed_200c_halo_converted():
    """In another definition: the halo of mass M_vir whose c200c is the suppressed one (the documented choice)."""
    m_vir = np.array([1e8, 1e11])
    c_vir = np.asarray(agj.concentration(m_vir, "vir", Z, "ludlow16", WARM, warm="bose16"))
    m_hm = ref_wdm.half_mode_mass(REF_WARM)
    for m, c in zip(m_vir, c_vir):
        m200c, _, c200c = ref_mdef.change_mass_definition(REF_WARM, m, c, Z, "vir", "200c")
        cold = float(agj.concentration_ludlow16(m200c, Z, agj.planck15))
        assert c200c == pytest.approx(cold * _bose16_eq17(m200c, Z, m_hm), rel=1e-8)


def test__relation__spectrum_is_ludlow16_on_the_warm_spectrum_and_other_models_need_bose16():
    warm = np.asarray(agj.Relation(warm="spectrum").concentration_with_mask(MASSES, Z, WARM)[0])
    np.testing.assert_array_equal(warm, np.asarray(agj.concentration_ludlow16(MASSES, Z, WARM)))
    with pytest.raises(ValueError, match="bose16"):
        agj.Relation(model="diemer19").concentration_with_mask(MASSES, Z, WARM)
