"""Dark-matter realisations in one jitted call (populations/realisation*.py): Monte Carlo against the integrals.

References: the expected counts against scipy's adaptive quadrature of the package's mass
functions (:func:`autogalaxy_jaxnfw.mass_function`, cold and warm; the subhalo mass function)
over the plane volumes autolens' sampler computes; 1000 realisations' mean counts per plane and
per mass bin against those integrals within 5 Poisson standard errors (sqrt(lambda / 1000)); the
drawn masses against the quadrature's cumulative distribution by the Kolmogorov-Smirnov test;
derivatives against central finite differences.  A small cone (1 arcsec, 3 planes, 1e7-1e10 Msun)
keeps the programs small, and each is compiled once for the module: the tables and a draw vmapped
over 1000 keys (the Monte Carlo, overflow and contract tests), one vmapped Jacobian at every
parameter point (the gradient, jit and contract tests), one float32 realisation.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy import integrate, stats

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.populations.panel_inverse import cdf_table, inverse_cdf
from autogalaxy_jaxnfw.populations.realisation_abundance import (
    abundance_tables,
    expected_counts_with_mask,
    expected_sheets_with_mask,
)

N_REAL = 1000
CONFIG = agj.RealisationConfig(z_lens=0.5, z_source=2.0, cone_radius=1.0, m_min=1e7, m_max=1e10, planes_before_lens=1,
                               planes_after_lens=1)
WARM = agj.DarkMatterParameters(cosmology=agj.planck15.replace(m_wdm=4.0), sigma_sub=0.05)


@pytest.fixture(scope="module")
def layout():
    return agj.realisation_layout(CONFIG, agj.DarkMatterParameters(sigma_sub=0.05))


@pytest.fixture(scope="module")
def draw(layout):
    """A float64 draw vmapped over keys, compiled once for the module (always called with N_REAL keys)."""
    return jax.jit(jax.vmap(lambda k, t: agj.draw_realisation(k, t, layout), in_axes=(0, None)))


@pytest.fixture(scope="module")
def batch(probe, draw):
    """1000 warm realisations, and their tables."""
    tables = _at(probe.tables, 0)
    return tables, jax.tree_util.tree_map(np.asarray, draw(jax.random.split(jax.random.key(11), N_REAL), tables))


def _quad_counts(layout, parameters, lo, hi, warm):
    """Per plane, then subhaloes: Simpson's rule on 2001 points in ln m of the mass functions, times volume / area."""
    cosmology, h = parameters.cosmology, parameters.cosmology.h
    ln_m = np.linspace(np.log(lo), np.log(hi), 2001)
    z = np.asarray(layout.redshifts)[:, None]
    dn = np.asarray(agj.mass_function(np.exp(ln_m) * h, z, "fof", "sheth99", "dndlnM", cosmology, warm=warm))
    los = integrate.simpson(dn, x=ln_m, axis=-1) * h**3 * np.asarray(layout.volumes)
    m_hm = float(agj.subhalo_half_mode_mass(cosmology)[0])
    dn_sub = np.exp(ln_m) * np.asarray(agj.subhalo_mass_function(np.exp(ln_m), parameters.sigma_sub, parameters.host_mass,
                                                                   0.5, parameters.subhalo_slope, m_hm))
    return np.append(los, integrate.simpson(dn_sub, x=ln_m) * layout.subhalo_area_kpc2)


def test__expected_counts__equal_quadrature_of_the_mass_functions(layout):
    cold = agj.DarkMatterParameters(sigma_sub=0.05)
    np.testing.assert_allclose(agj.expected_counts(cold, layout), _quad_counts(layout, cold, 1e7, 1e10, None), rtol=1e-8)
    np.testing.assert_allclose(agj.expected_counts(WARM, layout), _quad_counts(layout, WARM, 1e7, 1e10, "lovell20"),
                               rtol=1e-8)


def test__realisations__mean_counts_per_plane_and_mass_bin_within_5_poisson_sigma(layout, batch):
    tables, draws = batch
    assert draws.complete.all()
    edges = [1e7, 1e8, 1e9, 1e10]
    rows = np.where(draws.is_subhalo[0], layout.n_planes, draws.plane_index[0])
    for lo, hi in zip(edges[:-1], edges[1:]):
        expected = _quad_counts(layout, WARM, lo, hi, "lovell20")
        in_bin = draws.valid & (draws.mass >= lo) & (draws.mass < hi)
        mean = np.array([in_bin[:, rows == r].sum(axis=1).mean() for r in range(layout.n_planes + 1)])
        assert np.all(np.abs(mean - expected) < 5.0 * np.sqrt(expected / N_REAL) + 1e-12), (lo, mean, expected)
    np.testing.assert_allclose(draws.counts.mean(axis=0), np.asarray(tables.cdf.cumulative[:, -1]),
                               atol=0, rtol=5.0 / np.sqrt(N_REAL * np.min(np.asarray(tables.cdf.cumulative[:, -1]))))
    np.testing.assert_array_equal(draws.valid.sum(axis=1), draws.counts.sum(axis=1))


def test__realisations__masses_follow_the_cumulative_of_the_integrals(layout, batch):
    _, draws = batch
    rows = np.where(draws.is_subhalo[0], layout.n_planes, draws.plane_index[0])
    grid = np.geomspace(1e7, 1e10, 25)
    for row in (layout.lens_plane, layout.n_planes):
        masses = draws.mass[:, rows == row][draws.valid[:, rows == row]]
        cumulative = np.array([_quad_counts(layout, WARM, 1e7, m, "lovell20")[row] for m in grid[1:]])
        cdf = np.concatenate([[0.0], cumulative / cumulative[-1]])
        statistic = stats.kstest(masses, lambda m: np.interp(np.log(m), np.log(grid), cdf))
        assert statistic.pvalue > 1e-3, (row, statistic)


def test__realisations__positions_inside_the_cone_and_uniform_in_area(layout, batch):
    _, draws = batch
    radius = np.hypot(*np.moveaxis(draws.centres, -1, 0))[draws.valid]
    cone = np.asarray(layout.cone_radii)[draws.plane_index[0]][None, :].repeat(N_REAL, 0)[draws.valid]
    assert np.all(radius <= cone)
    assert stats.kstest((radius / cone) ** 2, "uniform").pvalue > 1e-3
    assert np.all(np.isfinite(draws.concentration[draws.valid]) & (draws.truncation_radius[draws.valid] > 0.0))


def _with(x):
    """WARM with (m_wdm, sigma_sub, sigma8, Om0) = x."""
    cosmology = WARM.cosmology.replace(m_wdm=x[0], sigma8=x[2], Om0=x[3])
    return WARM._replace(cosmology=cosmology, sigma_sub=x[1])


X0 = np.array([WARM.cosmology.m_wdm, WARM.sigma_sub, WARM.cosmology.sigma8, WARM.cosmology.Om0])
STEPS = 1e-4 * X0
INVALID = ((0, -1.0), (0, np.nan), (1, -0.01))
CROWDED = 1000.0  # times X0's sigma_sub: far more subhaloes than the slots hold


def _points():
    """X0, X0 with one parameter out of its domain (1 .. 3), X0 -+ a step in each parameter (4 .. 11)
    and X0 with CROWDED times the subhaloes (12)."""
    points = [X0]
    for index, bad in INVALID:
        points.append(X0.copy())
        points[-1][index] = bad
    for i in range(4):
        for sign in (-1.0, 1.0):
            points.append(X0 + sign * STEPS[i] * np.eye(4)[i])
    points.append(X0 * np.array([1.0, CROWDED, 1.0, 1.0]))
    return np.stack(points)


class Probe(NamedTuple):
    jacobian: np.ndarray
    values: np.ndarray
    valid: np.ndarray
    tables: agj.RealisationTables
    tables32: agj.RealisationTables
    rows: np.ndarray  # dN / d ln m at the rule's nodes, per plane then subhaloes


def _at(tree, i):
    return jax.tree_util.tree_map(lambda a: a[i], tree)


@pytest.fixture(scope="module")
def probe(layout):
    """At every point of :func:`_points`, in one compiled program (one trace: a second, plain
    evaluation for the points that need no Jacobian would trace everything again): the counts and
    sheets, their validity, the Jacobian of (counts, sheets) where valid (0 elsewhere), and the
    float64 and float32 tables."""

    def outputs(x):
        p = _with(x)
        counts, sheets = expected_counts_with_mask(p, layout), expected_sheets_with_mask(p, layout)
        valid = counts.valid & sheets.valid
        values = jnp.concatenate([counts.value, sheets.value])
        # The sheets once in float64 (above), once through the float32 tables.
        tables = (agj.realisation_tables(p, layout, sheets=False), agj.realisation_tables(p, layout, jnp.float32))
        _, los, subhalos, _ = abundance_tables(p, layout)
        return jnp.where(valid, values, 0.0), (values, valid, tables, jnp.concatenate([los, subhalos[None]]))

    jacobian, (values, valid, tables, rows) = jax.jit(jax.vmap(jax.jacfwd(outputs, has_aux=True)))(_points())
    return Probe(np.asarray(jacobian), np.asarray(values), np.asarray(valid), *tables, np.asarray(rows))


def test__gradients__expected_counts_and_sheets_match_central_differences(layout, probe):
    jacobian, values = probe.jacobian, probe.values
    assert probe.valid[0] and probe.valid[4:12].all()
    for i in range(4):
        difference = (values[5 + 2 * i] - values[4 + 2 * i]) / (2.0 * STEPS[i])
        np.testing.assert_allclose(jacobian[0, :, i], difference, rtol=2e-5, atol=1e-12 * np.max(np.abs(difference)))
    # Warmer (smaller m_wdm) means fewer haloes and shallower sheets.
    assert np.all(jacobian[0, : layout.n_planes + 1, 0] > 0.0) and np.all(jacobian[0, layout.n_planes + 1:, 0] < 0.0)


def test__jit__equals_eager(layout, probe):
    eager = expected_counts_with_mask(WARM, layout)
    np.testing.assert_allclose(probe.values[0, : layout.n_planes + 1], eager.value, rtol=1e-13)


def test__float32__valid_and_close_to_float64(layout, probe):
    tables64, tables = _at(probe.tables, 0), _at(probe.tables32, 0)
    assert tables.cdf.cumulative.dtype == jnp.float32 and bool(tables.valid)
    np.testing.assert_allclose(tables.cdf.cumulative[:, -1], tables64.cdf.cumulative[:, -1], rtol=1e-4)
    np.testing.assert_allclose(tables.sheets, probe.values[0, layout.n_planes + 1:], rtol=1e-3)
    draw = jax.jit(lambda k, t: agj.draw_realisation(k, t, layout, jnp.float32))(jax.random.key(3), tables)
    assert draw.mass.dtype == jnp.float32 and bool(draw.complete)
    assert np.all(np.isfinite(np.asarray(draw.mass)[np.asarray(draw.valid)]))


def test__overflow__flags_the_realisation_and_keeps_the_counts(layout, probe, draw):
    draws = draw(jax.random.split(jax.random.key(0), N_REAL), _at(probe.tables, 12))
    assert not np.asarray(draws.complete).any() and not np.asarray(draws.valid).any()
    assert np.all(np.asarray(draws.counts)[:, -1] > layout.subhalo_capacity) and np.all(np.isnan(np.asarray(draws.mass)))


def test__contract__traced_invalid_parameters_give_nan_and_zero_gradients(probe, draw):
    for point, (index, bad) in enumerate(INVALID, start=1):
        assert not probe.valid[point] and np.all(np.isnan(probe.values[point])), (index, bad)
        np.testing.assert_array_equal(probe.jacobian[point], 0.0)
        draws = draw(jax.random.split(jax.random.key(0), N_REAL), _at(probe.tables, point))
        assert not np.asarray(draws.complete).any() and not np.asarray(draws.valid).any()


def test__contract__concrete_invalid_parameters_raise_naming_them(layout):
    with pytest.raises(ValueError, match="sigma_sub"):
        agj.expected_counts(WARM._replace(sigma_sub=-0.01), layout)
    with pytest.raises(ValueError, match="host_mass"):
        agj.expected_counts(WARM._replace(host_mass=-1.0), layout)
    # Regression (contract/test_realisations_contract.py): the error named "slope", not the field.
    with pytest.raises(ValueError, match="subhalo_slope"):
        agj.expected_counts(WARM._replace(subhalo_slope=np.nan), layout)
    with pytest.raises(TypeError, match="sigma_sub"):
        agj.expected_counts(WARM._replace(sigma_sub=[0.05]), layout)
    with pytest.raises(TypeError, match="host_mass"):
        agj.expected_counts(WARM._replace(host_mass="1e13"), layout)


def test__contract__traced_invalid_subhalo_slope_gives_nan_and_zero_gradient(layout):
    # Regression (contract/test_realisations_contract.py): a traced NaN or infinite slope gave NaN
    # counts, invalid, but a NaN derivative (the power law was evaluated at it before the mask).
    cold = agj.DarkMatterParameters(sigma_sub=0.05)
    counts = lambda slope: agj.expected_counts(cold._replace(subhalo_slope=slope), layout)  # noqa: E731
    slopes = jnp.array([np.nan, np.inf, -np.inf])
    values, grads = jax.jit(jax.vmap(lambda s: (counts(s), jax.grad(lambda t: jnp.sum(counts(t)))(s))))(slopes)
    assert np.all(np.isnan(np.asarray(values)))
    np.testing.assert_array_equal(np.asarray(grads), 0.0)
    with pytest.raises(ValueError, match="m_wdm"):
        agj.expected_counts(WARM._replace(cosmology=agj.planck15.replace(m_wdm=-1.0)), layout)
    with pytest.raises(ValueError, match="cone_radius"):
        agj.RealisationConfig(cone_radius=-1.0)


@pytest.mark.slow
def test__simulator__images_from_a_realisation_under_jit(layout):
    import autoarray as aa
    import autolens as al

    def lens_deflections(grid, p):
        mass = al.mp.Isothermal(centre=(0.0, 0.0), ell_comps=(0.05, -0.05), einstein_radius=p[0])
        return mass.deflections_yx_2d_from(grid=aa.Grid2DIrregular(values=grid, xp=jnp), xp=jnp).array

    def source_image(grid, p):
        light = al.lp.Sersic(centre=(0.05, 0.1), intensity=p[0], effective_radius=0.4, sersic_index=1.5)
        return light.image_2d_from(grid=aa.Grid2DIrregular(values=grid, xp=jnp), xp=jnp).array

    grid = al.Grid2D.uniform(shape_native=(8, 8), pixel_scales=0.2)
    simulator = agj.populations.simulator.PopulationSimulator(
        layout=layout.plane_layout, grid=np.asarray(grid.array), image_shape=(8, 8), psf_kernel=np.ones((1, 1)),
        lens_deflections=lens_deflections, lens_plane=layout.lens_plane, source_image=source_image,
        lens_params=np.array([1.0]), source_params=np.array([1.0]), exposure_time=500.0, background_sky=0.1)

    @jax.jit
    def image(key, parameters):
        drawn = agj.realise(key, parameters, layout)
        los, subhalos = agj.halo_samples(drawn, layout)
        with_haloes = simulator.realisation(key, los, subhalos, sheets=drawn.sheets)
        without = simulator.realisation(key, los._replace(valid=jnp.zeros_like(los.valid)),
                                        subhalos._replace(valid=jnp.zeros_like(subhalos.valid)), sheets=drawn.sheets * 0.0)
        return with_haloes, without, drawn

    with_haloes, without, drawn = image(jax.random.key(4), WARM)
    assert int(with_haloes.n_dropped) == 0 and int(without.n_dropped) == 0 and int(np.asarray(drawn.valid).sum()) > 10
    assert np.all(np.isfinite(with_haloes.noiseless)) and np.max(np.abs(with_haloes.noiseless - without.noiseless)) > 0.0


def test__inverse_cdf__tables_built_in_float32_keep_float32_accuracy(probe):
    # As with x64 off: the cumulative and its polynomials built from float32 values.  Reference: the
    # float64 inverse (checked against quadrature above).  Bound: one rounding of ln m (~16-23) at the
    # median; powers computed from the values by one matrix put it ~10 roundings away.
    bounds = [jnp.full(probe.rows.shape[1], np.log(m)) for m in (CONFIG.m_min, CONFIG.m_max)]
    index = np.repeat(np.arange(probe.rows.shape[1]), 1000)

    @jax.jit
    def both(rows, q):
        single = inverse_cdf(cdf_table(*(b.astype(jnp.float32) for b in bounds), rows.astype(jnp.float32)),
                             q.astype(jnp.float32), index)
        return inverse_cdf(cdf_table(*bounds, rows), q, index)[0], single

    reference, (single, converged) = both(probe.rows[0], jax.random.uniform(jax.random.key(7), (index.size,)))
    error = np.abs(np.asarray(single, dtype=float) - np.asarray(reference))
    assert np.all(np.asarray(converged)) and np.median(error) < 16.0 * np.finfo(np.float32).eps and error.max() < 1e-3
