"""The cored-NFW siblings' maps under ``jax.jit`` and ``jax.grad`` (the checks of test_maps_jit.py)."""

import pytest

from test_autogalaxy_jaxnfw.profiles.test_maps_jit import CORED, check_every_map

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", CORED)
def test__every_map__jit_equals_numpy_and_grad_equals_finite_differences(name):
    check_every_map(name)
