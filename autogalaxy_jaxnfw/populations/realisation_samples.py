"""A realisation handed to :class:`~autogalaxy_jaxnfw.populations.simulator.PopulationSimulator`."""

import jax.numpy as jnp

from autogalaxy_jaxnfw.populations.planes import EMPTY_SLOT_MASS
from autogalaxy_jaxnfw.populations.realisation import Realisation
from autogalaxy_jaxnfw.populations.realisation_layout import RealisationLayout
from autogalaxy_jaxnfw.populations.simulator import HaloSample
from autogalaxy_jaxnfw.populations.truncation import resolve_truncation

__all__ = ["halo_samples"]


def halo_samples(realisation: Realisation, layout: RealisationLayout):
    """(line-of-sight, subhalo) :class:`~autogalaxy_jaxnfw.populations.simulator.HaloSample` of a realisation, with their ``valid`` masks.

    For :meth:`~autogalaxy_jaxnfw.populations.simulator.PopulationSimulator.realisation` on ``layout.plane_layout``
    (invalid slots carry a stand-in mass and are left out); the sheets go in as ``sheets=``.  Under
    a truncation other than the workspace's the samples carry the realisation's r_t (the
    simulator's own is 2 r_200).
    """
    split = sum(layout.capacities)
    mass = jnp.where(realisation.valid, realisation.mass, EMPTY_SLOT_MASS)
    centres = jnp.where(realisation.valid[..., None], realisation.centres, 0.0)
    scatter = jnp.where(realisation.valid, realisation.scatter_sigma, 0.0)
    fields = (mass, centres, realisation.plane_index, scatter, realisation.valid)
    config = layout.config
    kinds = {resolve_truncation(config.truncation_los, False).kind, resolve_truncation(config.truncation_subhalos, True).kind}
    if kinds != {"workspace"}:
        fields += (jnp.where(realisation.valid, realisation.truncation_radius, 1.0),)
    los = HaloSample(*(f[..., :split] if f.ndim == mass.ndim else f[..., :split, :] for f in fields))
    subhalos = HaloSample(*(f[..., split:] if f.ndim == mass.ndim else f[..., split:, :] for f in fields))
    return los, subhalos
