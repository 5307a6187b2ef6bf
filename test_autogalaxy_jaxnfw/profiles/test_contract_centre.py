"""A pixel on the halo's centre: finite, as upstream's maps at the same halo, and NaN for an invalid halo.

Every odd-sized grid centred on a halo has such a pixel.  The reference is the upstream parent
class evaluated at the same halo (the sibling's parameters copied onto an instance of the
parent, so the concentration relation plays no part): upstream's value at the centre where it
is finite, otherwise (a NaN or infinite centre) upstream's value at the radius its NFW maps read
the centre as, a point with both coordinates 1e-6 r_s (``NFW.convergence_2d_from``).

The same classes' maps under ``jax.jit`` and ``jax.grad``, on a grid with a pixel on the centre,
and their invalid haloes (NaN at every pixel, zero derivative) are checked by
profiles/test_maps_jit.py, in the one compiled program per class it builds.
"""

import inspect

import autogalaxy as ag
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj

MAPS = ("convergence_2d_from", "potential_2d_from", "deflections_yx_2d_from")
GRIDS = {
    "over_sampled": ag.Grid2D.uniform(shape_native=(5, 5), pixel_scales=0.1),
    "exact_centre": ag.Grid2D.uniform(shape_native=(5, 5), pixel_scales=0.1, over_sample_size=1),
}
CENTRE_PIXEL = 12
CENTRE_POINT = ag.Grid2DIrregular([[0.0, 0.0]])
EXTRA = dict(f_c=0.02, inner_slope=1.4, sigma_over_m=3.0, t_age=8.0, velocity_exponent=1.0, velocity_ref=30.0)
CLASSES = {
    **agj.SIBLINGS,
    "NFWMCRLudlowMassDefinitionSphJax": agj.NFWMCRLudlowMassDefinitionSphJax,
    "NFWMCRWarmLudlowSphJax": agj.NFWMCRWarmLudlowSphJax,
    "with_relation(diemer19, 200m)": agj.with_relation(
        agj.NFWMCRLudlowSphJax, agj.Relation(model="diemer19", mass_definition="200m")
    ),
}
# Upstream's cNFWSph deflection at the centre is its radial formula's cancellation at the
# clamped radius 1e-8 arcsec (of order the map's largest value, along +x); the deflection of a
# spherical halo at its centre is 0, which upstream's elliptical cNFW (ell_comps = 0) gives.
CANCELLING = {name for name in CLASSES if name.startswith("cNFW") and "Sph" in name}
# Upstream evaluates gNFW's convergence per pixel with SciPy: the over-sampled grid is slow.
SLOW = {name for name in CLASSES if name.startswith("gNFW")}
# Upstream's Kaplinghat and Yang et al. haloes solve their cores with SciPy at every call (minutes here).
UPSTREAM_SLOW = {name for name in CLASSES if name.startswith(("Kaplinghat", "YangSIDM"))}
RTOL = 1e-5  # upstream's HK24 kernel loses ~1e-6 of its digits at R = sqrt(2) 1e-6 r_s


def _arguments(cls, mass):
    parameters = inspect.signature(cls).parameters
    mass_name = "mass" if "mass" in parameters else "mass_at_200"
    return {mass_name: mass, **{k: v for k, v in EXTRA.items() if k in parameters}}


def _upstream_parent(cls):
    return next(b for b in cls.__mro__ if b.__module__.startswith("autogalaxy.") and "Ludlow" in b.__name__)


def _same_halo(cls, halo, parent=None):
    parent = parent or _upstream_parent(cls)
    reference = parent.__new__(parent)
    reference.__dict__.update(halo.__dict__)
    return reference


def _upstream_centre(name, cls, halo, method, grid):
    with np.errstate(all="ignore"):
        if method == "deflections_yx_2d_from" and name in CANCELLING:
            return np.zeros(2)
        # Without over-sampling the centre pixel is the point (0, 0): upstream is asked there only.
        point = grid is GRIDS["exact_centre"]
        value = np.asarray(getattr(_same_halo(cls, halo), method)(CENTRE_POINT if point else grid))[0 if point else CENTRE_PIXEL]
        if np.all(np.isfinite(value)):
            return value
        if method != "convergence_2d_from":
            # The limits, 0: upstream's NFWSph returns a 0 deflection on its centre, and its
            # potential at the relocated point is its formula's cancellation (-2.75e-6 for
            # M = 1e10 where mpmath gives 1.24e-13), not a value to match.
            return np.zeros(np.shape(value))
        relocated = 1e-6 * float(halo.scale_radius)
        return np.asarray(getattr(_same_halo(cls, halo), method)(ag.Grid2DIrregular([[relocated, relocated]])))[0]


# autoarray's over-sampling is the same for every class: it is checked on the classes whose
# upstream twin does not integrate each of the 400 sub-pixels with SciPy (minutes).
CASES = [
    pytest.param(name, grid_name, marks=[pytest.mark.slow] if name in UPSTREAM_SLOW else [])
    for name in sorted(CLASSES)
    for grid_name in sorted(GRIDS)
    if not (grid_name == "over_sampled" and name in SLOW | UPSTREAM_SLOW)
]


@pytest.mark.parametrize("name, grid_name", CASES)
def test__centre_pixel__finite_and_equal_to_upstream_at_the_same_halo(name, grid_name):
    cls, grid = CLASSES[name], GRIDS[grid_name]
    halo = cls(**_arguments(cls, 1e10))
    for method in MAPS:
        ours = np.asarray(getattr(halo, method)(grid))
        assert np.all(np.isfinite(ours)), (method, ours[CENTRE_PIXEL])
        theirs = _upstream_centre(name, cls, halo, method, grid)
        np.testing.assert_allclose(
            ours[CENTRE_PIXEL], theirs, rtol=RTOL, atol=RTOL * np.max(np.abs(ours)), err_msg=method
        )


def test__centre_pixel__nfw_convergence_is_upstream_value_from_the_issue():
    """The issue's example: inf before; upstream's NFWMCRLudlowSph gives 0.3505834 at its own (mean-relation) halo."""
    grid = GRIDS["over_sampled"]
    halo = agj.NFWMCRLudlowSphJax(mass_at_200=1e10)
    kappa = np.asarray(halo.convergence_2d_from(grid))
    assert np.isfinite(np.sum(kappa))
    upstream = np.asarray(ag.mp.NFWMCRLudlowSph(mass_at_200=1e10).convergence_2d_from(grid))[CENTRE_PIXEL]
    # The two haloes differ by the concentration relation only (tolerance of test_siblings).
    assert kappa[CENTRE_PIXEL] == pytest.approx(upstream, rel=2e-3)
