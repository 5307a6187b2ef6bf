"""Expected subhalo numbers and masses between two masses, and the inverse cumulative distribution.

For the subhalo mass function of :mod:`.subhalo_mass_function` (pyHalo's convention, masses in
Msun, per kpc^2 of projected area):

The expected number and mass per unit area between m1 and m2 are the integrals of m^(s+n) T(m)
(n = 0, 1): in closed form for a pure power law (``turnover_parameters=None``), by a fixed
composite Gauss-Legendre rule in ln m otherwise (32 panels of 16 nodes: the integrand is analytic in ln m, its nearest complex
singularity pi / beta away, so the rule is exact to rounding).  The inverse cumulative
distribution is the root in ln m of N(m1, m) = q N(m1, m2) (Chandrupatla's method, derivative
by the implicit-function theorem), or the closed form of a pure power law.

Validity: as :mod:`.subhalo_mass_function`: per element (NaN with ``valid`` False where not),
masses finite and > 0 with m1 <= m2 for the integrals, m1 < m2 and 0 <= q <= 1 for the
inverse, the host's mass and redshift; the model parameters (sigma_sub, slope, m_hm, the
turnover) raise ``ValueError`` naming them when concrete and outside their domain.
"""

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.lss.subhalo_mass_function import (
    M_PIVOT,
    check_host,
    check_mass,
    check_shape,
    check_sigma_sub,
    host_factor,
    host_scaling_parameters,
    turnover_of_ln_m,
)
from autogalaxy_jaxnfw.numerics.inputs import as_floats
from autogalaxy_jaxnfw.numerics.roots import chandrupatla, with_implicit_derivative

__all__ = [
    "subhalo_mass",
    "subhalo_mass_at_number_fraction",
    "subhalo_mass_at_number_fraction_with_mask",
    "subhalo_mass_with_mask",
    "subhalo_number",
    "subhalo_number_with_mask",
]

_N_PANELS = 32
_N_NODES = 16
_T, _W = np.polynomial.legendre.leggauss(_N_NODES)
_EDGES = np.linspace(0.0, 1.0, _N_PANELS + 1)
_NODES = (0.5 * (_EDGES[:-1, None] + _EDGES[1:, None]) + 0.5 * np.diff(_EDGES)[:, None] * _T).ravel()
_WEIGHTS = (0.5 * np.diff(_EDGES)[:, None] * _W).ravel()


def _exprel(x):
    """(e^x - 1) / x, 1 + x/2 near 0 (double where: no 0/0 in value or derivative)."""
    small = jnp.abs(x) < 1e-8
    xs = jnp.where(small, 1.0, x)
    return jnp.where(small, 1.0 + 0.5 * x, jnp.expm1(xs) / xs)


def _moment(ln_m1, ln_m2, n, slope, m_hm, parameters):
    """int_{m1}^{m2} m^n (m / m0)^s / m0 T(m) dm [Msun^n] for valid inputs, ln m1 <= ln m2."""
    span = ln_m2 - ln_m1
    e = slope + n + 1.0
    scale = np.log(M_PIVOT) * (slope + 1.0) * jnp.ones_like(span)
    if parameters is None:
        return jnp.exp(e * ln_m1 - scale) * span * _exprel(e * span)
    ln_m = ln_m1[..., None] + span[..., None] * _NODES
    integrand = jnp.exp(e[..., None] * ln_m - scale[..., None]) * turnover_of_ln_m(ln_m, m_hm[..., None], parameters)
    return span * jnp.sum(_WEIGHTS * integrand, axis=-1)


def _integral_with_mask(n, m1, m2, sigma_sub, m_host, z, slope, m_hm, turnover_parameters, scaling):
    k = host_scaling_parameters(scaling)
    m1, m2, sigma_sub, m_host, z, slope, m_hm = jnp.broadcast_arrays(
        *as_floats(m1=m1, m2=m2, sigma_sub=sigma_sub, m_host=m_host, z=z, slope=slope, m_hm=m_hm)
    )
    masses_ok = check_mass(m1) & check_mass(m2) & (m1 <= m2)
    shape_ok, parameters = check_shape(slope, m_hm, turnover_parameters)
    valid = masses_ok & check_sigma_sub(sigma_sub) & check_host(m_host, z) & shape_ok
    safe = lambda x, v: jnp.where(valid, x, v)  # noqa: E731
    amplitude = safe(sigma_sub, 0.0) * host_factor(safe(m_host, 1e13), safe(z, 0.5), k)
    moment = _moment(jnp.log(safe(m1, M_PIVOT)), jnp.log(safe(m2, 10.0 * M_PIVOT)), n, safe(slope, -1.9), safe(m_hm, 0.0), parameters)
    return jnp.where(valid, amplitude * moment, jnp.nan), valid


def subhalo_number_with_mask(m1, m2, sigma_sub, m_host, z, slope=-1.9, m_hm=0.0, turnover_parameters="lovell20_subhalo", scaling="pyhalo"):
    """Expected number of subhaloes per unit area between m1 and m2 [kpc^-2], and its validity.

    int_{m1}^{m2} d^2N / dm dA dm; arguments as :func:`subhalo_mass_function_with_mask`, with
    m1 <= m2 [Msun].  Multiply by the area [kpc^2] (pyHalo: pi R^2 of its rendering cone at
    the lens) for the expected count.
    """
    return _integral_with_mask(0, m1, m2, sigma_sub, m_host, z, slope, m_hm, turnover_parameters, scaling)


def subhalo_number(m1, m2, sigma_sub, m_host, z, slope=-1.9, m_hm=0.0, turnover_parameters="lovell20_subhalo", scaling="pyhalo"):
    """Expected subhaloes per unit area between m1 and m2 [kpc^-2]; see :func:`subhalo_number_with_mask`."""
    return subhalo_number_with_mask(m1, m2, sigma_sub, m_host, z, slope, m_hm, turnover_parameters, scaling)[0]


def subhalo_mass_with_mask(m1, m2, sigma_sub, m_host, z, slope=-1.9, m_hm=0.0, turnover_parameters="lovell20_subhalo", scaling="pyhalo"):
    """Expected mass in subhaloes per unit area between m1 and m2 [Msun kpc^-2], and its validity.

    int_{m1}^{m2} m d^2N / dm dA dm; arguments as :func:`subhalo_number_with_mask`.
    """
    return _integral_with_mask(1, m1, m2, sigma_sub, m_host, z, slope, m_hm, turnover_parameters, scaling)


def subhalo_mass(m1, m2, sigma_sub, m_host, z, slope=-1.9, m_hm=0.0, turnover_parameters="lovell20_subhalo", scaling="pyhalo"):
    """Expected mass in subhaloes per unit area between m1 and m2 [Msun kpc^-2]; see :func:`subhalo_mass_with_mask`."""
    return subhalo_mass_with_mask(m1, m2, sigma_sub, m_host, z, slope, m_hm, turnover_parameters, scaling)[0]


def subhalo_mass_at_number_fraction_with_mask(q, m1, m2, slope=-1.9, m_hm=0.0, turnover_parameters="lovell20_subhalo"):
    """The mass m_q [Msun] with N(m1, m_q) = q N(m1, m2), and its validity.

    For q uniform on [0, 1], m_q is distributed as dN/dm between m1 and m2 (inverse-transform
    sampling); the amplitude, host and redshift cancel.  A pure power law inverts in closed
    form, m_q = (m1^(s+1) + q (m2^(s+1) - m1^(s+1)))^(1/(s+1)) (ln-uniform for s = -1); with a
    turnover the root in ln m is found by Chandrupatla's method, its derivatives by the
    implicit-function theorem.

    Parameters
    ----------
    q : array_like
        Fraction, 0 <= q <= 1.
    m1, m2 : array_like
        Mass limits [Msun], 0 < m1 < m2.
    slope, m_hm, turnover_parameters
        As for :func:`subhalo_mass_function_with_mask`.

    Returns
    -------
    (jax.Array, jax.Array of bool)
        m_q (NaN where not valid) and the validity (including a converged root).
    """
    q, m1, m2, slope, m_hm = jnp.broadcast_arrays(*as_floats(q=q, m1=m1, m2=m2, slope=slope, m_hm=m_hm))
    q_ok = jnp.isfinite(q) & (q >= 0.0) & (q <= 1.0)
    masses_ok = check_mass(m1) & check_mass(m2) & (m1 < m2)
    shape_ok, parameters = check_shape(slope, m_hm, turnover_parameters)
    valid = q_ok & masses_ok & shape_ok
    safe = lambda x, v: jnp.where(valid, x, v)  # noqa: E731
    q, slope, m_hm = safe(q, 0.5), safe(slope, -1.9), safe(m_hm, 0.0)
    lo, hi = jnp.log(safe(m1, M_PIVOT)), jnp.log(safe(m2, 10.0 * M_PIVOT))
    if parameters is None:
        e = slope + 1.0
        # ln m_q = ln m1 + ln(1 + q (e^(e L) - 1)) / e, L = ln(m2/m1); as e -> 0, ln m1 + q L.
        span = hi - lo
        growth = q * span * _exprel(e * span)
        ln_mq = lo + jnp.log1p(e * growth) / jnp.where(jnp.abs(e * growth) < 1e-12, 1.0, e)
        ln_mq = jnp.where(jnp.abs(e * growth) < 1e-12, lo + growth, ln_mq)
        return jnp.where(valid, jnp.exp(ln_mq), jnp.nan), valid

    ln_mq, converged = _turnover_inverse(lo, hi, q, slope, m_hm, parameters)
    valid = valid & converged
    return jnp.where(valid, jnp.exp(ln_mq), jnp.nan), valid


def _residual(ln_m, params):
    """N(m1, m) - q N(m1, m2), up to the amplitude."""
    lo, hi, q, slope, m_hm, parameters = params
    return _moment(lo, ln_m, 0, slope, m_hm, parameters) - q * _moment(lo, hi, 0, slope, m_hm, parameters)


def _solve(params):
    lo, hi = params[0], params[1]
    return chandrupatla(lambda x: _residual(x, params), lo, hi, _residual(lo, params), _residual(hi, params), x_tol=1e-12)


@jax.jit
def _turnover_inverse(lo, hi, q, slope, m_hm, parameters):
    """ln m_q and convergence (compiled once per shape: the solver's loop would dispatch op by op)."""
    result = with_implicit_derivative(_solve, _residual)((lo, hi, q, slope, m_hm, parameters))
    # Kept inside [lo, hi] by a where, not jnp.clip: at q = 0 or 1 the root is an end, and clip's
    # derivative there is half the implicit one (a tie of its max / min).
    root = jnp.where(result.root < lo, lo, jnp.where(result.root > hi, hi, result.root))
    return root, result.converged


def subhalo_mass_at_number_fraction(q, m1, m2, slope=-1.9, m_hm=0.0, turnover_parameters="lovell20_subhalo"):
    """The mass m_q [Msun] below which a fraction q of the subhaloes between m1 and m2 lie; see the ``_with_mask`` variant."""
    return subhalo_mass_at_number_fraction_with_mask(q, m1, m2, slope, m_hm, turnover_parameters)[0]
