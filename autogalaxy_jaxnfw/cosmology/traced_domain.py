"""The flat-LCDM model's domain for a traced :class:`~.parameters.Cosmology`, and its NaN-safe stand-in.

A concrete cosmology is checked when it is made (``parameters._check_parameters``); a traced one
cannot raise, so :func:`cosmology_valid` is the same domain as a mask and :func:`valid_or_stand_in`
gives the physics a cosmology inside it wherever the mask is False (the double ``where`` that keeps
values and derivatives finite).
"""

from dataclasses import replace

import jax.numpy as jnp

from autogalaxy_jaxnfw.cosmology.parameters import _LEAF_NAMES, _is_number, planck15

__all__ = ["cosmology_valid", "valid_or_stand_in"]

_STAND_IN = planck15


def cosmology_valid(cosmology):
    """Whether every field lies in the flat-LCDM model's domain: the checks made at construction, traceable.

    h > 0, 0 < Ob0 < Om0 <= 1, sigma8 > 0, Tcmb0 > 0, Neff >= 0, ns finite, Ode0 >= 0, all of
    them finite, and m_wdm > 0 (``inf`` for cold dark matter, which a cosmology whose static
    ``dark_matter`` is ``"cold"`` needs).  NaN anywhere gives False.

    Returns
    -------
    jax.Array of bool
        The broadcast shape of the fields (a scalar for a scalar cosmology).
    """
    h, Om0, Ob0, sigma8, ns, Tcmb0, Neff, m_wdm = (jnp.asarray(v) for v in cosmology.leaves())
    finite = jnp.isfinite(h) & jnp.isfinite(Om0) & jnp.isfinite(Ob0) & jnp.isfinite(sigma8)
    finite = finite & jnp.isfinite(ns) & jnp.isfinite(Tcmb0) & jnp.isfinite(Neff)
    ranges = (h > 0.0) & (0.0 < Ob0) & (Ob0 < Om0) & (Om0 <= 1.0) & (sigma8 > 0.0) & (Tcmb0 > 0.0) & (Neff >= 0.0)
    dark_matter = jnp.isposinf(m_wdm) if cosmology.dark_matter == "cold" else m_wdm > 0.0
    # Ode0 only where the rest holds: h = 0 would make Or0 infinite.
    closes = jnp.where(finite & ranges, cosmology.Ode0, 0.0) >= 0.0
    return finite & ranges & dark_matter & closes


# Fields whose domains are joint (0 < Ob0 < Om0 <= 1, and Ode0 >= 0 through h, Tcmb0 and Neff):
# stood in for together.  sigma8, ns and m_wdm have domains of their own.
_JOINT_FIELDS = ("h", "Om0", "Ob0", "Tcmb0", "Neff")


def valid_or_stand_in(cosmology):
    """(cosmology, valid): a traced cosmology whose traced fields are replaced by planck15's where invalid.

    The physics of a relation then runs at a cosmology inside the domain everywhere, so no
    NaN enters a value or a derivative; the relation marks its entries invalid with
    ``valid`` and sets them to NaN (their derivatives are zero).  Fields that are numbers stay
    numbers, unless they share a joint domain with a traced field (h, Om0, Ob0, Tcmb0, Neff are
    stood in for together): a cosmology traced in m_wdm alone keeps its cold spectrum's fields
    concrete, so the tables of that spectrum stay constants of the trace
    (:func:`~autogalaxy_jaxnfw.cosmology.tables.tables_for`).  A concrete cosmology whose fields
    are numbers was checked when it was made: it is returned unchanged with ``valid = True`` (a
    Python bool).
    """
    if all(_is_number(v) for v in cosmology.leaves()):
        return cosmology, True
    valid = cosmology_valid(cosmology)
    values = dict(zip(_LEAF_NAMES, cosmology.leaves()))
    joint_traced = not all(_is_number(values[n]) for n in _JOINT_FIELDS)
    replaced = [n for n in _LEAF_NAMES if not _is_number(values[n]) or (joint_traced and n in _JOINT_FIELDS)]
    stand_in = {n: jnp.where(valid, values[n], getattr(_STAND_IN, n)) for n in replaced}
    # dataclasses.replace keeps the static dark_matter (Cosmology.replace would re-derive it).
    return replace(cosmology, **stand_in), valid
