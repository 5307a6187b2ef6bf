"""The per-cosmology tables, their cache, the shipped preset tables, and the universal series in v."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.special

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.halo.ludlow16 import formation
from autogalaxy_jaxnfw.cosmology import tables
from autogalaxy_jaxnfw.numerics.chebyshev import chebyshev_evaluate
from autogalaxy_jaxnfw.halo.ludlow16.einasto import LN_C_RANGE, einasto_mass_ratio
from autogalaxy_jaxnfw.cosmology.spread import LN_R_SPREAD
from autogalaxy_jaxnfw.cosmology.sigma import LN_R_MAX, LN_R_MIN

PRESETS = [agj.planck13, agj.planck15, agj.planck18, agj.wmap9]


def _series_values(table, points=np.linspace(-1.0, 1.0, 257)):
    """A table's series evaluated on [-1, 1]: compares tables by what they compute."""
    return np.stack([chebyshev_evaluate(np.asarray(c), -1.0, 1.0, points) for c in (table.sigma, table.spread)])


@pytest.mark.parametrize("preset", PRESETS, ids=lambda c: c.name)
def test__shipped_tables__equal_a_fresh_build(preset):
    shipped = tables._shipped(preset)
    assert shipped is not None
    rebuilt = tables.build_tables(preset, np)
    np.testing.assert_allclose(_series_values(shipped), _series_values(rebuilt), rtol=1e-13, atol=1e-13)
    assert shipped.growth_today == pytest.approx(rebuilt.growth_today, rel=1e-15)


def test__tables_for__presets_are_shipped_and_other_cosmologies_built_once():
    tables.clear_cache()
    assert tables.tables_for(agj.planck15) is tables.tables_for(agj.planck15.replace(name="renamed"))
    custom = agj.planck15.replace(sigma8=0.7)
    assert tables._shipped(custom) is None
    first = tables.tables_for(custom)
    assert tables.tables_for(custom) is first
    tables.clear_cache()
    assert tables.tables_for(custom) is not first


def test__tables_for__traced_cosmology_builds_the_same_tables_in_the_trace():
    traced = jax.jit(lambda c: tables.tables_for(c))(agj.wmap9)
    assert isinstance(traced.sigma, jax.Array)
    np.testing.assert_allclose(_series_values(traced), _series_values(tables.tables_for(agj.wmap9)), rtol=1e-12, atol=1e-13)


def test__spread_series__matches_two_sigma_series():
    table = tables.tables_for(agj.planck15)
    ln_r = np.linspace(*LN_R_SPREAD, 1001)
    f_radius = np.log(agj.halo.ludlow16.LUDLOW16_F) / 3.0
    s2 = [np.exp(chebyshev_evaluate(table.sigma, LN_R_MIN, LN_R_MAX, r)) for r in (ln_r + f_radius, ln_r)]
    expected = 0.5 * np.log(2.0 * (s2[0] - s2[1]))
    # 64 spread terms against the 96-term sigma series (which reaches 60 Mpc/h): ~7e-11 apart,
    # below both series' ~1e-10 error against the quadrature reference.
    np.testing.assert_allclose(chebyshev_evaluate(table.spread, *LN_R_SPREAD, ln_r), expected, rtol=0, atol=2e-10)


def test__formation_series__reproduce_concentration_and_quantile_in_v():
    # Independent of the series' construction: v and the quantile from SciPy at given c.
    ln_c = np.linspace(formation.LN_C0 + 1e-9, LN_C_RANGE[1], 2001)
    mass_ratio = einasto_mass_ratio(np.exp(ln_c), xp=np)
    v = np.log(200.0 * np.exp(3.0 * ln_c) * mass_ratio / formation.LUDLOW16_C)
    np.testing.assert_allclose(formation.ln_concentration_of_v(v), ln_c, rtol=0, atol=2e-13)
    np.testing.assert_allclose(
        formation.ln_erfcinv_mass_ratio_of_v(v), np.log(scipy.special.erfcinv(mass_ratio)), rtol=0, atol=2e-13
    )
    offset = formation.ln_concentration_offset_of_v(v[1:])
    np.testing.assert_allclose(np.exp(offset), ln_c[1:] - formation.LN_C0, rtol=1e-9)


def test__formation__c0_is_where_the_collapse_redshift_equals_the_redshift():
    c0 = np.exp(formation.LN_C0)
    assert 200.0 * c0**3 * einasto_mass_ratio(c0, xp=np) == pytest.approx(formation.LUDLOW16_C, rel=1e-13)
    assert float(jnp.exp(formation.ln_concentration_of_v(jnp.asarray(formation.V_TOP)))) == pytest.approx(100.0, rel=1e-12)
