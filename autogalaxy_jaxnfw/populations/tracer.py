"""Multi-plane ray tracing of halo populations, plane by plane over ragged plane groups.

Rays start at the image-plane positions theta and reach lens plane j at

    theta_j = theta - sum_{i < j} beta_ij alpha_i(theta_i),

with alpha_i the deflections of plane i normalised to the source plane and
beta_ij = D_ij D_s / (D_j D_is) (e.g. Schneider, Ehlers & Falco 1992, eq. 9.7;
Petkova, Metcalf & Giocoli 2014, eq. 4), autogalaxy's
``scaling_factor_between_redshifts_from(z_i, z_j, z_s)``, the convention of autolens'
``Tracer`` (:func:`scaling_matrix`).  A plane's deflections are the sum over its haloes,
chunked (:func:`~autogalaxy_jaxnfw.truncated_nfw_population_deflections`) so memory stays
O(chunk x n_pix) whatever N, plus its negative mass sheet and, on the main lens's plane,
the lens's deflections.  Each plane sums only its own slots of the
:class:`~autogalaxy_jaxnfw.populations.planes.PlaneLayout`, so the work is that of the
haloes, not of n_planes x the largest plane.
"""

from typing import Callable, List, Optional, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.population_lensing import DEFAULT_CHUNK_SIZE, truncated_nfw_population_deflections
from autogalaxy_jaxnfw.populations.planes import PlaneHalos, PlaneLayout

__all__ = ["balanced_chunk_size", "scaling_matrix", "traced_grids"]


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
        Lower triangular; the last row is 1 below the diagonal.
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


def balanced_chunk_size(n_slots: int, chunk_size: int) -> int:
    """The chunk size <= ``chunk_size`` that splits ``n_slots`` into as few, equal chunks as possible.

    ``ceil(n / ceil(n / chunk))``: the same number of scan steps as ``chunk_size`` with
    fewer than one padding halo per step, instead of up to ``chunk_size - 1`` per plane.
    """
    n_chunks = -(-n_slots // chunk_size)
    return max(1, -(-n_slots // max(n_chunks, 1)))


def traced_grids(
    grid,
    halos: PlaneHalos,
    layout: PlaneLayout,
    scaling: np.ndarray,
    sheets=None,
    lens_deflections: Optional[Callable] = None,
    lens_plane: Optional[int] = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
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
        Haloes summed together per step (static); results do not depend on it beyond rounding.

    Returns
    -------
    list of jax.Array, each (n_pix, 2)
        theta_0, ..., theta_{n_planes - 1} and the source-plane positions, last.
    """
    grid = jnp.asarray(grid)
    if not jnp.issubdtype(grid.dtype, jnp.floating):
        grid = grid.astype(float)
    scaling = np.asarray(scaling)
    if scaling.shape != (layout.n_planes + 1,) * 2:
        raise ValueError(f"scaling must be ({layout.n_planes + 1}, {layout.n_planes + 1}); got {scaling.shape}")
    if (lens_deflections is None) != (lens_plane is None) or (
        lens_plane is not None and not 0 <= lens_plane < layout.n_planes
    ):
        raise ValueError(f"lens_deflections needs a lens_plane in 0 .. {layout.n_planes - 1}; got {lens_plane}")
    positions, deflections = [], []
    for j in range(layout.n_planes + 1):
        theta = grid
        for i in range(j):
            theta = theta - jnp.asarray(scaling[j, i], dtype=grid.dtype) * deflections[i]
        positions.append(theta)
        if j == layout.n_planes:
            break
        plane = layout.plane_slice(j)
        n_slots = plane.stop - plane.start
        alpha = jnp.zeros_like(theta)
        if n_slots > 0:
            alpha = truncated_nfw_population_deflections(
                theta,
                halos.centres[plane].astype(grid.dtype),
                halos.kappa_s[plane].astype(grid.dtype),
                halos.scale_radius[plane].astype(grid.dtype),
                halos.truncation_radius[plane].astype(grid.dtype),
                chunk_size=balanced_chunk_size(n_slots, chunk_size),
            )
        if sheets is not None:
            alpha = alpha + jnp.asarray(sheets, dtype=grid.dtype)[j] * theta
        if j == lens_plane:
            alpha = alpha + lens_deflections(theta)
        deflections.append(alpha)
    return positions
