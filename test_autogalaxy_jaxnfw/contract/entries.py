"""The kinds of entry of the contract registry (``registry.py``) and a helper shared by its modules.

:class:`Arg` and :class:`Numeric` describe an elementwise numerical public function (its
arguments' valid ranges and values outside their domains, how to call it, its reference);
:class:`Other` a public name checked by a dedicated test.  They live here so that the
registry's modules (``registry.py``, ``registry_abundance.py``) can share them.
"""

from dataclasses import dataclass
import math
from typing import Callable, Optional


@dataclass(frozen=True)
class Arg:
    """One numerical argument: its valid range and values outside its domain."""

    name: str
    low: float
    high: float
    log: bool = False
    invalid: tuple = ()
    # A value exactly representable in float32 and, where integral, as an int (dtype tests).
    exact: float = 1.0


@dataclass(frozen=True)
class Numeric:
    """An elementwise numerical public function (or a documented variant of one)."""

    name: str
    args: tuple
    call: Callable
    reference: Optional[Callable] = None
    rtol: float = 1e-6
    # Variants of one public name (model options) get their own key; ``public`` is the name.
    public: str = ""
    grad_rtol: float = 1e-4
    cosmology: bool = True
    # False: fuzzed in the long profile only, for the suite's time (a variant whose code path
    # the default profile already fuzzes through another entry).
    default: bool = True

    @property
    def key(self):
        return self.name

    @property
    def public_name(self):
        return self.public or self.name


@dataclass(frozen=True)
class Other:
    """A public name checked by a dedicated test (``where``)."""

    name: str
    kind: str
    where: str
    cases: int = 1


# The halo mass [Msun/h] and redshift of the relations and the mass functions alike.
MASS = Arg("M", 1e9, 1e15, log=True, invalid=(0.0, -1e12, math.nan, math.inf), exact=2.0**40)
REDSHIFT = Arg("z", 0.0, 4.0, invalid=(-1.5, -1.0, math.nan, math.inf), exact=1.0)


def all_finite(tree):
    """Where every leaf of ``tree`` is finite: the validity of a function without a mask."""
    import jax
    import jax.numpy as jnp

    leaves = jax.tree.leaves(tree)
    ok = jnp.isfinite(leaves[0])
    for leaf in leaves[1:]:
        ok = ok & jnp.isfinite(leaf)
    return ok
