"""Concrete calls of the abundance functions run one compiled program, traced once per shape.

Counted through ``jax.monitoring``'s trace events, not timed.  Before 0.6.0 the inverse's Newton
loop was traced and compiled again on every eager call (about a second each); the other names
dispatched op by op (no new trace, ~20 ms a call) and are held to the same rule.
"""

import collections

import jax
import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.lss.bias import halo_bias_from_nu

CALLS = {
    "mass_function": lambda m: agj.mass_function(m, 0.5, "200m"),
    "number_density": lambda m: agj.number_density(m, 1e13, 0.5, "200m"),
    "mass_density": lambda m: agj.mass_density(m, 1e13, 0.5, "200m"),
    "mass_at_number_fraction": lambda m: agj.mass_at_number_fraction(0.3, m, 1e13, 0.5, "200m"),
    "halo_bias": lambda m: agj.halo_bias(m, 0.5, "200m"),
    "halo_bias_from_nu": lambda m: halo_bias_from_nu(np.log10(m) / 5.0, 0.5, "200m")[0],
}
TRACE = "/jax/core/compile/jaxpr_trace_duration"


@pytest.fixture
def traces():
    counts = collections.Counter()
    listener = lambda event, duration, **_: counts.update([event])  # noqa: E731
    jax.monitoring.register_event_duration_secs_listener(listener)
    yield counts
    jax.monitoring.unregister_event_duration_listener(listener)


@pytest.mark.parametrize("name", CALLS)
def test__concrete_calls__traced_once_per_shape(name, traces):
    first = np.asarray(CALLS[name](np.array([1e9, 1e10])))
    traced = traces[TRACE]
    second = np.asarray(CALLS[name](np.array([2e9, 2e10])))
    assert traces[TRACE] == traced, f"{name}: a second call of the same shapes was traced again"
    assert np.all(np.isfinite(first)) and np.all(second != first)
