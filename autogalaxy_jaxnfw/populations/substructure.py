"""Halo masses to the halo arrays of autolens' multi-plane substructure simulator, inside a trace.

autolens' ``autolens.lens.substructure_util`` ray-traces N truncated NFW haloes spread over
lens planes with one ``jax.lax.scan`` (``simulate_substructure``), but it takes the haloes
as an array of lensing parameters, ``(n_planes, max_n, 5)`` = (centre_y, centre_x,
kappa_s, scale_radius, truncation_radius) plus a slot mask, which it builds in NumPy from
``Galaxy`` objects (``galaxies_to_halo_arrays``).  :func:`truncated_halo_arrays` builds the
same arrays from masses, scatters, centres and plane indices with the Ludlow et al. (2016)
relation of this package, so the halo masses can be traced (jit, vmap over realisations,
grad), and :class:`TruncatedNFWHalos` is a ``halo_profile_cls`` for the simulator that
evaluates the deflections with this package's exact radial functions.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.populations.halo_arguments import check_fits, plane_indices, positive_count
from autogalaxy_jaxnfw.populations.plane_sheets import projected_mass
from autogalaxy_jaxnfw.populations.planes import EMPTY_SLOT_MASS, plane_rank
from autogalaxy_jaxnfw.populations.parameters import truncated_nfw_population_parameters
from autogalaxy_jaxnfw.populations.lensing import (
    DEFAULT_CHUNK_SIZE,
    EMPTY_HALO_RADII,
    emptied,
    truncated_nfw_population_deflections,
)
from autogalaxy_jaxnfw.halo.relation_choice import Relation
from autogalaxy_jaxnfw.numerics.inputs import as_float, as_float64
from autogalaxy_jaxnfw.profiles.halo_cosmology import CosmologyLike

__all__ = ["SubstructureHalos", "TruncatedNFWHalos", "mean_convergence_sheets", "truncated_halo_arrays"]


class SubstructureHalos(NamedTuple):
    """Truncated NFW haloes laid out by lens plane, as ``substructure_util`` takes them.

    Attributes
    ----------
    params : jax.Array, shape (n_planes, max_per_plane, 5)
        (centre_y [arcsec], centre_x [arcsec], kappa_s, scale_radius [arcsec],
        truncation_radius [arcsec]) per slot, the column order of
        ``substructure_util.galaxies_to_halo_arrays`` for ``NFWTruncatedSph``.  Empty slots
        hold (0, 0, 0, 1, 2).
    mask : jax.Array of bool, shape (n_planes, max_per_plane)
        True where a slot holds a halo.
    n_dropped : jax.Array of int, shape ()
        Haloes that found no slot: a plane index outside 0 .. n_planes - 2 (the last plane
        is the source) or a plane already holding ``max_per_plane`` haloes.
    """

    params: jax.Array
    mask: jax.Array
    n_dropped: jax.Array


def truncated_halo_arrays(
    mass_at_200,
    centres,
    plane_index,
    plane_redshifts,
    max_per_plane: int,
    scatter_sigma=0.0,
    cosmology: CosmologyLike = None,
    relation: Relation = None,
) -> SubstructureHalos:
    """Lay N truncated Ludlow haloes out as the halo arrays of ``substructure_util.simulate_substructure``.

    Each halo's kappa_s, r_s and r_t are those of
    :class:`~autogalaxy_jaxnfw.NFWTruncatedMCRScatterLudlowSphJax` with the same mass,
    scatter and redshifts (computed by
    :func:`~autogalaxy_jaxnfw.truncated_nfw_population_parameters`, the truncation radius
    included), with ``redshift_object`` its plane's redshift and ``redshift_source`` the
    last plane's, as autolens' multi-plane ray tracing normalises every plane to the last
    one.  jit-, vmap- and grad-safe in the masses, scatters, centres and plane indices;
    the plane redshifts and the capacity are structure (concrete), so the distances are
    evaluated once per plane at trace time.

    Parameters
    ----------
    mass_at_200 : array, shape (N,)
        M200c in Msun.
    centres : array, shape (N, 2)
        (y, x) halo centres in arcsec.
    plane_index : int array, shape (N,)
        Index into ``plane_redshifts`` of each halo's plane; a halo with an index outside
        0 .. n_planes - 2 (e.g. -1 for "no halo") is left out and counted in ``n_dropped``.
    plane_redshifts : sequence of float, length n_planes
        Increasing redshifts of every plane of the simulator, the source plane last (the
        list given to ``substructure_util.precompute_scaling_matrix``).
    max_per_plane : int
        Slots per plane (``max_n``); haloes beyond it are dropped and counted.
    scatter_sigma : float or array, shape (N,)
        Offset from the mean relation in units of 0.15 dex in log10 c.
    cosmology : HaloCosmology, Cosmology or None
        As :func:`~autogalaxy_jaxnfw.truncated_nfw_population_parameters`.
    relation : Relation or None
        As :func:`~autogalaxy_jaxnfw.truncated_nfw_population_parameters`.

    Returns
    -------
    SubstructureHalos
        A halo with invalid input (e.g. a non-positive mass) has NaN parameters, which the
        simulator propagates to the image rather than hiding.
    """
    plane_redshifts = as_float64(plane_redshifts, "plane_redshifts")
    if plane_redshifts.ndim != 1 or plane_redshifts.size < 2 or not np.all(np.diff(plane_redshifts) > 0.0):
        raise ValueError(f"plane_redshifts must increase, the source plane last; got {plane_redshifts}")
    max_per_plane = positive_count(max_per_plane, "max_per_plane")
    mass = jnp.atleast_1d(as_float(mass_at_200, "mass_at_200"))
    n_halos, n_planes = mass.shape[0], plane_redshifts.size
    centres, scatter = as_float(centres, "centres"), as_float(scatter_sigma, "scatter_sigma")
    plane = plane_indices(plane_index)
    check_fits("centres", centres, (n_halos, 2))
    check_fits("scatter_sigma", scatter, (n_halos,))
    check_fits("plane_index", plane, (n_halos,))
    centres = jnp.broadcast_to(jnp.asarray(centres), (n_halos, 2))
    scatter = jnp.broadcast_to(jnp.asarray(scatter), (n_halos,))
    plane = jnp.broadcast_to(plane, (n_halos,))

    # Slot of each halo within its plane: its rank among the earlier haloes of that plane.
    rank, in_a_plane = plane_rank(plane, n_planes - 1)
    placed = in_a_plane & (rank < max_per_plane)
    # Unplaced haloes are written out of range and dropped by the scatter.
    row = jnp.where(placed, plane, n_planes)
    slot = jnp.where(placed, rank, max_per_plane)

    def laid_out(values, fill):
        grid = jnp.full((n_planes, max_per_plane) + values.shape[1:], fill, dtype=values.dtype)
        return grid.at[row, slot].set(values, mode="drop")

    mask = laid_out(jnp.ones(n_halos, dtype=bool), False)
    lens_mask = mask[:-1]
    halo = truncated_nfw_population_parameters(
        laid_out(mass, EMPTY_SLOT_MASS)[:-1],
        laid_out(scatter, 0.0)[:-1],
        plane_redshifts[:-1, None],
        plane_redshifts[-1],
        cosmology,
        relation,
    )
    per_slot = emptied(lens_mask, halo.kappa_s, halo.scale_radius, halo.truncation_radius)
    # The source plane deflects nothing: one empty row keeps autolens' (n_planes, ...) layout.
    empty = (0.0,) + EMPTY_HALO_RADII
    per_slot = [jnp.concatenate([p, jnp.full((1, max_per_plane), e)]) for p, e in zip(per_slot, empty)]
    params = jnp.concatenate([laid_out(centres, 0.0), jnp.stack(per_slot, axis=-1)], axis=-1)
    return SubstructureHalos(params=params, mask=mask, n_dropped=n_halos - jnp.sum(placed))


def mean_convergence_sheets(halos: SubstructureHalos, area) -> jax.Array:
    """Per plane, minus the mean convergence of its haloes over ``area``: ``sheet_kappas`` for the simulator.

    A negative mass sheet per plane that removes the mean density its haloes add over the
    light cone, so the haloes perturb a mean-density universe (autolens' ``LOSSampler``
    builds such sheets from the expected population; these cancel the realised one).  A
    truncated NFW halo projects a total mass 4 pi kappa_s r_s^2 m(inf, tau) Sigma_crit,

        m(inf, tau) = tau^2 / (tau^2 + 1)^2 [(tau^2 - 1) ln tau + pi tau - (tau^2 + 1)],

    tau = r_t / r_s (Baltz, Marshall & Oguri 2009, eq. 10 with autogalaxy's normalisation).

    Parameters
    ----------
    halos : SubstructureHalos
        The haloes, as :func:`truncated_halo_arrays` lays them out.
    area : float
        Solid angle of the light cone [arcsec^2], e.g. pi R^2; > 0.

    Returns
    -------
    jax.Array, shape (n_planes,)
        Convergence of each plane's sheet (<= 0); NaN for a non-positive or non-finite area
        and for a plane holding an invalid (NaN) halo.

    Raises
    ------
    TypeError
        For ``halos`` not a :class:`SubstructureHalos` or ``area`` not a number, naming them.
    """
    if not isinstance(halos, SubstructureHalos):
        raise TypeError(f"halos must be the SubstructureHalos of truncated_halo_arrays; got {type(halos).__name__}")
    area = as_float(area, "area")
    # Double where: a non-positive area has no sheet (NaN), and 1 / area there no derivative.
    area_ok = jnp.isfinite(area) & (area > 0.0)
    kappa_s, scale_radius, truncation_radius = (halos.params[..., i] for i in (2, 3, 4))
    mass = jnp.where(halos.mask, projected_mass(kappa_s, scale_radius, truncation_radius), 0.0)
    return jnp.where(area_ok, -jnp.sum(mass, axis=-1) / jnp.where(area_ok, area, 1.0), jnp.nan)


class TruncatedNFWHalos:
    """``halo_profile_cls`` for ``substructure_util``: exact, memory-bounded truncated NFW deflections.

    ``simulate_substructure(..., halo_profile_cls=TruncatedNFWHalos)`` sums the deflections
    of a plane's haloes with :func:`~autogalaxy_jaxnfw.truncated_nfw_population_deflections`
    instead of ``NFWTruncatedSph.vmapped_deflections_from``: the same profile (Baltz,
    Marshall & Oguri 2009), evaluated with the exact radial functions of
    :mod:`autogalaxy_jaxnfw.lensing.nfw_radial` (finite values and derivatives at r = r_s and at a
    halo centre), chunked over haloes so memory stays O(chunk_size x n_pix).
    Subclass and set ``chunk_size`` to change the chunk.
    """

    chunk_size: int = DEFAULT_CHUNK_SIZE

    @classmethod
    def vmapped_deflections_from(cls, grid, params_batch, mask, xp=None):
        """Summed (y, x) deflections [arcsec], shape (n_pix, 2), of the masked-in haloes of one plane.

        Parameters
        ----------
        grid : array, shape (n_pix, 2)
            (y, x) positions in arcsec.
        params_batch : array, shape (max_n, 5)
            (centre_y, centre_x, kappa_s, scale_radius, truncation_radius) per slot.
        mask : bool array, shape (max_n,)
            Slots holding a halo.
        xp : ignored
            Accepted for signature compatibility with autogalaxy's profiles.
        """
        return cls.summed_deflections(
            grid,
            params_batch[:, :2],
            jnp.where(mask, params_batch[:, 2], 0.0),
            jnp.where(mask, params_batch[:, 3], EMPTY_HALO_RADII[0]),
            jnp.where(mask, params_batch[:, 4], EMPTY_HALO_RADII[1]),
        )

    @classmethod
    def summed_deflections(cls, grid, centres, kappa_s, scale_radius, truncation_radius):
        """The sum over haloes; empty slots arrive with kappa_s = 0 (subclasses change where it runs)."""
        return truncated_nfw_population_deflections(
            grid, centres, kappa_s, scale_radius, truncation_radius, chunk_size=cls.chunk_size
        )
