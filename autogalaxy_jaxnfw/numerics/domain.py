"""Values outside a function's domain: NaN in a masked result, an error from a plain one.

The package's contract (README, "The contract"): a value outside the domain gives NaN with
``valid`` False and zero derivatives whenever it is traced, and on concrete input wherever the
function returns a mask (``*_with_mask``); the plain function that returns the value alone
raises ``ValueError`` on concrete input, naming the argument and its domain.  The plain
functions call their ``_with_mask`` variant inside :func:`raising`; the checks
(:func:`require`) raise only there.
"""

import contextlib
import contextvars

import numpy as np

from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = ["raising", "require"]

_RAISING = contextvars.ContextVar("raising", default=False)


@contextlib.contextmanager
def raising():
    """Within this block :func:`require` raises for concrete values outside the domain."""
    token = _RAISING.set(True)
    try:
        yield
    finally:
        _RAISING.reset(token)


def require(name: str, value, ok, domain: str) -> None:
    """Inside :func:`raising`, raise ``ValueError`` naming ``name`` and ``domain`` if ``value`` is concrete and ``ok`` not all True.

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
    if not _RAISING.get() or is_traced(value, ok):
        return
    bad = ~np.asarray(ok, dtype=bool)
    if bad.any():
        shown = np.asarray(value, dtype=float)[np.broadcast_to(bad, np.shape(value))] if np.ndim(value) else value
        raise ValueError(f"{name} must be {domain}; got {np.ravel(shown)[:5]!r:.120}")
