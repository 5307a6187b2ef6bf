"""Every map of every sibling under ``jax.jit`` and ``jax.grad`` with respect to the mass.

For each of the ``agj.SIBLINGS`` (and the mass-definition, warm and ``with_relation`` classes)
and each of its deflections, convergence and potential, on a grid with a pixel on the halo's
centre: the jitted map equals the NumPy path (Python floats in, autogalaxy's NumPy grid code),
and the reverse-mode derivative of a weighted sum of the map with respect to M200c is finite
and equals a central finite difference of the NumPy path.  The same compiled program, given a
negative mass, returns NaN at every pixel (the centre included) with a zero derivative.  A
sibling whose map methods are its scatter partner's own functions is checked through the
partner's maps plus its lensing parameters (jit == NumPy, derivatives == finite differences).
The maps that upstream evaluates with NumPy-only code (the cored NFW expansion's Gaussian sum,
gNFW's per-pixel ``quad``, the SIDM potentials' nested ``quad``) are checked against
independent quadratures below.
"""

import inspect

import autogalaxy as ag
import jax
import jax.numpy as jnp
import mpmath as mp
import numpy as np
import pytest
import scipy.integrate

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.profiles.gnfw_convergence import gnfw_convergence_over_2_kappa_s
# The siblings and the mass-definition, warm and with_relation classes of the centre test.
from test_autogalaxy_jaxnfw.profiles.test_contract_centre import CLASSES
from test_autogalaxy_jaxnfw.contract import registry

MAPS = ("deflections_yx_2d_from", "convergence_2d_from", "potential_2d_from")
GRID = ag.Grid2D.uniform(shape_native=(4, 4), pixel_scales=0.25, over_sample_size=1)
# On the centre of GRID's pixel (1, 2): the pixel on the halo's centre (profiles/test_contract_centre.py).
HALO_CENTRE = (0.125, 0.125)
LOG_MASS = 10.3
INVALID_MASS = -1e10
# In log10 M200c: small enough to stay between the kinks of the SIDM profiles' tabulated
# (piecewise-linear) Lane-Emden solution, large enough for rounding (~1e-11 relative).
STEP = 1e-5
UPSTREAM_STEP = 1e-3
# Maps left to upstream code whose NumPy and JAX paths differ by ~5e-8 of the map (measured:
# the multi-Gaussian expansions, the elliptical NFW deflections with traced parameters).
_D, _K, _P = MAPS
UPSTREAM_FLOORS = {
    **{(name, m): 1e-6 for name in ("cNFWMCRLudlowJax", "cNFWMCRScatterLudlowJax") for m in MAPS},
    **{(name, m): 1e-6 for name in ("cNFWMCRLudlowSphJax", "cNFWMCRScatterLudlowSphJax") for m in (_K, _P)},
    **{(name, m): 1e-6 for name in ("NFWMCRLudlowJax", "NFWMCRScatterLudlowJax", "gNFWMCRLudlowJax") for m in (_D, _P)},
}


def _tolerances(name):
    """jit against NumPy, per map: 1e-10, except where upstream's own NumPy and JAX code differ."""
    return [UPSTREAM_FLOORS.get((name, m), 1e-10) for m in MAPS]


def _halo(name, mass):
    cls = CLASSES[name]
    mass_name = "mass" if "mass" in cls.__init__.__code__.co_varnames else "mass_at_200"
    arguments = {"centre": HALO_CENTRE, mass_name: mass}
    if "ell_comps" in cls.__init__.__code__.co_varnames:
        arguments["ell_comps"] = (0.1, -0.05)
    if name.startswith("gNFW"):
        arguments["inner_slope"] = 1.3
    return cls(**arguments)


def _maps(name, mass, xp):
    halo = _halo(name, mass)
    return [xp.ravel(xp.asarray(getattr(halo, m)(GRID, xp=xp).array)) for m in MAPS]


# A sibling whose three map methods are the very functions of its scatter partner's reaches
# them only through its lensing parameters: its maps are checked through the partner's
# program, and its parameters under jit and grad here (compiling an elliptical sibling's maps
# takes minutes).
SAME_MAPS_AS = {name: name.replace("MCRLudlow", "MCRScatterLudlow") for name in agj.SIBLINGS
                if "Scatter" not in name and name.replace("MCRLudlow", "MCRScatterLudlow") in agj.SIBLINGS}
PARAMETERS = ("kappa_s", "scale_radius", "core_radius", "truncation_radius")
# The cored siblings run from test_maps_jit_cored.py: a file per worker under --dist loadfile,
# and these checks are the suite's longest (a few minutes per sibling, mostly compilation).
CORED = sorted(name for name in agj.SIBLINGS if name.startswith("cNFW") and name not in SAME_MAPS_AS)


# Upstream's potentials of the elliptical NFW and gNFW and of both cored NFWs are one function,
# ``MGEDecomposer.potential_2d_via_mge_from`` (a 20-node radial quadrature of the multi-Gaussian
# deflections): its reverse-mode program takes 25-60 s to compile per class.  Its derivative is
# checked through the elliptical NFW; for the others the class-specific part -- the
# decomposition of their own convergence -- is differentiated in their deflections, and their
# potential runs forward under jit (== NumPy, NaN at an invalid mass).  The long profile
# (``AGJ_FUZZ=long``) differentiates every potential.
MGE_POTENTIAL_DIFFERENTIATED = "NFWMCRScatterLudlowJax"
MGE_POTENTIAL_FORWARD_ONLY = () if registry.PROFILE.endswith("long") else tuple(
    name for name in CLASSES
    if name != MGE_POTENTIAL_DIFFERENTIATED
    and "potential_2d_via_mge_from" in inspect.getsource(inspect.unwrap(CLASSES[name].potential_2d_from))
)

# The quick tier keeps the spherical NFWs (the quickest programs to compile) and the truncated
# one; the others are slow.
QUICK = ("NFWMCRScatterLudlowSphJax", "NFWTruncatedMCRScatterLudlowSphJax")


@pytest.mark.parametrize(
    "name",
    [n if n in QUICK else pytest.param(n, marks=pytest.mark.slow) for n in sorted(set(CLASSES) - set(CORED) - set(SAME_MAPS_AS))],
)
def test__every_map__jit_equals_numpy_and_grad_equals_finite_differences(name):
    check_every_map(name)


def _parameters(name, mass, xp):
    halo = _halo(name, mass)
    return xp.stack([xp.asarray(getattr(halo, p), dtype=float) for p in PARAMETERS if getattr(halo, p, None) is not None])


@pytest.mark.parametrize("name", sorted(SAME_MAPS_AS))
def test__same_maps_as_partner__shared_map_code_and_parameters_under_jit_and_grad(name):
    partner = SAME_MAPS_AS[name]
    for m in MAPS:
        assert getattr(agj.SIBLINGS[name], m) is getattr(agj.SIBLINGS[partner], m), m
    expected = np.asarray(_parameters(name, 10.0**LOG_MASS, np))
    np.testing.assert_allclose(np.asarray(_parameters(partner, 10.0**LOG_MASS, np)), expected, rtol=1e-14)
    jitted = jax.jit(lambda lm: _parameters(name, 10.0**lm, jnp))(jnp.asarray(LOG_MASS))
    np.testing.assert_allclose(np.asarray(jitted), expected, rtol=1e-12)
    derivative = np.asarray(jax.jit(jax.jacrev(lambda lm: _parameters(name, 10.0**lm, jnp)))(jnp.asarray(LOG_MASS)))
    central = (np.asarray(_parameters(name, 10.0 ** (LOG_MASS + STEP), np))
               - np.asarray(_parameters(name, 10.0 ** (LOG_MASS - STEP), np))) / (2 * STEP)
    assert np.all(np.isfinite(derivative))
    np.testing.assert_allclose(derivative, central, rtol=1e-5)
    # An invalid halo: NaN parameters (so NaN maps, the partner's code) with zero derivatives.
    invalid = jax.jit(lambda m: _parameters(name, m, jnp))(jnp.asarray(INVALID_MASS))
    assert np.all(np.isnan(np.asarray(invalid)))
    gradient = jax.jit(jax.grad(lambda m: jnp.sum(jnp.where(jnp.isnan(p := _parameters(name, m, jnp)), 0.0, p))))(INVALID_MASS)
    assert float(gradient) == 0.0


def check_every_map(name):
    """The class's maps: jit == NumPy path; d(weighted sum)/d log10 M200c == finite differences; invalid -> NaN.

    One compiled program per map, ``jit(value_and_grad(summary, has_aux=True))`` of the mass:
    its aux is the map, its value the map's weighted sum (three programs compile faster than
    one holding the three maps: the cored NFW's took 2.2 times as long as its maps' apart).
    The derivatives are compared with central differences of the eager NumPy path; the same
    programs at a negative mass give NaN maps, centre pixel included, and a zero derivative
    (the contract for an invalid traced halo).  The potentials of ``MGE_POTENTIAL_FORWARD_ONLY``
    run forward only.
    """
    mass = 10.0**LOG_MASS
    numpy_maps = _maps(name, mass, np)
    weights = [np.linspace(0.5, 1.5, m.size) for m in numpy_maps]
    maps, derivative = [], []
    for index, w in enumerate(weights):

        def summary(mass, index=index, w=w):
            values = _maps(name, mass, jnp)[index]
            return jnp.sum(w * values), values

        if MAPS[index] == _P and name in MGE_POTENTIAL_FORWARD_ONLY:
            forward = jax.jit(lambda mass: summary(mass)[1])
            maps.append(forward(jnp.asarray(mass)))
            derivative.append(None)
            assert np.all(np.isnan(np.asarray(forward(jnp.asarray(INVALID_MASS))))), f"{name}.{_P}: an invalid halo's map"
            continue
        program = jax.jit(jax.value_and_grad(summary, has_aux=True))
        (_, values), d_value = program(jnp.asarray(mass))
        maps.append(values)
        # d/d log10 M = M ln 10 d/dM
        derivative.append(float(d_value) * mass * np.log(10.0))
        (_, invalid), d_invalid = program(jnp.asarray(INVALID_MASS))
        assert np.all(np.isnan(np.asarray(invalid))), f"{name}.{MAPS[index]}: an invalid halo's map"
        assert float(d_invalid) == 0.0, f"{name}.{MAPS[index]}: derivative at an invalid mass {d_invalid}"
    for value, expected, tolerance in zip(maps, numpy_maps, _tolerances(name)):
        assert np.all(np.isfinite(expected))
        np.testing.assert_allclose(np.asarray(value), expected, rtol=tolerance, atol=tolerance * np.max(np.abs(expected)))
    differentiated = [i for i, value in enumerate(derivative) if value is not None]
    assert np.all(np.isfinite([derivative[i] for i in differentiated]))

    def sums_at(log_mass):
        return np.array([np.sum(w * m) for w, m in zip(weights, _maps(name, 10.0**log_mass, np))])

    def central_difference(step):
        return (sums_at(LOG_MASS + step) - sums_at(LOG_MASS - step)) / (2.0 * step)

    # Upstream's expansion maps carry ~5e-8 of noise (their floor), which a step of 1e-5 would
    # amplify to ~5e-3: they are differenced with UPSTREAM_STEP and held to 1e-3 (their
    # reverse-mode derivative differs from finite differences by ~4e-4, measured on the
    # elliptical NFW potential), ours with STEP to 1e-5.
    upstream = np.array(_tolerances(name)) > 1e-10
    fine = central_difference(STEP) if not upstream.all() else None
    coarse = central_difference(UPSTREAM_STEP) if upstream.any() else None
    for i in differentiated:
        value = derivative[i]
        if upstream[i]:
            np.testing.assert_allclose(value, coarse[i], rtol=1e-3, err_msg=MAPS[i])
        else:
            np.testing.assert_allclose(value, fine[i], rtol=1e-5, err_msg=MAPS[i])


@pytest.mark.parametrize("name", ["cNFWMCRScatterLudlowJax", "cNFWMCRLudlowSphJax"])
def test__cored_convergence__numpy_path_is_upstreams_expansion(name):
    halo = _halo(name, 10.0**LOG_MASS)
    parent = next(c for c in type(halo).__mro__ if c.__module__.startswith("autogalaxy.profiles.mass.dark.cnfw"))
    np.testing.assert_allclose(
        np.asarray(halo.convergence_2d_from(GRID).array), np.asarray(parent.convergence_2d_from(halo, GRID).array), rtol=1e-13
    )


@pytest.mark.parametrize("inner_slope", [0.4, 1.0, 1.3, 2.2])
def test__gnfw_convergence__matches_quadrature_of_the_projection(inner_slope):
    x = np.array([1e-7, 1e-3, 0.2, 1.0, 4.0, 300.0])

    def projection(xi):  # 30-digit quadrature, split where the integrand turns over (y ~ x) and at y = 1/2
        with mp.workdps(30):
            xi, gamma = mp.mpf(xi), mp.mpf(inner_slope)
            integral = mp.quad(lambda y: (y + xi) ** (gamma - 4) * (1 - mp.sqrt(1 - y * y)), [0, min(xi, 0.25), 0.5, 1])
            return float(xi ** (1 - gamma) * ((1 + xi) ** (gamma - 3) + (3 - gamma) * integral))

    expected = [projection(xi) for xi in x]
    np.testing.assert_allclose(gnfw_convergence_over_2_kappa_s(x, inner_slope), expected, rtol=1e-12)
    # The centre (inf upstream) is read where autogalaxy's NFW reads it, both coordinates 1e-6 r_s.
    centre = gnfw_convergence_over_2_kappa_s(np.zeros(1), inner_slope)[0]
    assert centre == pytest.approx(projection(np.sqrt(2.0) * 1e-6), rel=1e-12)


@pytest.mark.parametrize("name", ["KaplinghatCoredNFWMCRLudlowSphJax", "YangSIDMMCRLudlowSphJax"])
def test__sidm_potential__is_the_integral_of_the_deflection(name):
    halo = _halo(name, 10.0**LOG_MASS)
    r_s = float(halo.scale_radius)
    centre = np.array(halo.centre)
    radii = np.array([1e-3, 0.05, 0.3, 1.0, 3.0]) * r_s

    def deflection(r):  # |alpha| at radius r, along the x axis from the centre
        grid = ag.Grid2DIrregular([[centre[0], centre[1] + r]])
        return float(np.asarray(halo.deflections_yx_2d_from(grid))[0, 1])

    expected = [scipy.integrate.quad(deflection, 0.0, r, epsabs=0.0, epsrel=1e-10, limit=200)[0] for r in radii]
    grid = ag.Grid2DIrregular([[centre[0], centre[1] + r] for r in radii])
    np.testing.assert_allclose(np.asarray(halo.potential_2d_from(grid).array), expected, rtol=2e-7)
