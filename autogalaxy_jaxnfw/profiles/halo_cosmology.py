"""Which cosmology the mass-parameterised NFW profiles use, and how to change it.

A halo parameterised by its mass needs two cosmological ingredients:

* ``concentration``: an :class:`autogalaxy_jaxnfw.cosmology.parameters.Cosmology` (colossus
  conventions) for the Ludlow et al. (2016) c200c(M, z) relation, including the ``h``
  that converts M200c [Msun] to colossus' Msun/h;
* ``lensing``: an autogalaxy ``LensingCosmology`` for the critical density rho_crit(z)
  [Msun / kpc^3], the critical surface density Sigma_crit [Msun / kpc^2] and the angular
  scale [kpc / arcsec].

Upstream autogalaxy (``mcr_util.ludlow16_cosmology``) pairs colossus' ``planck15`` preset
(Om0 = 0.3089, massless neutrinos) for c with autogalaxy's ``Planck15`` (Om0 = 0.3075 plus
0.06 eV of massive neutrinos) for everything else.  That split is the default here, so the
profiles are drop-in replacements.  :meth:`HaloCosmology.consistent` builds a pairing in
which both halves come from one parameter set.

The pairing is chosen, in order of precedence, by

1. the class attribute ``halo_cosmology`` of a profile class (``None`` on the shipped
   classes; override it in a subclass to pin a cosmology to a model component);
2. the process-wide pairing, set with :func:`set_cosmology` or temporarily with the
   :func:`use_cosmology` context manager;
3. :meth:`HaloCosmology.upstream` otherwise.

The process-wide pairing is kept in the environment variable
``AUTOGALAXY_JAXNFW_HALO_COSMOLOGY`` (JSON of both halves' parameters; see
:mod:`autogalaxy_jaxnfw.settings.process_state`), so worker processes started after the choice --
``spawn``, ``fork``, and ``forkserver`` servers started after it -- construct their profiles
with the same pairing.  Only a pairing whose leaves are JAX tracers (differentiating with
respect to cosmology inside a traced function) is kept in this process alone: it exists only
inside that trace.

The pairing is read in Python when a profile is constructed, i.e. at trace time under
``jax.jit``: a jitted function keeps the cosmology it was traced with.  Re-jit (or build a
new ``Fitness``) after changing it.  To differentiate with respect to cosmological
parameters, pass a :class:`~autogalaxy_jaxnfw.cosmology.parameters.Cosmology` whose leaves are tracers
to :func:`use_cosmology` inside the traced function.
"""

import contextlib
import importlib
import inspect
import warnings
from dataclasses import dataclass, fields
from typing import Any, Optional, Union

import numpy as np
from autogalaxy.cosmology.model import FlatLambdaCDM, Planck15

from autogalaxy_jaxnfw.settings import process_state
from autogalaxy_jaxnfw.cosmology.parameters import Cosmology, planck15
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = [
    "HaloCosmology",
    "get_cosmology",
    "resolve_cosmology",
    "set_cosmology",
    "use_cosmology",
]


@dataclass(frozen=True)
class HaloCosmology:
    """The cosmology pair used to turn (M200c, z) into lensing NFW parameters.

    Parameters
    ----------
    concentration : Cosmology
        Cosmology of the c200c(M, z) relation; its ``h`` converts Msun to Msun/h.
    lensing : autogalaxy.cosmology.model.LensingCosmology
        Cosmology of rho_crit(z), Sigma_crit(z_l, z_s) and kpc / arcsec.
    """

    concentration: Cosmology
    lensing: Any

    @classmethod
    def upstream(cls) -> "HaloCosmology":
        """Upstream autogalaxy's split: colossus ``planck15`` for c, autogalaxy ``Planck15`` otherwise."""
        return _UPSTREAM

    @classmethod
    def consistent(cls, cosmology: Cosmology) -> "HaloCosmology":
        """One flat LCDM parameter set for the concentration and for the lensing quantities.

        The lensing half is autogalaxy's ``FlatLambdaCDM`` with ``H0 = 100 h``, the same
        ``Om0``, ``Ob0``, ``Tcmb0`` and ``Neff`` and massless neutrinos (as colossus
        assumes); without relativistic species both ``Tcmb0`` and ``Neff`` are zero.

        Parameters
        ----------
        cosmology : Cosmology
            E.g. ``autogalaxy_jaxnfw.planck18``; its leaves may be JAX tracers.
        """
        radiation = cosmology.relspecies
        # A traced cosmology outside its domain (h = 0, Om0 = NaN, ...) would put infinite
        # distances, and NaN derivatives, into every halo: the lensing half is built from its
        # valid stand-in, and the concentration half, the cosmology itself, marks those haloes
        # invalid.  Inside the domain the stand-in is the cosmology.
        cosmology_or_stand_in, _ = valid_or_stand_in(cosmology)
        lensing = FlatLambdaCDM(
            H0=100.0 * cosmology_or_stand_in.h,
            Om0=cosmology_or_stand_in.Om0,
            Tcmb0=cosmology_or_stand_in.Tcmb0 if radiation else 0.0,
            Neff=cosmology_or_stand_in.Neff if radiation else 0.0,
            # A list, not the scalar 0.0: autogalaxy reads a scalar m_nu per species and
            # then calls float(Neff), which fails when Neff is traced.
            m_nu=[0.0],
            Ob0=cosmology_or_stand_in.Ob0,
        )
        return cls(concentration=cosmology, lensing=lensing)


# One shared instance, so autogalaxy's NumPy-path distance cache persists across profiles.
_UPSTREAM = HaloCosmology(concentration=planck15, lensing=Planck15())
_ENV_NAME = "halo_cosmology"
# A pairing with traced leaves, which cannot be written to the environment (see above).
_TRACED: Optional[HaloCosmology] = None

CosmologyLike = Union[HaloCosmology, Cosmology, None]


def _as_halo_cosmology(cosmology: CosmologyLike, name: str = "cosmology") -> Optional[HaloCosmology]:
    if cosmology is None or isinstance(cosmology, HaloCosmology):
        return cosmology
    if isinstance(cosmology, Cosmology):
        return HaloCosmology.consistent(cosmology)
    hint = " (pass a preset, e.g. autogalaxy_jaxnfw.planck15, not its name)" if isinstance(cosmology, str) else ""
    raise TypeError(
        f"{name} must be a HaloCosmology, an autogalaxy_jaxnfw.Cosmology or None; "
        f"got {type(cosmology).__name__} {cosmology!r:.60}{hint}"
    )


def _plain(value):
    """``value`` as JSON-ready floats / lists, or ``None`` if it holds a JAX tracer."""
    if is_traced(value):
        return None
    if isinstance(value, (bool, str)):
        return value
    array = np.asarray(value, dtype=float)
    return array.tolist() if array.ndim else float(array)


def _to_json(pairing: HaloCosmology) -> Optional[dict]:
    """Both halves' constructor parameters, or ``None`` if a leaf is traced or a parameter unreadable."""
    concentration = {f.name: _plain(getattr(pairing.concentration, f.name)) for f in fields(Cosmology)}
    lensing_type = type(pairing.lensing)
    try:
        lensing = {
            name: _plain(getattr(pairing.lensing, name))
            for name in inspect.signature(lensing_type).parameters
        }
    except AttributeError:  # a constructor argument not stored under its own name
        return None
    if any(v is None for v in (*concentration.values(), *lensing.values())):
        return None
    return {
        "concentration": concentration,
        "lensing": {"class": f"{lensing_type.__module__}.{lensing_type.__qualname__}", "parameters": lensing},
    }


def _from_json(value: dict) -> HaloCosmology:
    module, _, name = value["lensing"]["class"].rpartition(".")
    lensing_type = getattr(importlib.import_module(module), name)
    return HaloCosmology(
        concentration=Cosmology(**value["concentration"]),
        lensing=lensing_type(**value["lensing"]["parameters"]),
    )


def get_cosmology() -> HaloCosmology:
    """The process-wide pairing in force (upstream's split unless one was set)."""
    if _TRACED is not None:
        return _TRACED
    return process_state.read(_ENV_NAME, _from_json) or _UPSTREAM


def _store(pairing: Optional[HaloCosmology]) -> Optional[dict]:
    """The environment entry for ``pairing``; warns and returns ``None`` if it cannot be written there."""
    if pairing is None or pairing is _UPSTREAM:
        return None
    stored = _to_json(pairing)
    if stored is None and pairing.concentration.is_concrete():
        warnings.warn(
            f"The lensing cosmology {type(pairing.lensing).__name__} cannot be rebuilt from its "
            "constructor arguments, so worker processes will not see this pairing; it holds in "
            "this process only.",
            stacklevel=3,
        )
    return stored


def _in_process_only(pairing: Optional[HaloCosmology], stored: Optional[dict]) -> Optional[HaloCosmology]:
    """The pairing to hold in this process because the environment cannot (``None`` otherwise)."""
    return pairing if stored is None and pairing is not None and pairing is not _UPSTREAM else None


def set_cosmology(cosmology: CosmologyLike) -> None:
    """Set the process-wide pairing for every profile constructed from now on.

    Worker processes started afterwards inherit it (see the module docstring).

    Parameters
    ----------
    cosmology : HaloCosmology, Cosmology or None
        A pairing; a :class:`Cosmology`, meaning :meth:`HaloCosmology.consistent` of it;
        or ``None`` to restore upstream's split.
    """
    global _TRACED
    pairing = _as_halo_cosmology(cosmology)
    stored = _store(pairing)
    process_state.write(_ENV_NAME, stored)
    _TRACED = _in_process_only(pairing, stored)


@contextlib.contextmanager
def use_cosmology(cosmology: CosmologyLike):
    """Context manager form of :func:`set_cosmology`; the previous pairing is restored on exit.

    Examples
    --------
    >>> with use_cosmology(autogalaxy_jaxnfw.planck18):
    ...     halo = NFWMCRScatterLudlowSphJax(mass_at_200=1e12)
    """
    global _TRACED
    previous = _TRACED
    pairing = _as_halo_cosmology(cosmology)
    stored = _store(pairing)
    with process_state.scoped(_ENV_NAME, stored):
        _TRACED = _in_process_only(pairing, stored)
        try:
            yield get_cosmology()
        finally:
            _TRACED = previous


def resolve_cosmology(cosmology: CosmologyLike = None, name: str = "cosmology") -> HaloCosmology:
    """``cosmology`` as a :class:`HaloCosmology`, falling back to :func:`get_cosmology`; ``TypeError`` naming ``name``."""
    resolved = _as_halo_cosmology(cosmology, name)
    return get_cosmology() if resolved is None else resolved
