"""The two conventions in which the plugin's profiles differ from upstream autogalaxy's.

By default the plugin is correct where upstream ``mass.dark.mcr_util`` and its truncated
Ludlow classes are not:

* **Cored-NFW normalisation.**  For rho = rho_0 r_s^3 / ((r + r_c)(r + r_s)^2), r_c = f_c r_s,
  the mass within r_200 = c r_s is M200c = 4 pi rho_0 r_s^3 P(c, f_c) with the enclosed-mass
  integral P = int_0^c x^2 / ((x + f_c)(x + 1)^2) dx (Penarrubia et al. 2012, ApJ 759, L42,
  eq. 2 for the density); upstream's closed form divides by (1 + f_c)^2 where the integral
  has (1 - f_c)^2 (:mod:`autogalaxy_jaxnfw.profiles.cored_normalisation`).
* **Truncation radius.**  The truncated classes set r_t = 2 r_200; ``NFWTruncatedSph`` reads
  r_t in arcsec, so the plugin divides r_200 [kpc] by the angular scale [kpc / arcsec] at the
  halo.  Upstream passes r_200 in kpc unchanged.

:func:`upstream_conventions` switches both to upstream's, to reproduce earlier results
exactly.  The choice is kept in the environment (:mod:`autogalaxy_jaxnfw.settings.process_state`),
so worker processes started inside the ``with`` block follow it too, and is read when a
profile is constructed (at trace time under ``jax.jit``).
"""

import contextlib
from dataclasses import dataclass

from autogalaxy_jaxnfw.settings import process_state

__all__ = ["Conventions", "DEFAULT", "UPSTREAM", "get_conventions", "upstream_conventions"]

_NAME = "conventions"


@dataclass(frozen=True)
class Conventions:
    """Which convention the profiles follow.

    Attributes
    ----------
    cored_normalisation : str
        ``"enclosed_mass"`` (the integral of the density; default) or ``"upstream"``
        (autogalaxy's (1 + f_c)^2 expression).
    truncation_radius : str
        ``"arcsec"`` (2 r_200 converted to arcsec; default) or ``"kpc"`` (upstream: 2 r_200 in
        kpc, read as arcsec by the profile).
    """

    cored_normalisation: str = "enclosed_mass"
    truncation_radius: str = "arcsec"


DEFAULT = Conventions()
UPSTREAM = Conventions(cored_normalisation="upstream", truncation_radius="kpc")
_BY_NAME = {"default": DEFAULT, "upstream": UPSTREAM}


def _parse(value) -> Conventions:
    if value not in _BY_NAME:
        raise ValueError(
            f"{process_state.ENV_PREFIX}CONVENTIONS must be one of {sorted(_BY_NAME)} (as JSON strings); got {value!r}."
        )
    return _BY_NAME[value]


def get_conventions() -> Conventions:
    """The conventions in force in this process (:data:`DEFAULT` unless inside :func:`upstream_conventions`)."""
    return process_state.read(_NAME, _parse) or DEFAULT


@contextlib.contextmanager
def upstream_conventions():
    """Reproduce upstream autogalaxy's cored normalisation and truncation radius inside a ``with`` block.

    Profiles constructed inside the block (and in worker processes started inside it) use
    upstream's conventions; the previous choice is restored on exit.  A jitted function keeps
    the conventions it was traced with.

    Examples
    --------
    >>> import autogalaxy_jaxnfw as agj
    >>> with agj.upstream_conventions():
    ...     halo = agj.cNFWMCRLudlowSphJax(mass_at_200=1e10, f_c=0.05)
    """
    with process_state.scoped(_NAME, "upstream"):
        yield UPSTREAM
