"""Process-wide choices kept in ``os.environ``, so that worker processes inherit them.

The user's choices that change the numbers a profile gives -- the cosmology pairing
(:func:`autogalaxy_jaxnfw.profiles.set_cosmology`) and the conventions
(:func:`autogalaxy_jaxnfw.upstream_conventions`) -- are stored as JSON in environment
variables named ``AUTOGALAXY_JAXNFW_<NAME>`` rather than in module globals, and read back
whenever a profile is constructed.  A child process copies its parent's environment when it
starts, so the choice reaches every worker of a ``multiprocessing`` pool (or
``concurrent.futures`` executor, or a process started by ``subprocess``) created after it:

* ``spawn`` (the default on macOS and Windows) and ``fork``: the child starts with the
  parent's environment at the time the pool starts its workers;
* ``forkserver`` (the default on Linux from Python 3.14): the children are forked from the
  server process, which copied the environment *when the server started* (the first time a
  forkserver pool was created in the session).  A choice made after that does not reach the
  server's children; make it before the first pool, or set the variable in the shell.

Because they are plain environment variables, the choices can also be made for a whole run
from the shell (e.g. ``AUTOGALAXY_JAXNFW_CONVENTIONS='"upstream"' python fit.py``).

Every change made through this module also empties autogalaxy's deflection memo
(``profiles.mass.abstract.deflections_memo``), which keys a profile's deflections on its
constructor arguments alone: a Ludlow halo's deflections also depend on these choices, so a
field stored before a change would otherwise be returned after it.
"""

import contextlib
import json
import os
from typing import Any, Callable, Dict

__all__ = ["ENV_PREFIX", "read", "scoped", "write"]

ENV_PREFIX = "AUTOGALAXY_JAXNFW_"

# Parsed values by (name, JSON text): repeated reads return the same object, so whatever it
# caches (e.g. autogalaxy's NumPy distance cache on a cosmology) persists across profiles.
_PARSED: Dict[tuple, Any] = {}


def _key(name: str) -> str:
    return ENV_PREFIX + name.upper()


def read(name: str, parse: Callable[[Any], Any] = lambda value: value):
    """The stored value of ``name`` passed through ``parse``, or ``None`` if none is stored.

    Parameters
    ----------
    name
        The variable's name without the prefix, e.g. ``"conventions"``.
    parse
        Builds the object from the decoded JSON; called once per distinct text.

    Raises
    ------
    ValueError
        If the variable does not hold valid JSON (e.g. it was set by hand in the shell).
    """
    text = os.environ.get(_key(name))
    if text is None:
        return None
    cache_key = (name, text, parse)
    if cache_key not in _PARSED:
        try:
            decoded = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"{_key(name)} must hold JSON; got {text!r} ({error}).") from None
        _PARSED[cache_key] = parse(decoded)
    return _PARSED[cache_key]


def _clear_deflection_memo() -> None:
    try:
        from autogalaxy.profiles.mass.abstract import deflections_memo
    except ImportError:  # an autogalaxy release without the memo
        return
    deflections_memo.memo_clear()


def _set(key: str, text) -> None:
    if os.environ.get(key) == text:
        return
    if text is None:
        os.environ.pop(key, None)
    else:
        os.environ[key] = text
    _clear_deflection_memo()


def write(name: str, value) -> None:
    """Store ``value`` (JSON-serialisable) under ``name``; ``None`` removes it."""
    _set(_key(name), None if value is None else json.dumps(value, sort_keys=True))


@contextlib.contextmanager
def scoped(name: str, value):
    """Store ``value`` under ``name`` for the duration of a ``with`` block, then restore the previous text."""
    key = _key(name)
    previous = os.environ.get(key)
    write(name, value)
    try:
        yield
    finally:
        _set(key, previous)
