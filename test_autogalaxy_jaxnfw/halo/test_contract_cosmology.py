"""The halo relations' contract for the cosmology: a traced field outside its domain, and warm spectra.

A batch of cosmologies, each with one field outside its domain (and one valid member), runs
through every relation under ``jax.vmap``: each invalid member gives NaN with ``valid = False``
and zero derivatives with respect to every field; the valid member gives the concrete
cosmology's value.  A fit calibrated on cold spectra refuses a concrete warm cosmology
(naming ``warm="bose16"``) and masks a traced one.
"""

import dataclasses
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj

# One field outside its domain per member; the last member is planck15 itself.
CASES = [
    ("h", -0.7), ("Om0", 1.2), ("Ob0", 0.0), ("sigma8", 0.0), ("Tcmb0", 0.0), ("Neff", -1.0),
    ("m_wdm", -1.0), ("m_wdm", 0.0), ("m_wdm", math.nan), ("ns", math.nan), ("h", math.nan),
]
_LEAVES = ("h", "Om0", "Ob0", "sigma8", "ns", "Tcmb0", "Neff", "m_wdm")


def _batch(cases):
    """planck15 with each case's field changed, one member per case plus planck15, stacked (a warm program)."""
    members = [dict(zip(_LEAVES, agj.planck15.leaves())) for _ in cases] + [dict(zip(_LEAVES, agj.planck15.leaves()))]
    for member, (name, value) in zip(members, cases):
        member[name] = value
    stacked = {name: jnp.array([m[name] for m in members]) for name in _LEAVES}
    return dataclasses.replace(agj.planck15, **stacked, dark_matter="warm")


BATCH = _batch(CASES)
M = jnp.array([1e10, 1e12])
RELATIONS = {
    "ludlow16": lambda cosmo: agj.concentration_ludlow16_with_mask(M, 0.5, cosmo),
    "diemer19": lambda cosmo: agj.concentration_with_mask(M, "200c", 0.5, model="diemer19", cosmology=cosmo),
    "diemer19_bose16": lambda cosmo: agj.concentration_with_mask(
        M, "200c", 0.5, model="diemer19", cosmology=cosmo, warm="bose16"),
    "change_mass_definition": lambda cosmo: (
        lambda mc, ok: (mc.M, ok))(*agj.change_mass_definition_with_mask(M, 5.0, 0.5, "200c", "vir", cosmo)),
    "density_threshold": lambda cosmo: (lambda v: (v, jnp.isfinite(v)))(agj.density_threshold(0.5, "vir", cosmo)),
    "mass_to_radius": lambda cosmo: (lambda v: (v, jnp.isfinite(v)))(agj.mass_to_radius(M, 0.5, "200m", cosmo)),
}
CONCRETE = {
    "ludlow16": lambda: agj.concentration_ludlow16_with_mask(M, 0.5, agj.planck15),
    "diemer19": lambda: agj.concentration_with_mask(M, "200c", 0.5, model="diemer19"),
    "diemer19_bose16": lambda: agj.concentration_with_mask(M, "200c", 0.5, model="diemer19"),
    "change_mass_definition": lambda: (agj.change_mass_definition(M, 5.0, 0.5, "200c", "vir").M, None),
    "density_threshold": lambda: (agj.density_threshold(0.5, "vir"), None),
    "mass_to_radius": lambda: (agj.mass_to_radius(M, 0.5, "200m"), None),
}
# The valid member runs the warm programs (m_wdm = inf), and Ludlow16 the bracketed solver,
# against the concrete cold programs and the secant solver.
RTOL = {"ludlow16": 1e-8, "diemer19": 1e-8, "diemer19_bose16": 1e-8}


@pytest.mark.parametrize("name", list(RELATIONS))
def test__traced_cosmology__each_field_outside_its_domain_is_nan_invalid_zero_gradient(name):
    relation = RELATIONS[name]

    def total(cosmo):
        value, valid = jax.vmap(relation)(cosmo)
        return jnp.sum(value), (value, valid)

    # One compiled program for the values and the gradient (an eager gradient dispatches the
    # relation's solver op by op: several times longer).
    (_, (value, valid)), grads = jax.jit(jax.value_and_grad(total, has_aux=True))(BATCH)
    value, valid = np.asarray(value), np.asarray(valid)
    assert not valid[:-1].any() and np.isnan(value[:-1]).all()
    assert valid[-1].all()
    np.testing.assert_allclose(value[-1], CONCRETE[name]()[0], rtol=RTOL.get(name, 1e-13))
    for field in _LEAVES:
        g = np.asarray(getattr(grads, field))
        assert np.isfinite(g).all(), field
        np.testing.assert_array_equal(g[:-1], 0.0, err_msg=field)


@pytest.mark.parametrize("m_wdm", [-1.0, 0.0, math.nan])
def test__traced_m_wdm__ludlow16_outside_the_domain_under_jit_is_nan_invalid(m_wdm):
    f = lambda m: agj.concentration_ludlow16_with_mask(jnp.array([1e8, 1e10, 1e12]), 0.5, agj.planck15.replace(m_wdm=m))

    def total(m):
        c, valid = f(m)
        return jnp.sum(c), (c, valid)

    (_, (c, valid)), gradient = jax.jit(jax.value_and_grad(total, has_aux=True))(m_wdm)
    assert np.isnan(c).all() and not np.asarray(valid).any()
    assert gradient == 0.0


@pytest.mark.parametrize("model", ["diemer19", "ishiyama21"])
@pytest.mark.parametrize("m_wdm", [0.005, 0.1, 3.0])
def test__warm_spectrum__cold_calibrated_fit_refuses_a_concrete_warm_cosmology(model, m_wdm):
    warm = agj.planck15.replace(m_wdm=m_wdm)
    with pytest.raises(ValueError, match=r"warm='bose16'"):
        agj.concentration(1e9, "200c", 0.5, model=model, cosmology=warm)
    with pytest.raises(ValueError, match=r"warm='bose16'"):
        agj.concentration_with_mask(1e9, "vir", 0.5, model=model, cosmology=warm)


def test__warm_spectrum__cold_calibrated_fit_masks_a_traced_finite_m_wdm():
    f = jax.jit(lambda m: agj.concentration_with_mask(1e9, "200c", 0.5, model="diemer19", cosmology=agj.planck15.replace(m_wdm=m)))
    c, valid = f(3.0)
    assert np.isnan(c) and not bool(valid)
    c, valid = f(math.inf)
    assert bool(valid)
    assert float(c) == pytest.approx(float(agj.concentration(1e9, "200c", 0.5, model="diemer19")), rel=1e-8)
    assert jax.grad(lambda m: f(m)[0])(3.0) == 0.0


def test__warm_spectrum__ludlow16_and_bose16_take_a_warm_cosmology():
    warm = agj.planck15.replace(m_wdm=3.0)
    ludlow, ludlow_valid = agj.concentration_with_mask(1e9, "200c", 0.5, model="ludlow16", cosmology=warm)
    bose, bose_valid = agj.concentration_with_mask(1e9, "200c", 0.5, model="diemer19", cosmology=warm, warm="bose16")
    assert bool(ludlow_valid) and bool(bose_valid)
    # Both suppress the cold concentration of a halo near the half-mode mass.
    assert float(ludlow) < float(agj.concentration(1e9, "200c", 0.5, model="ludlow16"))
    assert float(bose) < float(agj.concentration(1e9, "200c", 0.5, model="diemer19"))


def test__warm_spectrum__relation_masks_a_traced_finite_m_wdm_like_concentration():
    relation = agj.Relation(model="diemer19")
    with pytest.raises(ValueError, match=r"warm='bose16'"):
        relation.concentration_with_mask(1e9, 0.5, agj.planck15.replace(m_wdm=3.0))
    f = jax.jit(lambda m: relation.concentration_with_mask(1e9, 0.5, agj.planck15.replace(m_wdm=m)))
    c, valid = f(3.0)
    assert np.isnan(c) and not bool(valid)
    assert bool(f(math.inf)[1])
