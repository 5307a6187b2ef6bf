"""Drop-in, JAX-native replacements for autogalaxy's ``*MCRScatterLudlow*`` dark-matter profiles.

Importing this package registers ``autogalaxy_jaxnfw/config`` with autonerves' config
system, so ``af.Model(NFWMCRScatterLudlowJax)`` finds its priors
(``config/priors/profiles/*.yaml``; autofit looks priors up by the class' import path,
``autogalaxy_jaxnfw.profiles.<module>.<Class>.<argument>``, matching any trailing part of
it, so ``profiles/nfw_mcr_scatter.yaml`` with a top-level ``NFWMCRScatterLudlowJax`` key
serves ``autogalaxy_jaxnfw.profiles.nfw_mcr_scatter.NFWMCRScatterLudlowJax``).
"""

from pathlib import Path

from autonerves import conf

from autogalaxy_jaxnfw.profiles.cnfw_mcr_scatter import cNFWMCRScatterLudlowJax, cNFWMCRScatterLudlowSphJax
from autogalaxy_jaxnfw.profiles.halo_cosmology import (
    HaloCosmology,
    get_cosmology,
    set_cosmology,
    use_cosmology,
)
from autogalaxy_jaxnfw.profiles.nfw_mcr_scatter import NFWMCRScatterLudlowJax, NFWMCRScatterLudlowSphJax
from autogalaxy_jaxnfw.profiles.nfw_parameters import (
    NFWParameters,
    cnfw_parameters_from,
    nfw_parameters_from,
    penarrubia_normalisation,
)
from autogalaxy_jaxnfw.profiles.nfw_truncated_mcr_scatter import NFWTruncatedMCRScatterLudlowSphJax

__all__ = [
    "HaloCosmology",
    "NFWMCRScatterLudlowJax",
    "NFWMCRScatterLudlowSphJax",
    "NFWParameters",
    "NFWTruncatedMCRScatterLudlowSphJax",
    "cNFWMCRScatterLudlowJax",
    "cNFWMCRScatterLudlowSphJax",
    "cnfw_parameters_from",
    "get_cosmology",
    "nfw_parameters_from",
    "penarrubia_normalisation",
    "set_cosmology",
    "use_cosmology",
]

CONFIG_PATH = Path(__file__).resolve().parent.parent / "config"

# What autogalaxy and autofit do in their own __init__ (``conf.instance.register``): slot our
# defaults in just behind the user's workspace config, ahead of autogalaxy's.  Ahead matters:
# autofit falls back to a parent class' priors, and the parent classes' priors live in
# autogalaxy's config, so with ours behind it an ``af.Model`` could silently pick those up.
conf.instance.push(CONFIG_PATH, keep_first=True)
