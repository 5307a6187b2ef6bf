"""The NFW halo parameterised by its mass in another definition (M_vir by default)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autofit as af
from autogalaxy import exc

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.halo.mass_definitions import change_mass_definition


class NFW200cHalo(agj.NFWMCRLudlowMassDefinitionSphJax):
    mass_definition = "200c"


def test__mass_definition_halo__in_200c_is_the_mean_relation_halo():
    ours = NFW200cHalo(centre=(0.1, 0.0), mass=1e10)
    upstream_like = agj.NFWMCRLudlowSphJax(centre=(0.1, 0.0), mass_at_200=1e10)
    assert ours.kappa_s == pytest.approx(upstream_like.kappa_s, rel=1e-9)
    assert ours.scale_radius == pytest.approx(upstream_like.scale_radius, rel=1e-9)


def test__mass_definition_halo__virial_mass_round_trips_and_matches_colossus():
    mass, z = 1e10, 0.5
    halo = agj.NFWMCRLudlowMassDefinitionSphJax(mass=mass, redshift_object=z)
    cosmo = agj.profiles.get_cosmology().concentration
    c200c = float(agj.concentration_ludlow16(halo.mass_at_200 * cosmo.h, z, cosmo))
    back = change_mass_definition(halo.mass_at_200 * cosmo.h, c200c, z, "200c", "vir", cosmo)
    assert float(back.M) / cosmo.h == pytest.approx(mass, rel=1e-9)
    colossus_cosmology = pytest.importorskip("colossus.cosmology.cosmology")
    colossus_concentration = pytest.importorskip("colossus.halo.concentration")
    colossus_mass_defs = pytest.importorskip("colossus.halo.mass_defs")
    colossus_cosmology.setCosmology("planck15", persistence="")
    c_vir = colossus_concentration.concentration(mass * cosmo.h, "vir", z, model="ludlow16")
    m200c, _, _ = colossus_mass_defs.changeMassDefinition(mass * cosmo.h, c_vir, z, "vir", "200c")
    # colossus' Ludlow16 interpolates a 200-point grid in c (~1e-3) and its nested solve has its own tolerance.
    assert halo.mass_at_200 == pytest.approx(m200c / cosmo.h, rel=3e-3)
    assert halo.mass_at_200 < mass  # M200c < M_vir for NFW halos at z = 0.5


def test__mass_definition_halo__invalid_mass_raises_on_numpy_path():
    with pytest.raises(exc.ModelParameterException):
        agj.NFWMCRLudlowMassDefinitionSphJax(mass=-1.0)


def test__mass_definition_halo__prior_and_gradient():
    assert isinstance(af.Model(agj.NFWMCRLudlowMassDefinitionSphJax).mass, af.LogUniformPrior)
    kappa = lambda ln_m: agj.NFWMCRLudlowMassDefinitionSphJax(mass=jnp.exp(ln_m)).kappa_s  # noqa: E731
    ln_m, step = np.log(1e10), 1e-4
    derivative = float(jax.grad(kappa)(ln_m))
    fd = (float(kappa(ln_m + step)) - float(kappa(ln_m - step))) / (2.0 * step)
    assert np.isfinite(derivative) and derivative == pytest.approx(fd, rel=1e-6)
