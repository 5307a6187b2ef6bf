"""Summed convergence and deflections of N truncated NFW haloes, memory-bounded.

The sums over haloes run as a ``jax.lax.scan`` over chunks of ``chunk_size`` haloes that
carries the running sum (``jax.lax.map`` without the stacked outputs); each chunk is
evaluated broadcast over (chunk_size, n_pix) and rematerialised (``jax.checkpoint``) under
reverse-mode differentiation, so the peak memory is O(chunk_size x n_pix) for the value and
for the gradient, never O(N x n_pix).  The radial functions are those of
:mod:`autogalaxy_jaxnfw.lensing.nfw_radial`; at r = 0 the deflection is its limit, 0, and the
convergence its limit, +inf (the NFW cusp), both with zero derivative; between r = 0 and
1e-12 r_s the kernels are read at 1e-12 r_s (:data:`X_MIN`).
"""

import jax
import jax.numpy as jnp

from autogalaxy_jaxnfw.lensing.nfw_radial import truncated_nfw_l, truncated_nfw_m_over_x2

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "EMPTY_HALO_RADII",
    "chunk_deflections",
    "emptied",
    "truncated_nfw_population_convergence",
    "truncated_nfw_population_deflections",
]

EMPTY_HALO_RADII = (1.0, 2.0)
"""(r_s, r_t) [arcsec] given to empty halo slots (kappa_s = 0): any valid radii keep derivatives finite."""


def emptied(occupied, kappa_s, scale_radius, truncation_radius):
    """(kappa_s, r_s, r_t) with every slot that is not ``occupied`` made an empty halo (0, ``EMPTY_HALO_RADII``)."""
    return (
        jnp.where(occupied, kappa_s, 0.0),
        jnp.where(occupied, scale_radius, EMPTY_HALO_RADII[0]),
        jnp.where(occupied, truncation_radius, EMPTY_HALO_RADII[1]),
    )

X_MIN = 1e-12
"""r / r_s below which (r > 0) the kernels are evaluated at this radius, as autogalaxy moves radii
below its minimum to the minimum: their derivatives overflow to NaN near x ~ 1e-150, and 1e-12
is where their accuracy is tested (``truncated_nfw_radial``)."""

DEFAULT_CHUNK_SIZE = 128
"""Haloes evaluated together per step.  The compiled forward pass keeps about four
(chunk, n_pix) float64 temporaries (~40 MB for a 100 x 100 grid), its gradient about ten."""


def _offsets(grid_yx, centres):
    """(dy, dx, r^2) of every pixel from every halo centre, each (chunk, n_pix)."""
    dy = grid_yx[None, :, 0] - centres[:, 0, None]
    dx = grid_yx[None, :, 1] - centres[:, 1, None]
    return dy, dx, dy * dy + dx * dx


def chunk_deflections(grid_yx, halos):
    """Summed (y, x) deflections [arcsec], shape (n_pix, 2), of one chunk of haloes, broadcast over (chunk, n_pix).

    ``halos`` is (centres (chunk, 2), kappa_s, scale_radius, truncation_radius, weight),
    each (chunk,); a halo of weight 0 (padding) contributes exactly 0.
    """
    centres, kappa_s, scale_radius, truncation_radius, weight = halos
    dy, dx, r2 = _offsets(grid_yx, centres)
    at_centre = r2 == 0.0
    r = jnp.sqrt(jnp.where(at_centre, 1.0, r2))
    x = jnp.maximum(r / scale_radius[:, None], X_MIN)
    tau = (truncation_radius / scale_radius)[:, None]
    # alpha_vec = alpha(r) (dy, dx) / r = 4 kappa_s (m / x^2) (dy, dx); 0 at the centre.
    factor = 4.0 * (weight * kappa_s)[:, None] * truncated_nfw_m_over_x2(x, tau)
    factor = jnp.where(at_centre | (weight[:, None] == 0.0), 0.0, factor)
    return jnp.stack([jnp.sum(factor * dy, axis=0), jnp.sum(factor * dx, axis=0)], axis=-1)


def _chunk_convergence(grid_yx, halos):
    centres, kappa_s, scale_radius, truncation_radius, weight = halos
    _, _, r2 = _offsets(grid_yx, centres)
    at_centre = r2 == 0.0
    x = jnp.maximum(jnp.sqrt(jnp.where(at_centre, 1.0, r2)) / scale_radius[:, None], X_MIN)
    tau = (truncation_radius / scale_radius)[:, None]
    kappa = 2.0 * kappa_s[:, None] * truncated_nfw_l(x, tau)
    # The cusp: kappa -> +inf (for kappa_s > 0) as r -> 0, with no derivative.
    kappa = jnp.where(at_centre, jnp.where(kappa_s[:, None] > 0.0, jnp.inf, 0.0), kappa)
    kappa = jnp.where(weight[:, None] == 0.0, 0.0, kappa)
    return jnp.sum(kappa, axis=0)


def _summed_over_halos(chunk_fn, out_shape, grid_yx, centres, kappa_s, scale_radius, truncation_radius, chunk_size):
    grid_yx = jnp.asarray(grid_yx)
    # The grid's floating dtype is the maps' (float32 grids stay float32).
    dtype = grid_yx.dtype if jnp.issubdtype(grid_yx.dtype, jnp.floating) else jnp.result_type(float)
    grid_yx = grid_yx.astype(dtype)
    if grid_yx.ndim != 2 or grid_yx.shape[-1] != 2:
        raise ValueError(f"grid_yx must have shape (n_pix, 2); got {grid_yx.shape}")
    kappa_s = jnp.atleast_1d(jnp.asarray(kappa_s, dtype=dtype))
    n_halos = kappa_s.shape[0]
    centres = jnp.broadcast_to(jnp.asarray(centres, dtype=dtype), (n_halos, 2))
    scale_radius = jnp.broadcast_to(jnp.asarray(scale_radius, dtype=dtype), (n_halos,))
    truncation_radius = jnp.broadcast_to(jnp.asarray(truncation_radius, dtype=dtype), (n_halos,))
    out_shape = (grid_yx.shape[0],) + out_shape
    if n_halos == 0:
        return jnp.zeros(out_shape, dtype=grid_yx.dtype)
    # Double where: an invalid halo is evaluated as an empty one and the whole map set to NaN
    # afterwards, so no NaN enters a derivative (and a pixel on its centre cannot hide it).
    valid = (jnp.isfinite(kappa_s) & (kappa_s >= 0.0) & jnp.all(jnp.isfinite(centres), axis=-1)
             & jnp.isfinite(scale_radius) & (scale_radius > 0.0)
             & jnp.isfinite(truncation_radius) & (truncation_radius > 0.0))
    centres = jnp.where(valid[:, None], centres, 0.0)
    kappa_s, scale_radius, truncation_radius = emptied(valid, kappa_s, scale_radius, truncation_radius)
    chunk_size = int(chunk_size)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be >= 1; got {chunk_size}")
    chunk_size = min(chunk_size, n_halos)
    n_chunks = -(-n_halos // chunk_size)
    n_pad = n_chunks * chunk_size - n_halos

    # Padding haloes have weight 0 (and harmless kappa_s = 0 and radii).
    def padded(value, fill):
        pad = jnp.full((n_pad,) + value.shape[1:], fill, dtype=value.dtype)
        return jnp.concatenate([value, pad]).reshape((n_chunks, chunk_size) + value.shape[1:])

    halos = (
        padded(centres, 0.0),
        padded(kappa_s, 0.0),
        padded(scale_radius, EMPTY_HALO_RADII[0]),
        padded(truncation_radius, EMPTY_HALO_RADII[1]),
        padded(jnp.ones((n_halos,), dtype=grid_yx.dtype), 0.0),
    )
    # Rematerialised under reverse mode: scan then keeps each chunk's few inputs, not its
    # (chunk, n_pix) intermediates, for the backward pass.
    chunk_sum = jax.checkpoint(lambda chunk: chunk_fn(grid_yx, chunk))

    def step(total, chunk):
        return total + chunk_sum(chunk), None

    total, _ = jax.lax.scan(step, jnp.zeros(out_shape, dtype=grid_yx.dtype), halos)
    return jnp.where(jnp.all(valid), total, jnp.nan)


def truncated_nfw_population_deflections(
    grid_yx, centres, kappa_s, scale_radius, truncation_radius, chunk_size: int = DEFAULT_CHUNK_SIZE
):
    """Summed deflection angles of N spherical truncated NFW haloes at n_pix positions.

    Equal (to ~1e-11 relative, pixel by pixel) to summing autogalaxy's
    ``NFWTruncatedSph(centre, kappa_s, scale_radius, truncation_radius).deflections_yx_2d_from(grid)``
    over the haloes, in one traced computation with O(chunk_size x n_pix) memory.  jit- and
    grad-safe.  Points are evaluated as given (no over-sampling; autogalaxy's
    ``convergence_2d_from`` over-samples a ``Grid2D`` unless ``over_sample_size=1``).

    Parameters
    ----------
    grid_yx : array, shape (n_pix, 2)
        (y, x) positions in arcsec (e.g. ``grid.array`` of an autoarray ``Grid2D``).
    centres : array, shape (N, 2)
        (y, x) halo centres in arcsec.
    kappa_s : array, shape (N,)
        rho_s r_s / Sigma_crit of each halo.
    scale_radius : array, shape (N,)
        r_s in arcsec, > 0.
    truncation_radius : array, shape (N,)
        r_t in arcsec, > 0.

    (kappa_s >= 0, all finite: a halo outside that domain makes the whole map NaN, with zero
    derivatives.)
    chunk_size : int
        Haloes evaluated together per step (a static Python int); the result does not
        depend on it beyond rounding.

    Returns
    -------
    jax.Array, shape (n_pix, 2)
        (alpha_y, alpha_x) in arcsec.  A halo centred exactly on a pixel contributes 0
        there (the limit).  A halo outside the domain above -- NaN parameters (e.g. an
        invalid halo from :func:`~autogalaxy_jaxnfw.truncated_nfw_population_parameters`),
        kappa_s < 0, radii <= 0 -- makes the whole map NaN, the pixels on its centre included.
    """
    return _summed_over_halos(
        chunk_deflections, (2,), grid_yx, centres, kappa_s, scale_radius, truncation_radius, chunk_size
    )


def truncated_nfw_population_convergence(
    grid_yx, centres, kappa_s, scale_radius, truncation_radius, chunk_size: int = DEFAULT_CHUNK_SIZE
):
    """Summed convergence of N spherical truncated NFW haloes at n_pix positions.

    Parameters and behaviour as :func:`truncated_nfw_population_deflections`.

    Returns
    -------
    jax.Array, shape (n_pix,)
        kappa, dimensionless.  A halo with kappa_s > 0 centred exactly on a pixel makes
        that pixel +inf (the NFW cusp; autogalaxy returns NaN there), with zero derivative.
    """
    return _summed_over_halos(
        _chunk_convergence, (), grid_yx, centres, kappa_s, scale_radius, truncation_radius, chunk_size
    )
