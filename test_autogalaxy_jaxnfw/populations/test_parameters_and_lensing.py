"""The batched truncated-NFW population against autogalaxy's per-halo profiles.

Tolerances: the population and autogalaxy's ``NFWTruncatedSph`` evaluate the same closed
forms (BMO09), so maps agree pixel by pixel to ~1e-11; the check is 1e-10.  Pixels within
|r / r_s - 1| < 0.01 of some halo are left out of that comparison: there autogalaxy's
convergence loses ~3e-13 / |x - 1| (G = (1 - F) / (x^2 - 1) with F from arccos(1/x);
e.g. 3e-9 at x = 1 + 8.5e-5, where ours matches 60-digit mpmath to 1e-16), and the
population's series there is checked against mpmath instead.  The radial functions are
checked against 60-digit mpmath values (table below) to 1e-12.
"""

import re

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy as ag

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.lensing import nfw_radial
from autogalaxy_jaxnfw.populations.parameters import truncated_nfw_population_parameters
from autogalaxy_jaxnfw.populations.lensing import (
    truncated_nfw_population_convergence,
    truncated_nfw_population_deflections,
)

# Point evaluation: autogalaxy over-samples convergence maps of a Grid2D by default.
GRID = ag.Grid2D.uniform(shape_native=(24, 24), pixel_scales=0.1, over_sample_size=1)
GRID_YX = jnp.asarray(GRID.array)

# (x = r / r_s, tau, m(x, tau) / x^2, L(x, tau)) from mpmath at 60 digits (BMO09 closed
# forms; m / x^2 below x ~ 0.05 is where the closed form cancels, x = 1 where F is 0/0).
MPMATH = [
    (1e-06, 0.3, 6.605333394115971, 12.710666788208787),
    (0.01, 0.3, 1.9998887435218438, 3.4993302024852757),
    (0.049, 0.3, 1.2028566360710669, 1.90280681910306),
    (0.5, 0.3, 0.17842586658917733, 0.10373623598644614),
    (0.999999, 0.3, 0.05942986702280055, 0.016156542157887848),
    (1.0, 0.3, 0.059429764319636084, 0.016156494307803963),
    (1.000001, 0.3, 0.05942966161673189, 0.016156446457898294),
    (3.0, 0.3, 0.007718764969939558, 0.00044043873530102295),
    (1e-06, 2.0, 6.937076332289733, 13.374152664588745),
    (0.049, 2.0, 1.5399333037707146, 2.5843389063922606),
    (0.051, 2.0, 1.520115536511969, 2.545005688546424),
    (1.0, 2.0, 0.2393138451157841, 0.20692537652632198),
    (1.05, 2.0, 0.22627491446902653, 0.1897781528888777),
    (1e-06, 200.0, 7.0042749486149996, 13.508549897240067),
    (0.01, 200.0, 2.399281587889087, 4.2988793527652405),
    (0.051, 200.0, 1.5875006978744206, 2.680069284973224),
    (0.5, 200.0, 0.5375362419914642, 0.6941471700128924),
    (0.999999, 200.0, 0.3067987511985746, 0.33322523136835747),
    (1.0, 200.0, 0.30679847082624373, 0.33322483136965536),
    (1.000001, 200.0, 0.306798190454354, 0.33322443137169616),
    (3.0, 200.0, 0.0933554869428227, 0.07049606760424282),
]

MASSES = np.array([3e8, 2e9, 1.5e10, 8e10, 4e11])  # Msun
SCATTER = np.array([0.0, 0.5, -1.0, 1.2, -0.3])


def _random_halos(n, seed=3, extent=1.3):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-extent, extent, (n, 2))
    kappa_s = rng.uniform(0.01, 0.5, n)
    scale_radius = rng.uniform(0.05, 2.0, n)
    truncation_radius = scale_radius * rng.uniform(0.3, 50.0, n)
    return centres, kappa_s, scale_radius, truncation_radius


def _upstream_sum(method, centres, kappa_s, scale_radius, truncation_radius):
    total = 0.0
    for c, k, rs, rt in zip(centres, kappa_s, scale_radius, truncation_radius):
        profile = ag.mp.NFWTruncatedSph(
            centre=tuple(float(v) for v in c), kappa_s=float(k), scale_radius=float(rs), truncation_radius=float(rt)
        )
        total = total + np.asarray(getattr(profile, method)(GRID).array)
    return total


def _away_from_scale_radii(centres, scale_radius):
    """Pixels with |r / r_s - 1| >= 0.01 for every halo."""
    grid = np.asarray(GRID_YX)
    x = np.hypot(*(grid[None, :, :] - np.asarray(centres)[:, None, :]).transpose(2, 0, 1)) / np.asarray(
        scale_radius
    )[:, None]
    return np.all(np.abs(x - 1.0) >= 0.01, axis=0)


def _assert_close(actual, expected, rtol=1e-10, pixels=slice(None)):
    actual, expected = np.asarray(actual)[pixels], np.asarray(expected)[pixels]
    floor = 1e-300
    assert np.all(np.abs(actual - expected) <= rtol * np.maximum(np.abs(expected), floor)), np.max(
        np.abs(actual - expected) / np.abs(expected)
    )


# --------------------------------------------------------------------------- radial functions


@pytest.mark.parametrize("x, tau, m_over_x2, l_value", MPMATH)
def test__radial_functions__match_mpmath(x, tau, m_over_x2, l_value):
    assert float(nfw_radial.truncated_nfw_m_over_x2(jnp.asarray(x), jnp.asarray(tau))) == pytest.approx(m_over_x2, rel=1e-12)
    assert float(nfw_radial.truncated_nfw_l(jnp.asarray(x), jnp.asarray(tau))) == pytest.approx(l_value, rel=1e-12)


@pytest.mark.parametrize("tau", [0.3, 2.0, 200.0])
@pytest.mark.parametrize("x0", [1.0, 0.05, 0.015])
def test__radial_functions__derivatives_continuous_at_branch_switches(tau, x0):
    """d/dx of m / x^2 and L is finite at x = 1 and at the series switches, and matches FD."""
    for fn in (nfw_radial.truncated_nfw_m_over_x2, nfw_radial.truncated_nfw_l):
        derivative = float(jax.grad(fn)(jnp.asarray(x0), jnp.asarray(tau)))
        step = 1e-5 * x0
        fd = (float(fn(jnp.asarray(x0 + step), tau)) - float(fn(jnp.asarray(x0 - step), tau))) / (2 * step)
        assert np.isfinite(derivative)
        assert derivative == pytest.approx(fd, rel=1e-6)


# --------------------------------------------------------------------------- vs autogalaxy


def test__maps__match_loop_over_upstream_profiles():
    halos = _random_halos(7)
    deflections = truncated_nfw_population_deflections(GRID_YX, *halos, chunk_size=3)
    convergence = truncated_nfw_population_convergence(GRID_YX, *halos, chunk_size=3)
    assert deflections.shape == (GRID_YX.shape[0], 2)
    assert convergence.shape == (GRID_YX.shape[0],)
    pixels = _away_from_scale_radii(halos[0], halos[2])
    assert pixels.sum() > 0.9 * pixels.size
    _assert_close(deflections, _upstream_sum("deflections_yx_2d_from", *halos), pixels=pixels)
    _assert_close(convergence, _upstream_sum("convergence_2d_from", *halos), pixels=pixels)


def test__maps__match_loop_over_ludlow_truncated_class():
    z_l, z_s = 0.5, 2.0
    centres = np.array([[0.3, -0.2], [-0.7, 0.9], [1.1, 0.4], [-0.25, -1.0], [0.0, 0.55]])
    params = truncated_nfw_population_parameters(MASSES, SCATTER, z_l, z_s)
    deflections = truncated_nfw_population_deflections(GRID_YX, centres, *params, chunk_size=2)
    convergence = truncated_nfw_population_convergence(GRID_YX, centres, *params, chunk_size=2)

    expected_deflections, expected_convergence = 0.0, 0.0
    for centre, mass, scatter in zip(centres, MASSES, SCATTER):
        halo = agj.NFWTruncatedMCRScatterLudlowSphJax(
            centre=tuple(centre), mass_at_200=mass, scatter_sigma=scatter, redshift_object=z_l, redshift_source=z_s
        )
        expected_deflections = expected_deflections + np.asarray(halo.deflections_yx_2d_from(GRID).array)
        expected_convergence = expected_convergence + np.asarray(halo.convergence_2d_from(GRID).array)
    pixels = _away_from_scale_radii(centres, params.scale_radius)
    assert pixels.sum() > 0.9 * pixels.size
    _assert_close(deflections, expected_deflections, pixels=pixels)
    _assert_close(convergence, expected_convergence, pixels=pixels)


def test__parameters__match_class_attributes():
    z_l = np.array([0.2, 0.5, 0.5, 1.0, 1.5])
    params = truncated_nfw_population_parameters(MASSES, SCATTER, z_l, 2.5)
    with agj.upstream_conventions():  # upstream's truncation radius: 2 r_200 in kpc
        params_upstream = truncated_nfw_population_parameters(MASSES, SCATTER, z_l, 2.5)
    assert all(p.shape == (5,) for p in params)
    for i, (mass, scatter, z) in enumerate(zip(MASSES, SCATTER, z_l)):
        halo = agj.NFWTruncatedMCRScatterLudlowSphJax(
            mass_at_200=mass, scatter_sigma=scatter, redshift_object=z, redshift_source=2.5
        )
        upstream = ag.mp.NFWTruncatedMCRScatterLudlowSph(
            mass_at_200=mass, scatter_sigma=scatter, redshift_object=z, redshift_source=2.5
        )
        for name in ("kappa_s", "scale_radius", "truncation_radius"):
            # Array and scalar redshifts take different root finders, both within ~1e-11.
            assert float(getattr(params, name)[i]) == pytest.approx(float(getattr(halo, name)), rel=1e-10)
            # Upstream's concentration differs by <= ~1e-3 (see test_profiles.py).
            assert float(getattr(params_upstream, name)[i]) == pytest.approx(float(getattr(upstream, name)), rel=3e-3)


def test__parameters__redshift_planes_equal_per_halo_path():
    """Concrete redshifts shared by haloes (lens planes) are trace constants: same numbers and gradients as traced ones."""
    rng = np.random.default_rng(4)
    masses = jnp.asarray(10.0 ** rng.uniform(8.0, 11.0, 40))
    scatter = jnp.asarray(rng.normal(size=40))
    z_l = rng.choice([0.2, 0.45, 0.8], 40)
    z_s = np.where(z_l > 0.5, 2.0, 1.5)

    def grouped(m):  # redshifts closed over as NumPy: 3 concrete planes
        return truncated_nfw_population_parameters(m, scatter, z_l, z_s)

    def per_halo(m, zl, zs):  # redshifts traced: one distance evaluation per halo
        return truncated_nfw_population_parameters(m, scatter, zl, zs)

    a = jax.jit(grouped)(masses)
    b = jax.jit(per_halo)(masses, jnp.asarray(z_l), jnp.asarray(z_s))
    for x, y in zip(a, b):
        np.testing.assert_allclose(x, y, rtol=1e-13, atol=0)
    grad_a = jax.grad(lambda m: jnp.sum(grouped(m).kappa_s))(masses)
    grad_b = jax.grad(lambda m: jnp.sum(per_halo(m, jnp.asarray(z_l), jnp.asarray(z_s)).kappa_s))(masses)
    np.testing.assert_allclose(grad_a, grad_b, rtol=1e-12, atol=0)


def test__parameters__concrete_planes_compile_without_loops_or_padding():
    """Each plane's concentrations come from its series, and haloes are not regrouped by plane."""
    rng = np.random.default_rng(5)
    z_l = rng.choice([0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5], 64)
    jaxpr = str(jax.make_jaxpr(lambda m: truncated_nfw_population_parameters(m, 0.0, z_l, 2.0))(np.full(64, 1e9)))
    assert not re.search(r"\b(while|scan|cond|scatter|scatter-add)\[", jaxpr)


def test__parameters__invalid_halo_is_nan_and_poisons_the_map():
    params = truncated_nfw_population_parameters(np.array([1e10, -1.0]), 0.0, 0.5, 1.0)
    assert np.isfinite(params.kappa_s[0]) and np.isnan(params.kappa_s[1])
    centres = np.zeros((2, 2)) + 0.33
    assert np.all(np.isnan(truncated_nfw_population_deflections(GRID_YX, centres, *params)))


# --------------------------------------------------------------------------- mechanics


@pytest.mark.parametrize("fn", [truncated_nfw_population_deflections, truncated_nfw_population_convergence])
def test__maps__independent_of_chunk_size(fn):
    halos = _random_halos(23, seed=5)
    reference = fn(GRID_YX, *halos, chunk_size=23)
    for chunk_size in (1, 4, 7, 64):
        # Summation order changes with the chunking: rounding relative to the map's scale.
        scale = float(jnp.max(jnp.abs(reference)))
        np.testing.assert_allclose(fn(GRID_YX, *halos, chunk_size=chunk_size), reference, rtol=1e-12, atol=1e-13 * scale)


@pytest.mark.parametrize("fn", [truncated_nfw_population_deflections, truncated_nfw_population_convergence])
def test__maps__jit_equals_eager(fn):
    halos = _random_halos(9, seed=7)
    eager = fn(GRID_YX, *halos, chunk_size=4)
    jitted = jax.jit(fn, static_argnames="chunk_size")(GRID_YX, *halos, chunk_size=4)
    np.testing.assert_allclose(jitted, eager, rtol=1e-13, atol=0)


def test__maps__empty_population_is_zero():
    empty = np.zeros((0,))
    assert np.all(truncated_nfw_population_deflections(GRID_YX, np.zeros((0, 2)), empty, empty, empty) == 0.0)
    assert np.all(truncated_nfw_population_convergence(GRID_YX, np.zeros((0, 2)), empty, empty, empty) == 0.0)


def test__maps__halo_on_a_pixel_and_pixel_at_the_scale_radius():
    """r = 0: deflection 0, convergence +inf; r = r_s: the exact limit; gradients finite."""
    pixel = GRID_YX[100]
    scale_radius = 0.3
    # One halo centred on pixel 100 with r_s = 0.3: pixel 103 (3 pixels along x) is at r = r_s.
    assert float(jnp.hypot(*(GRID_YX[103] - pixel))) == pytest.approx(scale_radius, abs=1e-15)
    centres, kappa_s = pixel[None, :], jnp.array([0.2])
    rs, rt = jnp.array([scale_radius]), jnp.array([5.0])
    deflections = truncated_nfw_population_deflections(GRID_YX, centres, kappa_s, rs, rt)
    convergence = truncated_nfw_population_convergence(GRID_YX, centres, kappa_s, rs, rt)
    assert np.all(np.asarray(deflections[100]) == 0.0)
    assert np.isposinf(convergence[100])
    assert np.all(np.isfinite(np.delete(np.asarray(convergence), 100)))
    assert np.all(np.isfinite(deflections))

    tau = 5.0 / scale_radius
    m_over_x2, l_value = float(nfw_radial.truncated_nfw_m_over_x2(1.0, tau)), float(nfw_radial.truncated_nfw_l(1.0, tau))
    # At x = 1 the deflection is 4 kappa_s m(1) / 1^2 * (dy, dx) = 4 kappa_s m(1) (0, r_s).
    assert float(deflections[103, 1]) == pytest.approx(4 * 0.2 * m_over_x2 * scale_radius, rel=1e-14)
    assert float(convergence[103]) == pytest.approx(2 * 0.2 * l_value, rel=1e-14)

    def loss(c, k, s):
        d = truncated_nfw_population_deflections(GRID_YX, c, k, s, rt)
        kappa = truncated_nfw_population_convergence(GRID_YX, c, k, s, rt)
        return jnp.sum(d**2) + jnp.sum(jnp.where(jnp.isinf(kappa), 0.0, kappa))

    grads = jax.grad(loss, argnums=(0, 1, 2))(centres, kappa_s, rs)
    assert all(np.all(np.isfinite(g)) for g in grads)


def _mass_loss(log10_mass, centres, masses_rest):
    masses = jnp.concatenate([jnp.atleast_1d(10.0**log10_mass), masses_rest])
    params = truncated_nfw_population_parameters(masses, 0.0, 0.5, 1.5)
    deflections = truncated_nfw_population_deflections(GRID_YX, centres, *params, chunk_size=2)
    weights = jnp.linspace(-1.0, 2.0, deflections.size).reshape(deflections.shape)
    return jnp.sum(weights * deflections)


def test__grad__mass_matches_finite_differences():
    centres = jnp.array([[0.2, 0.1], [-0.5, 0.6], [0.9, -0.8]])
    rest = jnp.array([5e9, 2e11])
    log10_mass = 10.3
    value, grad = jax.jit(jax.value_and_grad(_mass_loss))(log10_mass, centres, rest)
    assert np.isfinite(value) and np.isfinite(grad) and grad != 0.0
    step = 1e-4
    fd = (_mass_loss(log10_mass + step, centres, rest) - _mass_loss(log10_mass - step, centres, rest)) / (2 * step)
    assert float(grad) == pytest.approx(float(fd), rel=1e-6)


def _compiled_temp_bytes(fn, *args):
    analysis = jax.jit(fn).lower(*args).compile().memory_analysis()
    if analysis is None:  # backend without memory analysis
        pytest.skip("no compiled memory analysis on this backend")
    return analysis.temp_size_in_bytes


def test__memory__bounded_by_chunk_not_population():
    """N = 2000 haloes on 50 x 50 pixels: runs, and XLA's scratch is O(chunk x n_pix), value and grad."""
    n_side, n_halos, chunk = 50, 2000, 32
    grid = ag.Grid2D.uniform(shape_native=(n_side, n_side), pixel_scales=0.1)
    grid_yx = jnp.asarray(grid.array)
    centres, kappa_s, scale_radius, truncation_radius = _random_halos(n_halos, seed=11, extent=3.0)
    kappa_s = kappa_s * 0.01

    def forward(k):
        return truncated_nfw_population_deflections(grid_yx, centres, k, scale_radius, truncation_radius, chunk_size=chunk)

    def loss(k):
        return jnp.sum(forward(k) ** 2)

    deflections = jax.jit(forward)(kappa_s)
    assert deflections.shape == (n_side**2, 2) and np.all(np.isfinite(deflections))
    assert np.all(np.isfinite(jax.jit(jax.grad(loss))(kappa_s)))

    full_map = n_halos * n_side**2 * 8  # one float64 (N, n_pix) array: 40 MB
    chunk_map = chunk * n_side**2 * 8
    # Measured: ~4 (forward) and ~10 (gradient) chunk-sized float64 temporaries.
    forward_bytes = _compiled_temp_bytes(forward, kappa_s)
    gradient_bytes = _compiled_temp_bytes(jax.grad(loss), kappa_s)
    assert forward_bytes < 8 * chunk_map and gradient_bytes < 16 * chunk_map
    assert max(forward_bytes, gradient_bytes) < full_map / 3
