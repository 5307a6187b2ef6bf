"""The module paths of 0.4.0, which moved into the layer folders in 0.5.0.

``import autogalaxy_jaxnfw.tables``, ``from autogalaxy_jaxnfw.sharding import ...`` and
``agj.tables`` keep working for one release: each gives the module at its new path and warns
with a ``DeprecationWarning`` naming that path.  ``autogalaxy_jaxnfw.concentration`` is not
among them: the name belongs to the colossus-style function :func:`autogalaxy_jaxnfw.concentration`,
and 0.4.0's module of that name is :mod:`autogalaxy_jaxnfw.halo.ludlow16`.
"""

import importlib
import importlib.abc
import importlib.util
import sys
import warnings

__all__ = ["MOVED", "install", "moved_module"]

MOVED = {
    "chebyshev": "numerics.chebyshev",
    "roots": "numerics.roots",
    "tracing": "numerics.tracing",
    "process_state": "settings.process_state",
    "conventions": "settings.conventions",
    "growth": "cosmology.growth",
    "transfer": "cosmology.transfer",
    "sigma": "cosmology.sigma",
    "tables": "cosmology.tables",
    "ludlow16": "halo.ludlow16.equations",
    "einasto": "halo.ludlow16.einasto",
    "formation": "halo.ludlow16.formation",
    "fixed_redshift": "halo.ludlow16.fixed_redshift",
    "secant_solver": "halo.ludlow16.secant_solver",
    "bracketed_solver": "halo.ludlow16.bracketed_solver",
    "nfw_radial": "lensing.nfw_radial",
    "truncated_nfw_potential": "lensing.truncated_nfw_potential",
    "truncated_nfw_asymptotic": "lensing.truncated_nfw_asymptotic",
    "population": "populations.parameters",
    "population_lensing": "populations.lensing",
    "substructure": "populations.substructure",
    "los_sampling": "populations.los_sampling",
    "sharding": "populations.sharding",
}
"""0.4.0's top-level module name -> its path in the package since 0.5.0."""

_PACKAGE = __name__.rpartition(".")[0]


def moved_module(old: str):
    """The module that ``<package>.<old>`` became, after a ``DeprecationWarning``."""
    new = f"{_PACKAGE}.{MOVED[old]}"
    warnings.warn(
        f"{_PACKAGE}.{old} moved to {new} in 0.5.0; the old path will be removed in 0.6.0.",
        DeprecationWarning,
        stacklevel=3,
    )
    return importlib.import_module(new)


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``<package>.<old>`` and loads it as the module at its new path."""

    def find_spec(self, fullname, path=None, target=None):
        package, _, old = fullname.rpartition(".")
        if package != _PACKAGE or old not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        module = moved_module(spec.name.rpartition(".")[2])
        self._own_spec = module.__spec__
        return module

    def exec_module(self, module):
        # The module already ran at its new path (running it again would duplicate its
        # caches and registered pytrees); importlib has set its __spec__ to the old path's.
        module.__spec__ = self._own_spec


def install():
    """Put the alias finder on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, _Alias) for finder in sys.meta_path):
        # Ahead of the path finders: an old file left in an installed copy must not win.
        sys.meta_path.insert(0, _Alias())
