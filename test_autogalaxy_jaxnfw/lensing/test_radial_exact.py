"""Exactness of the spherical NFW and truncated NFW maps at every radius, against mpmath.

The radial functions of :mod:`autogalaxy_jaxnfw.lensing.nfw_radial` and
:mod:`autogalaxy_jaxnfw.lensing.truncated_nfw_potential` (shared by the profile classes and the halo
populations) and the classes' maps are compared with 50-digit mpmath evaluations of the closed
forms (:mod:`autogalaxy_jaxnfw.reference.nfw_lensing`, whose closed forms are checked against
quadrature of the density below): relative error <= 1e-12 from r = 1e-12 r_s to 1e4 r_s,
including r = r_s (1 +- 1e-12 ... 1e-6), and radial derivatives against mpmath's.  The classes'
convergence follows autogalaxy's minimum radius (a pixel with both coordinates below 1e-6 r_s is
read at sqrt(2) 1e-6 r_s), so a pixel on the centre is finite, as upstream's.
"""

import jax
import jax.numpy as jnp
import mpmath as mp
import numpy as np
import pytest

import autogalaxy as ag

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.lensing import nfw_radial
from autogalaxy_jaxnfw.reference import nfw_lensing as ref
from autogalaxy_jaxnfw.lensing.truncated_nfw_potential import truncated_nfw_potential

NEAR_SCALE_RADIUS = [1.0 + s * d for d in (1e-12, 1e-9, 1e-6) for s in (-1.0, 1.0)] + [1.0]
# Either side of every switch: the series band |1 - x^2| = 0.1, arctan(t) vs arctan(1 / t) at
# x = sqrt(2), the far-field form of L at 1 / t = 1/4, and the former branches' edges.
SWITCHES = [0.9486, 0.9487, 1.0488, 1.0489, 1.414, 1.415, 4.12, 4.124, 0.049, 0.051, 0.499, 0.501, 7.99, 8.01]
RADII = np.concatenate([np.geomspace(1e-12, 1e5, 35), NEAR_SCALE_RADIUS, SWITCHES])
TAUS = [None, 0.3, 2.0, 5.0, 20.0, 300.0, 1e4]  # None: the NFW profile
# The kernels L and m also far below the populations' tau (2 c200c ~ 5-100); the potential
# (unchanged, not a kernel of the ray tracing) is held to 1e-12 from tau = 0.3.
CASES = [(name, tau) for name in ("kappa", "alpha", "psi") for tau in TAUS] + [("kappa", 0.05), ("alpha", 0.05)]

FUNCTIONS = {
    (None, "kappa"): lambda x, tau: nfw_radial.nfw_f_g(x)[1],
    (None, "alpha"): lambda x, tau: nfw_radial.nfw_h_over_x2(x),
    (None, "psi"): lambda x, tau: nfw_radial.nfw_potential(x),
    ("truncated", "kappa"): nfw_radial.truncated_nfw_l,
    ("truncated", "alpha"): nfw_radial.truncated_nfw_m_over_x2,
    ("truncated", "psi"): truncated_nfw_potential,
}


def _function(name, tau):
    return FUNCTIONS[(None if tau is None else "truncated", name)]


def _mp_derivative(name, x, tau):
    """d/dx of the 50-digit closed form by a central difference of step 1e-15 x (error ~1e-30)."""
    with mp.workdps(ref.DIGITS):
        x, h = mp.mpf(x), mp.mpf(x) * mp.mpf("1e-15")
        return float((ref.closed_form(name, x + h, tau) - ref.closed_form(name, x - h, tau)) / (2 * h))


@pytest.mark.parametrize("name, tau", CASES, ids=[f"{name}-{tau}" for name, tau in CASES])
def test__radial_functions__match_mpmath_at_every_radius(name, tau):
    values = np.asarray(_function(name, tau)(jnp.asarray(RADII), jnp.asarray(tau or 1.0)))
    expected = np.array([float(ref.closed_form(name, x, tau)) for x in RADII])
    np.testing.assert_allclose(values, expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("name", ["kappa", "alpha", "psi"])
@pytest.mark.parametrize("tau", [None, 20.0], ids=["nfw", "tau20"])
def test__radial_functions__derivatives_match_mpmath(name, tau):
    points = [1e-9, 1e-3, 0.5, 1.0 - 1e-9, 1.0, 1.0 + 1e-9, 1.0 + 1e-6, 3.0, 200.0]
    derivative = jax.vmap(jax.grad(lambda x: _function(name, tau)(x, jnp.asarray(tau or 1.0))))(jnp.asarray(points))
    expected = [_mp_derivative(name, x, tau) for x in points]
    np.testing.assert_allclose(np.asarray(derivative), expected, rtol=1e-10, atol=0)


@pytest.mark.parametrize(
    "name, x, tau", [("kappa", 0.3, None), ("alpha", 1.7, None), ("kappa", 2.5, 5.0), ("alpha", 0.3, 5.0)]
)
def test__reference__closed_forms_equal_quadrature_of_the_density(name, x, tau):
    closed, quadrature = ref.closed_form(name, x, tau), ref.by_quadrature(name, x, tau, digits=16)
    assert float(abs(closed / quadrature - 1)) < 1e-13


# ----------------------------------------------------------------------------------- classes

HALO = dict(mass_at_200=2e10, scatter_sigma=0.3, redshift_object=0.45, redshift_source=1.3)
CLASS_RADII = [1e-10, 1e-4, 0.3] + NEAR_SCALE_RADIUS + [4.0, 80.0]


@pytest.mark.parametrize(
    "cls, tau_of", [(agj.NFWMCRScatterLudlowSphJax, None), (agj.NFWTruncatedMCRScatterLudlowSphJax, "truncated")]
)
def test__class_maps__match_mpmath_and_have_exact_radial_derivatives(cls, tau_of):
    halo = cls(centre=(0.0, 0.0), **HALO)
    r_s, kappa_s = float(halo.scale_radius), float(halo.kappa_s)
    tau = None if tau_of is None else float(halo.truncation_radius) / r_s
    radii = np.array(CLASS_RADII) * r_s
    grid = ag.Grid2DIrregular([[0.0, r] for r in radii])  # on the x axis: r is exactly |x|
    x = [mp.mpf(float(r)) / mp.mpf(r_s) for r in radii]
    with mp.workdps(ref.DIGITS):
        # The convergence's cusp at autogalaxy's minimum: pixels within 1e-6 r_s on both axes.
        x_kappa = [mp.sqrt(2) * mp.mpf("1e-6") if xi < mp.mpf("1e-6") else xi for xi in x]
        kappa = [2 * kappa_s * ref.closed_form("kappa", xi, tau) for xi in x_kappa]
        alpha = [4 * kappa_s * r_s * xi * ref.closed_form("alpha", xi, tau) for xi in x]
        psi = [2 * kappa_s * r_s**2 * ref.closed_form("psi", xi, tau) for xi in x]
    np.testing.assert_allclose(np.asarray(halo.convergence_2d_from(grid)), np.array(kappa, float), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(halo.deflections_yx_2d_from(grid))[:, 1], np.array(alpha, float), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(halo.deflections_yx_2d_from(grid))[:, 0], 0.0, atol=0)
    np.testing.assert_allclose(np.asarray(halo.potential_2d_from(grid)), np.array(psi, float), rtol=1e-12)

    # d kappa / dr through the class (the grid coordinate traced) against mpmath's derivative.
    def convergence_at(r):
        return halo.convergence_2d_from(ag.Grid2DIrregular(jnp.stack([jnp.zeros(1), r[None]], axis=-1)), xp=jnp).array[0]

    near = [r_s * (1.0 + d) for d in (-1e-9, 0.0, 1e-9)]
    derivative = [float(jax.grad(convergence_at)(jnp.asarray(r))) for r in near]
    expected = [2 * kappa_s / r_s * _mp_derivative("kappa", float(mp.mpf(r) / r_s), tau) for r in near]
    np.testing.assert_allclose(derivative, expected, rtol=1e-10)


@pytest.mark.parametrize("cls", [agj.NFWMCRLudlowSphJax, agj.NFWTruncatedMCRLudlowSphJax])
def test__class_maps__centre_pixel_is_the_limit_with_finite_gradient(cls):
    halo = cls(mass_at_200=1e10)

    def maps(pixel):  # a pixel at the halo's centre; its derivative is that with respect to the centre
        grid = ag.Grid2DIrregular(jnp.stack([pixel, jnp.array([0.1, 0.2])]))
        deflections = halo.deflections_yx_2d_from(grid, xp=jnp).array
        potential = halo.potential_2d_from(grid, xp=jnp).array
        return deflections[0, 0], deflections[0, 1], potential[0], jnp.sum(deflections) + jnp.sum(potential)

    values = maps(jnp.zeros(2))
    assert [float(v) for v in values[:3]] == [0.0, 0.0, 0.0]
    assert np.all(np.isfinite(np.asarray(jax.grad(lambda p: maps(p)[3])(jnp.zeros(2)))))
    # The convergence on the centre: autogalaxy's value at its minimum radius, sqrt(2) 1e-6 r_s.
    r_s, kappa_s = float(halo.scale_radius), float(halo.kappa_s)
    tau = None if cls is agj.NFWMCRLudlowSphJax else float(halo.truncation_radius) / r_s
    with mp.workdps(ref.DIGITS):
        expected = float(2 * kappa_s * ref.closed_form("kappa", mp.sqrt(2) * mp.mpf("1e-6"), tau))
    centre = float(halo.convergence_2d_from(ag.Grid2DIrregular([[0.0, 0.0]])).array[0])
    assert centre == pytest.approx(expected, rel=1e-12)
