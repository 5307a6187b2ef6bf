"""The self-interaction parameters' domains: one table for the SIDM siblings' JAX masks and NumPy errors.

Kaplinghat et al. (2014) take ``sigma_over_m`` and ``t_age``; Yang et al. (2024) also the
velocity dependence sigma ~ v^-a, ``velocity_exponent`` a and ``velocity_ref``.  0 is inside
the domain of ``sigma_over_m`` and ``t_age``: no scatterings, the NFW halo.
"""

import numpy as np
from autogalaxy import exc

__all__ = ["SIDM_DOMAINS", "SIDM_STAND_IN", "in_sidm_domain", "raise_outside_sidm_domain", "sidm_or_stand_in"]

SIDM_DOMAINS = {
    "sigma_over_m": (lambda v: v >= 0.0, ">= 0 [cm^2 / g] (0: no self-interaction, the NFW halo)"),
    "velocity_exponent": (lambda v: v < 8.0, "< 8 (the average <sigma v^5> of sigma ~ v^-a diverges at a = 8)"),
    "velocity_ref": (lambda v: v > 0.0, "> 0 [km / s]"),
    "t_age": (lambda v: v >= 0.0, ">= 0 [Gyr] (0: no scatterings yet, the NFW halo)"),
}
"""Per parameter: the condition besides finiteness, and its statement for the error message."""

SIDM_STAND_IN = {"sigma_over_m": 1.0, "velocity_exponent": 0.0, "velocity_ref": 10.0, "t_age": 10.0}
"""Values inside every domain (upstream's defaults) at which an invalid halo is evaluated before it is masked."""


def in_sidm_domain(xp, **values):
    """Whether every named parameter is finite and inside its domain, elementwise (``xp``: numpy or jax.numpy)."""
    ok = np.True_
    for name, value in values.items():
        ok = ok & xp.isfinite(value) & SIDM_DOMAINS[name][0](value)
    return ok


def sidm_or_stand_in(xp, **values):
    """``(valid, values)``: :func:`in_sidm_domain`, and the values with :data:`SIDM_STAND_IN` where it is False.

    The double ``where``: evaluated at a stand-in, an invalid parameter sends no NaN (a power of a
    non-positive velocity, a product with a NaN) into the others' derivatives; the caller masks
    its outputs with ``valid``.
    """
    valid = in_sidm_domain(xp, **values)
    return valid, {name: xp.where(valid, value, SIDM_STAND_IN[name]) for name, value in values.items()}


def raise_outside_sidm_domain(inputs):
    """``ModelParameterException`` naming the first parameter of ``inputs`` outside its domain (NumPy path)."""
    for name, value in inputs.items():
        check, statement = SIDM_DOMAINS[name]
        if not (np.isfinite(value) and check(value)):
            raise exc.ModelParameterException(f"{name} must be finite and {statement}; got {value!r}.")
