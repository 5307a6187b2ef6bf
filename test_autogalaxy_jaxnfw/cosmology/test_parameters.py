"""The cosmology pytree: validation of concrete numbers, tracing, pytree structure."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autogalaxy_jaxnfw.cosmology import growth

from autogalaxy_jaxnfw.cosmology import sigma, variance
from autogalaxy_jaxnfw import reference as ref
from autogalaxy_jaxnfw.cosmology.parameters import planck15


@pytest.mark.parametrize(
    "change",
    [dict(h=0.0), dict(Om0=-0.1), dict(Ob0=0.0), dict(Ob0=0.4), dict(Om0=1.2), dict(sigma8=-0.8),
     dict(Tcmb0=0.0), dict(Neff=-1.0), dict(ns=float("nan")), dict(h=float("nan")),
     dict(m_wdm=0.0), dict(m_wdm=-3.0), dict(m_wdm=float("nan"))],
)
def test__cosmology__invalid_numbers_raise(change):
    with pytest.raises(ValueError, match="Invalid cosmology"):
        planck15.replace(**change)


def test__cosmology__traced_fields_are_not_checked_and_differentiate():
    # Traced fields skip the domain check; the layers differentiate through them (the
    # concentration's cosmology gradients are in test_concentration_gradients.py).
    def growth_at_one(om0):
        return growth.growth_factor(planck15.replace(Om0=om0), 1.0)

    derivative = jax.grad(growth_at_one)(0.31)
    reference_cosmology = lambda om0: ref.RefCosmology(**{**ref.REF_PLANCK15.__dict__, "Om0": om0})  # noqa: E731
    fd = (ref.growth_factor(reference_cosmology(0.3101), 1.0) - ref.growth_factor(reference_cosmology(0.3099), 1.0)) / 2e-4
    assert float(derivative) == pytest.approx(fd, rel=1e-6)
    sigma8 = jnp.array([0.80, 0.82])
    normalised = jax.vmap(lambda s8: variance.sigma(planck15.replace(sigma8=s8), 8.0))(sigma8)
    np.testing.assert_allclose(np.asarray(normalised), np.asarray(sigma8), rtol=1e-10)


def test__cosmology__is_a_pytree_with_static_metadata():
    leaves, treedef = jax.tree_util.tree_flatten(planck15)
    assert len(leaves) == 8
    assert jax.tree_util.tree_unflatten(treedef, leaves) == planck15
