"""How a mass function is made for warm dark matter: the ``warm=`` argument of the mass function.

The fits of :mod:`.multiplicity_models` are calibrated on cold spectra; for a cosmology with
a finite ``m_wdm`` the user chooses how the warm abundance is made:

* ``warm="lovell20"`` (or another key of
  :data:`~autogalaxy_jaxnfw.lss.warm_turnover.TURNOVERS`, or a
  :class:`~autogalaxy_jaxnfw.lss.warm_turnover.Turnover`): route (a), the model on the cold
  spectrum (the cosmology with ``m_wdm = inf``) times the simulation-fitted ratio
  n_wdm / n_cdm at the half-mode mass of ``m_wdm`` (:mod:`.warm_turnover`);
* ``warm="sharp_k"`` (or a
  :class:`~autogalaxy_jaxnfw.lss.sharp_k_mass_function.SharpKModel`): route (b), extended
  Press-Schechter theory on the warm spectrum itself through a sharp-k filter
  (:mod:`.sharp_k_mass_function`); its multiplicity is Sheth-Tormen's with the sharp-k
  parameters, so it takes ``model="sheth99"`` (and ``mdef="fof"``).

``warm=None`` (the default) is the cold model: with a concrete warm cosmology it raises
``ValueError`` naming ``warm`` -- as the concentration relations do without
``warm="bose16"`` -- rather than return the cold number for a warm cosmology or pick a route
for the user: the two routes differ by orders of magnitude far below the half-mode mass
(docs/research/abundance_warm.md).  With a traced ``m_wdm``, ``warm=None`` is valid only where
``m_wdm`` is ``inf`` (NaN with zero derivatives elsewhere), as the halo bias and the abundance
integrals, cold fits without a ``warm=`` route, are.  For a cold cosmology every ``warm`` gives the cold mass function (the
turnover is 1, the sharp-k route is its own cold model).
"""

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.parameters import require_cosmology
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.lss.sharp_k_mass_function import DEFAULT_SHARP_K_MODEL, SHARP_K_MODELS, SharpKModel
from autogalaxy_jaxnfw.lss.warm_turnover import TURNOVERS, Turnover
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = ["cold_fit_cosmology", "cold_only", "is_static", "turnover_cosmologies", "warm_route"]


def warm_route(warm):
    """``warm`` as None (the cold model), a :class:`Turnover` (route a) or a :class:`SharpKModel` (route b).

    Raises
    ------
    ValueError
        For anything else, naming ``warm`` and the allowed values.
    """
    if warm is None or isinstance(warm, (Turnover, SharpKModel)):
        return warm
    if isinstance(warm, str):
        if warm == "sharp_k":
            return SHARP_K_MODELS[DEFAULT_SHARP_K_MODEL]
        if warm in TURNOVERS:
            return TURNOVERS[warm]
    raise ValueError(
        f"warm must be None, 'sharp_k', one of {sorted(TURNOVERS)}, a Turnover or a SharpKModel; got {warm!r}"
    )


def cold_fit_cosmology(cosmology, refusal):
    """The cosmology a fit calibrated on cold spectra is evaluated on, and where that is the one asked for.

    A traced cosmology runs at a valid stand-in where a field leaves its domain
    (:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.valid_or_stand_in`) and on its cold spectrum
    (``m_wdm = inf``), valid only where ``m_wdm`` is ``inf``: no NaN reaches the fit's value or
    derivatives, and the caller masks with the flag.  A concrete finite ``m_wdm`` raises
    ``ValueError(refusal(m_wdm))``.
    """
    require_cosmology(cosmology)
    if cosmology.dark_matter == "warm" and not is_traced(cosmology.m_wdm) and not np.all(np.isposinf(cosmology.m_wdm)):
        raise ValueError(refusal(cosmology.m_wdm))
    cosmology, ok = valid_or_stand_in(cosmology)
    if cosmology.dark_matter == "cold":
        return cosmology, ok
    return cosmology.replace(m_wdm=float("inf")), ok & jnp.isposinf(cosmology.m_wdm)


def cold_only(cosmology, model):
    """:func:`cold_fit_cosmology` for ``warm=None``, whose refusal names ``warm`` and its routes."""
    return cold_fit_cosmology(cosmology, lambda m_wdm: (
        f"warm must be a turnover (route a: 'lovell20', 'lovell14', 'schneider12' or a Turnover) or 'sharp_k'"
        f" (route b, with model='sheth99') for a warm-dark-matter cosmology (m_wdm = {m_wdm} keV):"
        f" model {model!r} is a cold-dark-matter fit; got warm=None (or use a cold cosmology, m_wdm = inf)"
    ))


def turnover_cosmologies(cosmology):
    """(the cosmology, its cold spectrum, validity) for a turnover route, at a valid stand-in where traced fields are not."""
    cosmology, ok = valid_or_stand_in(require_cosmology(cosmology))
    return cosmology, cosmology.replace(m_wdm=float("inf")), ok


def is_static(route):
    """Whether ``route`` holds Python numbers only (hashable: a static argument of the compiled program)."""
    return route is None or all(isinstance(x, (int, float)) for x in route)
