"""The linear matter correlation function against adaptive quadrature and colossus."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from colossus.cosmology import cosmology as colossus_cosmology

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.cosmology.correlation import correlation_function
from autogalaxy_jaxnfw.reference.correlation import correlation_function as reference_correlation

# Into the acoustic peak (~100 Mpc/h), where the baryon wiggles beat with sin(kR).
RADII = (0.1, 0.5, 2.0, 8.0, 30.0, 100.0)


@pytest.mark.parametrize("ours, reference, z", [(agj.planck15, ref.REF_PLANCK15, 0.5), (agj.wmap9, ref.REF_WMAP9, 2.0)])
def test__correlation_function__matches_adaptive_quadrature(ours, reference, z):
    np.testing.assert_allclose(correlation_function(ours, RADII, z, np), reference_correlation(reference, RADII, z), rtol=3e-9)


def test__correlation_function__warm_spectrum_matches_adaptive_quadrature():
    import dataclasses

    warm = dataclasses.replace(ref.REF_PLANCK15, m_wdm=3.0)
    np.testing.assert_allclose(correlation_function(agj.planck15.replace(m_wdm=3.0), RADII, 0.0, np),
                               reference_correlation(warm, RADII, 0.0), rtol=3e-9)


def test__correlation_function__agrees_with_colossus_within_its_own_error():
    # colossus integrates its interpolated spectrum: ~5e-3 from the quadrature at 30 Mpc/h.
    cosmo = colossus_cosmology.setCosmology("planck15")
    np.testing.assert_allclose(correlation_function(agj.planck15, RADII, 0.5, np), cosmo.correlationFunction(np.array(RADII), 0.5),
                               rtol=1e-2)


def test__correlation_function__jit_equals_numpy_and_cosmology_gradient_matches_finite_differences():
    radii = (0.5, 8.0, 30.0)

    def xi(values):
        return correlation_function(agj.planck15.replace(sigma8=values[0], Om0=values[1]), radii, 0.5)

    values = jnp.array([agj.planck15.sigma8, agj.planck15.Om0])
    jitted = jax.jit(xi)
    np.testing.assert_allclose(jitted(values), correlation_function(agj.planck15, radii, 0.5, np), rtol=1e-13)
    jacobian = np.asarray(jax.jit(jax.jacrev(xi))(values))
    step = 1e-6
    for i in range(2):
        shift = np.zeros(2)
        shift[i] = step
        central = (np.asarray(jitted(values + shift)) - np.asarray(jitted(values - shift))) / (2 * step)
        np.testing.assert_allclose(jacobian[:, i], central, rtol=1e-6)
    # xi is proportional to sigma8^2.
    np.testing.assert_allclose(jacobian[:, 0] * values[0] / np.asarray(jitted(values)), 2.0, rtol=1e-12)


@pytest.mark.parametrize("radii", [(0.0, 1.0), (-1.0,), (float("nan"),)])
def test__correlation_function__radius_outside_domain_named(radii):
    with pytest.raises(ValueError, match="radii"):
        correlation_function(agj.planck15, radii)
