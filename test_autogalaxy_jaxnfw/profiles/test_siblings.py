"""The siblings against upstream autogalaxy's Ludlow classes, colossus, and their constructor contract.

Tolerances (maps compared pixel by pixel, with an absolute floor of the same fraction of the
map's largest value so zero crossings of potentials/deflections do not blow up):

* vs upstream's classes under ``upstream_conventions()``, 2e-3: upstream's concentration
  (``mass.dark.ludlow16``) is quoted at <= 7.5e-4 from colossus and ours at <= 4.3e-4, and
  kappa_s and r_s respond to c with logarithmic slopes up to ~1.5 (measured: 1.2e-3);
* vs a colossus reference, 7e-4: colossus' own Ludlow16 solution is good to a few 1e-4 in c.

The JAX-path checks (jit, gradients, NaN-safety) run inside an autolens likelihood in
``test_profiles_likelihood.py``; exactness against mpmath in ``test_profiles_exact.py``.
"""

import inspect
import subprocess
import sys

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy.integrate import quad

import autofit as af
import autogalaxy as ag
from autogalaxy.cosmology.model import Planck15
from autonerves import conf

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.profiles import CONFIG_PATH

colossus_cosmology = pytest.importorskip("colossus.cosmology.cosmology")
colossus_concentration = pytest.importorskip("colossus.halo.concentration")

GRID = ag.Grid2D.uniform(shape_native=(20, 20), pixel_scales=0.1)
SMALL_GRID = ag.Grid2DIrregular([[0.05, 0.1], [0.3, -0.2], [-0.6, 0.45]])
MAPS = ("convergence_2d_from", "potential_2d_from", "deflections_yx_2d_from")
CENTRE = (0.05, -0.1)
ELL_COMPS = (0.1, -0.05)
F_C = 0.02
EXTRA = dict(
    f_c=F_C, inner_slope=1.4, sigma_over_m=3.0, t_age=8.0, velocity_exponent=1.0, velocity_ref=30.0, ell_comps=ELL_COMPS
)
NAMES = sorted(agj.SIBLINGS)
HALOES = [  # (M200c [Msun], scatter_sigma, z_lens, z_source)
    (1e11, 0.0, 0.2, 1.0),
    (1e12, -1.0, 0.5, 2.0),
    (3e13, 0.7, 1.0, 2.5),
]


def _upstream(name):
    return getattr(ag.mp, name[: -len("Jax")])


def _kwargs(cls, mass_at_200, scatter_sigma, redshift_object, redshift_source):
    arguments = inspect.signature(cls).parameters
    kwargs = dict(centre=CENTRE, mass_at_200=mass_at_200, redshift_object=redshift_object, redshift_source=redshift_source)
    if "scatter_sigma" in arguments:
        kwargs["scatter_sigma"] = scatter_sigma
    kwargs.update({name: value for name, value in EXTRA.items() if name in arguments})
    return kwargs


def _assert_maps_close(profile, reference, rtol, grid=GRID, maps=MAPS):
    for name in maps:
        ours = np.asarray(getattr(profile, name)(grid=grid))
        theirs = np.asarray(getattr(reference, name)(grid=grid))
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=rtol * np.max(np.abs(theirs)), err_msg=name)


# ---------------------------------------------------------------------------------------------
# (a) one sibling per upstream class, importable even when a parent is missing
# ---------------------------------------------------------------------------------------------


def test__siblings__every_upstream_ludlow_class_has_one():
    upstream = [name for name in dir(ag.mp) if "Ludlow" in name]
    assert len(upstream) >= 13
    for name in upstream:
        sibling = getattr(agj, name + "Jax", None)
        assert sibling is not None, f"no sibling for ag.mp.{name}"
        assert issubclass(sibling, getattr(ag.mp, name))
    assert sorted(name + "Jax" for name in upstream) == NAMES


def test__import__skips_a_sibling_whose_parent_is_missing():
    script = (
        "import autogalaxy.profiles.mass.dark.yang24_mcr as m; del m.YangSIDMMCRLudlowSph; "
        "import autogalaxy_jaxnfw as agj; "
        "assert 'YangSIDMMCRLudlowSphJax' not in agj.SIBLINGS and not hasattr(agj, 'YangSIDMMCRLudlowSphJax'); "
        "assert len(agj.SIBLINGS) == 12; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.stdout.strip().endswith("ok"), result.stderr[-2000:]


# ---------------------------------------------------------------------------------------------
# (b) drop-in: signature, attributes, and upstream's maps under upstream's conventions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test__signature__and_attributes_equal_parent(name):
    ours, upstream = agj.SIBLINGS[name], _upstream(name)
    assert inspect.signature(ours) == inspect.signature(upstream)
    with np.errstate(invalid="ignore", divide="ignore"):
        assert set(vars(ours())) == set(vars(upstream()))


SPHERICAL_QUADRATURE = ("KaplinghatCoredNFWMCRLudlowSphJax", "YangSIDMMCRLudlowSphJax")


@pytest.mark.parametrize("halo", HALOES)
@pytest.mark.parametrize("name", NAMES)
def test__maps__match_upstream_class_under_upstream_conventions(name, halo):
    ours, upstream = agj.SIBLINGS[name], _upstream(name)
    kwargs = _kwargs(ours, *halo)
    with agj.upstream_conventions():
        profile = ours(**kwargs)
    with np.errstate(invalid="ignore", divide="ignore"):
        reference = upstream(**kwargs)
        if name in SPHERICAL_QUADRATURE:  # upstream integrates per pixel with SciPy: a few pixels
            _assert_maps_close(profile, reference, rtol=2e-3, grid=SMALL_GRID, maps=MAPS[::2])
        elif name.startswith("gNFW"):  # upstream's convergence integrates per pixel with SciPy
            _assert_maps_close(profile, reference, rtol=2e-3, grid=SMALL_GRID)
        else:
            _assert_maps_close(profile, reference, rtol=2e-3)


# ---------------------------------------------------------------------------------------------
# (c) correct science by default: against colossus with the enclosed-mass normalisation
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def colossus_planck15():
    previous = colossus_cosmology.current_cosmo
    cosmo = colossus_cosmology.setCosmology("planck15")
    yield cosmo
    if previous is not None:
        colossus_cosmology.setCurrent(previous)


def _reference_profile(cls, kwargs, h):
    """The autogalaxy profile built from colossus' c200c, autogalaxy Planck15 distances and quadrature.

    Independent of autogalaxy_jaxnfw: the cored normalisation is the enclosed mass of the
    density by SciPy quadrature, the truncation radius 2 r_200 converted to arcsec.
    """
    mass, z_lens, z_source = kwargs["mass_at_200"], kwargs["redshift_object"], kwargs["redshift_source"]
    c = colossus_concentration.concentration(mass * h, "200c", z_lens, model="ludlow16")
    c *= 10.0 ** (0.15 * kwargs.get("scatter_sigma", 0.0))
    cosmology = Planck15()
    rho_crit = cosmology.critical_density(z_lens, xp=np)
    sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_0=z_lens, redshift_1=z_source, xp=np
    )
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=z_lens, xp=np)
    r200 = (3.0 * mass / (4.0 * np.pi * 200.0 * rho_crit)) ** (1.0 / 3.0)
    rs = r200 / c
    if "f_c" in kwargs:
        norm = quad(lambda x: x * x / ((x + F_C) * (x + 1.0) ** 2), 0.0, c, epsabs=0.0, epsrel=1e-13)[0]
        rho_s = mass / (4.0 * np.pi * rs**3 * norm)
    else:
        rho_s = rho_crit * 200.0 / 3.0 * c**3 / (np.log(1 + c) - c / (1 + c))
    params = dict(centre=CENTRE, kappa_s=rho_s * rs / sigma_crit, scale_radius=rs / kpc_per_arcsec)
    arguments = inspect.signature(cls).parameters
    if "ell_comps" in arguments:
        params["ell_comps"] = ELL_COMPS
    if "f_c" in kwargs:
        params["core_radius"] = F_C * params["scale_radius"]
    base = next(b for b in cls.__mro__ if b.__name__ in ("NFW", "NFWSph", "cNFW", "cNFWSph", "NFWTruncatedSph"))
    if base is ag.mp.NFWTruncatedSph:
        params["truncation_radius"] = 2.0 * r200 / kpc_per_arcsec
    return base(**params)


COLOSSUS_NAMES = [n for n in NAMES if not n.startswith(("gNFW", "Kaplinghat", "Yang"))]


@pytest.mark.parametrize("halo", HALOES)
@pytest.mark.parametrize("name", COLOSSUS_NAMES)
def test__maps__match_colossus_reference(name, halo, colossus_planck15):
    cls = agj.SIBLINGS[name]
    kwargs = _kwargs(cls, *halo)
    reference = _reference_profile(cls, kwargs, h=colossus_planck15.h)
    with np.errstate(invalid="ignore", divide="ignore"):
        # The exact spherical maps and autogalaxy's differ near r_s (there ours is exact).
        _assert_maps_close(cls(**kwargs), reference, rtol=7e-4)


@pytest.mark.parametrize("f_c", np.geomspace(1e-4, 0.5, 9))
@pytest.mark.parametrize("concentration", [0.5, 2.0, 8.0, 30.0, 200.0])
def test__cored_normalisation__equals_quadrature_of_the_enclosed_mass(f_c, concentration):
    integral = quad(
        lambda x: x * x / ((x + f_c) * (x + 1.0) ** 2), 0.0, concentration, epsabs=0.0, epsrel=2e-14, limit=200,
        points=[f_c, 1.0],
    )[0]
    assert float(agj.profiles.cored_nfw_normalisation(concentration, f_c)) == pytest.approx(integral, rel=1e-8)


def test__truncation_radius__is_two_r200_in_arcsec():
    kwargs = dict(mass_at_200=5e9, scatter_sigma=0.2, redshift_object=0.6, redshift_source=2.5)
    cosmology = Planck15()
    r200 = (3.0 * 5e9 / (4.0 * np.pi * 200.0 * cosmology.critical_density(0.6, xp=np))) ** (1.0 / 3.0)
    halo = agj.NFWTruncatedMCRScatterLudlowSphJax(**kwargs)
    assert halo.truncation_radius == pytest.approx(2.0 * r200 / cosmology.kpc_per_arcsec_from(redshift=0.6, xp=np), rel=1e-12)
    with agj.upstream_conventions():
        assert agj.NFWTruncatedMCRScatterLudlowSphJax(**kwargs).truncation_radius == pytest.approx(2.0 * r200, rel=1e-12)


def test__use_cosmology__restores_upstream_split_and_class_attribute_overrides():
    kwargs = dict(mass_at_200=2e12, redshift_object=0.4, redshift_source=1.8)

    class Planck18Halo(agj.NFWMCRScatterLudlowSphJax):
        halo_cosmology = agj.HaloCosmology.consistent(agj.planck18)

    with agj.use_cosmology(agj.planck18):
        consistent = agj.NFWMCRScatterLudlowSphJax(**kwargs)
    split = agj.NFWMCRScatterLudlowSphJax(**kwargs)
    assert abs(split.kappa_s / consistent.kappa_s - 1.0) > 5e-3
    assert Planck18Halo(**kwargs).kappa_s == pytest.approx(consistent.kappa_s, rel=1e-12)


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
# (d) autofit models and prior configuration
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test__af_model__priors_from_package_config_without_invalid_region(name):
    cls = agj.SIBLINGS[name]
    model = af.Model(cls)
    arguments = list(inspect.signature(cls).parameters)
    expected_count = len(arguments) + 1 + ("ell_comps" in arguments)  # tuples give two priors
    assert model.prior_count == expected_count
    assert "Prior Missing" not in model.info
    assert (model.mass_at_200.lower_limit, model.mass_at_200.upper_limit) == (1e6, 1e15)
    assert model.redshift_object.upper_limit < model.redshift_source.lower_limit
    ours_dir = str(CONFIG_PATH / "priors")
    for argument in ["centre_0", "mass_at_200", "redshift_source"]:
        for prior_config in conf.instance.prior_config.prior_configs:
            try:
                prior_config.for_class_and_suffix_path(cls, [argument])
            except KeyError:
                continue
            # The first directory that resolves the prior is ours, not a parent-class fallback.
            assert str(prior_config.directory) == ours_dir, argument
            break
        else:
            pytest.fail(f"no prior config for {argument}")
    # The medians (f_c = 0.25 included, invalid under upstream's normalisation) are a valid halo.
    assert isinstance(model.instance_from_prior_medians(), cls)


# ---------------------------------------------------------------------------------------------
# (e) bad input on the NumPy path
# ---------------------------------------------------------------------------------------------

BAD_NUMPY_INPUT = [
    (dict(mass_at_200=-1e12), "mass_at_200"),
    (dict(mass_at_200=np.nan), "mass_at_200"),
    (dict(redshift_object=0.0), "redshift_object"),
    (dict(redshift_object=0.5, redshift_source=0.5), "redshift_source"),
    (dict(mass_at_200=1e20), "concentration is undefined"),
]
BAD_EXTRA = {
    "scatter_sigma": [(dict(scatter_sigma=50.0), "scatter_sigma")],
    "f_c": [(dict(f_c=0.0), "f_c"), (dict(f_c=-0.1), "f_c")],
    "sigma_over_m": [(dict(sigma_over_m=np.nan), "self-interaction")],
}


@pytest.mark.parametrize("name", NAMES)
def test__bad_input__numpy_path_raises_value_error(name):
    cls = agj.SIBLINGS[name]
    arguments = inspect.signature(cls).parameters
    cases = BAD_NUMPY_INPUT + [case for key, extra in BAD_EXTRA.items() if key in arguments for case in extra]
    for bad, match in cases:
        with pytest.raises(ValueError, match=match):
            cls(**bad)
    with pytest.raises(af.exc.FitException):  # so a NumPy-path search resamples
        cls(mass_at_200=-1.0)
    if "f_c" in arguments:
        assert cls(f_c=0.4).kappa_s > 0.0  # valid with the enclosed-mass normalisation
        with agj.upstream_conventions(), pytest.raises(ValueError, match="normalisation"):
            cls(f_c=0.4)


# ---------------------------------------------------------------------------------------------
# (f) many haloes in one jitted, vmapped call
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
