"""A profile class on another c(M): the one-liner that makes it, ready for ``af.Model``.

Every mass-parameterised sibling reads its concentration-mass relation from the class
attribute ``relation`` (:class:`~autogalaxy_jaxnfw.Relation`; Ludlow et al. 2016 in 200c by
default).  :func:`with_relation` returns a named subclass with another one::

    Halo = agj.with_relation(agj.NFWTruncatedMCRLudlowSphJax, agj.Relation(model="diemer19", mass_definition="vir"))
    model = af.Model(Halo)

The subclass lives in its parent's module, so autofit, which looks a class' priors up by its
import path and then falls back to its parents', gives it the parent's shipped priors
(``config/priors/profiles/<module>.yaml``).  In a definition other than 200c the
``mass_at_200`` argument is the halo mass in that definition (Msun): its prior is the
parent's M200c range, which covers the same haloes to within the factor between the
definitions.
"""

from autogalaxy_jaxnfw.halo.relation_choice import Relation

__all__ = ["with_relation"]


def with_relation(profile_class, relation, name=None):
    """A subclass of ``profile_class`` whose haloes follow ``relation``.

    Parameters
    ----------
    profile_class : type
        A mass-parameterised sibling, e.g. ``agj.NFWTruncatedMCRLudlowSphJax``.
    relation : Relation
        The c(M), its mass definition and dark-matter model.
    name : str or None
        The class name; by default the parent's followed by :attr:`Relation.label`, e.g.
        ``NFWTruncatedMCRLudlowSphJaxDiemer19Vir``.

    Returns
    -------
    type

    Raises
    ------
    TypeError
        If ``profile_class`` has no ``relation`` attribute or ``relation`` is not a Relation.
    """
    if not isinstance(relation, Relation):
        raise TypeError(f"relation must be an autogalaxy_jaxnfw.Relation; got {type(relation).__name__}")
    if not isinstance(getattr(profile_class, "relation", None), Relation):
        raise TypeError(f"{profile_class!r} is not a mass-parameterised sibling (no class attribute 'relation')")
    name = name or f"{profile_class.__name__}{relation.label}"
    doc = f"{profile_class.__name__} on {relation!r}; see :func:`autogalaxy_jaxnfw.with_relation`."
    return type(name, (profile_class,), {"relation": relation, "__module__": profile_class.__module__, "__doc__": doc})
