"""Profiles on another relation (class attribute ``relation``, :func:`agj.with_relation`)."""

import autofit as af
import autogalaxy as ag
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.reference import diemer19 as ref_dj19
from autogalaxy_jaxnfw.reference import mass_definitions as ref_mdef

DJ19_VIR = agj.Relation(model="diemer19", mass_definition="vir")
NFWDiemer19Vir = agj.with_relation(agj.NFWMCRLudlowSphJax, DJ19_VIR)
# The gradient test's relation: a non-default one whose programs compile in seconds (no nested solve).
NFWDiemer19 = agj.with_relation(agj.NFWMCRLudlowSphJax, agj.Relation(model="diemer19"))
MASS, Z_L, Z_S, CENTRE = 1e10, 0.5, 1.0, (0.05, -0.02)
GRID = ag.Grid2DIrregular([(0.3, 0.2), (-0.7, 1.1), (1.5, -0.4)])
MAPS = ("convergence_2d_from", "potential_2d_from", "deflections_yx_2d_from")


@pytest.fixture(scope="module")
def value_and_grad():
    """kappa_s of the DJ19 halo and its derivative as functions of ln M200c: one compiled program."""
    kappa = lambda ln_m: NFWDiemer19(centre=CENTRE, mass_at_200=jnp.exp(ln_m), redshift_object=Z_L).kappa_s
    return jax.jit(jax.value_and_grad(kappa))


def test__with_relation__named_subclass_in_the_parents_module():
    assert NFWDiemer19Vir.__name__ == "NFWMCRLudlowSphJaxDiemer19Vir"
    assert NFWDiemer19Vir.__module__ == agj.NFWMCRLudlowSphJax.__module__
    assert issubclass(NFWDiemer19Vir, agj.NFWMCRLudlowSphJax) and NFWDiemer19Vir.relation == DJ19_VIR
    assert agj.NFWMCRLudlowSphJax.relation == agj.Relation()


def test__with_relation__bad_arguments_raise():
    with pytest.raises(TypeError, match="Relation"):
        agj.with_relation(agj.NFWMCRLudlowSphJax, "diemer19")
    with pytest.raises(TypeError, match="relation"):
        agj.with_relation(ag.mp.NFWSph, DJ19_VIR)


def test__default_relation__the_ludlow16_halo_bit_for_bit():
    explicit = agj.with_relation(agj.NFWTruncatedMCRLudlowSphJax, agj.Relation())
    for cls in (agj.NFWTruncatedMCRLudlowSphJax, explicit):
        halo = cls(mass_at_200=MASS, redshift_object=Z_L)
        params = agj.profiles.nfw_parameters_from(MASS, 0.0, Z_L, 1.0)
        assert (halo.kappa_s, halo.scale_radius) == (params.kappa_s, params.scale_radius)
    cosmo = agj.profiles.get_cosmology().concentration
    # The call the profiles made before relations existed, with the same argument types.
    c, _ = agj.concentration_ludlow16_with_mask(np.asarray(MASS) * cosmo.h, np.asarray(Z_L), cosmo)
    assert params.concentration == 10.0 ** np.log10(np.asarray(c))  # the scatter step at scatter_sigma = 0


def test__diemer19_vir__maps_equal_the_nfw_of_the_reference_halo():
    """The reference (quadrature DJ19, mpmath conversion) halo at the profile's M200c: c and M_vir agree to 1e-8."""
    halo = NFWDiemer19Vir(centre=CENTRE, mass_at_200=MASS, redshift_object=Z_L, redshift_source=Z_S)
    pairing = agj.profiles.get_cosmology()
    h, lensing = pairing.concentration.h, pairing.lensing
    params = agj.profiles.nfw_parameters_from(MASS, 0.0, Z_L, Z_S, relation=DJ19_VIR)
    m200c = 200.0 * lensing.critical_density(Z_L) * 4.0 / 3.0 * np.pi * params.radius_at_200**3  # Msun
    c200c = ref_dj19.concentration_diemer19(ref.REF_PLANCK15, m200c * h, Z_L)
    m_vir, _, _ = ref_mdef.change_mass_definition(ref.REF_PLANCK15, m200c * h, c200c, Z_L, "200c", "vir")
    assert m_vir / h == pytest.approx(MASS, rel=1e-8)
    built = NFWTruncatedSph.from_m200_concentration(centre=CENTRE, m200_solar_mass=m200c, concentration=c200c,
                                                    redshift_halo=Z_L, redshift_source=Z_S, cosmology=lensing)
    plain = ag.mp.NFWSph(centre=CENTRE, kappa_s=built.kappa_s, scale_radius=built.scale_radius)
    for name in MAPS:
        np.testing.assert_allclose(np.asarray(getattr(halo, name)(GRID)), np.asarray(getattr(plain, name)(GRID)),
                                   rtol=1e-8, atol=0.0)


def test__diemer19__jit_equals_eager_and_gradient_matches_finite_differences(value_and_grad):
    ln_m, step = np.log(MASS), 1e-4
    value, derivative = (float(v) for v in value_and_grad(ln_m))
    eager = NFWDiemer19(centre=CENTRE, mass_at_200=MASS, redshift_object=Z_L).kappa_s
    assert value == pytest.approx(eager, rel=1e-12)
    fd = (float(value_and_grad(ln_m + step)[0]) - float(value_and_grad(ln_m - step)[0])) / (2.0 * step)
    assert np.isfinite(derivative) and derivative == pytest.approx(fd, rel=1e-6)


def test__af_model__subclass_builds_draws_and_gives_finite_maps():
    model = af.Model(NFWDiemer19Vir)
    model.redshift_object, model.redshift_source = Z_L, Z_S
    assert isinstance(model.mass_at_200, af.LogUniformPrior)  # the parent's shipped prior
    instance = model.instance_from_prior_medians()
    assert type(instance) is NFWDiemer19Vir
    assert np.all(np.isfinite(np.asarray(instance.deflections_yx_2d_from(GRID))))


def test__bad_relation__warm_cosmology_needs_an_explicit_warm_mode():
    warm_dj19 = agj.with_relation(agj.NFWMCRLudlowSphJax, agj.Relation(model="diemer19"))
    with agj.use_cosmology(agj.planck15.replace(m_wdm=3.0)):
        with pytest.raises(ValueError, match="warm='bose16'"):
            warm_dj19(mass_at_200=MASS)
