"""Drop-in, JAX-native siblings of every autogalaxy mass profile built on the Ludlow et al. (2016) relation.

Each upstream class ``<Name>`` (a name in ``autogalaxy.mp`` containing ``Ludlow``) has a
sibling ``<Name>Jax`` that subclasses it, takes the same constructor arguments and computes
its parameters through :mod:`autogalaxy_jaxnfw.profiles.nfw_parameters` instead of
``mcr_util``.  A sibling whose parent the installed autogalaxy release lacks is skipped
(``SIBLINGS`` holds those that exist).

Importing this package registers ``autogalaxy_jaxnfw/config`` with autonerves' config
system, so ``af.Model(NFWMCRScatterLudlowJax)`` finds its priors
(``config/priors/profiles/<module>.yaml``; autofit looks priors up by the class' import path,
``autogalaxy_jaxnfw.profiles.<module>.<Class>.<argument>``, matching any trailing part of
it, so ``profiles/nfw_mcr_scatter.yaml`` with a top-level ``NFWMCRScatterLudlowJax`` key
serves ``autogalaxy_jaxnfw.profiles.nfw_mcr_scatter.NFWMCRScatterLudlowJax``).

Layer 4: imports from :mod:`autogalaxy_jaxnfw.lensing` and below.
"""

import importlib
from pathlib import Path

from autonerves import conf

from autogalaxy_jaxnfw.profiles.cored_normalisation import cored_nfw_normalisation, penarrubia_normalisation
from autogalaxy_jaxnfw.profiles.halo_cosmology import (
    HaloCosmology,
    get_cosmology,
    set_cosmology,
    use_cosmology,
)
from autogalaxy_jaxnfw.profiles.nfw_parameters import NFWParameters, cnfw_parameters_from, nfw_parameters_from

# module of this package: the siblings it defines (in the order of upstream's modules).
_MODULES = {
    "nfw_mcr_scatter": ("NFWMCRScatterLudlowJax", "NFWMCRScatterLudlowSphJax"),
    "nfw_mcr": ("NFWMCRLudlowJax", "NFWMCRLudlowSphJax"),
    "cnfw_mcr_scatter": ("cNFWMCRScatterLudlowJax", "cNFWMCRScatterLudlowSphJax"),
    "cnfw_mcr": ("cNFWMCRLudlowJax", "cNFWMCRLudlowSphJax"),
    "nfw_truncated_mcr_scatter": ("NFWTruncatedMCRScatterLudlowSphJax",),
    "nfw_truncated_mcr": ("NFWTruncatedMCRLudlowSphJax",),
    "gnfw_mcr": ("gNFWMCRLudlowJax",),
    "kaplinghat_mcr": ("KaplinghatCoredNFWMCRLudlowSphJax",),
    "yang24_mcr": ("YangSIDMMCRLudlowSphJax",),
}


def _import_siblings() -> dict:
    """The sibling classes by name, skipping modules whose autogalaxy parent cannot be imported."""
    siblings = {}
    for module, names in _MODULES.items():
        try:
            loaded = importlib.import_module(f"{__name__}.{module}")
        except ImportError as error:
            # Only a missing *autogalaxy* parent is expected (an older release); anything else is a bug.
            if not (error.name or "").startswith("autogalaxy."):
                raise
            continue
        siblings.update({name: getattr(loaded, name) for name in names})
    return siblings


SIBLINGS = _import_siblings()
"""The ``<UpstreamName>Jax`` classes available with the installed autogalaxy, by name."""
globals().update(SIBLINGS)

# Beyond the siblings: the dark-matter particle, or another mass definition, as a parameter.
from autogalaxy_jaxnfw.profiles.nfw_mcr_mass_definition import NFWMCRLudlowMassDefinitionSphJax  # noqa: E402
from autogalaxy_jaxnfw.profiles.nfw_mcr_warm import NFWMCRWarmLudlowSphJax, warm_pairing  # noqa: E402
from autogalaxy_jaxnfw.profiles.relation_subclass import with_relation  # noqa: E402

__all__ = [
    "HaloCosmology",
    "NFWMCRLudlowMassDefinitionSphJax",
    "NFWMCRWarmLudlowSphJax",
    "NFWParameters",
    "SIBLINGS",
    "cnfw_parameters_from",
    "cored_nfw_normalisation",
    "get_cosmology",
    "nfw_parameters_from",
    "penarrubia_normalisation",
    "set_cosmology",
    "use_cosmology",
    "warm_pairing",
    "with_relation",
    *SIBLINGS,
]

CONFIG_PATH = Path(__file__).resolve().parent.parent / "config"

# What autogalaxy and autofit do in their own __init__ (``conf.instance.register``): slot our
# defaults in just behind the user's workspace config, ahead of autogalaxy's.  Ahead matters:
# autofit falls back to a parent class' priors, and the parent classes' priors live in
# autogalaxy's config, so with ours behind it an ``af.Model`` could silently pick those up.
conf.instance.push(CONFIG_PATH, keep_first=True)
