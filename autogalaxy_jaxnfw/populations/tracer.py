"""Multi-plane ray tracing of halo populations: one scan over plane-sorted chunks of haloes.

Rays start at the image-plane positions theta and reach lens plane j at

    theta_j = theta - sum_{i < j} beta_ij alpha_i(theta_i),

with alpha_i the deflections of plane i normalised to the source plane and
beta_ij = D_ij D_s / (D_j D_is) (Schneider, Ehlers & Falco 1992, eq. 9.7; Petkova, Metcalf &
Giocoli 2014, eq. 4): autogalaxy's ``scaling_factor_between_redshifts_from(z_i, z_j, z_s)``,
the convention of autolens' ``Tracer`` (:func:`scaling_matrix`).

The haloes of a :class:`~autogalaxy_jaxnfw.populations.planes.PlaneLayout` are cut into
chunks of ``chunk_size`` slots, plane after plane (a plane's last chunk padded with empty
haloes), and one ``jax.lax.scan`` walks the chunks: it adds each chunk's deflections
(:func:`~autogalaxy_jaxnfw.population_lensing.chunk_deflections`, rematerialised under
reverse mode) at the current plane's rays, and at the first chunk of a plane closes the
previous plane (its sheet and, on the lens plane, the main lens) and moves the rays on with
the lens equation.  The work is that of the haloes plus at most ``chunk_size - 1`` padding
haloes per plane -- not n_planes x the most crowded plane -- the memory O(chunk_size x
n_pix) whatever N, and the deflection kernel appears once in the compiled program.
"""

from typing import Callable, List, Optional, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.populations.lensing import EMPTY_HALO_RADII, chunk_deflections
from autogalaxy_jaxnfw.populations.planes import PlaneHalos, PlaneLayout

__all__ = ["TRACER_CHUNK_SIZE", "chunk_plan", "scaling_matrix", "traced_grids"]

TRACER_CHUNK_SIZE = 16
"""Haloes per scan step of :func:`traced_grids`: each plane pads its last chunk, so a smaller
chunk wastes less (at most ``chunk_size - 1`` haloes per plane) at more, cheaper steps."""


def scaling_matrix(redshifts: Sequence[float], cosmology=None) -> np.ndarray:
    """beta_ij of every pair of planes, the last plane the source: ``out[j, i]`` scales plane i's deflections at plane j.

    Parameters
    ----------
    redshifts : sequence of float
        Increasing plane redshifts, the source last.
    cosmology : autogalaxy LensingCosmology or None
        ``None``: ``autogalaxy.cosmology.Planck15()``, autolens' default.

    Returns
    -------
    numpy.ndarray, shape (n, n)
        Strictly lower triangular; the last row is 1 below the diagonal.
    """
    if cosmology is None:
        from autogalaxy.cosmology import Planck15

        cosmology = Planck15()
    z = [float(v) for v in redshifts]
    out = np.zeros((len(z), len(z)))
    for j in range(len(z)):
        for i in range(j):
            out[j, i] = float(cosmology.scaling_factor_between_redshifts_from(
                redshift_0=z[i], redshift_1=z[j], redshift_final=z[-1]))
    return out


def chunk_plan(layout: PlaneLayout, chunk_size: int):
    """Slots of every chunk (``layout.size`` for padding), each chunk's plane, and whether it opens its plane.

    Every plane gets at least one chunk, so that every plane is closed (sheet, main lens)
    even when it holds no halo.

    Returns
    -------
    (slots, plane, opens) : numpy arrays of shapes (n_chunks, chunk_size), (n_chunks,), (n_chunks,)
    """
    chunk_size = int(chunk_size)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be >= 1; got {chunk_size}")
    slots, plane, opens = [], [], []
    for p, capacity in enumerate(layout.capacities):
        n_chunks = max(1, -(-capacity // chunk_size))
        padded = np.full(n_chunks * chunk_size, layout.size)
        padded[:capacity] = np.arange(layout.offsets[p], layout.offsets[p + 1])
        slots.append(padded.reshape(n_chunks, chunk_size))
        plane += [p] * n_chunks
        opens += [True] + [False] * (n_chunks - 1)
    return np.concatenate(slots), np.asarray(plane), np.asarray(opens)


def _chunked_halos(halos: PlaneHalos, slots, dtype):
    """The haloes gathered into chunks; padding slots are empty haloes (kappa_s = 0, weight 0)."""

    def gathered(values, fill):
        values = jnp.asarray(values).astype(dtype)
        values = jnp.concatenate([values, jnp.full((1,) + values.shape[1:], fill, dtype=dtype)])
        return values[slots]

    weight = jnp.concatenate([halos.mask, jnp.zeros(1, dtype=bool)])[slots].astype(dtype)
    return (
        gathered(halos.centres, 0.0),
        gathered(halos.kappa_s, 0.0),
        gathered(halos.scale_radius, EMPTY_HALO_RADII[0]),
        gathered(halos.truncation_radius, EMPTY_HALO_RADII[1]),
        weight,
    )


def traced_grids(
    grid,
    halos: PlaneHalos,
    layout: PlaneLayout,
    scaling: np.ndarray,
    sheets=None,
    lens_deflections: Optional[Callable] = None,
    lens_plane: Optional[int] = None,
    chunk_size: int = TRACER_CHUNK_SIZE,
) -> List[jax.Array]:
    """The ray positions at every lens plane and at the source plane.

    Parameters
    ----------
    grid : array, shape (n_pix, 2)
        Image-plane (y, x) positions in arcsec; its dtype is the rays' dtype.
    halos : PlaneHalos
        The haloes in ``layout``'s slots (:func:`~autogalaxy_jaxnfw.populations.planes.plane_halos`).
    layout : PlaneLayout
        Planes and slots (static).
    scaling : array, shape (n_planes + 1, n_planes + 1)
        :func:`scaling_matrix` of ``layout.redshifts + (layout.redshift_source,)`` (static).
    sheets : array, shape (n_planes,) or None
        Convergence of each lens plane's uniform sheet, centred on (0, 0) (deflection
        kappa theta_j, autogalaxy's ``MassSheet``); ``None``: no sheets.
    lens_deflections : callable or None
        ``f(grid) -> (n_pix, 2)`` deflections [arcsec] of the main lens, normalised to the
        source plane (e.g. an autogalaxy profile's ``deflections_yx_2d_from`` with ``xp=jnp``).
    lens_plane : int or None
        Lens plane of the main lens (static); required with ``lens_deflections``.
    chunk_size : int
        Haloes summed together per scan step (static); results do not depend on it
        beyond rounding.

    Returns
    -------
    list of jax.Array, each (n_pix, 2)
        theta_0, ..., theta_{n_planes - 1} and the source-plane positions, last.
    """
    grid = jnp.asarray(grid)
    if not jnp.issubdtype(grid.dtype, jnp.floating):
        grid = grid.astype(float)
    dtype, n_planes = grid.dtype, layout.n_planes
    scaling = np.asarray(scaling)
    if scaling.shape != (n_planes + 1,) * 2:
        raise ValueError(f"scaling must be ({n_planes + 1}, {n_planes + 1}); got {scaling.shape}")
    if (lens_deflections is None) != (lens_plane is None) or (lens_plane is not None and not 0 <= lens_plane < n_planes):
        raise ValueError(f"lens_deflections needs a lens_plane in 0 .. {n_planes - 1}; got {lens_plane}")
    sheets = jnp.zeros(n_planes, dtype) if sheets is None else jnp.asarray(sheets).astype(dtype)
    beta = jnp.asarray(scaling, dtype=dtype)
    slots, chunk_plane, opens = chunk_plan(layout, chunk_size)
    chunks = _chunked_halos(halos, slots, dtype)
    chunk_sum = jax.checkpoint(chunk_deflections)

    def closed(theta, alpha, plane):
        """The finished deflections of ``plane``: its haloes' plus its sheet and, on the lens plane, the lens."""
        alpha = alpha + sheets[plane] * theta
        if lens_deflections is None:
            return alpha
        return jax.lax.cond(plane == lens_plane, lambda: alpha + lens_deflections(theta), lambda: alpha)

    def rays_at(deflections, plane):
        """theta_j = theta - sum_i beta_ji alpha_i over the closed planes (the others are still 0)."""
        return grid - jnp.einsum("i,ipd->pd", beta[plane, :n_planes], deflections)

    def step(carry, chunk):
        theta, alpha, deflections, positions = carry
        halo_chunk, plane, first = chunk

        def open_plane():
            done = jnp.where(plane > 0, deflections.at[plane - 1].set(closed(theta, alpha, plane - 1)), deflections)
            new_theta = rays_at(done, plane)
            return new_theta, jnp.zeros_like(alpha), done, positions.at[plane].set(new_theta)

        theta, alpha, deflections, positions = jax.lax.cond(
            first, open_plane, lambda: (theta, alpha, deflections, positions)
        )
        return (theta, alpha + chunk_sum(theta, halo_chunk), deflections, positions), None

    zeros = jnp.zeros((n_planes,) + grid.shape, dtype)
    init = (grid, jnp.zeros_like(grid), zeros, zeros)
    xs = (chunks, jnp.asarray(chunk_plane), jnp.asarray(opens))
    (theta, alpha, deflections, positions), _ = jax.lax.scan(step, init, xs)
    deflections = deflections.at[n_planes - 1].set(closed(theta, alpha, n_planes - 1))
    return [positions[j] for j in range(n_planes)] + [rays_at(deflections, n_planes)]
