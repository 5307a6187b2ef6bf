"""rms linear density fluctuation sigma(R) at z = 0, top-hat filter, normalised to sigma8.

sigma^2(R) = 1/(2 pi^2) int_0^inf k^2 P(k) W^2(kR) dk with P(k) = A k^ns T^2(k) (EH98
transfer function) and W(x) = 3 (sin x - x cos x) / x^3 (Peebles 1980, eq. 26.5; colossus
code paper, Diemer 2018, eq. 17); A is fixed by sigma(8 Mpc/h) = sigma8.

The integral is evaluated by composite Gauss-Legendre quadrature on panels chosen for each
radius: logarithmic below k = 0.01 h/Mpc, 0.1 h/Mpc wide where the EH98 baryon
oscillations live (they persist, with decaying amplitude, to k ~ 20 h/Mpc), logarithmic up
to kR = 1, then one panel per half-period pi of the filter's oscillation up to kR = 64 pi.
The remaining tail uses the mean of the filter, W^2 -> 9 / (2 (kR)^4), and the local
power-law slope of k^(2+ns) T^2; ending at a multiple of pi cancels the leading
oscillatory term.  The error is largest at 60 Mpc/h, where the tail matters most (the
assessment gives it; ``tune.py`` and ``test_layers.py`` measure it).

sigma(R) is needed for every halo, so it is represented by a Chebyshev series of
ln sigma^2 in ln R on [1e-3, 60] Mpc/h built from that quadrature (60 Mpc/h: Diemer & Joyce's
n_eff at kappa R_L with kappa up to 2.4 for M up to ~3e15 Msun/h; 96 terms); the series converges to
the quadrature's own precision.  For a cosmology given as concrete numbers the series
is built in NumPy and cached (:mod:`autogalaxy_jaxnfw.cosmology.tables`); for a traced cosmology it
is rebuilt inside the trace, so derivatives with respect to cosmological parameters are
exact.
"""

import functools

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.numerics.chebyshev import (
    chebyshev_coefficients,
    chebyshev_evaluate,
    chebyshev_nodes,
)
from autogalaxy_jaxnfw.cosmology.transfer import transfer_eh98
from autogalaxy_jaxnfw.cosmology.warm_dark_matter import is_cold, transfer_wdm

__all__ = [
    "RHO_CRIT_0",
    "LN_R_MIN",
    "LN_R_MAX",
    "R_NORM",
    "cold_k2_spectrum",
    "k_rule",
    "sigma2_unnormalised",
    "sigma_series",
    "ln_sigma2",
    "lagrangian_radius",
]

RHO_CRIT_0 = 2.77536627245708e11
"""Critical density today in Msun h^2 / Mpc^3 (colossus ``RHO_CRIT_0_MPC3``)."""

LN_R_MIN = float(np.log(1e-3))
LN_R_MAX = float(np.log(60.0))
_N_TABLE = 96
# A warm spectrum's sigma(R) bends at the half-mode scale: 128 nodes keep the series at
# the quadrature's precision there (docs/research/warm_dark_matter.md).
_N_TABLE_WARM = 128
_N_GAUSS = 12
_N_GAUSS_BARYON = 16
_K_BARYON = (0.01, 20.0)
_N_HALF_PERIODS = 64
R_NORM = 8.0
"""Radius [Mpc/h] of sigma8, the spectrum's normalisation."""
# The warm tail's difference from the cold one: Gauss-Legendre in ln(k / k_end) on ten panels
# of width 1, where the integrand falls like k^-(2 - ns + 4) (10 e-folds: below 1e-16).
_N_TAIL_PANELS = 10


def _gauss_legendre_panels(lo, hi, n):
    """Nodes and weights of n-point Gauss-Legendre rules on the panels [lo_i, hi_i]."""
    t, w = np.polynomial.legendre.leggauss(n)
    lo, hi = lo[:, None], hi[:, None]
    nodes = 0.5 * (lo + hi) + 0.5 * (hi - lo) * t
    weights = 0.5 * (hi - lo) * w
    return nodes.ravel(), weights.ravel()


def _tail_rule():
    """Nodes k / k_end and weights in ln k of the warm tail's quadrature."""
    edges = np.arange(_N_TAIL_PANELS + 1.0)
    ln_k, w = _gauss_legendre_panels(edges[:-1], edges[1:], _N_GAUSS)
    return np.exp(ln_k), w


_TAIL_NODES, _TAIL_WEIGHTS = _tail_rule()


def _rule(radius):
    """Composite rule for one radius: more nodes on panels that carry baryon wiggles."""
    edges = _panel_edges(radius)
    lo, hi = edges[:-1], edges[1:]
    wiggly = (lo >= _K_BARYON[0]) & (hi <= _K_BARYON[1])
    k1, w1 = _gauss_legendre_panels(lo[wiggly], hi[wiggly], _N_GAUSS_BARYON)
    k2, w2 = _gauss_legendre_panels(lo[~wiggly], hi[~wiggly], _N_GAUSS)
    return np.concatenate([k1, k2]), np.concatenate([w1, w2])


def _panel_edges(radius):
    """Panel edges in k (h/Mpc) for the sigma^2 integral at one radius (Mpc/h)."""
    k_filter = 1.0 / radius
    k_end = _N_HALF_PERIODS * np.pi / radius
    low = np.exp(np.arange(np.log(1e-6), np.log(0.01), 1.0))
    baryon = np.arange(_K_BARYON[0], _K_BARYON[1], 0.1)
    smooth = np.exp(np.arange(np.log(_K_BARYON[1]), np.log(max(k_filter, _K_BARYON[1])), 0.5))
    periods = np.arange(k_filter, k_end, np.pi / radius)
    edges = np.unique(np.concatenate([low, baryon, smooth, periods]))
    return np.append(edges[edges < k_end * (1 - 1e-9)], k_end)


@functools.lru_cache(maxsize=None)
def k_rule(radii):
    """Padded (len(radii), n) arrays of k nodes [h/Mpc] and weights, and the tail start k_end = 64 pi / R.

    One composite Gauss-Legendre rule per radius (a tuple of floats, Mpc/h): its panels follow
    the baryon wiggles and, beyond k = 1/R, each half-period pi/R of an oscillation in kR, so the
    same rule serves the top-hat variance and the correlation function
    (:mod:`~autogalaxy_jaxnfw.cosmology.correlation`).
    """
    rules = [_rule(r) for r in radii]
    n = max(len(k) for k, _ in rules)
    k = np.ones((len(radii), n))
    w = np.zeros((len(radii), n))
    for i, (ki, wi) in enumerate(rules):
        k[i, : len(ki)] = ki
        w[i, : len(wi)] = wi
    k_end = _N_HALF_PERIODS * np.pi / np.asarray(radii)
    return k, w, k_end


def _tophat(x, xp):
    """Fourier transform of the real-space top hat, with its series below x = 1e-2."""
    small = x < 1e-2
    xs = xp.where(small, 1.0, x)
    x2 = x * x
    series = 1.0 - x2 / 10.0 + x2 * x2 / 280.0 - x2 * x2 * x2 / 15120.0
    return xp.where(small, series, 3.0 * (xp.sin(xs) - xs * xp.cos(xs)) / xs**3)


def cold_k2_spectrum(cosmo, k, xp=jnp):
    """k^2 P(k) / A = k^(2 + ns) T_EH98^2(k) of the cold spectrum, unnormalised (k in h/Mpc)."""
    return k ** (2.0 + cosmo.ns) * transfer_eh98(cosmo, k, xp) ** 2


def sigma2_unnormalised(cosmo, radii, xp=jnp, warm=True):
    """int k^2 k^ns T^2(k) T_wdm^2(k) W^2(kR) dk / (2 pi^2) for static radii (Mpc/h).

    Parameters
    ----------
    cosmo : Cosmology
    radii : tuple of float
        Comoving radii in Mpc/h (static: they fix the quadrature panels).
    xp : module
        ``jax.numpy`` (default) or ``numpy``.
    warm : bool
        Include the warm-dark-matter suppression T_wdm of ``cosmo.m_wdm``
        (:mod:`~autogalaxy_jaxnfw.cosmology.warm_dark_matter`); False gives the cold spectrum.

    Returns
    -------
    jax.Array or numpy.ndarray
        Shape (len(radii),), in (Mpc/h)^-(3+ns) times the unnormalised amplitude.
    """
    k, w, k_end = k_rule(tuple(float(r) for r in radii))
    r = np.asarray(radii)[:, None]
    suppressed = warm and not is_cold(cosmo)
    cold = lambda kk: cold_k2_spectrum(cosmo, kk, xp)  # noqa: E731
    spectrum = (lambda kk: cold(kk) * transfer_wdm(cosmo, kk, xp) ** 2) if suppressed else cold
    body = xp.sum(w * spectrum(k) * _tophat(k * r, xp) ** 2, axis=1)
    # The cold spectrum is a power law beyond kR = 64 pi, a warm one is not: the warm tail is
    # the cold one plus the quadrature of the difference, which vanishes for m_wdm = inf.
    g_end = cold(k_end)
    slope = xp.log(cold(2.0 * k_end) / g_end) / np.log(2.0)
    tail = 4.5 * g_end * k_end / (_N_HALF_PERIODS * np.pi) ** 4 / (3.0 - slope)
    if suppressed:
        k_tail = k_end[:, None] * _TAIL_NODES
        weight = _TAIL_WEIGHTS * k_tail * 4.5 / (k_tail * r) ** 4
        tail = tail + xp.sum(weight * cold(k_tail) * (transfer_wdm(cosmo, k_tail, xp) ** 2 - 1.0), axis=1)
    return (body + tail) / (2.0 * np.pi**2)


def sigma_series(cosmo, xp=jnp):
    """Chebyshev coefficients of ln sigma^2(R, z = 0) in ln R on [LN_R_MIN, LN_R_MAX], normalised to sigma8.

    ``xp = numpy`` for a concrete cosmology (a few milliseconds, no XLA compilation; the
    result is cached by :func:`autogalaxy_jaxnfw.cosmology.tables.tables_for`), ``jax.numpy`` inside a
    trace over the cosmology.
    """
    ln_r = chebyshev_nodes(LN_R_MIN, LN_R_MAX, _N_TABLE if is_cold(cosmo) else _N_TABLE_WARM)
    radii = tuple(np.exp(ln_r)) + (R_NORM,)
    s2 = sigma2_unnormalised(cosmo, radii, xp)
    # The amplitude is that of the cold spectrum normalised to sigma8 (a warm spectrum is
    # that spectrum times T_wdm^2); for cold dark matter the last entry is that spectrum.
    s2_norm = s2[-1] if is_cold(cosmo) else sigma2_unnormalised(cosmo, (R_NORM,), xp, warm=False)[0]
    ln_s2 = xp.log(s2[:-1]) + 2.0 * xp.log(cosmo.sigma8) - xp.log(s2_norm)
    return chebyshev_coefficients(ln_s2)


def ln_sigma2(coefficients, ln_radius):
    """ln sigma^2(R, z=0) from :func:`sigma_series`; meaningful for LN_R_MIN <= ln R <= LN_R_MAX."""
    return chebyshev_evaluate(coefficients, LN_R_MIN, LN_R_MAX, ln_radius)


def lagrangian_radius(cosmo, mass):
    """Comoving radius (Mpc/h) enclosing ``mass`` (Msun/h) at the mean matter density."""
    return (3.0 * mass / (4.0 * np.pi * cosmo.Om0 * RHO_CRIT_0)) ** (1.0 / 3.0)
