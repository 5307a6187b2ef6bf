"""rms linear density fluctuation sigma(R) at z = 0 for a sharp-k filter, warm spectra included.

With the filter W(kR) = Theta(1 - kR), a step in Fourier space (Bond et al. 1991, ApJ 379,
440, sec. 3; Benson et al. 2013, MNRAS 428, 1774, sec. 2.1; Schneider, Smith & Reed 2013,
MNRAS 433, 1573, sec. 3, S13), the variance is the power up to k = 1/R,

    sigma^2(R) = 1/(2 pi^2) int_0^(1/R) k^2 P(k) dk,                          (S13 eq. 4)

and its slope is exact, without quadrature:

    d ln sigma / d ln R = -P(1/R) / (4 pi^2 R^3 sigma^2(R)).

P(k) = A k^ns T_EH98^2(k) T_wdm^2(k) is the package's linear spectrum
(:mod:`~autogalaxy_jaxnfw.cosmology.transfer`, :mod:`~autogalaxy_jaxnfw.cosmology.warm_dark_matter`),
its amplitude A that of the cold spectrum normalised to sigma8 with the top-hat filter
(:func:`~autogalaxy_jaxnfw.cosmology.sigma.sigma2_unnormalised`), so the sharp-k and top-hat
variances share one spectrum.  Unlike the top hat, the sharp-k filter follows the warm
spectrum's cut-off: sigma(R) stops rising below the half-mode scale, which is what makes
the mass function turn over (S13 sec. 3; Benson et al. 2013, fig. 1).

The integral is composite Gauss-Legendre quadrature (16 nodes a panel) on panels in k,
logarithmic below 0.01 h/Mpc, 0.1 h/Mpc wide up to 20 h/Mpc (the EH98 baryon oscillations),
logarithmic above, with an edge at every radius' k = 1/R, so one cumulative sum gives the
integral up to every radius; below k = 1e-6 h/Mpc the spectrum is the power law k^ns
(T = 1 there to 1e-12) and integrates in closed form.  Under a sharp-k filter the baryon
wiggles of P(k) enter sigma^2 at first order, so one Chebyshev series over the whole range
converges slowly: ln sigma^2 is a piecewise series, 64 equal pieces of ln R on
[1e-4, 30] Mpc/h with 24 terms each.  For a concrete cosmology it is built in NumPy and
cached (through :func:`autogalaxy_jaxnfw.cosmology.tables.cached`), for a traced one rebuilt
inside the trace, so every derivative with respect to the cosmology is exact.  The precision
against an independent adaptive quadrature is measured in docs/research/abundance_warm.md.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.sigma import R_NORM, sigma2_unnormalised
from autogalaxy_jaxnfw.cosmology.tables import cached, parameters
from autogalaxy_jaxnfw.cosmology.transfer import transfer_eh98
from autogalaxy_jaxnfw.cosmology.warm_dark_matter import is_cold, transfer_wdm
from autogalaxy_jaxnfw.numerics.chebyshev import chebyshev_coefficients, chebyshev_evaluate_rows, chebyshev_nodes
from autogalaxy_jaxnfw.numerics.inputs import as_float
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = [
    "LN_R_SHARP_K",
    "SharpKTable",
    "build_sharp_k_table",
    "linear_power",
    "safe_particle_mass",
    "sharp_k_ln_sigma2",
    "sharp_k_sigma",
    "sharp_k_sigma_with_mask",
    "sharp_k_slope",
    "sharp_k_table",
]

LN_R_SHARP_K = (float(np.log(1e-4)), float(np.log(30.0)))
"""ln R [Mpc/h] of the sharp-k series: with R = R_L / 2.5, haloes of about 10 to 1e17 Msun/h."""
_N_PIECES = 64
_N_NODES = 24
_PIECE_WIDTH = (LN_R_SHARP_K[1] - LN_R_SHARP_K[0]) / _N_PIECES
_N_GAUSS = 16
_K_LOW = 1e-6
_K_BARYON = (0.01, 20.0)


class SharpKTable(NamedTuple):
    """What a cosmology's sharp-k variance is evaluated from.

    Attributes
    ----------
    series : array, shape (64, 24)
        Chebyshev coefficients of ln sigma^2(R, z = 0) on 64 equal pieces of ln R spanning
        :data:`LN_R_SHARP_K`, one series (in t = -1..1 across its piece) per row.
    amplitude : float or array
        A of P(k) = A k^ns T^2(k) T_wdm^2(k) [(Mpc/h)^(3 + ns)], fixed by sigma8 (top hat, cold).
    """

    series: jax.Array
    amplitude: jax.Array


def safe_particle_mass(cosmology):
    """The cosmology with an invalid traced ``m_wdm`` (<= 0 or NaN) replaced by 1 keV, and its validity.

    A concrete cosmology is checked when it is made (:class:`~autogalaxy_jaxnfw.cosmology.Cosmology`
    raises); a traced ``m_wdm`` is not, and a negative one would put NaN into every series
    built from it.  Callers mask their results with the returned flag.
    """
    if is_cold(cosmology):
        return cosmology, jnp.asarray(True)
    m_wdm = jnp.asarray(cosmology.m_wdm, dtype=float)
    ok = m_wdm > 0.0  # False for NaN; inf (cold limit) is valid
    if not is_traced(cosmology.m_wdm):
        return cosmology, ok
    return cosmology.replace(m_wdm=jnp.where(ok, m_wdm, 1.0), dark_matter=cosmology.dark_matter), ok


def linear_power(cosmology, amplitude, k, xp=jnp):
    """P(k) = A k^ns T_EH98^2 T_wdm^2 at z = 0 [(Mpc/h)^3], k in h/Mpc (> 0)."""
    transfer = transfer_eh98(cosmology, k, xp)
    if not is_cold(cosmology):
        transfer = transfer * transfer_wdm(cosmology, k, xp)
    return amplitude * k**cosmology.ns * transfer**2


def _cumulative_rule(k_cuts):
    """Gauss-Legendre nodes and weights, shape (n_panels, n), on panels from _K_LOW up to every k_cut.

    The panels' edges are those of a fixed grid -- logarithmic below 0.01 h/Mpc, 0.1 h/Mpc
    wide up to 20 h/Mpc, logarithmic above -- and every k_cut; ``ends[i]`` is the number of
    panels below ``k_cuts[i]``, so the integrals up to all the cuts are one cumulative sum.
    """
    top = float(np.max(k_cuts))
    low = np.exp(np.arange(np.log(_K_LOW), np.log(_K_BARYON[0]), 1.0))
    baryon = np.arange(_K_BARYON[0], _K_BARYON[1], 0.1)
    high = np.exp(np.arange(np.log(_K_BARYON[1]), np.log(max(top, _K_BARYON[1])), 0.5))
    grid = np.concatenate([low, baryon, high])
    edges = np.unique(np.concatenate([grid[grid < top], k_cuts]))
    t, w = np.polynomial.legendre.leggauss(_N_GAUSS)
    lo, hi = edges[:-1, None], edges[1:, None]
    nodes = 0.5 * (lo + hi) + 0.5 * (hi - lo) * t
    weights = 0.5 * (hi - lo) * w
    ends = np.searchsorted(edges, k_cuts)
    return nodes, weights, ends


_LN_R_NODES = (
    LN_R_SHARP_K[0]
    + _PIECE_WIDTH * (np.arange(_N_PIECES)[:, None] + 0.5 * (1.0 + chebyshev_nodes(-1.0, 1.0, _N_NODES)))
)
_K_NODES, _K_WEIGHTS, _ENDS = _cumulative_rule(np.exp(-_LN_R_NODES.ravel()))


def build_sharp_k_table(cosmology, xp=jnp) -> SharpKTable:
    """The :class:`SharpKTable` of ``cosmology``, in NumPy (``xp=numpy``) or inside a JAX trace."""
    s2_norm = sigma2_unnormalised(cosmology, (R_NORM,), xp, warm=False)[0]
    amplitude = cosmology.sigma8**2 / s2_norm
    power = lambda k: linear_power(cosmology, amplitude, k, xp)  # noqa: E731
    panels = xp.sum(_K_WEIGHTS * _K_NODES**2 * power(_K_NODES), axis=1)
    # Below _K_LOW, P = A k^ns T^2 with T^2 constant: int k^2 P dk in closed form.
    low = power(_K_LOW) * _K_LOW**3 / (3.0 + cosmology.ns)
    cumulative = xp.cumsum(panels)[_ENDS - 1] + low
    ln_s2 = xp.log(cumulative / (2.0 * np.pi**2)).reshape(_N_PIECES, _N_NODES)
    series = chebyshev_coefficients(ln_s2)
    if xp is np:
        amplitude = float(amplitude)
    return SharpKTable(series=series, amplitude=amplitude)


def sharp_k_table(cosmology) -> SharpKTable:
    """The cosmology's :class:`SharpKTable`: cached NumPy constants if concrete, built in the trace otherwise."""
    if is_traced(cosmology):
        return build_sharp_k_table(cosmology, jnp)
    static = cosmology.as_static()
    return cached(("sharp_k", parameters(static)), lambda: build_sharp_k_table(static, np))


def sharp_k_ln_sigma2(table, ln_radius):
    """ln sigma^2(R, z = 0) of the sharp-k filter from the table; meaningful on :data:`LN_R_SHARP_K`.

    The series is piecewise: :data:`_N_PIECES` pieces of equal width in ln R, each its own
    Chebyshev series (the baryon wiggles of P(k) enter sigma^2 at first order under a
    sharp-k filter, and one series over the whole range converges slowly).
    """
    x = (jnp.asarray(ln_radius, dtype=float) - LN_R_SHARP_K[0]) / _PIECE_WIDTH
    rows = jnp.clip(jnp.floor(x), 0, _N_PIECES - 1).astype(int)
    t = 2.0 * (x - rows) - 1.0
    if isinstance(table.series, np.ndarray):
        return chebyshev_evaluate_rows(table.series, rows, t)
    coefficients = table.series[rows]
    b1 = b2 = jnp.zeros_like(t)
    for j in range(_N_NODES - 1, 0, -1):
        b1, b2 = 2.0 * t * b1 - b2 + coefficients[..., j], b1
    return t * b1 - b2 + coefficients[..., 0]


def sharp_k_slope(table, cosmology, ln_radius):
    """d ln sigma / d ln R = -P(1/R) / (4 pi^2 R^3 sigma^2), exact (no derivative of the series)."""
    radius = jnp.exp(ln_radius)
    power = linear_power(cosmology, table.amplitude, 1.0 / radius)
    return -power / (4.0 * np.pi**2 * radius**3 * jnp.exp(sharp_k_ln_sigma2(table, ln_radius)))


def sharp_k_sigma_with_mask(cosmology, radius):
    """sigma(R, z = 0) of the sharp-k filter and its validity.

    Parameters
    ----------
    cosmology : Cosmology
        Cold or warm (``m_wdm``); may be traced.
    radius : array_like
        Filter radius R [Mpc/h], 1e-4 <= R <= 30.

    Returns
    -------
    (jax.Array, jax.Array of bool)
        sigma (NaN where not valid) and validity: R in range (per element), a traced
        ``m_wdm`` > 0.
    """
    radius = as_float(radius, "radius")
    ln_r = jnp.log(jnp.where(radius > 0.0, radius, 1.0))
    inside = (radius > 0.0) & (ln_r >= LN_R_SHARP_K[0]) & (ln_r <= LN_R_SHARP_K[1])
    cosmology, cosmology_ok = safe_particle_mass(cosmology)
    valid = inside & cosmology_ok
    ln_s2 = sharp_k_ln_sigma2(sharp_k_table(cosmology), jnp.where(valid, ln_r, 0.0))
    return jnp.where(valid, jnp.exp(0.5 * ln_s2), jnp.nan), valid


def sharp_k_sigma(cosmology, radius):
    """sigma(R, z = 0) of the sharp-k filter [dimensionless]; see :func:`sharp_k_sigma_with_mask`.

    NaN where ``radius`` is outside [1e-4, 30] Mpc/h or not finite.
    """
    return sharp_k_sigma_with_mask(cosmology, radius)[0]
