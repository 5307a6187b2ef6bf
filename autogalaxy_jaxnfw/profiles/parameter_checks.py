"""The validity masks of the halo parameters: stand-in values, and the NumPy path's error messages."""

import numpy as np
from autogalaxy import exc

from autogalaxy_jaxnfw.halo.model_domains import MODEL_DOMAINS, MODEL_NAMES
from autogalaxy_jaxnfw.halo.mass_definitions import SAFE_CONCENTRATION, SAFE_MASS
from autogalaxy_jaxnfw.halo.relation_choice import DEFAULT_RELATION

__all__ = ["CONCENTRATION_RANGE", "SAFE", "SCATTER_DEX", "raise_for_invalid"]

SCATTER_DEX = 0.15
"""Upstream's log10-concentration step per unit of ``scatter_sigma`` [dex]."""

CONCENTRATION_RANGE = (1.0e-3, 1.0e6)
"""Concentrations (after scatter) outside which ln(1 + c) - c / (1 + c) loses its digits to
cancellation (low end) or the profile is a point mass (high end); reached only for
|scatter_sigma| of order 20."""

# Stand-ins at which invalid entries are evaluated before being masked to NaN ("double where");
# the mass is the concentration's own stand-in.
SAFE = dict(mass=SAFE_MASS, redshift=0.5, concentration=SAFE_CONCENTRATION, f_c=0.01)


def _show(value):
    return np.array2string(np.asarray(value), precision=6)


def _undefined_concentration(inputs, relation):
    """Which relation has no c at the halo, in which definition, and where that relation is defined."""
    warm = " times Bose et al. (2016)'s warm factor" if relation.warm == "bose16" else ""
    converted = "" if relation.is_200c else f"; a {relation.mass_definition} mass is converted, its 200c halo must lie there"
    return (
        f"The {MODEL_NAMES[relation.model]} concentration{warm} is undefined for "
        f"mass_at_200={_show(inputs['mass_at_200'])} Msun (its mass in {relation.mass_definition}) at "
        f"redshift_object={_show(inputs['redshift_object'])}: {relation!r} is defined for "
        f"{MODEL_DOMAINS[relation.model]}{converted} "
        "(see autogalaxy_jaxnfw.concentration_with_mask; mass_at_200 is in Msun, the ranges in Msun/h)."
    )


def _messages(inputs, c_mean, relation):
    """One message-building function per named mask of :func:`~.nfw_parameters` (built lazily)."""
    return {
        "mass_at_200": lambda: f"mass_at_200 must be finite and > 0 [Msun]; got {_show(inputs['mass_at_200'])}.",
        "scatter_sigma": lambda: f"scatter_sigma must be finite; got {_show(inputs['scatter_sigma'])}.",
        "redshift_object": lambda: (
            f"redshift_object must be finite and > 0 (the angular scale vanishes at z = 0); "
            f"got {_show(inputs['redshift_object'])}."
        ),
        "redshift_source": lambda: (
            "redshift_source must be finite and above redshift_object (Sigma_crit is infinite "
            f"or negative otherwise); got redshift_source={_show(inputs['redshift_source'])}, "
            f"redshift_object={_show(inputs['redshift_object'])}."
        ),
        "f_c": lambda: f"f_c = r_core / r_s must be finite, > 0 and != 1; got {_show(inputs['f_c'])}.",
        "concentration": lambda: _undefined_concentration(inputs, relation),
        "scattered_concentration": lambda: (
            f"scatter_sigma={_show(inputs['scatter_sigma'])} puts the concentration, "
            f"c200c={_show(c_mean)} x 10^({SCATTER_DEX} scatter_sigma), outside the supported "
            f"range {CONCENTRATION_RANGE}."
        ),
        "mass_definition": lambda: (
            f"The halo of mass {_show(inputs['mass_at_200'])} Msun (in its relation's mass definition) "
            f"and c = {_show(c_mean)} x 10^({SCATTER_DEX} scatter_sigma) has no M200c (the change of "
            "definition did not converge)."
        ),
        "cored_normalisation": lambda: (
            f"f_c={_show(inputs['f_c'])} gives a non-positive cored-NFW mass normalisation at "
            f"c200c={_show(c_mean)} x 10^({SCATTER_DEX} scatter_sigma): upstream's expression "
            "(autogalaxy_jaxnfw.upstream_conventions() is in force) is positive only for f_c "
            "below roughly 0.15-0.25."
        ),
    }


def raise_for_invalid(ok, inputs, c_mean, relation=DEFAULT_RELATION) -> None:
    """Raise ``ModelParameterException`` for the first mask of ``ok`` that is not all true.

    Parameters
    ----------
    ok : dict
        Named boolean masks, in the order they are checked.
    inputs : dict
        The halo arguments, for the message.
    c_mean : float or array
        The mean concentration, for the message.
    relation : Relation
        The halo's c(M), named (with its domain) where its concentration is undefined.

    Raises
    ------
    autogalaxy.exc.ModelParameterException
        A ``ValueError`` and an autofit ``FitException``, so a NumPy-path search resamples.
    """
    messages = _messages(inputs, c_mean, relation)
    for name, mask in ok.items():
        if not np.all(mask):
            raise exc.ModelParameterException(messages[name]())
