"""Which cosmology the mass-parameterised NFW profiles use, and how to change it.

A halo parameterised by its mass needs two cosmological ingredients:

* ``concentration``: an :class:`autogalaxy_jaxnfw.cosmology.Cosmology` (colossus
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
2. the module-level active pairing, set with :func:`set_cosmology` or temporarily with the
   :func:`use_cosmology` context manager;
3. :meth:`HaloCosmology.upstream` otherwise.

Both are read in Python when a profile is constructed, i.e. at trace time under
``jax.jit``: a jitted function keeps the cosmology it was traced with.  Re-jit (or build a
new ``Fitness``) after changing the active cosmology.  To differentiate with respect to
cosmological parameters, pass a :class:`~autogalaxy_jaxnfw.cosmology.Cosmology` whose
leaves are tracers to :func:`use_cosmology` inside the traced function.
"""

import contextlib
from dataclasses import dataclass
from typing import Any, Optional, Union

from autogalaxy.cosmology.model import FlatLambdaCDM, Planck15

from autogalaxy_jaxnfw.cosmology import Cosmology, planck15

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
        lensing = FlatLambdaCDM(
            H0=100.0 * cosmology.h,
            Om0=cosmology.Om0,
            Tcmb0=cosmology.Tcmb0 if radiation else 0.0,
            Neff=cosmology.Neff if radiation else 0.0,
            # A list, not the scalar 0.0: autogalaxy reads a scalar m_nu per species and
            # then calls float(Neff), which fails when Neff is traced.
            m_nu=[0.0],
            Ob0=cosmology.Ob0,
        )
        return cls(concentration=cosmology, lensing=lensing)


# One shared instance, so autogalaxy's NumPy-path distance cache persists across profiles.
_UPSTREAM = HaloCosmology(concentration=planck15, lensing=Planck15())
_ACTIVE: Optional[HaloCosmology] = None

CosmologyLike = Union[HaloCosmology, Cosmology, None]


def _as_halo_cosmology(cosmology: CosmologyLike) -> Optional[HaloCosmology]:
    if cosmology is None or isinstance(cosmology, HaloCosmology):
        return cosmology
    if isinstance(cosmology, Cosmology):
        return HaloCosmology.consistent(cosmology)
    raise TypeError(
        "expected a HaloCosmology, an autogalaxy_jaxnfw.cosmology.Cosmology or None; "
        f"got {type(cosmology).__name__}"
    )


def get_cosmology() -> HaloCosmology:
    """The module-level pairing in force (upstream's split unless one was set)."""
    return _UPSTREAM if _ACTIVE is None else _ACTIVE


def set_cosmology(cosmology: CosmologyLike) -> None:
    """Set the module-level pairing for every profile constructed from now on.

    Parameters
    ----------
    cosmology : HaloCosmology, Cosmology or None
        A pairing; a :class:`Cosmology`, meaning :meth:`HaloCosmology.consistent` of it;
        or ``None`` to restore upstream's split.
    """
    global _ACTIVE
    _ACTIVE = _as_halo_cosmology(cosmology)


@contextlib.contextmanager
def use_cosmology(cosmology: CosmologyLike):
    """Context manager form of :func:`set_cosmology`; the previous pairing is restored on exit.

    Examples
    --------
    >>> with use_cosmology(autogalaxy_jaxnfw.planck18):
    ...     halo = NFWMCRScatterLudlowSphJax(mass_at_200=1e12)
    """
    global _ACTIVE
    previous = _ACTIVE
    _ACTIVE = _as_halo_cosmology(cosmology)
    try:
        yield get_cosmology()
    finally:
        _ACTIVE = previous


def resolve_cosmology(cosmology: CosmologyLike = None) -> HaloCosmology:
    """``cosmology`` as a :class:`HaloCosmology`, falling back to :func:`get_cosmology`."""
    resolved = _as_halo_cosmology(cosmology)
    return get_cosmology() if resolved is None else resolved
