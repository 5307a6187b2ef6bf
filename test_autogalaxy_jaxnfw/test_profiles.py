"""The drop-in mass-parameterised NFW profiles against upstream autogalaxy and colossus.

Tolerances (maps compared pixel by pixel, with an absolute floor of the same fraction of
the map's largest value so zero crossings of potentials/deflections do not blow up):

* vs upstream's classes, 2e-3: upstream's concentration (``mass.dark.ludlow16``) is quoted
  at <= 7.5e-4 from colossus and ours at <= 4.3e-4, and kappa_s and r_s respond to c with
  logarithmic slopes up to ~1.5, so the maps may differ by ~1.1e-3 (measured: 1.14e-3).
* vs a colossus reference, 7e-4: colossus' own Ludlow16 solution (a 200-point
  concentration grid and interpolation tables) is good to a few 1e-4 in c
  (measured map differences: <= 4.9e-4).
"""

import inspect

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autofit as af
import autogalaxy as ag
from autogalaxy.cosmology.model import Planck15
from autonerves import conf

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.profiles import CONFIG_PATH

colossus_cosmology = pytest.importorskip("colossus.cosmology.cosmology")
colossus_concentration = pytest.importorskip("colossus.halo.concentration")

GRID = ag.Grid2D.uniform(shape_native=(20, 20), pixel_scales=0.1)
MAPS = ("convergence_2d_from", "potential_2d_from", "deflections_yx_2d_from")
CENTRE = (0.05, -0.1)
ELL_COMPS = (0.1, -0.05)
F_C = 0.02

# ours, upstream's counterpart, the autogalaxy profile its parameters feed, elliptical?, cored?
CLASSES = [
    (agj.NFWMCRScatterLudlowJax, ag.mp.NFWMCRScatterLudlow, ag.mp.NFW, True, False),
    (agj.NFWMCRScatterLudlowSphJax, ag.mp.NFWMCRScatterLudlowSph, ag.mp.NFWSph, False, False),
    (agj.cNFWMCRScatterLudlowJax, ag.mp.cNFWMCRScatterLudlow, ag.mp.cNFW, True, True),
    (agj.cNFWMCRScatterLudlowSphJax, ag.mp.cNFWMCRScatterLudlowSph, ag.mp.cNFWSph, False, True),
    (
        agj.NFWTruncatedMCRScatterLudlowSphJax,
        ag.mp.NFWTruncatedMCRScatterLudlowSph,
        ag.mp.NFWTruncatedSph,
        False,
        False,
    ),
]
IDS = [entry[0].__name__ for entry in CLASSES]
HALOES = [  # (M200c [Msun], scatter_sigma, z_lens, z_source)
    (1e11, 0.0, 0.2, 1.0),
    (1e12, -1.0, 0.5, 2.0),
    (3e13, 0.7, 1.0, 2.5),
]


def _kwargs(elliptical, cored, mass_at_200, scatter_sigma, redshift_object, redshift_source):
    kwargs = dict(
        centre=CENTRE,
        mass_at_200=mass_at_200,
        scatter_sigma=scatter_sigma,
        redshift_object=redshift_object,
        redshift_source=redshift_source,
    )
    if elliptical:
        kwargs["ell_comps"] = ELL_COMPS
    if cored:
        kwargs["f_c"] = F_C
    return kwargs


def _assert_maps_close(profile, reference, rtol):
    for name in MAPS:
        ours = np.asarray(getattr(profile, name)(grid=GRID))
        theirs = np.asarray(getattr(reference, name)(grid=GRID))
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=rtol * np.max(np.abs(theirs)), err_msg=name)


def _central_difference(func, x, step):
    """Five-point central difference (truncation error ~ step^4)."""
    return (-func(x + 2 * step) + 8 * func(x + step) - 8 * func(x - step) + func(x - 2 * step)) / (12 * step)


# ---------------------------------------------------------------------------------------------
# (a) against upstream's classes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("halo", HALOES)
@pytest.mark.parametrize("ours, upstream, base, elliptical, cored", CLASSES, ids=IDS)
def test__maps__match_upstream_class(ours, upstream, base, elliptical, cored, halo):
    kwargs = _kwargs(elliptical, cored, *halo)
    with np.errstate(invalid="ignore"):  # upstream cNFWSph evaluates sqrt of negatives, then masks
        _assert_maps_close(ours(**kwargs), upstream(**kwargs), rtol=2e-3)


# ---------------------------------------------------------------------------------------------
# (b) against a colossus-based reference
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def colossus_planck15():
    previous = colossus_cosmology.current_cosmo
    cosmo = colossus_cosmology.setCosmology("planck15")
    yield cosmo
    if previous is not None:
        colossus_cosmology.setCurrent(previous)


def _reference_profile(base, elliptical, cored, mass, scatter, z_lens, z_source, h):
    """The autogalaxy profile built from colossus' c200c and autogalaxy Planck15 distances.

    Mirrors upstream mcr_util's formulas independently of autogalaxy_jaxnfw.
    """
    concentration = colossus_concentration.concentration(mass * h, "200c", z_lens, model="ludlow16")
    concentration *= 10.0 ** (0.15 * scatter)
    cosmology = Planck15()
    rho_crit = cosmology.critical_density(z_lens, xp=np)
    sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_0=z_lens, redshift_1=z_source, xp=np
    )
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=z_lens, xp=np)
    r200 = (3.0 * mass / (4.0 * np.pi * 200.0 * rho_crit)) ** (1.0 / 3.0)
    rs = r200 / concentration
    c = concentration
    if cored:
        norm = (F_C**2 * np.log(1 + c / F_C) + (1 - 2 * F_C) * np.log(1 + c)) / (1 + F_C) ** 2 - c / (
            (1 + c) * (1 - F_C)
        )
        rho_s = mass / (4.0 * np.pi * rs**3 * norm)
    else:
        rho_s = rho_crit * 200.0 / 3.0 * c**3 / (np.log(1 + c) - c / (1 + c))
    params = dict(centre=CENTRE, kappa_s=rho_s * rs / sigma_crit, scale_radius=rs / kpc_per_arcsec)
    if elliptical:
        params["ell_comps"] = ELL_COMPS
    if cored:
        params["core_radius"] = F_C * params["scale_radius"]
    if base is ag.mp.NFWTruncatedSph:
        params["truncation_radius"] = 2.0 * r200
    return base(**params)


@pytest.mark.parametrize("halo", HALOES)
@pytest.mark.parametrize("ours, upstream, base, elliptical, cored", CLASSES, ids=IDS)
def test__maps__match_colossus_reference(ours, upstream, base, elliptical, cored, halo, colossus_planck15):
    reference = _reference_profile(base, elliptical, cored, *halo, h=colossus_planck15.h)
    with np.errstate(invalid="ignore"):
        _assert_maps_close(ours(**_kwargs(elliptical, cored, *halo)), reference, rtol=7e-4)


def _colossus_distances_profile(cosmo, mass, z_lens, z_source):
    """NFWSph from colossus alone: c200c, rho_crit(z) and angular-diameter distances."""
    h = cosmo.h
    c = colossus_concentration.concentration(mass * h, "200c", z_lens, model="ludlow16")
    rho_crit = cosmo.rho_c(z_lens) * h**2  # Msun h^2 / kpc^3 -> Msun / kpc^3
    d_l = cosmo.angularDiameterDistance(z_lens) / h * 1e3  # kpc
    d_s = cosmo.angularDiameterDistance(z_source) / h * 1e3
    d_ls = (cosmo.comovingDistance(0.0, z_source) - cosmo.comovingDistance(0.0, z_lens)) / h * 1e3 / (1 + z_source)
    kpc = 3.0856775814913673e19  # m
    sigma_crit = 299792458.0**2 / (4 * np.pi * 6.6743e-11) * d_s / (d_l * d_ls * kpc) * kpc**2 / 1.98847e30
    r200 = (3.0 * mass / (4.0 * np.pi * 200.0 * rho_crit)) ** (1.0 / 3.0)
    rs = r200 / c
    rho_s = rho_crit * 200.0 / 3.0 * c**3 / (np.log(1 + c) - c / (1 + c))
    return ag.mp.NFWSph(centre=CENTRE, kappa_s=rho_s * rs / sigma_crit, scale_radius=rs / (d_l / 206264.806247))


def test__use_cosmology__one_cosmology_matches_colossus_throughout():
    previous = colossus_cosmology.current_cosmo
    cosmo = colossus_cosmology.setCosmology("planck18")
    try:
        reference = _colossus_distances_profile(cosmo, 2e12, 0.4, 1.8)
    finally:
        if previous is not None:
            colossus_cosmology.setCurrent(previous)
    kwargs = dict(centre=CENTRE, mass_at_200=2e12, redshift_object=0.4, redshift_source=1.8)
    with agj.use_cosmology(agj.planck18):
        consistent = agj.NFWMCRScatterLudlowSphJax(**kwargs)
    _assert_maps_close(consistent, reference, rtol=7e-4)
    # The context manager restored upstream's split, which differs by more than the tolerance.
    split = agj.NFWMCRScatterLudlowSphJax(**kwargs)
    assert abs(split.kappa_s / consistent.kappa_s - 1.0) > 5e-3


def test__halo_cosmology__class_attribute_overrides_module_setting():
    class Planck18Halo(agj.NFWMCRScatterLudlowSphJax):
        halo_cosmology = agj.HaloCosmology.consistent(agj.planck18)

    kwargs = dict(mass_at_200=2e12, redshift_object=0.4, redshift_source=1.8)
    with agj.use_cosmology(agj.planck18):
        expected = agj.NFWMCRScatterLudlowSphJax(**kwargs)
    pinned = Planck18Halo(**kwargs)
    assert pinned.kappa_s == pytest.approx(expected.kappa_s, rel=1e-12)
    assert pinned.scale_radius == pytest.approx(expected.scale_radius, rel=1e-12)


def test__nfw_parameters_from__array_redshifts_match_scalar_calls():
    """autogalaxy's distance integrals take scalar redshifts; arrays are mapped over."""
    masses, z_lens, z_source = np.array([1e11, 1e12, 1e13]), np.array([0.2, 0.5, 0.9]), np.array([1.0, 1.5, 2.0])
    numpy_path = agj.profiles.cnfw_parameters_from(masses, 0.3, F_C, z_lens, z_source)
    jax_path = jax.jit(agj.profiles.cnfw_parameters_from)(
        jnp.asarray(masses), 0.3, F_C, jnp.asarray(z_lens), jnp.asarray(z_source)
    )
    for i in range(3):
        scalar = agj.profiles.cnfw_parameters_from(masses[i], 0.3, F_C, z_lens[i], z_source[i])
        for array_value in (numpy_path, jax_path):
            # Array and scalar redshifts take different root finders, both within ~1e-11.
            np.testing.assert_allclose([p[i] for p in array_value], list(scalar), rtol=1e-10)


# ---------------------------------------------------------------------------------------------
# (c) constructor signatures and attributes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ours, upstream, base, elliptical, cored", CLASSES, ids=IDS)
def test__signature__equals_parent(ours, upstream, base, elliptical, cored):
    assert issubclass(ours, upstream)
    assert inspect.signature(ours) == inspect.signature(upstream)
    with np.errstate(invalid="ignore"):
        assert set(vars(ours())) == set(vars(upstream()))


# ---------------------------------------------------------------------------------------------
# (d) autofit models and prior configuration
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ours, upstream, base, elliptical, cored", CLASSES, ids=IDS)
def test__af_model__priors_from_package_config(ours, upstream, base, elliptical, cored):
    model = af.Model(ours)
    arguments = list(inspect.signature(ours).parameters)
    expected_count = len(arguments) + (2 if elliptical else 1)  # tuples give two priors
    assert model.prior_count == expected_count
    assert "Prior Missing" not in model.info
    assert isinstance(model.mass_at_200, af.LogUniformPrior)
    assert (model.mass_at_200.lower_limit, model.mass_at_200.upper_limit) == (1e8, 1e15)
    assert isinstance(model.scatter_sigma, af.GaussianPrior)
    assert (model.scatter_sigma.mean, model.scatter_sigma.sigma) == (0.0, 3.0)
    if cored:
        assert isinstance(model.f_c, af.UniformPrior)

    ours_dir = str(CONFIG_PATH / "priors")
    for argument in ["centre_0", "mass_at_200", "scatter_sigma", "redshift_source"]:
        for prior_config in conf.instance.prior_config.prior_configs:
            try:
                prior_config.for_class_and_suffix_path(ours, [argument])
            except KeyError:
                continue
            # The first directory that resolves the prior is ours, not a parent-class fallback.
            assert str(prior_config.directory) == ours_dir, argument
            break
        else:
            pytest.fail(f"no prior config for {argument}")

    # Redshifts fixed as a user would; the median f_c of upstream's prior (0.25) has no
    # positive normalisation, so it is fixed too.
    model.redshift_object, model.redshift_source = 0.5, 1.0
    if cored:
        model.f_c = 0.05
    assert isinstance(model.instance_from_prior_medians(), ours)


# ---------------------------------------------------------------------------------------------
# (e) bad input
# ---------------------------------------------------------------------------------------------

BAD_NUMPY_INPUT = [
    (dict(mass_at_200=-1e12), "mass_at_200"),
    (dict(mass_at_200=0.0), "mass_at_200"),
    (dict(mass_at_200=np.nan), "mass_at_200"),
    (dict(mass_at_200=np.inf), "mass_at_200"),
    (dict(redshift_object=-0.1), "redshift_object"),
    (dict(redshift_object=0.5, redshift_source=0.5), "redshift_source"),
    (dict(redshift_object=0.5, redshift_source=0.3), "redshift_source"),
    (dict(scatter_sigma=np.nan), "scatter_sigma"),
    (dict(scatter_sigma=50.0), "scatter_sigma"),
    (dict(mass_at_200=1e20), "concentration is undefined"),
    (dict(mass_at_200=1.0), "concentration is undefined"),
]
BAD_F_C = [(dict(f_c=0.0), "f_c"), (dict(f_c=-0.1), "f_c"), (dict(f_c=0.4), "normalisation")]


@pytest.mark.parametrize("ours, upstream, base, elliptical, cored", CLASSES, ids=IDS)
def test__bad_input__numpy_path_raises_value_error(ours, upstream, base, elliptical, cored):
    cases = BAD_NUMPY_INPUT + (BAD_F_C if cored else [])
    for bad, match in cases:
        with pytest.raises(ValueError, match=match):
            ours(**bad)
    # ...as an autofit FitException, so a NumPy-path search resamples instead of crashing.
    with pytest.raises(af.exc.FitException):
        ours(mass_at_200=-1.0)


JAX_CLASSES = [
    (agj.NFWMCRScatterLudlowSphJax, {}),
    (agj.cNFWMCRScatterLudlowSphJax, dict(core=True)),
    (agj.NFWTruncatedMCRScatterLudlowSphJax, dict(truncated=True)),
]


@pytest.mark.parametrize("cls, kind", JAX_CLASSES, ids=[c.__name__ for c, _ in JAX_CLASSES])
def test__bad_input__jit_gives_nan_parameters_and_finite_gradients(cls, kind):
    cored = kind.get("core", False)

    def parameters(mass, scatter, z_source, f_c):
        extra = dict(f_c=f_c) if cored else {}
        profile = cls(mass_at_200=mass, scatter_sigma=scatter, redshift_object=0.5, redshift_source=z_source, **extra)
        values = [profile.kappa_s, profile.scale_radius]
        values += [profile.core_radius] if cored else []
        values += [profile.truncation_radius] if kind.get("truncated") else []
        values = jnp.stack(values)
        return jnp.sum(values), values

    evaluate = jax.jit(jax.value_and_grad(parameters, argnums=(0, 1, 2, 3), has_aux=True))
    good = (1e12, 0.0, 1.0, F_C)
    bad_cases = [(-1e12, 0.0, 1.0, F_C), (np.nan, 0.0, 1.0, F_C), (1e20, 0.0, 1.0, F_C), (1e12, 0.0, 0.3, F_C)]
    bad_cases += [(1e12, 1e4, 1.0, F_C)]
    if cored:
        bad_cases += [(1e12, 0.0, 1.0, -0.1), (1e12, 0.0, 1.0, 0.4), (1e12, 0.0, 1.0, 1.0)]

    (_, values), grads = evaluate(*good)
    assert np.all(np.isfinite(values)) and all(np.isfinite(g) for g in grads)
    for args in bad_cases:
        (_, values), grads = evaluate(*args)
        assert np.all(np.isnan(values)), args
        assert all(np.isfinite(g) for g in grads), args


# ---------------------------------------------------------------------------------------------
# (f) jit equals eager; gradients equal finite differences
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ours, upstream, base, elliptical, cored", CLASSES, ids=IDS)
def test__jit_and_grad__match_eager_and_finite_differences(ours, upstream, base, elliptical, cored):
    # NumPy scalars throughout: a Python float is weakly typed and would trigger a recompile.
    mass, scatter = np.float64(3e12), np.float64(0.5)

    def summed_deflections(mass_at_200, scatter_sigma):
        profile = ours(**_kwargs(elliptical, cored, mass_at_200, scatter_sigma, 0.4, 1.5))
        return jnp.sum(profile.deflections_yx_2d_from(grid=GRID, xp=jnp).array)

    value_and_grad = jax.jit(jax.value_and_grad(summed_deflections, argnums=(0, 1)))
    value, (d_mass, d_scatter) = value_and_grad(mass, scatter)

    eager = np.sum(ours(**_kwargs(elliptical, cored, mass, scatter, 0.4, 1.5)).deflections_yx_2d_from(grid=GRID))
    # Upstream's elliptical cNFW (an MGE with a different Faddeeva routine on each backend)
    # is reproducible to ~1e-7 only; every other profile to rounding.
    assert float(value) == pytest.approx(eager, rel=1e-6 if (cored and elliptical) else 1e-11)

    # The step is large because that MGE's ~1e-7 noise would swamp a small one; the
    # five-point stencil keeps the truncation error at ~step^4.
    def value_at(m, s):
        return float(value_and_grad(m, s)[0])

    fd_mass = _central_difference(lambda ln_m: value_at(np.exp(ln_m), scatter), np.log(mass), 0.03) / mass
    fd_scatter = _central_difference(lambda s: value_at(mass, s), scatter, 0.03)
    assert float(d_mass) == pytest.approx(fd_mass, rel=1e-5)
    assert float(d_scatter) == pytest.approx(fd_scatter, rel=1e-5)


# ---------------------------------------------------------------------------------------------
# (g) many haloes in one jitted, vmapped call
# ---------------------------------------------------------------------------------------------


def test__vmap__thousand_truncated_haloes_match_python_loop():
    cls = agj.NFWTruncatedMCRScatterLudlowSphJax
    rng = np.random.default_rng(7)
    masses = 10.0 ** rng.uniform(8.0, 11.0, 1000)
    centres = rng.uniform(-1.0, 1.0, (1000, 2))

    def deflections(mass, centre):
        profile = cls(centre=(centre[0], centre[1]), mass_at_200=mass, redshift_object=0.5, redshift_source=1.0)
        return profile.deflections_yx_2d_from(grid=GRID, xp=jnp).array

    @jax.jit
    def total(masses, centres):
        each = jax.vmap(deflections)(masses, centres)
        return jnp.sum(each, axis=0), jnp.sum(each[:4], axis=0)

    everything, first_four = (np.asarray(x) for x in total(masses, centres))
    assert everything.shape == (GRID.shape_slim, 2)
    assert np.all(np.isfinite(everything))

    loop = sum(
        np.asarray(
            cls(centre=tuple(centres[i]), mass_at_200=masses[i], redshift_object=0.5, redshift_source=1.0)
            .deflections_yx_2d_from(grid=GRID)
        )
        for i in range(4)
    )
    np.testing.assert_allclose(first_four, loop, rtol=1e-10, atol=1e-12 * np.max(np.abs(loop)))
