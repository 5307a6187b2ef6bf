"""Batched, memory-bounded lensing by populations of truncated NFW haloes (e.g. subhaloes, line of sight).

A population is N spherical truncated NFW haloes (Baltz, Marshall & Oguri 2009, JCAP 01, 015;
their n = 1 profile, autogalaxy's ``NFWTruncatedSph``)

    rho(r) = rho_s / ((r / r_s) (1 + r / r_s)^2) * tau^2 / (tau^2 + (r / r_s)^2),   tau = r_t / r_s,

each with a centre (y, x) [arcsec], kappa_s = rho_s r_s / Sigma_crit, a scale radius r_s
[arcsec] and a truncation radius r_t [arcsec].  At x = r / r_s from a halo's centre its
convergence and deflection are (BMO09 eqs. 11 and 13 with the normalisation of autogalaxy)

    kappa(x) = 2 kappa_s L(x, tau),
    alpha(x) = 4 kappa_s r_s m(x, tau) / x      (radial, pointing away from the centre),

    L = tau^2 / (tau^2 + 1)^2 [(tau^2 + 1) G + 2 F - pi / R + (tau^2 - 1) / (tau R) K],
    m = tau^2 / (tau^2 + 1)^2 [(tau^2 + 2 x^2 - 1) F + pi tau + (tau^2 - 1) ln tau
                                + R ((tau^2 - 1) / tau K - pi)],

with R = sqrt(x^2 + tau^2), K = ln(x / (R + tau)), F the NFW function
(arccosh(1/x) / sqrt(1 - x^2) below x = 1, arccos(1/x) / sqrt(x^2 - 1) above, 1 at x = 1)
and G = (F - 1) / (1 - x^2).  These are the expressions of autogalaxy's
``NFWTruncatedSph.coord_func_l`` and ``coord_func_m_from``; three numerical differences
make them exact where the direct forms are not (elsewhere the maps agree with autogalaxy's
pixel by pixel to ~1e-11 relative, the rounding of the closed forms; against 60-digit
mpmath the radial functions are good to ~4e-13, except L(x, tau) for x >> tau, the
truncated tail, where the closed form cancels: ~5e-9 relative at x = 2000 tau):

* F and G use the power series in u = 1 - x^2, F = sum_n u^n / (2n + 1), for |u| < 0.1,
  so x = 1 (r = r_s) is evaluated exactly and with the right derivative (the direct forms
  are 0/0 there and lose ~1e-16 / |x - 1| of relative precision near it);
* m / x^2 uses its small-x expansion (five orders in x^2, with ln x terms) below
  x = 0.05 min(1, tau): the direct bracket cancels O(tau^2 ln x) terms down to
  O(tau^2 x^2 ln x), losing ~1e-16 / x^2;
* at r = 0 the deflection is its limit, 0, and the convergence its limit, +inf (the NFW
  cusp), both with zero derivative; every branch is evaluated at a stand-in argument
  where it does not apply ("double where"), so values and gradients are finite wherever
  the quantities are.

The sums over haloes run as a ``jax.lax.scan`` over chunks of ``chunk_size`` haloes that
carries the running sum (``jax.lax.map`` without the stacked outputs); each chunk is
evaluated broadcast over (chunk_size, n_pix) and rematerialised (``jax.checkpoint``) under
reverse-mode differentiation, so the peak memory is O(chunk_size x n_pix) for the value and
for the gradient, never O(N x n_pix).
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.profiles.halo_cosmology import CosmologyLike
from autogalaxy_jaxnfw.profiles.nfw_parameters import nfw_parameters_from

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "TruncatedNFWPopulation",
    "truncated_nfw_population_convergence",
    "truncated_nfw_population_deflections",
    "truncated_nfw_population_parameters",
]

DEFAULT_CHUNK_SIZE = 128
"""Haloes evaluated together per step.  The compiled forward pass keeps about four
(chunk, n_pix) float64 temporaries (~40 MB for a 100 x 100 grid), its gradient about ten;
on CPU the speed is flat from 8 to 256 haloes per chunk."""

_SERIES_U = 0.1  # |1 - x^2| below which F and G are summed as series in u = 1 - x^2.
_SERIES_TERMS = 17  # 0.1^17 / 35 < 1e-18.
_SMALL_X = 0.05  # m / x^2 from its expansion below x = _SMALL_X * min(1, tau).


class TruncatedNFWPopulation(NamedTuple):
    """Lensing parameters of N truncated NFW haloes, each an array of shape (N,).

    Attributes
    ----------
    kappa_s : array
        rho_s r_s / Sigma_crit, dimensionless.
    scale_radius : array
        r_s in arcsec.
    truncation_radius : array
        r_t = 2 r_200 with r_200 in kpc, read as arcsec by the profile -- upstream
        ``NFWTruncatedMCRScatterLudlowSph``'s convention, kept so the population matches
        it (see :class:`autogalaxy_jaxnfw.NFWTruncatedMCRScatterLudlowSphJax`).
    """

    kappa_s: jax.Array
    scale_radius: jax.Array
    truncation_radius: jax.Array


def truncated_nfw_population_parameters(
    mass_at_200,
    scatter_sigma=0.0,
    redshift_object=0.5,
    redshift_source=1.0,
    cosmology: CosmologyLike = None,
) -> TruncatedNFWPopulation:
    """kappa_s, r_s and r_t of N truncated NFW haloes on the Ludlow et al. (2016) c(M, z).

    The batched counterpart of constructing N
    :class:`~autogalaxy_jaxnfw.NFWTruncatedMCRScatterLudlowSphJax` (or upstream
    ``NFWTruncatedMCRScatterLudlowSph``) profiles: one call of
    :func:`autogalaxy_jaxnfw.profiles.nfw_parameters_from` on arrays.  jit-, grad- and
    vmap-safe; wrap it in ``jax.jit`` for speed (eagerly it dispatches op by op).

    Redshifts given concretely (Python or NumPy numbers, or JAX arrays that are not traced
    -- e.g. closed over rather than passed as arguments under ``jax.jit``) are constants of
    the trace: autogalaxy's distances (Sigma_crit, kpc / arcsec) are then evaluated in NumPy
    at trace time (~0.3 ms per redshift pair) and cost nothing per call.  Haloes sharing
    redshifts (lens planes) are grouped so that each distinct (redshift_object,
    redshift_source) pair is evaluated once.  Traced redshifts cost one JAX evaluation of
    the distances per halo and per call (~0.2 ms each on a CPU).

    Parameters
    ----------
    mass_at_200 : float or array, shape (N,)
        M200c in Msun.
    scatter_sigma : float or array, broadcastable to (N,)
        Offset from the mean relation in units of 0.15 dex in log10 c.
    redshift_object : float or array, broadcastable to (N,)
        Halo redshifts z_l >= 0.
    redshift_source : float or array, broadcastable to (N,)
        Source redshift(s), > redshift_object.
    cosmology : HaloCosmology, Cosmology or None
        As :func:`~autogalaxy_jaxnfw.profiles.nfw_parameters_from` (``None``: the active
        pairing, upstream's split by default).

    Returns
    -------
    TruncatedNFWPopulation
        JAX arrays of the broadcast shape of the inputs; NaN for a halo whose input is
        invalid or whose concentration is undefined (no exception, as on the profiles'
        JAX path).
    """
    mass, scatter = (jnp.asarray(v, dtype=float) for v in (mass_at_200, scatter_sigma))
    concrete = _is_concrete(redshift_object) and _is_concrete(redshift_source)
    zp = np if concrete else jnp  # NumPy redshifts take nfw_parameters_from's static path
    z_l, z_s = zp.asarray(redshift_object, dtype=float), zp.asarray(redshift_source, dtype=float)
    shape = jnp.broadcast_shapes(mass.shape, scatter.shape, z_l.shape, z_s.shape)
    mass, scatter = jnp.broadcast_to(mass, shape), jnp.broadcast_to(scatter, shape)
    if concrete and (z_l.ndim or z_s.ndim):
        params = _parameters_by_redshift_plane(mass, scatter, z_l, z_s, shape, cosmology)
    else:
        params = nfw_parameters_from(mass, scatter, z_l, z_s, cosmology=cosmology)
    return TruncatedNFWPopulation(
        kappa_s=params.kappa_s,
        scale_radius=params.scale_radius,
        truncation_radius=2.0 * params.radius_at_200,
    )


def _is_concrete(value) -> bool:
    """True for Python / NumPy numbers and arrays and for concrete (non-traced) JAX arrays."""
    return not any(isinstance(leaf, jax.core.Tracer) for leaf in jax.tree_util.tree_leaves(value))


# Grouping pads every plane to the largest one; beyond this much padding (relative to the
# population) the per-halo path is used instead.
_MAX_PADDING = 4


def _parameters_by_redshift_plane(mass, scatter, z_l, z_s, shape, cosmology):
    """nfw_parameters_from with the distances evaluated once per distinct (z_l, z_s), not per halo.

    The haloes are scattered into a (K planes, M = largest plane) array, padded with a
    harmless halo, so one call sees K redshift pairs; the results are gathered back.  Used
    when K < N and K M <= 4 N.
    """
    z_l, z_s = (np.broadcast_to(z, shape).ravel() for z in (z_l, z_s))
    planes, plane_of = np.unique(np.stack([z_l, z_s], axis=-1), axis=0, return_inverse=True)
    plane_of = plane_of.ravel()
    n_halos, n_planes = z_l.size, planes.shape[0]
    counts = np.bincount(plane_of, minlength=n_planes)
    width = int(counts.max())
    if n_planes >= n_halos or n_planes * width > _MAX_PADDING * n_halos:
        return nfw_parameters_from(mass, scatter, z_l.reshape(shape), z_s.reshape(shape), cosmology=cosmology)
    order = np.argsort(plane_of, kind="stable")
    slot = np.empty(n_halos, dtype=int)
    slot[order] = np.arange(n_halos) - (np.cumsum(counts) - counts)[plane_of[order]]
    index = (plane_of, slot)

    def grouped(values, pad):
        return jnp.full((n_planes, width), pad, dtype=float).at[index].set(values.ravel())

    params = nfw_parameters_from(
        grouped(mass, 1.0e10),
        grouped(scatter, 0.0),
        planes[:, :1],
        planes[:, 1:],
        cosmology=cosmology,
    )
    return type(params)(*(None if p is None else p[index].reshape(shape) for p in params))


# ---------------------------------------------------------------------------------------
# Radial functions of x = r / r_s > 0 (the caller handles x = 0).


def _nfw_f_g(x):
    """F(x) and G(x) = (F - 1) / (1 - x^2) of the NFW profile, for x > 0, series near x = 1."""
    x = jnp.asarray(x, dtype=float)
    u = (1.0 - x) * (1.0 + x)  # 1 - x^2 without cancellation near x = 1
    lower = u > _SERIES_U
    upper = u < -_SERIES_U
    series = ~(lower | upper)

    # x < 1: arccosh(1/x) / sqrt(1 - x^2) = ln((1 + s) / x) / s, s = sqrt(1 - x^2).
    x_lt = jnp.where(lower, x, 0.5)
    s_lt = jnp.sqrt(jnp.where(lower, u, 0.75))
    f_lt = jnp.log((1.0 + s_lt) / x_lt) / s_lt
    # x > 1: arccos(1/x) / sqrt(x^2 - 1) = arctan(t) / t, t = sqrt(x^2 - 1).
    t_gt = jnp.sqrt(jnp.where(upper, -u, 3.0))
    f_gt = jnp.arctan(t_gt) / t_gt
    # |1 - x^2| <= 0.1: F = sum u^n / (2n + 1), G = sum_{n >= 1} u^(n - 1) / (2n + 1).
    u_s = jnp.where(series, u, 0.0)
    g_series = jnp.zeros_like(u_s)
    for n in range(_SERIES_TERMS, 0, -1):
        g_series = g_series * u_s + 1.0 / (2.0 * n + 1.0)
    f_series = 1.0 + u_s * g_series

    f = jnp.where(lower, f_lt, jnp.where(upper, f_gt, f_series))
    u_direct = jnp.where(series, 1.0, u)
    g = jnp.where(series, g_series, (f - 1.0) / u_direct)
    return f, g


def _m_over_x2_series(x, tau):
    """m(x, tau) / x^2 from its expansion about x = 0 (five orders in x^2), for 0 < x << min(1, tau)."""
    t2 = tau * tau
    it2 = 1.0 / t2
    ln_tau = jnp.log(tau)
    ln_half_x = jnp.log(0.5 * x)
    pi_t = np.pi / tau
    # B / x^2 = sum_k x^(2k) [a_k ln(x / 2) + c_k],  m = tau^2 / (tau^2 + 1)^2 B.
    a = (
        -0.5 * t2 - 1.0 - 0.5 * it2,
        -3.0 / 8.0 * t2 - 5.0 / 8.0 - it2 / 8.0 + it2**2 / 8.0,
        -5.0 / 16.0 * t2 - 7.0 / 16.0 + it2**2 / 16.0 - it2**3 / 16.0,
        -35.0 / 128.0 * t2 - 45.0 / 128.0 - 5.0 / 128.0 * it2**3 + 5.0 / 128.0 * it2**4,
        -63.0 / 256.0 * t2 - 77.0 / 256.0 + 7.0 / 256.0 * it2**4 - 7.0 / 256.0 * it2**5,
    )
    c = (
        ln_tau * (-0.5 + 0.5 * it2) - 0.25 * t2 - 0.5 * pi_t + 0.25 * it2,
        ln_tau * (it2 - it2**2) / 8.0 - 7.0 / 32.0 * t2 - 9.0 / 32.0 - it2 / 32.0
        + pi_t * it2 / 8.0 + it2**2 / 32.0,
        ln_tau * (it2**3 - it2**2) / 16.0 - 37.0 / 192.0 * t2 - 47.0 / 192.0 + 5.0 / 192.0 * it2**2
        - pi_t * it2**2 / 16.0 - 5.0 / 192.0 * it2**3,
        ln_tau * 5.0 / 128.0 * (it2**3 - it2**4) - 533.0 / 3072.0 * t2 - 217.0 / 1024.0
        - 59.0 / 3072.0 * it2**3 + 5.0 / 128.0 * pi_t * it2**3 + 59.0 / 3072.0 * it2**4,
        ln_tau * 7.0 / 256.0 * (it2**5 - it2**4) - 1627.0 / 10240.0 * t2 - 5779.0 / 30720.0
        + 449.0 / 30720.0 * it2**4 - 7.0 / 256.0 * pi_t * it2**4 - 449.0 / 30720.0 * it2**5,
    )
    x2 = x * x
    total = jnp.zeros_like(x2 * tau)
    for a_k, c_k in zip(reversed(a), reversed(c)):
        total = total * x2 + (a_k * ln_half_x + c_k)
    return total * t2 / (t2 + 1.0) ** 2


def _m_over_x2_direct(x, tau):
    """m(x, tau) / x^2 from the closed form (autogalaxy's ``coord_func_m_from``), for x > 0."""
    f, _ = _nfw_f_g(x)
    t2 = tau * tau
    root = jnp.sqrt(x * x + t2)
    k = jnp.log(x / (root + tau))
    bracket = (
        (t2 + 2.0 * x * x - 1.0) * f
        + np.pi * tau
        + (t2 - 1.0) * jnp.log(tau)
        + root * ((t2 - 1.0) / tau * k - np.pi)
    )
    return t2 / (t2 + 1.0) ** 2 * bracket / (x * x)


def _m_over_x2(x, tau):
    """m(x, tau) / x^2 for x > 0: the series below x = 0.05 min(1, tau), the closed form above."""
    x, tau = jnp.asarray(x, dtype=float), jnp.asarray(tau, dtype=float)
    small = x < _SMALL_X * jnp.minimum(1.0, tau)
    x_small = jnp.where(small, x, 0.5 * _SMALL_X * jnp.minimum(1.0, tau))
    x_large = jnp.where(small, 1.0 + _SERIES_U, x)  # any x where the closed form is well behaved
    return jnp.where(small, _m_over_x2_series(x_small, tau), _m_over_x2_direct(x_large, tau))


def _l_func(x, tau):
    """L(x, tau) (autogalaxy's ``NFWTruncatedSph.coord_func_l``), kappa = 2 kappa_s L, for x > 0."""
    x, tau = jnp.asarray(x, dtype=float), jnp.asarray(tau, dtype=float)
    f, g = _nfw_f_g(x)
    t2 = tau * tau
    root = jnp.sqrt(t2 + x * x)
    k = jnp.log(x / (root + tau))
    return t2 / (t2 + 1.0) ** 2 * (
        (t2 + 1.0) * g + 2.0 * f - np.pi / root + (t2 - 1.0) / (tau * root) * k
    )


# ---------------------------------------------------------------------------------------
# One chunk of haloes on every pixel, broadcast (chunk, n_pix).


def _offsets(grid_yx, centres):
    """(dy, dx, r^2) of every pixel from every halo centre, each (chunk, n_pix)."""
    dy = grid_yx[None, :, 0] - centres[:, 0, None]
    dx = grid_yx[None, :, 1] - centres[:, 1, None]
    return dy, dx, dy * dy + dx * dx


def _chunk_deflections(grid_yx, halos):
    centres, kappa_s, scale_radius, truncation_radius, weight = halos
    dy, dx, r2 = _offsets(grid_yx, centres)
    at_centre = r2 == 0.0
    r = jnp.sqrt(jnp.where(at_centre, 1.0, r2))
    x = r / scale_radius[:, None]
    tau = (truncation_radius / scale_radius)[:, None]
    # alpha_vec = alpha(r) (dy, dx) / r = 4 kappa_s (m / x^2) (dy, dx); 0 at the centre.
    factor = 4.0 * (weight * kappa_s)[:, None] * _m_over_x2(x, tau)
    factor = jnp.where(at_centre | (weight[:, None] == 0.0), 0.0, factor)
    return jnp.stack([jnp.sum(factor * dy, axis=0), jnp.sum(factor * dx, axis=0)], axis=-1)


def _chunk_convergence(grid_yx, halos):
    centres, kappa_s, scale_radius, truncation_radius, weight = halos
    _, _, r2 = _offsets(grid_yx, centres)
    at_centre = r2 == 0.0
    x = jnp.sqrt(jnp.where(at_centre, 1.0, r2)) / scale_radius[:, None]
    tau = (truncation_radius / scale_radius)[:, None]
    kappa = 2.0 * kappa_s[:, None] * _l_func(x, tau)
    # The cusp: kappa -> +inf (for kappa_s > 0) as r -> 0, with no derivative.
    kappa = jnp.where(at_centre, jnp.where(kappa_s[:, None] > 0.0, jnp.inf, 0.0), kappa)
    kappa = jnp.where(weight[:, None] == 0.0, 0.0, kappa)
    return jnp.sum(kappa, axis=0)


def _summed_over_halos(chunk_fn, out_shape, grid_yx, centres, kappa_s, scale_radius, truncation_radius, chunk_size):
    grid_yx = jnp.asarray(grid_yx, dtype=float)
    if grid_yx.ndim != 2 or grid_yx.shape[-1] != 2:
        raise ValueError(f"grid_yx must have shape (n_pix, 2); got {grid_yx.shape}")
    kappa_s = jnp.atleast_1d(jnp.asarray(kappa_s, dtype=float))
    n_halos = kappa_s.shape[0]
    centres = jnp.broadcast_to(jnp.asarray(centres, dtype=float), (n_halos, 2))
    scale_radius = jnp.broadcast_to(jnp.asarray(scale_radius, dtype=float), (n_halos,))
    truncation_radius = jnp.broadcast_to(jnp.asarray(truncation_radius, dtype=float), (n_halos,))
    out_shape = (grid_yx.shape[0],) + out_shape
    if n_halos == 0:
        return jnp.zeros(out_shape, dtype=grid_yx.dtype)
    chunk_size = int(chunk_size)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be >= 1; got {chunk_size}")
    chunk_size = min(chunk_size, n_halos)
    n_chunks = -(-n_halos // chunk_size)
    n_pad = n_chunks * chunk_size - n_halos

    # Padding haloes have weight 0 (and harmless kappa_s = 0, r_s = 1, r_t = 2).
    def padded(value, fill):
        pad = jnp.full((n_pad,) + value.shape[1:], fill, dtype=value.dtype)
        return jnp.concatenate([value, pad]).reshape((n_chunks, chunk_size) + value.shape[1:])

    halos = (
        padded(centres, 0.0),
        padded(kappa_s, 0.0),
        padded(scale_radius, 1.0),
        padded(truncation_radius, 2.0),
        padded(jnp.ones((n_halos,), dtype=grid_yx.dtype), 0.0),
    )
    # Rematerialised under reverse mode: scan then keeps each chunk's few inputs, not its
    # (chunk, n_pix) intermediates, for the backward pass.
    chunk_sum = jax.checkpoint(lambda chunk: chunk_fn(grid_yx, chunk))

    def step(total, chunk):
        return total + chunk_sum(chunk), None

    total, _ = jax.lax.scan(step, jnp.zeros(out_shape, dtype=grid_yx.dtype), halos)
    return total


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
    chunk_size : int
        Haloes evaluated together per step (a static Python int); the result does not
        depend on it beyond rounding.

    Returns
    -------
    jax.Array, shape (n_pix, 2)
        (alpha_y, alpha_x) in arcsec.  A halo centred exactly on a pixel contributes 0
        there (the limit).  NaN parameters (e.g. an invalid halo from
        :func:`truncated_nfw_population_parameters`) make the whole map NaN.
    """
    return _summed_over_halos(
        _chunk_deflections, (2,), grid_yx, centres, kappa_s, scale_radius, truncation_radius, chunk_size
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
