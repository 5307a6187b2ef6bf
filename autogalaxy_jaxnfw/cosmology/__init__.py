"""Linear theory of a flat LCDM cosmology.

The :class:`Cosmology` pytree and colossus' presets (:mod:`.parameters`; the domain of a
traced one in :mod:`.traced_domain`), the
Eisenstein & Hu (1998) transfer function (:mod:`.transfer`), the linear growth factor
(:mod:`.growth`), the top-hat variance sigma(R) (:mod:`.sigma` builds its series,
:mod:`.variance` evaluates it), the linear matter correlation function (:mod:`.correlation`),
the extended Press-Schechter spread of progenitor masses
(:mod:`.spread`), the per-cosmology tables with their one cache (:mod:`.tables`), and the
warm-dark-matter suppression of the power spectrum with its half-mode scale
(:mod:`.warm_dark_matter`, for ``Cosmology.m_wdm``): pure functions ``f(cosmology, ...)``.

Layer 1: imports only from :mod:`autogalaxy_jaxnfw.numerics`.
"""

from autogalaxy_jaxnfw.cosmology import (
    correlation,
    growth,
    parameters,
    sigma,
    spread,
    tables,
    traced_domain,
    transfer,
    variance,
    warm_dark_matter,
)
from autogalaxy_jaxnfw.cosmology.parameters import Cosmology, planck13, planck15, planck18, wmap9

__all__ = [
    "Cosmology",
    "correlation",
    "growth",
    "parameters",
    "planck13",
    "planck15",
    "planck18",
    "sigma",
    "spread",
    "tables",
    "traced_domain",
    "transfer",
    "variance",
    "warm_dark_matter",
    "wmap9",
]
