"""Halo masses to autolens' substructure-simulator arrays (autogalaxy_jaxnfw.populations.substructure).

References: the plugin's profile classes constructed halo by halo (per-halo parameters),
autogalaxy's own ``NFWTruncatedSph.vmapped_deflections_from`` (deflections), finite
differences (gradients).
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph

import autogalaxy_jaxnfw as agj

PLANES = (0.2, 0.5, 0.9, 2.0)  # three lens planes and the source plane
# One compiled layout function for the tests that share its shapes (compiling it dominates).
_ARRAYS = jax.jit(agj.truncated_halo_arrays, static_argnums=(3, 4))


@pytest.fixture(scope="module")
def population():
    rng = np.random.default_rng(7)
    n = 9
    return dict(
        mass_at_200=10.0 ** rng.uniform(7.0, 10.0, n),
        centres=rng.uniform(-1.5, 1.5, (n, 2)),
        plane_index=np.array([0, 1, 1, 2, 0, 1, 2, 2, 1]),
        scatter_sigma=rng.normal(size=n),
    )


@pytest.fixture(scope="module")
def laid_out(population):
    return _ARRAYS(
        population["mass_at_200"], population["centres"], population["plane_index"], PLANES, 4,
        population["scatter_sigma"],
    )


def test__truncated_halo_arrays__slots_equal_profiles_built_halo_by_halo(population, laid_out):
    params, mask = np.asarray(laid_out.params), np.asarray(laid_out.mask)
    assert params.shape == (4, 4, 5) and int(laid_out.n_dropped) == 0
    assert mask.sum(axis=1).tolist() == [2, 4, 3, 0]
    for plane in range(3):
        halos = np.flatnonzero(population["plane_index"] == plane)  # in input order, as the slots
        for slot, i in enumerate(halos):
            profile = agj.NFWTruncatedMCRScatterLudlowSphJax(
                centre=tuple(population["centres"][i]),
                mass_at_200=population["mass_at_200"][i],
                scatter_sigma=population["scatter_sigma"][i],
                redshift_object=PLANES[plane],
                redshift_source=PLANES[-1],
            )
            expected = [*profile.centre, profile.kappa_s, profile.scale_radius, profile.truncation_radius]
            # The traced and the NumPy concentration solvers each leave c within ~1e-11 of the root.
            np.testing.assert_allclose(params[plane, slot], expected, rtol=1e-10)
    # Empty slots are harmless: no convergence, finite radii.
    np.testing.assert_array_equal(params[~mask][:, 2], 0.0)
    assert np.all(params[~mask][:, 3:] > 0.0)


def test__truncated_halo_arrays__overflow_and_out_of_range_haloes_are_dropped_and_counted(population):
    plane_index = population["plane_index"].copy()
    plane_index[[0, 3, 4]] = [-1, 3, 1]  # no plane; the source plane; a fifth halo in plane 1
    halos = _ARRAYS(
        population["mass_at_200"], population["centres"], plane_index, PLANES, 4, population["scatter_sigma"]
    )
    assert np.asarray(halos.mask).sum(axis=1).tolist() == [0, 4, 2, 0]
    assert int(halos.n_dropped) == 3
    # The first four haloes of plane 1 in input order keep their slots.
    np.testing.assert_array_equal(np.asarray(halos.params[1, :, :2]), population["centres"][[1, 2, 4, 5]])


def test__truncated_halo_arrays__vmap_over_realisations_equals_loop(population):
    masses = population["mass_at_200"][None, :] * np.array([[1.0], [3.0]])
    args = (population["centres"], population["plane_index"], PLANES, 4, population["scatter_sigma"])
    batched = jax.jit(jax.vmap(lambda m: agj.truncated_halo_arrays(m, *args).params))(masses)
    for k in range(2):
        np.testing.assert_allclose(np.asarray(batched[k]), np.asarray(_ARRAYS(masses[k], *args).params), rtol=1e-13)


def test__truncated_halo_arrays__mass_gradient_finite_and_matches_finite_differences(population):
    # The first pixel sits exactly on a halo's centre (deflection 0 there, by its limit).
    grid = jnp.asarray(np.vstack([population["centres"][1], np.random.default_rng(3).uniform(-2.0, 2.0, (40, 2))]))

    def total_deflection(log10_mass):
        halos = agj.truncated_halo_arrays(
            10.0**log10_mass, population["centres"], population["plane_index"], PLANES, 4, population["scatter_sigma"]
        )
        per_plane = jax.vmap(agj.TruncatedNFWHalos.vmapped_deflections_from, in_axes=(None, 0, 0))
        return jnp.sum(per_plane(grid, halos.params, halos.mask) ** 2)

    value_and_grad = jax.jit(jax.value_and_grad(total_deflection))
    log10_mass = jnp.log10(population["mass_at_200"])
    value, gradient = value_and_grad(log10_mass)
    assert np.isfinite(float(value)) and np.all(np.isfinite(np.asarray(gradient)))
    h = 1e-5
    for i in (1, 8):
        step = jnp.zeros_like(log10_mass).at[i].set(h)
        fd = (value_and_grad(log10_mass + step)[0] - value_and_grad(log10_mass - step)[0]) / (2 * h)
        np.testing.assert_allclose(float(gradient[i]), float(fd), rtol=1e-6)


def test__truncated_nfw_halos__deflections_equal_autogalaxy_vmapped_ones(laid_out):
    grid = jnp.asarray(np.random.default_rng(5).uniform(-2.0, 2.0, (300, 2)))
    ours, upstream = (jax.jit(cls.vmapped_deflections_from) for cls in (agj.TruncatedNFWHalos, NFWTruncatedSph))
    for plane in range(3):
        ours_plane = ours(grid, laid_out.params[plane], laid_out.mask[plane])
        upstream_plane = upstream(grid, laid_out.params[plane], laid_out.mask[plane])
        np.testing.assert_allclose(np.asarray(ours_plane), np.asarray(upstream_plane), rtol=1e-10, atol=1e-14)


def test__mean_convergence_sheets__cancel_haloes_total_projected_mass(laid_out):
    from scipy.integrate import quad

    def total_mass(kappa_s, scale_radius, truncation_radius):
        # Reference: autogalaxy's convergence, 2 kappa_s L(r / r_s), integrated over the plane (in ln r).
        profile = NFWTruncatedSph(kappa_s=kappa_s, scale_radius=scale_radius, truncation_radius=truncation_radius)

        def integrand(ln_r):
            kappa = 2.0 * kappa_s * np.real(profile.coord_func_l(np.array([np.exp(ln_r) / scale_radius + 0j])))[0]
            return 2.0 * np.pi * np.exp(2.0 * ln_r) * kappa

        return quad(integrand, np.log(1e-6 * scale_radius), np.log(1e4 * truncation_radius), limit=200)[0]

    area = np.pi * 3.0**2
    sheets = np.asarray(agj.mean_convergence_sheets(laid_out, area))
    params, mask = np.asarray(laid_out.params), np.asarray(laid_out.mask)
    expected = [-sum(total_mass(*params[p, s, 2:]) for s in np.flatnonzero(mask[p])) / area for p in range(4)]
    np.testing.assert_allclose(sheets, expected, rtol=1e-7, atol=0.0)
    assert sheets[-1] == 0.0 and np.all(sheets[:-1] < 0.0)
