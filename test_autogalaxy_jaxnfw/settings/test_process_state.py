"""The user's cosmology pairing and conventions reach worker processes, whatever the start method.

A pool is created after the choice (as a search does when it starts its workers) and a worker
constructs the same halo as the parent: kappa_s and r_s (and r_t) must be the parent's to
rounding.  ``spawn`` (the default on macOS and Windows) starts a fresh interpreter and
``forkserver`` (the default on Linux from Python 3.14) forks from a server process; neither
shares the parent's module globals.
"""

import multiprocessing

import numpy as np
import pytest

import autogalaxy_jaxnfw as agj

HALO = dict(mass_at_200=3e10, scatter_sigma=0.4, redshift_object=0.4, redshift_source=1.6)


def _parameters(_=None):
    """Run in the worker: the truncated sibling's parameters under the worker's own state."""
    import autogalaxy_jaxnfw as agj

    halo = agj.NFWTruncatedMCRScatterLudlowSphJax(**HALO)
    return [float(halo.kappa_s), float(halo.scale_radius), float(halo.truncation_radius)]


def _in_pool(method):
    with multiprocessing.get_context(method).Pool(1) as pool:
        return pool.map(_parameters, [None])[0]


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test__workers__inherit_cosmology_and_conventions(method):
    default = _parameters()
    with agj.use_cosmology(agj.planck18), agj.upstream_conventions():
        expected = _parameters()
        worker = _in_pool(method)
    np.testing.assert_allclose(worker, expected, rtol=1e-13, atol=0)
    # The choice mattered: upstream's split and the arcsec truncation radius differ.
    assert abs(expected[1] / default[1] - 1.0) > 1e-3
    assert expected[2] / default[2] > 2.0


def test__environment__set_cosmology_round_trips_and_is_restored():
    agj.set_cosmology(agj.wmap9)
    try:
        from autogalaxy_jaxnfw.settings import process_state
        from autogalaxy_jaxnfw.profiles.halo_cosmology import _from_json

        stored = process_state.read("halo_cosmology", _from_json)
        assert stored.concentration == agj.wmap9
        assert stored is agj.profiles.get_cosmology()  # parsed once per text: one distance cache
    finally:
        agj.set_cosmology(None)
    assert agj.profiles.get_cosmology() is agj.HaloCosmology.upstream()


def test__deflection_memo__never_serves_a_field_from_before_a_change():
    """autogalaxy memoises deflections by constructor arguments; a change of choice empties it."""
    import autogalaxy as ag

    grid = ag.Grid2D.uniform(shape_native=(8, 8), pixel_scales=0.2)

    def deflections():
        galaxy = ag.Galaxy(redshift=0.5, halo=agj.NFWTruncatedMCRLudlowSphJax(mass_at_200=1e11))
        return np.asarray(galaxy.deflections_yx_2d_from(grid=grid))

    default = deflections()
    with agj.use_cosmology(agj.planck18):
        planck18 = deflections()
        direct = np.asarray(agj.NFWTruncatedMCRLudlowSphJax(mass_at_200=1e11).deflections_yx_2d_from(grid))
    with agj.upstream_conventions():
        upstream = deflections()
    np.testing.assert_array_equal(planck18, direct)
    assert not np.allclose(planck18, default, rtol=1e-4)
    assert not np.allclose(upstream, default, rtol=1e-4)
    np.testing.assert_array_equal(deflections(), default)
