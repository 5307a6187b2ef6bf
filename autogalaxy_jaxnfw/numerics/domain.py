"""Concrete arguments outside a function's domain raise, naming the argument; traced ones are masked.

The package's contract: on concrete input (Python, NumPy or concrete JAX values) a value
outside the domain raises ``ValueError`` whose message names the argument and the domain; a
traced value cannot be inspected, so the function returns NaN with ``valid`` False there.
"""

import numpy as np

from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = ["require"]


def require(name: str, value, ok, domain: str) -> None:
    """Raise ``ValueError`` naming ``name`` and ``domain`` if ``value`` is concrete and ``ok`` is not all True.

    Parameters
    ----------
    name : str
        The argument's name.
    value : array_like
        The argument (any pytree of arrays; traced values are not checked).
    ok : array_like of bool
        Where the value is inside the domain (computed from ``value``).
    domain : str
        The domain in words, e.g. "finite and > 0".
    """
    if is_traced(value, ok):
        return
    bad = ~np.asarray(ok, dtype=bool)
    if bad.any():
        shown = np.asarray(value, dtype=float)[np.broadcast_to(bad, np.shape(value))] if np.ndim(value) else value
        raise ValueError(f"{name} must be {domain}; got {np.ravel(shown)[:5]!r:.120}")
