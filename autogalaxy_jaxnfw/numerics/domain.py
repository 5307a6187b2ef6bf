"""Model parameters outside their domain: an error when concrete, NaN when traced.

The package's contract (README, "The contract") treats two kinds of argument differently:

* per-element inputs -- masses, redshifts, radii, fractions: each entry outside its domain
  gives NaN with ``valid`` False (and zero derivatives) in that entry only, concrete or
  traced, plain function or ``_with_mask`` variant, so one bad halo does not stop a batch;
* model parameters -- cosmology fields, ``m_wdm``, ``sigma_sub``, slopes, the parameters of
  a fit: a concrete value outside the domain raises ``ValueError`` naming the argument and
  its domain (:func:`require`); a traced one cannot be inspected and gives NaN with
  ``valid`` False and zero derivatives, masked by the caller with the flag it computed.
"""

import numpy as np

from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = ["require"]


def require(name: str, value, ok, domain: str):
    """``ok``, after raising ``ValueError`` naming ``name`` and ``domain`` if ``value`` is concrete and ``ok`` not all True.

    Parameters
    ----------
    name : str
        The model parameter's name.
    value : array_like
        The parameter (any pytree of arrays; traced values are not checked).
    ok : array_like of bool
        Where the value is inside the domain (computed from ``value``).
    domain : str
        The domain in words, e.g. "finite and > 0".

    Returns
    -------
    array_like of bool
        ``ok``, for the caller's mask (it matters only when traced).
    """
    if is_traced(value, ok):
        return ok
    bad = ~np.asarray(ok, dtype=bool)
    if bad.any():
        shown = np.asarray(value, dtype=float)[np.broadcast_to(bad, np.shape(value))] if np.ndim(value) else value
        raise ValueError(f"{name} must be {domain}; got {np.ravel(shown)[:5]!r:.120}")
    return ok
