"""The ragged multi-plane tracer against autolens' ``Tracer`` built halo by halo from the plugin's classes."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autoarray as aa
import autolens as al

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.populations.plane_sheets import plane_sheets
from autogalaxy_jaxnfw.populations.planes import PlaneLayout, plane_halos
from autogalaxy_jaxnfw.populations.tracer import chunk_plan, scaling_matrix, traced_grids

REDSHIFTS, SOURCE_REDSHIFT, LENS_PLANE = (0.2, 0.5, 0.9), 1.5, 1
CONE_AREA = np.pi * 3.0**2
LENS = al.mp.Isothermal(centre=(0.0, 0.0), ell_comps=(0.05, -0.05), einstein_radius=1.0)
SOURCE = al.lp.Sersic(centre=(0.05, 0.1), ell_comps=(0.1, 0.05), intensity=1.0, effective_radius=0.4, sersic_index=1.5)


def lens_deflections(grid):
    return LENS.deflections_yx_2d_from(grid=aa.Grid2DIrregular(values=grid, xp=jnp), xp=jnp).array


@pytest.fixture(scope="module")
def population():
    rng = np.random.default_rng(3)
    n = 30
    return dict(
        mass=10.0 ** rng.uniform(8.0, 10.5, n),
        centres=rng.uniform(-1.5, 1.5, (n, 2)),
        plane=rng.integers(0, len(REDSHIFTS), n),
        scatter=rng.normal(size=n),
    )


@pytest.fixture(scope="module")
def grid():
    return al.Grid2D.uniform(shape_native=(12, 12), pixel_scales=0.2, over_sample_size=1)


def traced(population, grid, chunk_size=4):
    layout = PlaneLayout.for_planes(population["plane"], REDSHIFTS, SOURCE_REDSHIFT)
    scaling = scaling_matrix(REDSHIFTS + (SOURCE_REDSHIFT,))

    def run(mass, centres, plane, scatter):
        halos = plane_halos(mass, centres, plane, layout, scatter)
        sheets = plane_sheets(halos, layout, CONE_AREA)
        grids = traced_grids(grid.array, halos, layout, scaling, sheets, lens_deflections, LENS_PLANE, chunk_size)
        return grids, sheets, halos.n_dropped

    return run


def reference_tracer(population, sheets):
    galaxies = [
        al.Galaxy(redshift=REDSHIFTS[p], mass=agj.NFWTruncatedMCRScatterLudlowSphJax(
            centre=tuple(c), mass_at_200=m, scatter_sigma=s, redshift_object=REDSHIFTS[p],
            redshift_source=SOURCE_REDSHIFT))
        for m, c, p, s in zip(*(population[k] for k in ("mass", "centres", "plane", "scatter")))
    ]
    galaxies += [al.Galaxy(redshift=z, sheet=al.mp.MassSheet(kappa=float(k))) for z, k in zip(REDSHIFTS, sheets)]
    galaxies += [al.Galaxy(redshift=REDSHIFTS[LENS_PLANE], mass=LENS), al.Galaxy(redshift=SOURCE_REDSHIFT, light=SOURCE)]
    return al.Tracer(galaxies=galaxies, cosmology=al.cosmo.Planck15())


def test__traced_grids__equal_autolens_tracer_built_halo_by_halo(population, grid):
    grids, sheets, dropped = jax.jit(traced(population, grid))(*population.values())
    tracer = reference_tracer(population, np.asarray(sheets))
    expected = [np.asarray(g.array) for g in tracer.traced_grid_2d_list_from(grid=grid)]
    assert int(dropped) == 0 and len(grids) == len(expected) == len(REDSHIFTS) + 1
    # The deflection accumulated by the source plane is ~1": compare to it.
    scale = np.max(np.abs(expected[-1] - grid.array))
    for ours, theirs in zip(grids, expected):
        np.testing.assert_allclose(np.asarray(ours), theirs, rtol=0.0, atol=1e-10 * scale)
    image = SOURCE.image_2d_from(grid=aa.Grid2DIrregular(values=grids[-1], xp=jnp), xp=jnp).array
    expected_image = np.asarray(tracer.image_2d_from(grid=grid).array)
    assert np.max(np.abs(np.asarray(image) - expected_image)) <= 1e-10 * np.max(expected_image)


def test__traced_grids__chunk_size_and_jit_do_not_change_the_rays(population, grid):
    one_chunk = jax.jit(traced(population, grid, chunk_size=128))(*population.values())[0][-1]
    eager = traced(population, grid, chunk_size=3)(*population.values())[0][-1]
    np.testing.assert_allclose(np.asarray(eager), np.asarray(one_chunk), rtol=0.0, atol=1e-13)


def test__traced_grids__gradient_in_a_halo_mass_equals_finite_differences(population, grid):
    run = traced(population, grid)

    def source_x(log10_mass):
        mass = jnp.asarray(population["mass"]).at[0].set(10.0**log10_mass)
        return jnp.sum(run(mass, *(population[k] for k in ("centres", "plane", "scatter")))[0][-1][:, 1])

    x0, h = float(np.log10(population["mass"][0])), 1e-4
    value_and_grad = jax.jit(jax.value_and_grad(source_x))
    grad = value_and_grad(x0)[1]
    finite = (value_and_grad(x0 + h)[0] - value_and_grad(x0 - h)[0]) / (2.0 * h)
    assert abs(float(grad)) > 0.0
    np.testing.assert_allclose(float(grad), float(finite), rtol=1e-6)


def test__plane_halos__drops_and_counts_haloes_without_a_slot():
    layout = PlaneLayout(REDSHIFTS, SOURCE_REDSHIFT, (1, 0, 2))
    plane = np.array([0, 0, 1, 2, -1, 3, 2])
    halos = plane_halos(np.full(7, 1e9), np.zeros((7, 2)), plane, layout)
    # Slot 0 holds the first plane-0 halo; plane 1 has none; plane 2 both of its haloes.
    assert int(halos.n_dropped) == 4
    np.testing.assert_array_equal(np.asarray(halos.mask), [True, True, True])
    assert np.all(np.asarray(halos.kappa_s) > 0.0)


def test__plane_layout__rejects_bad_structure():
    with pytest.raises(ValueError, match="increase"):
        PlaneLayout((0.5, 0.2), 1.0, (1, 1))
    with pytest.raises(ValueError, match="capacity"):
        PlaneLayout((0.2, 0.5), 1.0, (1,))
    layout = PlaneLayout.for_planes(np.array([[0, 0, 1], [1, 1, 1]]), (0.2, 0.5), 1.0)
    assert layout.capacities == (2, 3) and layout.size == 5


def test__chunk_plan__planes_in_order_each_opened_once_padding_below_a_chunk():
    layout = PlaneLayout(REDSHIFTS, SOURCE_REDSHIFT, (5, 0, 8))
    slots, plane, opens = chunk_plan(layout, 4)
    np.testing.assert_array_equal(plane, [0, 0, 1, 2, 2])
    np.testing.assert_array_equal(opens, [True, False, True, True, False])
    # Every slot once; the rest padding (index layout.size).
    np.testing.assert_array_equal(np.sort(slots[slots < layout.size]), np.arange(layout.size))
    assert np.sum(slots == layout.size) == 3 + 4 + 0
