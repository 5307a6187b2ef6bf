import jax
import jax.numpy as jnp
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.cosmology import planck15


@pytest.mark.parametrize(
    "change",
    [dict(h=0.0), dict(Om0=-0.1), dict(Ob0=0.0), dict(Ob0=0.4), dict(Om0=1.2), dict(sigma8=-0.8),
     dict(Tcmb0=0.0), dict(Neff=-1.0), dict(ns=float("nan")), dict(h=float("nan"))],
)
def test__cosmology__invalid_numbers_raise(change):
    with pytest.raises(ValueError, match="Invalid cosmology"):
        planck15.replace(**change)


def test__cosmology__traced_fields_are_not_checked_and_differentiate():
    grad = jax.grad(lambda om0: agj.concentration_ludlow16(1e12, 0.5, planck15.replace(Om0=om0)))(0.31)
    batch = jax.vmap(lambda s8: agj.concentration_ludlow16(1e12, 0.5, planck15.replace(sigma8=s8)))(
        jnp.array([0.80, 0.82])
    )
    assert jnp.isfinite(grad)
    assert batch[1] > batch[0]  # more power, earlier collapse, higher concentration


def test__cosmology__is_a_pytree_with_static_metadata():
    leaves, treedef = jax.tree_util.tree_flatten(planck15)
    assert len(leaves) == 7
    assert jax.tree_util.tree_unflatten(treedef, leaves) == planck15
