"""Hypothesis settings profiles of the contract harness (see registry.PROFILE for the selection).

``agj-contract`` (default): a bounded, derandomized number of examples per test, so that the
whole harness runs in about a minute and a half on one core and is reproducible.
``agj-contract-long`` (``AGJ_FUZZ=long``): many random examples per test, for release checks.
The profiles are registered here and applied per test (``registry.CONTRACT``), never loaded
globally, so that the other test folders keep their own hypothesis settings.
"""

from hypothesis import HealthCheck, settings

_COMMON = dict(
    deadline=None,
    database=None,
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much),
)
settings.register_profile("agj-contract", max_examples=4, derandomize=True, **_COMMON)
settings.register_profile("agj-contract-long", max_examples=60, derandomize=False, **_COMMON)
