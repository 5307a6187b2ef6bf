"""The self-interaction parameters' domains: one table for the SIDM siblings' JAX masks and NumPy errors.

Kaplinghat et al. (2014) take ``sigma_over_m`` and ``t_age``; Yang et al. (2024) also the
velocity dependence sigma ~ v^-a, ``velocity_exponent`` a and ``velocity_ref``.  0 is inside
the domain of ``sigma_over_m`` and ``t_age``: no scatterings, the NFW halo.
"""

import numpy as np
from autogalaxy import exc

__all__ = ["SIDM_DOMAINS", "in_sidm_domain", "raise_outside_sidm_domain"]

SIDM_DOMAINS = {
    "sigma_over_m": (lambda v: v >= 0.0, ">= 0 [cm^2 / g] (0: no self-interaction, the NFW halo)"),
    "velocity_exponent": (lambda v: v < 8.0, "< 8 (the average <sigma v^5> of sigma ~ v^-a diverges at a = 8)"),
    "velocity_ref": (lambda v: v > 0.0, "> 0 [km / s]"),
    "t_age": (lambda v: v >= 0.0, ">= 0 [Gyr] (0: no scatterings yet, the NFW halo)"),
}
"""Per parameter: the condition besides finiteness, and its statement for the error message."""


def in_sidm_domain(xp, **values):
    """Whether every named parameter is finite and inside its domain, elementwise (``xp``: numpy or jax.numpy)."""
    ok = np.True_
    for name, value in values.items():
        ok = ok & xp.isfinite(value) & SIDM_DOMAINS[name][0](value)
    return ok


def raise_outside_sidm_domain(inputs):
    """``ModelParameterException`` naming the first parameter of ``inputs`` outside its domain (NumPy path)."""
    for name, value in inputs.items():
        check, statement = SIDM_DOMAINS[name]
        if not (np.isfinite(value) and check(value)):
            raise exc.ModelParameterException(f"{name} must be finite and {statement}; got {value!r}.")
