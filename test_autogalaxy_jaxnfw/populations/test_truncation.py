"""Truncation radii of realisations (populations/truncation.py): pyHalo's analytic models against closed forms.

References, written here in NumPy from the models' definitions (pyHalo 1.5's ``TruncationRN``,
``TruncationRoche``, ``Multiple_RS``): r_N = (3 M / (4 pi N rho_crit(z)))^(1/3), the Roche form
1.4 (m / 1e7)^(1/3) (r3d / 50 kpc)^(2/3) kpc, tau r_s with r_s = r_200 / c, each over the
plane's kpc per arcsec, with rho_crit and kpc per arcsec from autogalaxy's Planck15 (the
realisation's default halo cosmology); the subhaloes' r3d against the cumulative mass of the cored
NFW host by scipy's quad (Kolmogorov-Smirnov).  pyHalo itself is compared in
``docs/research/realisations/truncation_pyhalo.py``.  Every draw is made by one program compiled for
the module: three configurations (the workspace's, pyHalo's R50 + Roche, tau r_s + R100) vmapped
over keys, a float32 draw, and Roche draws at four host masses with their forward derivatives.
"""

import dataclasses
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from autogalaxy.cosmology import Planck15
from scipy import integrate, stats

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.populations.planes import PlaneLayout, plane_halos
from autogalaxy_jaxnfw.populations.realisation import _HOST_RADIUS_STREAM
from autogalaxy_jaxnfw.populations.cone_volumes import geometry
from autogalaxy_jaxnfw.populations.host_radii import host_radii
from autogalaxy_jaxnfw.populations.truncation import resolve_truncation

N_REAL = 40
BASE = dict(z_lens=0.5, z_source=2.0, cone_radius=1.0, m_min=1e7, m_max=1e10, planes_before_lens=1, planes_after_lens=1)
PARAMETERS = agj.DarkMatterParameters(sigma_sub=0.2)
TAU, N_SUB, HOST_STEP = 5.0, 100.0, 1e-5
CONFIGS = {
    "workspace": agj.RealisationConfig(**BASE),
    "pyhalo": agj.RealisationConfig(**BASE, truncation_los="TRUNCATION_R50", truncation_subhalos="TRUNCATION_ROCHE_GILMAN2020"),
    "other": agj.RealisationConfig(**BASE, truncation_los=agj.Truncation("MULTIPLE_RS", tau=TAU),
                                   truncation_subhalos=agj.Truncation("TRUNCATION_RN", overdensity=N_SUB)),
}


def _per_redshift(method, z):
    """autogalaxy's Planck15 ``method`` at each redshift (each distinct one evaluated once: a few planes)."""
    unique, inverse = np.unique(np.asarray(z, float), return_inverse=True)
    return np.array([method(Planck15(), zi) for zi in unique])[inverse].reshape(np.shape(z))


def _rho_crit(z):
    """Msun / kpc^3."""
    return _per_redshift(lambda cosmology, zi: cosmology.critical_density(zi, xp=np), z)


def _kpc_per_arcsec(z):
    return _per_redshift(lambda cosmology, zi: cosmology.kpc_per_arcsec_from(redshift=zi, xp=np), z)


def _r_n(mass, z, n):
    return (3.0 * mass / (4.0 * np.pi * n * _rho_crit(z))) ** (1.0 / 3.0)


@pytest.fixture(scope="module")
def layouts():
    # The slots realisation_layout gives PARAMETERS ((27, 87, 34) and 316, 6 sigma above the expected
    # counts), fixed: its expected counts cost 3 s eagerly.
    return {name: agj.RealisationLayout(config, *geometry(config), (27, 87, 34), 316) for name, config in CONFIGS.items()}


@pytest.fixture(scope="module")
def tables(layouts):
    return jax.jit(lambda: agj.realisation_tables(PARAMETERS, layouts["workspace"], sheets=False))()


@pytest.fixture(scope="module")
def runs(layouts, tables):
    """Every draw of the module in one compiled program: the three configurations over N_REAL keys, a
    float32 Roche draw, Roche draws at host masses M (1 -+ HOST_STEP), NaN and M with their tangents in M,
    and two haloes with given r_t put in a simulator's planes."""

    def draw(name, key, t, dtype=float):
        return agj.draw_realisation(key, t, layouts[name], dtype)

    def roche(host):
        return draw("pyhalo", jax.random.key(5), tables._replace(host_mass=host))

    @jax.jit
    def run(keys):
        draws = {name: jax.vmap(lambda k, n=name: draw(n, k, tables))(keys) for name in CONFIGS}
        single = draw("pyhalo", keys[0], tables, jnp.float32)
        hosts = tables.host_mass * jnp.array([1.0 - HOST_STEP, 1.0 + HOST_STEP, jnp.nan, 1.0])
        hosted, tangents = jax.vmap(lambda h: jax.jvp(roche, (h,), (jnp.ones_like(h),)))(hosts)
        planes = plane_halos(jnp.array([1e8, 1e9]), jnp.zeros((2, 2)), jnp.array([0, 0]), PlaneLayout((0.5,), 2.0, (4,)),
                             truncation_radius=jnp.array([0.01, 0.03]))
        return draws, single, hosted, tangents.truncation_radius, planes.truncation_radius

    out = run(jax.random.split(jax.random.key(2), N_REAL))
    return jax.tree_util.tree_map(np.asarray, out)


def _part(draws, layout, subhalos):
    """(valid mask, slot redshifts) of the line-of-sight or subhalo slots of a batch of draws."""
    valid = draws.valid & (draws.is_subhalo == subhalos)
    z = np.broadcast_to(np.asarray(layout.redshifts)[draws.plane_index], valid.shape)
    return valid, z


def test__truncation_r50__line_of_sight_radii_equal_r50_closed_form(layouts, runs):
    draws = runs[0]["pyhalo"]
    valid, z = _part(draws, layouts["pyhalo"], False)
    assert draws.complete.all() and valid.sum() > 100
    expected = _r_n(draws.mass[valid], z[valid], 50.0) / _kpc_per_arcsec(z[valid])
    np.testing.assert_allclose(draws.truncation_radius[valid], expected, rtol=1e-12)


def test__truncation_roche__subhalo_radii_equal_gilman20_closed_form(layouts, runs):
    draws = runs[0]["pyhalo"]
    valid, _ = _part(draws, layouts["pyhalo"], True)
    assert valid.sum() > 1000
    kpc = 1.4 * (draws.mass[valid] / 1e7) ** (1.0 / 3.0) * (draws.r3d[valid] / 50.0) ** (2.0 / 3.0)
    np.testing.assert_allclose(draws.truncation_radius[valid], kpc / _kpc_per_arcsec(0.5), rtol=1e-12)
    assert np.all(np.isnan(draws.r3d[draws.valid & ~draws.is_subhalo]))


def test__truncation_roche__r3d_follows_the_cored_nfw_host_mass_profile(runs):
    draws = runs[0]["pyhalo"]
    r3d = draws.r3d[draws.valid & draws.is_subhalo]
    r_200 = _r_n(PARAMETERS.host_mass, 0.5, 200.0)
    r_s = r_200 / 6.0
    r_min = 1e-3 * BASE["cone_radius"] * _kpc_per_arcsec(0.5)
    assert np.all((r3d >= r_min) & (r3d <= r_200 * (1.0 + 1e-12)))
    density = lambda r: r**2 / ((r + 0.25 * r_s) * (r + r_s) ** 2)  # noqa: E731
    grid = np.geomspace(r_min, r_200, 400)
    cumulative = np.concatenate([[0.0], np.cumsum([integrate.quad(density, a, b, epsrel=1e-12)[0]
                                                   for a, b in zip(grid[:-1], grid[1:])])])
    cdf = cumulative / cumulative[-1]
    assert stats.kstest(r3d, lambda r: np.interp(np.log(r), np.log(grid), cdf)).pvalue > 1e-3


def test__multiple_rs_and_rn__radii_equal_closed_forms(layouts, runs):
    draws = runs[0]["other"]
    los, z = _part(draws, layouts["other"], False)
    r_s = _r_n(draws.mass[los], z[los], 200.0) / draws.concentration[los]
    np.testing.assert_allclose(draws.truncation_radius[los], TAU * r_s / _kpc_per_arcsec(z[los]), rtol=1e-12)
    subhalos, z = _part(draws, layouts["other"], True)
    expected = _r_n(draws.mass[subhalos], 0.5, N_SUB) / _kpc_per_arcsec(0.5)
    np.testing.assert_allclose(draws.truncation_radius[subhalos], expected, rtol=1e-12)


def test__workspace__default_is_two_r200_and_other_models_leave_the_other_draws_alone(layouts, runs):
    workspace = runs[0]["workspace"]
    valid = workspace.valid
    z = np.broadcast_to(np.asarray(layouts["workspace"].redshifts)[workspace.plane_index], valid.shape)
    expected = 2.0 * _r_n(workspace.mass[valid], z[valid], 200.0) / _kpc_per_arcsec(z[valid])
    np.testing.assert_allclose(workspace.truncation_radius[valid], expected, rtol=1e-12)
    assert np.all(np.isnan(workspace.r3d))
    for name in ("pyhalo", "other"):
        for field in ("mass", "concentration", "centres", "scatter_sigma", "valid", "counts"):
            np.testing.assert_array_equal(getattr(runs[0][name], field), getattr(workspace, field))


def test__jit__equals_eager(layouts, tables, runs):
    # The new numerics, r3d's root finding under the draw's folded key, run eagerly (an eager draw costs
    # 7 s); the radii are plain arithmetic of the draw's outputs, checked against closed forms above.
    key = jax.random.split(jax.random.key(2), N_REAL)[0]
    layout = layouts["pyhalo"]
    eager, ok = host_radii(jax.random.fold_in(key, _HOST_RADIUS_STREAM), (layout.subhalo_capacity,), tables.host_mass,
                           resolve_truncation(layout.config.truncation_subhalos, True), layout)
    jitted = runs[0]["pyhalo"]
    valid = jitted.valid[0, -layout.subhalo_capacity:]
    assert np.all(np.asarray(ok)) and valid.sum() > 5
    np.testing.assert_allclose(np.asarray(eager)[valid], jitted.r3d[0, -layout.subhalo_capacity:][valid], rtol=1e-13)


def test__float32__roche_draw_valid_and_equal_to_its_closed_form(runs):
    single = runs[1]
    assert single.truncation_radius.dtype == np.float32 and bool(single.complete)
    valid = single.valid & single.is_subhalo
    kpc = 1.4 * (single.mass[valid].astype(float) / 1e7) ** (1 / 3) * (single.r3d[valid].astype(float) / 50.0) ** (2 / 3)
    np.testing.assert_allclose(single.truncation_radius[valid], kpc / _kpc_per_arcsec(0.5), rtol=2e-6)


def test__gradient__roche_radii_in_the_host_mass_match_central_differences(tables, runs):
    hosted, tangent = runs[2], runs[3][-1]
    steps = hosted.truncation_radius[:2]
    finite = np.isfinite(steps).all(axis=0) & hosted.is_subhalo[0]
    assert finite.sum() > 10
    difference = (steps[1] - steps[0]) / (2.0 * HOST_STEP * float(tables.host_mass))
    np.testing.assert_allclose(tangent[finite], difference[finite], rtol=1e-6)
    # r3d scales with the host's r_s ~ M^(1/3): d ln r_t / d ln M close to nu / 3.
    np.testing.assert_allclose(tangent[finite] * float(tables.host_mass) / hosted.truncation_radius[3][finite],
                               2.0 / 9.0, rtol=1e-3)


def test__contract__traced_invalid_host_mass_gives_no_valid_slot_and_zero_tangents(runs):
    invalid, tangent = jax.tree_util.tree_map(lambda a: a[2], runs[2]), runs[3][2]
    assert not bool(invalid.complete) and not invalid.valid.any() and np.all(np.isnan(invalid.truncation_radius))
    np.testing.assert_array_equal(tangent, 0.0)


def test__halo_samples__carry_the_realisations_radii_into_the_simulators_planes(layouts, runs):
    draw = jax.tree_util.tree_map(lambda a: a[0], runs[0]["pyhalo"])
    los, subhalos = agj.halo_samples(draw, layouts["pyhalo"])
    np.testing.assert_array_equal(np.concatenate([los.truncation_radius, subhalos.truncation_radius])[draw.valid],
                                  draw.truncation_radius[draw.valid])
    assert agj.halo_samples(jax.tree_util.tree_map(lambda a: a[0], runs[0]["workspace"]), layouts["workspace"])[0].truncation_radius is None
    np.testing.assert_array_equal(runs[4][:2], [0.01, 0.03])


def test__sheets__use_the_line_of_sight_truncation(layouts):
    # r_N = r_200 (200 / N)^(1/3) is 2 r_200 at N = 25: the workspace's sheets exactly; r_50 is smaller.
    layout = layouts["workspace"]
    rn = [dataclasses.replace(layout, config=dataclasses.replace(
        layout.config, truncation_los=agj.Truncation("TRUNCATION_RN", overdensity=n))) for n in (25.0, 50.0)]
    workspace, r25, r50 = (np.asarray(s) for s in jax.jit(
        lambda: [agj.expected_sheets(PARAMETERS, each) for each in (layout, *rn)])())
    np.testing.assert_allclose(r25, workspace, rtol=1e-12)
    assert np.all(np.abs(r50) < np.abs(r25))


BAD = [
    (dict(model="TRUNCATION_BOGUS"), "model"), (dict(overdensity=-1.0), "overdensity"), (dict(overdensity=math.nan), "overdensity"),
    (dict(norm=0.0), "norm"), (dict(nu="2/3"), "nu"), (dict(m_power=True), "m_power"), (dict(tau=0.0), "tau"),
    (dict(model="MULTIPLE_RS"), "tau"), (dict(host_core=1.0), "host_core"), (dict(host_concentration=-6.0), "host_concentration"),
    (dict(model="TRUNCATION_R200", overdensity=100.0), "overdensity"),
]


@pytest.mark.parametrize("kwargs, name", BAD, ids=[f"{k}" for k, _ in BAD])
def test__truncation__parameter_outside_domain_raises_naming_it(kwargs, name):
    with pytest.raises((TypeError, ValueError), match=name):
        agj.Truncation(**kwargs)


def test__simulator__passes_the_samples_radii_to_its_planes(monkeypatch):
    from autogalaxy_jaxnfw.populations import simulator

    seen = {}

    def capture(*args, **kwargs):
        seen.update(kwargs)
        raise StopIteration

    monkeypatch.setattr(simulator, "plane_halos", capture)
    sim = simulator.PopulationSimulator(
        layout=PlaneLayout((0.5,), 2.0, (2,)), grid=np.zeros((1, 2)), image_shape=(1, 1), psf_kernel=np.ones((1, 1)),
        lens_deflections=None, lens_plane=0, source_image=None, lens_params=None, source_params=None,
        exposure_time=1.0, background_sky=0.0)
    sample = simulator.HaloSample(np.ones(1), np.zeros((1, 2)), np.zeros(1, dtype=int), np.zeros(1))
    with pytest.raises(StopIteration):
        sim.noiseless_image(sample._replace(truncation_radius=np.array([0.2])), sample._replace(truncation_radius=np.array([0.3])))
    np.testing.assert_array_equal(seen["truncation_radius"], [0.2, 0.3])
    with pytest.raises(ValueError, match="truncation_radius"):
        sim.noiseless_image(sample._replace(truncation_radius=np.array([0.2])), sample)
