"""A traced cosmology through the lensing half: ``HaloCosmology.consistent`` of traced fields.

Inside the domain the traced parameters equal the NumPy path's (autogalaxy's own distance
integrals, a concrete pairing) and their derivatives central differences of it; outside (h = 0
or NaN, Om0 = 0, NaN or 1.5) they are NaN with zero derivatives.  Found by the long fuzz profile:
h = 0 gave NaN derivatives with respect to h and Om0 (infinite distances in the lensing half).
"""

import jax
import jax.numpy as jnp
import numpy as np

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.profiles import nfw_parameters_from

MASSES = np.array([1e10, 1e12])
H, OM0 = agj.planck15.h, agj.planck15.Om0
# (h, Om0): one valid point, then points outside the domain.
POINTS = np.array([(H, OM0), (0.0, OM0), (np.nan, OM0), (H, 0.0), (H, np.nan), (H, 1.5)])


def _parameters(h, Om0):
    cosmology = agj.HaloCosmology.consistent(agj.planck15.replace(h=h, Om0=Om0))
    params = nfw_parameters_from(MASSES, 0.0, 0.5, 1.5, cosmology=cosmology)
    return jnp.stack([params.kappa_s, params.scale_radius])


def _summed(h, Om0):
    values = _parameters(h, Om0)
    return jnp.sum(jnp.where(jnp.isnan(values), 0.0, values))


_PROGRAM = jax.jit(jax.vmap(lambda h, Om0: (_parameters(h, Om0), jax.grad(_summed, argnums=(0, 1))(h, Om0))))


def test__traced_lensing_cosmology__valid_equals_numpy_path_invalid_nan_with_zero_gradients():
    values, (d_h, d_om0) = _PROGRAM(jnp.asarray(POINTS[:, 0]), jnp.asarray(POINTS[:, 1]))
    values, d_h, d_om0 = np.asarray(values), np.asarray(d_h), np.asarray(d_om0)
    assert np.all(np.isnan(values[1:])), values[1:]
    assert np.all(d_h[1:] == 0.0) and np.all(d_om0[1:] == 0.0), (d_h, d_om0)

    def numpy_path(h, Om0):
        params = nfw_parameters_from(MASSES, 0.0, 0.5, 1.5, cosmology=agj.HaloCosmology.consistent(
            agj.planck15.replace(h=float(h), Om0=float(Om0))))
        return np.stack([params.kappa_s, params.scale_radius])

    np.testing.assert_allclose(values[0], numpy_path(H, OM0), rtol=1e-9)
    for k, (derivative, step) in enumerate(((d_h[0], np.array([1e-5, 0.0])), (d_om0[0], np.array([0.0, 1e-5])))):
        plus, minus = numpy_path(*(np.array([H, OM0]) + step)), numpy_path(*(np.array([H, OM0]) - step))
        central = np.sum(plus - minus) / (2.0 * step[k])
        np.testing.assert_allclose(derivative, central, rtol=1e-5)
