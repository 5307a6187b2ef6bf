"""Halo populations grouped by lens plane without padding to the most crowded plane.

:class:`PlaneLayout` is the static structure of a multi-plane population: the lens planes'
redshifts, the source redshift and the number of slots of each plane.  The slots of all
planes lie in one flat array, plane after plane, so plane p is the static slice
``layout.plane_slice(p)`` and the work is the sum of the planes' slots (about the number of
haloes), not n_planes x the largest plane as in a rectangular (planes, slots) layout.
:func:`plane_halos` puts N haloes (masses, scatters, centres, plane indices, all traceable)
into those slots and computes their truncated-NFW lensing parameters in the trace
(:mod:`.plane_sheets`: each plane's negative mass sheet).
"""

from dataclasses import dataclass
from typing import NamedTuple, Sequence, Tuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.populations.parameters import truncated_nfw_population_parameters
from autogalaxy_jaxnfw.populations.lensing import emptied
from autogalaxy_jaxnfw.halo.relation_choice import Relation
from autogalaxy_jaxnfw.profiles.halo_cosmology import CosmologyLike

__all__ = ["EMPTY_SLOT_MASS", "PlaneHalos", "PlaneLayout", "plane_halos", "plane_rank"]

EMPTY_SLOT_MASS = 1.0e10
"""Stand-in M200c [Msun] of an empty slot: a valid mass keeps every derivative finite; the
slot is then zeroed (kappa_s = 0, ``EMPTY_HALO_RADII``) and masked."""


@dataclass(frozen=True)
class PlaneLayout:
    """Lens planes, source redshift and slots per plane: the static structure of a population.

    Attributes
    ----------
    redshifts : tuple of float
        Increasing redshifts of the lens planes (the source plane excluded).
    redshift_source : float
        Redshift of the source plane, above every lens plane.
    capacities : tuple of int
        Slots of each lens plane (>= 0); haloes beyond a plane's capacity are dropped and
        counted (:attr:`PlaneHalos.n_dropped`).
    """

    redshifts: Tuple[float, ...]
    redshift_source: float
    capacities: Tuple[int, ...]

    def __post_init__(self):
        redshifts = tuple(float(z) for z in self.redshifts)
        capacities = tuple(int(c) for c in self.capacities)
        object.__setattr__(self, "redshifts", redshifts)
        object.__setattr__(self, "redshift_source", float(self.redshift_source))
        object.__setattr__(self, "capacities", capacities)
        every = np.asarray(redshifts + (self.redshift_source,))
        if len(redshifts) < 1 or np.any(np.diff(every) <= 0.0) or every[0] < 0.0:
            raise ValueError(f"plane redshifts must increase from >= 0, the source last; got {every.tolist()}")
        if len(capacities) != len(redshifts) or min(capacities) < 0:
            raise ValueError(f"one capacity >= 0 per lens plane; got {capacities} for {len(redshifts)} planes")

    @classmethod
    def for_planes(cls, plane_index, redshifts: Sequence[float], redshift_source: float, margin: int = 0):
        """The layout whose capacities hold every given realisation: the most haloes any puts on each plane.

        Parameters
        ----------
        plane_index : int array, shape (N,) or (B, N)
            Plane index of every halo (of every realisation of a batch); concrete (NumPy).
        redshifts, redshift_source
            As the attributes.
        margin : int
            Slots added to every plane (for batches drawn later).
        """
        plane_index = np.asarray(plane_index).reshape(-1, np.shape(plane_index)[-1] if np.ndim(plane_index) else 1)
        n_planes = len(redshifts)
        counts = [np.bincount(p[(p >= 0) & (p < n_planes)], minlength=n_planes) for p in plane_index]
        return cls(tuple(redshifts), redshift_source, tuple(int(c) + int(margin) for c in np.max(counts, axis=0)))

    @property
    def n_planes(self) -> int:
        """Lens planes."""
        return len(self.redshifts)

    @property
    def size(self) -> int:
        """Slots of all planes together."""
        return sum(self.capacities)

    @property
    def offsets(self) -> Tuple[int, ...]:
        """First slot of each plane, and the total (length n_planes + 1)."""
        return tuple(int(o) for o in np.concatenate([[0], np.cumsum(self.capacities)]))

    def plane_slice(self, plane: int) -> slice:
        """The slots of lens plane ``plane`` in the flat arrays."""
        return slice(self.offsets[plane], self.offsets[plane + 1])


class PlaneHalos(NamedTuple):
    """Truncated NFW haloes in the slots of a :class:`PlaneLayout`, each array of length ``layout.size``.

    Attributes
    ----------
    centres : jax.Array, shape (size, 2)
        (y, x) in arcsec; 0 in empty slots.
    kappa_s : jax.Array, shape (size,)
        rho_s r_s / Sigma_crit (Sigma_crit of the halo's plane and the source); 0 in empty slots.
    scale_radius, truncation_radius : jax.Array, shape (size,)
        r_s and r_t in arcsec; ``EMPTY_HALO_RADII`` in empty slots.
    mask : jax.Array of bool, shape (size,)
        True where a slot holds a halo.
    slot : jax.Array of int, shape (N,)
        Slot of each given halo, in the order given; ``layout.size`` for a dropped one.
    n_dropped : jax.Array of int, shape ()
        Haloes with a plane index outside 0 .. n_planes - 1 or beyond their plane's capacity.
    """

    centres: jax.Array
    kappa_s: jax.Array
    scale_radius: jax.Array
    truncation_radius: jax.Array
    mask: jax.Array
    slot: jax.Array
    n_dropped: jax.Array


def plane_rank(plane_index, n_planes: int):
    """Each halo's rank among the earlier haloes of its plane, and whether its plane is in 0 .. n_planes - 1."""
    in_plane = plane_index[:, None] == jnp.arange(n_planes)[None, :]
    rank = jnp.sum(jnp.where(in_plane, jnp.cumsum(in_plane, axis=0) - 1, 0), axis=1)
    return rank, jnp.any(in_plane, axis=1)


def _slots(plane_index, layout: PlaneLayout):
    """Flat slot of each halo (``layout.size`` where it has none) and whether it has one."""
    rank, in_a_plane = plane_rank(plane_index, layout.n_planes)
    capacity = jnp.asarray(layout.capacities)[jnp.clip(plane_index, 0, layout.n_planes - 1)]
    placed = in_a_plane & (rank < capacity)
    offset = jnp.asarray(layout.offsets[:-1])[jnp.clip(plane_index, 0, layout.n_planes - 1)]
    return jnp.where(placed, offset + rank, layout.size), placed


def plane_halos(
    mass_at_200,
    centres,
    plane_index,
    layout: PlaneLayout,
    scatter_sigma=0.0,
    cosmology: CosmologyLike = None,
    relation: Relation = None,
    truncation_radius=None,
) -> PlaneHalos:
    """Put N truncated Ludlow haloes into the slots of ``layout``, with their lensing parameters.

    Each halo's kappa_s, r_s and r_t are those of
    :class:`~autogalaxy_jaxnfw.NFWTruncatedMCRScatterLudlowSphJax` with the same mass and
    scatter, ``redshift_object`` its plane's redshift and ``redshift_source`` the layout's
    source redshift (multi-plane ray tracing normalises every plane's deflections to the
    last plane), computed per plane by
    :func:`~autogalaxy_jaxnfw.truncated_nfw_population_parameters` on that plane's slots.
    jit-, vmap- and grad-safe in the masses, scatters, centres and plane indices; the
    layout is structure (its redshifts are evaluated once per plane at trace time).

    Parameters
    ----------
    mass_at_200 : array, shape (N,)
        M200c in Msun.
    centres : array, shape (N, 2)
        (y, x) halo centres in arcsec.
    plane_index : int array, shape (N,)
        Lens plane of each halo (an index into ``layout.redshifts``); a halo with an index
        outside 0 .. n_planes - 1 (e.g. -1 for "no halo") is left out and counted.
    layout : PlaneLayout
        Planes and slots.
    scatter_sigma : float or array, shape (N,)
        Offset from the mean relation in units of 0.15 dex in log10 c.
    cosmology : HaloCosmology, Cosmology or None
        As :func:`~autogalaxy_jaxnfw.truncated_nfw_population_parameters`.
    relation : Relation or None
        As :func:`~autogalaxy_jaxnfw.truncated_nfw_population_parameters`.
    truncation_radius : array, shape (N,), or None
        r_t [arcsec] of each halo in place of 2 r_200 (e.g. pyHalo's models, :mod:`.truncation`);
        None: 2 r_200.

    Returns
    -------
    PlaneHalos
        A halo with invalid input (e.g. a non-positive mass) has NaN parameters, which the
        images then carry rather than hide.
    """
    mass = jnp.atleast_1d(jnp.asarray(mass_at_200, dtype=float))
    n_halos = mass.shape[0]
    centres = jnp.broadcast_to(jnp.asarray(centres, dtype=mass.dtype), (n_halos, 2))
    scatter = jnp.broadcast_to(jnp.asarray(scatter_sigma, dtype=mass.dtype), (n_halos,))
    slot, placed = _slots(jnp.broadcast_to(jnp.asarray(plane_index), (n_halos,)), layout)

    def in_slots(values, fill):
        flat = jnp.full((layout.size,) + values.shape[1:], fill, dtype=values.dtype)
        return flat.at[slot].set(values, mode="drop")

    mask = in_slots(jnp.ones(n_halos, dtype=bool), False)
    # One call: the slots' redshifts are constants of the trace, so the distances and each
    # plane's concentration series are set up once per plane.
    slot_redshift = np.repeat(np.asarray(layout.redshifts), layout.capacities)
    params = truncated_nfw_population_parameters(
        in_slots(mass, EMPTY_SLOT_MASS), in_slots(scatter, 0.0), slot_redshift, layout.redshift_source, cosmology,
        relation,
    )
    if truncation_radius is None:
        truncation_radius = params.truncation_radius
    else:
        truncation_radius = in_slots(jnp.broadcast_to(jnp.asarray(truncation_radius, dtype=mass.dtype), (n_halos,)), 1.0)
    kappa_s, scale_radius, truncation_radius = emptied(mask, params.kappa_s, params.scale_radius, truncation_radius)
    return PlaneHalos(
        centres=in_slots(centres, 0.0),
        kappa_s=kappa_s,
        scale_radius=scale_radius,
        truncation_radius=truncation_radius,
        mask=mask,
        slot=slot,
        n_dropped=n_halos - jnp.sum(placed),
    )

