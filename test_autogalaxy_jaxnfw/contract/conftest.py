"""Hypothesis settings profiles of the contract harness (see registry.PROFILE for the selection).

``agj-contract`` (default): a bounded, derandomized number of examples per test, no shrinking,
so that the whole harness runs in about a minute on one core and is reproducible.
``agj-contract-long`` (``AGJ_FUZZ=long``): many random examples per test, for release checks.
The profiles are registered here and applied per test (``registry.CONTRACT``), never loaded
globally, so that the other test folders keep their own hypothesis settings.
"""

from hypothesis import HealthCheck, Phase, settings

_COMMON = dict(
    deadline=None,
    database=None,
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much),
)
# No shrinking in the default profile: a failure reports the (reproducible) example it found
# instead of re-running the function hundreds of times to minimise it.
settings.register_profile("agj-contract", max_examples=4, derandomize=True,
                          phases=(Phase.explicit, Phase.reuse, Phase.generate), **_COMMON)
settings.register_profile("agj-contract-long", max_examples=60, derandomize=False, **_COMMON)
