"""The one home of the per-cosmology tables, and the one cache that holds them.

Every halo needs, through its cosmology only,

* the Chebyshev series of ln sigma^2 in ln R (:func:`autogalaxy_jaxnfw.cosmology.sigma.sigma_series`);
* the series of ln s = ln sqrt(2 (sigma^2(f M) - sigma^2(M))) in the Lagrangian radius of M,
  one evaluation per halo instead of two sigma series, two exponentials and a logarithm;
* the growth factor today, D+(0), and a series of the growth factor's integral form.

:func:`tables_for` returns them as a :class:`CosmologyTables` pytree.  For a concrete
cosmology they are NumPy constants of the programs that use them: read from the tables
shipped with the package for colossus' presets (``data/preset_tables.json``, written by
``python -m autogalaxy_jaxnfw.cosmology.tables``), otherwise built in NumPy once and cached.  For a
traced cosmology they are built inside the trace, so every derivative with respect to the
cosmology is exact.  The fixed-redshift series (:mod:`autogalaxy_jaxnfw.halo.ludlow16.fixed_redshift`)
live in the same cache; :func:`clear_cache` empties it.
"""

import collections
import json
from dataclasses import dataclass, fields
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology import parameters as presets
from autogalaxy_jaxnfw.numerics.chebyshev import chebyshev_coefficients, chebyshev_nodes
from autogalaxy_jaxnfw.cosmology.parameters import Cosmology
from autogalaxy_jaxnfw.cosmology.growth import growth_factor_unnormalised, growth_series
from autogalaxy_jaxnfw.cosmology.spread import LN_R_SPREAD, spread_of_sigma
from autogalaxy_jaxnfw.cosmology.sigma import sigma_series
from autogalaxy_jaxnfw.cosmology.warm_dark_matter import is_cold
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = ["CosmologyTables", "build_tables", "cached", "clear_cache", "parameters", "tables_for", "write_preset_tables"]

PRESET_FILE = Path(__file__).resolve().parents[1] / "data" / "preset_tables.json"
_N_SPREAD = 64
_N_SPREAD_WARM = 128  # as sigma's series: s(M) bends at the half-mode mass
_CACHE_SIZE = 256


@jax.tree_util.register_dataclass
@dataclass(frozen=True)
class CosmologyTables:
    """Series and numbers that depend on the cosmology alone.

    Attributes
    ----------
    sigma : array, shape (96,), (128,) for warm dark matter
        Chebyshev coefficients of ln sigma^2(R, z = 0) in ln R [Mpc/h] on [1e-3, 60].
    spread : array, shape (64,), (128,) for warm dark matter
        Chebyshev coefficients of ln s in the ln Lagrangian radius of M on
        ``spread.LN_R_SPREAD``.
    growth_today : float or array
        The unnormalised linear growth factor D+(0).
    growth_series : array, shape (24,)
        Chebyshev coefficients of the growth factor's integral form
        (:func:`autogalaxy_jaxnfw.cosmology.growth.growth_series`).
    """

    sigma: jax.Array
    spread: jax.Array
    growth_today: jax.Array
    growth_series: jax.Array


def build_tables(cosmology: Cosmology, xp=jnp) -> CosmologyTables:
    """The tables of ``cosmology``, in NumPy (``xp=numpy``) or inside a JAX trace."""
    sigma = sigma_series(cosmology, xp)
    ln_r = chebyshev_nodes(*LN_R_SPREAD, _N_SPREAD if is_cold(cosmology) else _N_SPREAD_WARM)
    spread = chebyshev_coefficients(spread_of_sigma(sigma, ln_r, xp))
    growth_today = growth_factor_unnormalised(cosmology, 0.0, xp)
    if xp is np:
        growth_today = float(growth_today)
    return CosmologyTables(
        sigma=sigma, spread=spread, growth_today=growth_today, growth_series=growth_series(cosmology, xp)
    )


_CACHE = collections.OrderedDict()


def cached(key, build):
    """``build()``, remembered under ``key`` (least recently used entries are dropped)."""
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    value = _CACHE[key] = build()
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def clear_cache():
    """Forget every cached table and fixed-redshift series (shipped tables stay)."""
    _CACHE.clear()


def tables_for(cosmology: Cosmology) -> CosmologyTables:
    """The :class:`CosmologyTables` of ``cosmology``: constants if it is concrete, traced otherwise."""
    if is_traced(cosmology):
        return build_tables(cosmology, jnp)
    static = cosmology.as_static()
    return cached(("tables", parameters(static)), lambda: _shipped(static) or build_tables(static, np))


def parameters(cosmology) -> tuple:
    """The numbers that define a concrete cosmology's tables (its name is only a label).

    Cold dark matter (``m_wdm = inf``) leaves ``m_wdm`` out, so the keys of cold cosmologies,
    the shipped presets' included, are those of the cold-only versions of this package.
    """
    names = (f.name for f in fields(cosmology) if not f.metadata)
    leaves = {name: float(value) for name, value in zip(names, cosmology.leaves())}
    if np.isinf(leaves["m_wdm"]):
        del leaves["m_wdm"]
    return tuple(leaves.values()) + (bool(cosmology.relspecies),)


def _shipped(cosmology):
    """The shipped tables of a preset with exactly these parameters, or None."""
    entry = _shipped_tables().get(json.dumps(parameters(cosmology)))
    if entry is None:
        return None
    return CosmologyTables(
        sigma=np.asarray(entry["sigma"]),
        spread=np.asarray(entry["spread"]),
        growth_today=entry["growth_today"],
        growth_series=np.asarray(entry["growth_series"]),
    )


def _shipped_tables():
    return cached("shipped", lambda: json.loads(PRESET_FILE.read_text()) if PRESET_FILE.exists() else {})


_PRESETS = (presets.planck13, presets.planck15, presets.planck18, presets.wmap9)


def write_preset_tables(path=PRESET_FILE):
    """Build the tables of colossus' presets in NumPy and write them (exact float reprs) as JSON."""
    entries = {}
    for preset in _PRESETS:
        tables = build_tables(preset, np)
        entries[json.dumps(parameters(preset))] = dict(
            name=preset.name,
            sigma=[float(x) for x in tables.sigma],
            spread=[float(x) for x in tables.spread],
            growth_today=tables.growth_today,
            growth_series=[float(x) for x in tables.growth_series],
        )
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(entries, indent=1) + "\n")


if __name__ == "__main__":
    write_preset_tables()
