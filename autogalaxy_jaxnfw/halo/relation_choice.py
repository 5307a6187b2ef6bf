"""Which c(M) a halo follows: a concentration-mass relation, its mass definition and its dark matter.

A :class:`Relation` names one choice, frozen and hashable (a static argument under
``jax.jit``), which the profiles (their class attribute ``relation``) and the population
functions (their ``relation=`` argument) evaluate:

* ``model`` and ``options``: a relation of :data:`~autogalaxy_jaxnfw.halo.concentration.MODELS`
  (``"ludlow16"``, ``"diemer19"``, ``"ishiyama21"``) with its options;
* ``mass_definition``: the definition of the halo mass the relation is given
  (``"200c"``, ``"vir"``, ``"200m"``, ...); a halo is then converted to M200c and c200c
  exactly (:func:`~autogalaxy_jaxnfw.halo.mass_definitions.change_mass_definition`);
* ``warm``: how the cosmology's warm-dark-matter particle ``m_wdm`` enters c:

  ``"none"``
      the model on the cosmology's linear spectrum, as
      :func:`~autogalaxy_jaxnfw.halo.concentration.concentration` evaluates it (cold dark
      matter for a cold cosmology).  Only Ludlow et al. (2016) is a model of the spectrum
      itself, so a warm cosmology with another model is an error: choose ``"bose16"``.
  ``"spectrum"``
      Ludlow et al. (2016) on the cosmology's (warm) spectrum, stated explicitly: the same
      numbers as ``"none"``, and an error for any other model.
  ``"bose16"``
      the model's cold c200c times the Bose et al. (2016, eq. 17) factor, in 200c, the
      definition that fit is made in; other definitions follow by conversion
      (:mod:`~autogalaxy_jaxnfw.halo.concentration`).

``Relation()`` is Ludlow et al. (2016) in 200c on the cosmology's spectrum: the relation of
autogalaxy's ``*MCRLudlow*`` profiles, evaluated by the same calls as before it existed.
"""

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.warm_dark_matter import is_cold
from autogalaxy_jaxnfw.halo.concentration import MODELS, concentration_with_mask, resolve_options
from autogalaxy_jaxnfw.halo.ludlow16.relation import concentration_ludlow16_with_mask
from autogalaxy_jaxnfw.numerics.tracing import is_traced
from autogalaxy_jaxnfw.halo.mass_definitions import (
    SAFE_CONCENTRATION,
    SAFE_MASS,
    change_mass_definition_with_mask,
    parse_mass_definition,
)

__all__ = ["DEFAULT_RELATION", "Halo200c", "Relation", "WARM_MODES"]

WARM_MODES = ("none", "spectrum", "bose16")
"""The allowed values of :attr:`Relation.warm`."""
_200C = parse_mass_definition("200c")


class Halo200c(NamedTuple):
    """A halo expressed in 200c, Msun/h, with its validity."""

    M200c: jax.Array
    c200c: jax.Array
    valid: jax.Array


@dataclass(frozen=True)
class Relation:
    """One concentration-mass relation in one mass definition for one dark-matter model.

    Parameters
    ----------
    model : {"ludlow16", "diemer19", "ishiyama21"}
    mass_definition : str
        ``"200c"``, ``"vir"``, ``"<Delta>c"`` or ``"<Delta>m"`` (colossus' names).
    warm : {"none", "spectrum", "bose16"}
        See the module docstring.
    options : dict
        The model's options (:data:`~autogalaxy_jaxnfw.halo.concentration.MODELS`); stored
        with the defaults filled in, as a sorted tuple of pairs.

    Raises
    ------
    ValueError
        For an unknown model, option, option value, mass definition or ``warm``, listing
        the allowed values, or ``warm="spectrum"`` with a model other than ``"ludlow16"``.

    Examples
    --------
    >>> Relation(model="diemer19", mass_definition="vir", options={"statistic": "mean"})
    """

    model: str = "ludlow16"
    mass_definition: str = "200c"
    warm: str = "none"
    options: Any = field(default=())

    def __post_init__(self):
        if self.model not in MODELS:
            raise ValueError(f"Relation: model must be one of {tuple(MODELS)}; got {self.model!r}")
        parse_mass_definition(self.mass_definition)
        if self.warm not in WARM_MODES:
            raise ValueError(f"Relation: warm must be one of {WARM_MODES}; got {self.warm!r}")
        if self.warm == "spectrum" and self.model != "ludlow16":
            raise ValueError(
                f"Relation: warm='spectrum' is Ludlow et al. (2016)'s own physics, model 'ludlow16' only; "
                f"got model {self.model!r} (use warm='bose16' for any cold relation)"
            )
        options = dict(self.options)
        object.__setattr__(self, "options", tuple(sorted(resolve_options(self.model, options).items())))

    @property
    def is_200c(self) -> bool:
        """Whether the relation's mass definition is 200c (no conversion)."""
        return parse_mass_definition(self.mass_definition) == _200C

    def concentration_with_mask(self, M, z, cosmology):
        """(c, valid) in :attr:`mass_definition` at M [Msun/h, in that definition] and z.

        Raises
        ------
        ValueError
            For ``warm="none"``, a model other than Ludlow et al. (2016) and a warm cosmology
            with a concrete finite ``m_wdm``; a traced one gives NaN with ``valid = False``
            where it is finite.
        """
        calibrated = is_cold(cosmology) or is_traced(cosmology.m_wdm) or np.isposinf(cosmology.m_wdm)
        if self.warm == "none" and self.model != "ludlow16" and not calibrated:
            raise ValueError(
                f"Relation: model {self.model!r} is calibrated on cold spectra; with a warm cosmology "
                "(m_wdm finite) choose warm='bose16'"
            )
        options = dict(self.options)
        if self.model == "ludlow16" and self.is_200c and self.warm != "bose16":
            return concentration_ludlow16_with_mask(M, z, cosmology, options["method"])
        warm = "bose16" if self.warm == "bose16" else "none"
        return concentration_with_mask(M, self.mass_definition, z, self.model, cosmology, warm=warm, **options)

    def halo_200c(self, M, c, z, cosmology) -> Halo200c:
        """The NFW halo of mass M [Msun/h] and concentration c in :attr:`mass_definition`, in 200c.

        The identity for a 200c relation; otherwise the exact change of definition.  Invalid
        entries keep finite stand-in values (mass 1e12, c = 5) with ``valid = False``.
        """
        if self.is_200c:
            M = jnp.asarray(M, dtype=float)
            return Halo200c(M, c, jnp.ones(jnp.shape(M), dtype=bool))
        converted, valid = change_mass_definition_with_mask(M, c, z, self.mass_definition, "200c", cosmology)
        M200c = jnp.where(valid, converted.M, SAFE_MASS)
        return Halo200c(M200c, jnp.where(valid, converted.c, SAFE_CONCENTRATION), valid)

    @property
    def label(self) -> str:
        """CamelCase: model, definition unless 200c, non-default options, warm mode (``"Diemer19VirMean"``)."""
        parts = [self.model.capitalize()] + ([] if self.is_200c else [self.mass_definition.capitalize()])
        defaults = {name: values[0] for name, values in MODELS[self.model].items()}
        parts += [str(value).capitalize() for name, value in self.options if value != defaults[name]]
        if self.warm != "none":
            parts.append(self.warm.capitalize())
        return "".join(parts)


# A static pytree (no leaves): a Relation may also be passed through jit as an ordinary argument.
jax.tree_util.register_static(Relation)

DEFAULT_RELATION = Relation()
"""Ludlow et al. (2016) in 200c: the relation of autogalaxy's ``*MCRLudlow*`` profiles."""
