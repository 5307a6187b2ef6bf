"""The contract over the population entry points (registry.OTHER entries of kind population*).

* ``truncated_nfw_population_convergence`` / ``_deflections``: valid haloes (hypothesis) give
  finite maps equal to the sum of upstream's ``NFWTruncatedSph`` maps (the pixel on a halo's
  centre: +inf convergence and zero deflection, as documented), jit == eager; one halo's
  parameter outside its domain (NaN, kappa_s < 0, radii <= 0), traced, makes the whole map
  NaN (the pixels on its centre included) with zero gradients;
* ``truncated_halo_arrays`` / ``mean_convergence_sheets``: valid haloes are laid out finite and
  masked in; an invalid mass is laid out NaN, its plane's sheet NaN, traced or concrete, never
  a stand-in value;
* ``mass_concentration_line``: finite for a valid redshift; NaN or an error naming the
  redshift outside its domain;
* ``device_mesh`` / ``sharded_vmap`` == ``jax.vmap``; ``Ludlow16LOSSampler`` refuses an
  invalid cosmology naming it.
"""

import math
import re

import autogalaxy as ag
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.reference.nfw_lensing import closed_form
from test_autogalaxy_jaxnfw.contract import registry

CONTRACT = settings(settings.get_profile(registry.PROFILE))
N = registry.BATCH
FUNCTIONS = {
    "truncated_nfw_population_convergence": ("convergence_2d_from", agj.truncated_nfw_population_convergence),
    "truncated_nfw_population_deflections": ("deflections_yx_2d_from", agj.truncated_nfw_population_deflections),
}
HALO_PARAMETERS = ("kappa_s", "scale_radius", "truncation_radius")
# Outside each parameter's domain (kappa_s >= 0: 0 is an empty halo; radii > 0).
INVALID = {"kappa_s": (math.nan, -1.0), "scale_radius": (math.nan, 0.0, -1.0), "truncation_radius": (math.nan, 0.0, -1.0)}


# Upstream's closed forms lose about eps / |x - 1| of their value as x = r / r_s -> 1 (Wright &
# Brainerd's F(x) divides by sqrt(1 - x^2)): 1.8e-7 of the deflection at x = 1 - 1e-9, which the
# long profile drew.  Pixels within X_NEAR_ONE of x = 1 for some halo are compared with the
# mpmath closed forms instead (``reference.nfw_lensing``, 80 digits).
X_NEAR_ONE = 1e-4


def _mpmath_sum(name, grid, centres, kappa_s, scale_radius, truncation_radius):
    """The population's map at ``grid`` from the mpmath closed forms (Baltz et al. 2009), as floats."""
    out = []
    for pixel in grid:
        total = 0.0 if name.endswith("convergence") else np.zeros(2)
        for c, k, r_s, r_t in zip(centres, kappa_s, scale_radius, truncation_radius):
            offset = pixel - c
            r = np.hypot(*offset)
            x, tau = r / r_s, r_t / r_s
            if name.endswith("convergence"):
                total = total + 2.0 * k * float(closed_form("kappa", x, tau))
            else:
                total = total + 4.0 * k * r_s * x * float(closed_form("alpha", x, tau)) * offset / r
        out.append(total)
    return np.asarray(out)


def _draw_halos(data):
    floats = lambda lo, hi: np.asarray(data.draw(st.lists(st.floats(lo, hi), min_size=N, max_size=N)))  # noqa: E731
    centres = np.stack([floats(-1.0, 1.0), floats(-1.0, 1.0)], axis=1)
    kappa_s, scale_radius = floats(1e-3, 0.1), floats(0.1, 3.0)
    truncation_radius = scale_radius * floats(2.0, 50.0)
    grid = np.stack([floats(-1.5, 1.5), floats(-1.5, 1.5)], axis=1)
    # The first pixel lies on the first halo's centre.
    grid = np.concatenate([centres[:1], grid], axis=0)
    return grid, centres, kappa_s, scale_radius, truncation_radius


@pytest.fixture(scope="module")
def jitted():
    """(map, gradient of its sum w.r.t. the halo parameters), jitted once per function."""
    out = {}
    for name, (_, function) in FUNCTIONS.items():

        def run(grid, centres, kappa_s, scale_radius, truncation_radius, function=function):
            def total(params):
                values = function(grid, centres, *params)
                return jnp.sum(jnp.where(jnp.isinf(values), 0.0, values)), values

            (_, values), grads = jax.value_and_grad(total, has_aux=True)((kappa_s, scale_radius, truncation_radius))
            return values, grads

        out[name] = jax.jit(run)
    return out


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@settings(CONTRACT)
@given(data=st.data())
def test__population_map__valid_equals_upstream_sum_jit_equals_eager(name, data, jitted):
    method, function = FUNCTIONS[name]
    grid, centres, kappa_s, scale_radius, truncation_radius = _draw_halos(data)
    eager = np.asarray(function(grid, centres, kappa_s, scale_radius, truncation_radius))
    expected = sum(
        np.asarray(getattr(ag.mp.NFWTruncatedSph(centre=tuple(c), kappa_s=k, scale_radius=r, truncation_radius=t),
                           method)(ag.Grid2DIrregular(grid[1:]), xp=np)).reshape(eager[1:].shape)
        for c, k, r, t in zip(centres, kappa_s, scale_radius, truncation_radius)
    )
    # Pixels on a halo's centre (the first, and any that hypothesis puts on one: its simplest
    # example puts every pixel and centre at the origin) are the documented limits: +inf
    # convergence, finite deflections; upstream gives NaN there, and within ~1e-150 r_s of a
    # centre (hypothesis draws subnormal offsets) its radial functions underflow to NaN too.
    distance = np.hypot(*np.moveaxis(grid[:, None, :] - centres[None, :, :], -1, 0))
    on_centre = np.any(distance == 0.0, axis=1)
    near = np.any(distance < 1e-6 * scale_radius[None, :], axis=1)
    off = ~near[1:]
    at_unit_x = np.any(np.abs(distance / scale_radius[None, :] - 1.0) < X_NEAR_ONE, axis=1)[1:]
    upstream = off & ~at_unit_x
    np.testing.assert_allclose(eager[1:][upstream], expected[upstream], rtol=1e-8, atol=1e-12, err_msg=name)
    if np.any(off & at_unit_x):
        reference = _mpmath_sum(name, grid[1:][off & at_unit_x], centres, kappa_s, scale_radius, truncation_radius)
        np.testing.assert_allclose(eager[1:][off & at_unit_x], reference, rtol=1e-10, atol=1e-14, err_msg=name)
    if name.endswith("convergence"):
        assert np.all(eager[on_centre] == np.inf), f"{name}: pixels on a halo's centre give {eager[on_centre]}"
        assert np.all(eager > 0.0), f"{name}: {eager}"
    else:
        assert np.all(np.isfinite(eager)), f"{name}: pixels near a halo's centre give {eager[near]}"
    values, grads = jitted[name](grid, centres, kappa_s, scale_radius, truncation_radius)
    np.testing.assert_allclose(np.asarray(values), eager, rtol=1e-10)
    for parameter, g in zip(HALO_PARAMETERS, grads):
        assert np.all(np.isfinite(np.asarray(g))), f"{name}: d/d{parameter} {g}"


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test__population_map__pixel_next_to_unit_x__equals_mpmath(name):
    """x = r / r_s = 1 - 1e-9 (drawn by the long profile), where upstream's closed form is off by 1.8e-7."""
    grid, centres = np.array([[0.0, 1e-9], [0.0, 2.0 - 1e-12]]), np.array([[0.0, 1.0]])
    halo = (np.array([0.0625]), np.array([1.0]), np.array([2.0]))
    got = np.asarray(FUNCTIONS[name][1](grid, centres, *halo))
    np.testing.assert_allclose(got, _mpmath_sum(name, grid, centres, *halo), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@settings(CONTRACT)
@given(data=st.data())
def test__population_map__invalid_traced_halo_all_nan_zero_gradient(name, data, jitted):
    grid, centres, *params = _draw_halos(data)
    k = data.draw(st.integers(0, 2))
    i = data.draw(st.integers(0, N - 1))
    bad = data.draw(st.sampled_from(INVALID[HALO_PARAMETERS[k]]))
    params[k] = params[k].copy()
    params[k][i] = bad
    values, grads = jitted[name](grid, centres, *params)
    where = f"{name} with halo {i}'s {HALO_PARAMETERS[k]} = {bad}"
    assert np.all(np.isnan(np.asarray(values))), f"{where}: {np.asarray(values)}"
    for parameter, g in zip(HALO_PARAMETERS, grads):
        g = np.asarray(g)
        assert np.all(np.isfinite(g)) and np.all(g[i] == 0.0), f"{where}: d/d{parameter} {g}"


PLANES = (0.3, 0.6, 1.0, 2.0)


def _halo_arrays(mass):
    centres = np.zeros((N, 2)) + np.linspace(-0.5, 0.5, N)[:, None]
    plane_index = np.arange(N) % (len(PLANES) - 1)
    return agj.truncated_halo_arrays(mass, centres, plane_index, PLANES, max_per_plane=N)


def _layout_and_sheets(mass):
    halos = _halo_arrays(mass)
    return halos, agj.mean_convergence_sheets(halos, area=math.pi * 4.0)


# One program for every example (the layout's shapes are fixed).
_LAYOUT_AND_SHEETS = jax.jit(_layout_and_sheets)


@settings(CONTRACT)
@given(data=st.data())
def test__truncated_halo_arrays__valid_finite_invalid_nan_in_its_plane(data):
    mass = 10.0 ** np.asarray(data.draw(st.lists(st.floats(7.0, 12.0), min_size=N, max_size=N)))
    halos, sheets = _LAYOUT_AND_SHEETS(mass)
    assert int(halos.n_dropped) == 0 and int(np.sum(np.asarray(halos.mask))) == N
    params = np.asarray(halos.params)[np.asarray(halos.mask)]
    assert np.all(np.isfinite(params)), params
    sheets = np.asarray(sheets)
    assert np.all(np.isfinite(sheets)) and np.all(sheets <= 0.0), sheets
    i = data.draw(st.integers(0, N - 1))
    mass[i] = data.draw(st.sampled_from((0.0, -1e10, math.nan)))
    plane = np.arange(N) % (len(PLANES) - 1)
    results = (("traced", _LAYOUT_AND_SHEETS(mass)), ("concrete", _layout_and_sheets(mass)))
    for label, (halos, sheets) in results:
        # The invalid halo is laid out NaN (never with a stand-in value): the simulator's image
        # and its plane's sheet are NaN, the other planes' sheets finite (the contract's (b)).
        laid_out = np.asarray(halos.params)[np.asarray(halos.mask)]
        finite_rows = np.all(np.isfinite(laid_out), axis=1)
        assert np.sum(finite_rows) == N - 1, f"{label}: mass {mass[i]} laid out as {laid_out}"
        sheets = np.asarray(sheets)
        others = np.arange(len(PLANES)) != plane[i]
        assert np.isnan(sheets[plane[i]]) and np.all(np.isfinite(sheets[others])), f"{label}: sheets {sheets}"


@pytest.mark.parametrize("redshift", [0.2, 1.0, 3.0])
def test__mass_concentration_line__valid_finite(redshift):
    A, B = agj.mass_concentration_line(redshift)
    assert np.isfinite(A) and np.isfinite(B)


@pytest.mark.parametrize("redshift", [-1.5, math.nan, math.inf])
def test__mass_concentration_line__invalid_redshift_nan_or_named(redshift):
    try:
        A, B = agj.mass_concentration_line(redshift)
    except Exception as error:  # noqa: BLE001
        assert re.search(r"\bredshift\b", str(error)), str(error)
        return
    assert np.isnan(A) and np.isnan(B), (redshift, A, B)


def test__sharded_vmap__equals_vmap():
    mesh = agj.device_mesh()
    x = jnp.linspace(10.0, 12.0, 8)
    f = lambda logm: agj.concentration_ludlow16(10.0**logm, 0.5)  # noqa: E731
    np.testing.assert_allclose(np.asarray(agj.sharded_vmap(f, mesh)(x)), np.asarray(jax.vmap(f)(x)), rtol=1e-12)


def test__ludlow16_los_sampler__invalid_cosmology_named():
    with pytest.raises((ValueError, TypeError)) as error:
        agj.Ludlow16LOSSampler(z_lens=0.5, z_source=2.0, concentration_cosmology="planck15")
    assert "concentration_cosmology" in str(error.value), str(error.value)
