"""The subhalo mass function of strong-lens substructure studies, in pyHalo's convention.

The number of subhaloes per unit mass and per unit projected area near a lens (Gilman et
al. 2020, MNRAS 491, 6077, sec. 3.1; pyHalo's ``Rendering.subhalos``) is a power law in
mass normalised at m0 = 1e8 Msun, scaled with the host's mass and redshift, times the
warm-dark-matter turnover:

    d^2 N / dm dA = sigma_sub F(M_host, z) (m / m0)^s / m0 x (1 + (alpha m_hm / m)^beta)^gamma,

    F(M_host, z) = 10^(k1 log10(M_host / 1e13 Msun) + k2 log10(z + 0.5)),

in kpc^-2 Msun^-1, with sigma_sub [kpc^-2] the amplitude of a 1e13 Msun host at z = 0.5,
s the logarithmic slope (-1.9 by default) and the turnover of
:mod:`~autogalaxy_jaxnfw.lss.warm_turnover` (Lovell 2020's subhalo fit by default).  Masses
are in Msun, not Msun/h: m_hm [Msun] = half_mode_mass(cosmology) / h
(:func:`subhalo_half_mode_mass`).  F is pyHalo's (``host_scaling_function``): it is 1 for
a 1e13 Msun host at z = 0.5, hence log10(z + 0.5), not log10(1 + z).

Host scalings (:data:`HOST_SCALINGS`): "pyhalo" (k1 = 0.55, k2 = 0.37), the defaults of
pyHalo's CDM and WDM presets (1.5); "gilman20" (k1 = 0.88, k2 = 1.7), the defaults of
pyHalo's ``host_scaling_function`` itself.

The expected number and mass per unit area between m1 and m2 are the integrals of m^(s+n) T(m)
(n = 0, 1): in closed form for a pure power law (``turnover_parameters=None``), by a fixed
composite Gauss-Legendre rule in ln m otherwise (32 panels of 16 nodes: the integrand is analytic in ln m, its nearest complex
singularity pi / beta away, so the rule is exact to rounding).  The inverse cumulative
distribution is the root in ln m of N(m1, m) = q N(m1, m2) (Chandrupatla's method, derivative
by the implicit-function theorem), or the closed form of a pure power law.

Validity: masses finite and > 0, m1 < m2 for the inverse (m1 <= m2 for the integrals),
sigma_sub finite and >= 0, M_host finite and > 0, z finite and >= 0, m_hm finite and >= 0,
s finite, 0 <= q <= 1.  Concrete values outside raise ``ValueError`` naming the argument;
traced ones give NaN, ``valid`` False and zero derivatives.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.lss.warm_turnover import cosmology_half_mode_mass, turnover
from autogalaxy_jaxnfw.numerics.domain import require
from autogalaxy_jaxnfw.numerics.inputs import as_floats
from autogalaxy_jaxnfw.numerics.roots import chandrupatla, with_implicit_derivative

__all__ = [
    "HOST_SCALINGS",
    "M_PIVOT",
    "HostScaling",
    "host_scaling",
    "subhalo_half_mode_mass",
    "subhalo_mass",
    "subhalo_mass_at_number_fraction",
    "subhalo_mass_at_number_fraction_with_mask",
    "subhalo_mass_function",
    "subhalo_mass_function_with_mask",
    "subhalo_mass_with_mask",
    "subhalo_number",
    "subhalo_number_with_mask",
]

M_PIVOT = 1e8
"""m0 [Msun], where sigma_sub normalises the mass function."""
_N_PANELS = 32
_N_NODES = 16
_T, _W = np.polynomial.legendre.leggauss(_N_NODES)
_EDGES = np.linspace(0.0, 1.0, _N_PANELS + 1)
_NODES = (0.5 * (_EDGES[:-1, None] + _EDGES[1:, None]) + 0.5 * np.diff(_EDGES)[:, None] * _T).ravel()
_WEIGHTS = (0.5 * np.diff(_EDGES)[:, None] * _W).ravel()


class HostScaling(NamedTuple):
    """F = 10^(k1 log10(M_host / 1e13 Msun) + k2 log10(z + 0.5)) (pyHalo's form); a pytree.

    Attributes
    ----------
    k1 : float
        Power of the host mass.
    k2 : float
        Power of (z + 0.5).
    """

    k1: float
    k2: float


HOST_SCALINGS = {"pyhalo": HostScaling(0.55, 0.37), "gilman20": HostScaling(0.88, 1.7)}
"""The host scalings of the module's text, by name."""


def _scaling(scaling):
    if isinstance(scaling, str):
        if scaling not in HOST_SCALINGS:
            raise ValueError(f"scaling must be one of {sorted(HOST_SCALINGS)} or a HostScaling; got {scaling!r}")
        return HOST_SCALINGS[scaling]
    if not isinstance(scaling, HostScaling):
        raise TypeError(f"scaling must be a preset name or a HostScaling; got {type(scaling).__name__}")
    return scaling


def subhalo_half_mode_mass(cosmology):
    """m_hm [Msun] of ``cosmology.m_wdm`` (0 if cold): the half-mode mass in Msun/h over h, and its validity."""
    m_hm, ok = cosmology_half_mode_mass(cosmology)
    return m_hm / cosmology.h, ok


def host_scaling(m_host, z, scaling="pyhalo"):
    """F(M_host, z) of pyHalo (see the module); M_host [Msun] > 0, z >= 0; NaN outside for traced input."""
    k = _scaling(scaling)
    m_host, z = as_floats(m_host=m_host, z=z)
    ok = _host_ok(m_host, z)
    return jnp.where(ok, _host_factor(jnp.where(ok, m_host, 1e13), jnp.where(ok, z, 0.5), k), jnp.nan)


def _host_ok(m_host, z):
    m_host_ok = jnp.isfinite(m_host) & (m_host > 0.0)
    z_ok = jnp.isfinite(z) & (z >= 0.0)
    require("m_host", m_host, m_host_ok, "finite and > 0 Msun")
    require("z", z, z_ok, "finite and >= 0")
    return m_host_ok & z_ok


def _host_factor(m_host, z, k):
    return 10.0 ** (k.k1 * jnp.log10(m_host / 1e13) + k.k2 * jnp.log10(z + 0.5))


def _shape_ok(slope, m_hm, parameters):
    slope_ok = jnp.isfinite(slope)
    m_hm_ok = jnp.isfinite(m_hm) & (m_hm >= 0.0)
    require("slope", slope, slope_ok, "finite")
    require("m_hm", m_hm, m_hm_ok, "finite and >= 0 Msun")
    ok = slope_ok & m_hm_ok
    if parameters is not None:
        p_ok = (parameters.alpha > 0.0) & (parameters.beta > 0.0) & jnp.isfinite(parameters.gamma)
        require("turnover", parameters, p_ok, "a Turnover with alpha > 0, beta > 0 and finite gamma")
        ok = ok & p_ok
    return ok


def _mass_ok(name, m):
    ok = jnp.isfinite(m) & (m > 0.0)
    require(name, m, ok, "finite and > 0 Msun")
    return ok


def _turnover_of_ln_m(ln_m, m_hm, parameters):
    """(1 + (alpha m_hm / m)^beta)^gamma at m = exp(ln m), 1 where m_hm = 0 (with zero derivative)."""
    if parameters is None:
        return jnp.ones_like(ln_m)
    positive = m_hm > 0.0
    ln_x = jnp.log(parameters.alpha * jnp.where(positive, m_hm, 1.0)) - ln_m
    x_beta = jnp.where(positive, jnp.exp(parameters.beta * ln_x), 0.0)
    return jnp.exp(parameters.gamma * jnp.log1p(x_beta))


def _differential(ln_m, slope, m_hm, parameters):
    """(m / m0)^s / m0 x T(m) [Msun^-1]."""
    return jnp.exp(slope * (ln_m - np.log(M_PIVOT)) - np.log(M_PIVOT)) * _turnover_of_ln_m(ln_m, m_hm, parameters)


def subhalo_mass_function_with_mask(m, sigma_sub, m_host, z, slope=-1.9, m_hm=0.0, turnover_parameters="lovell20_subhalo", scaling="pyhalo"):
    """d^2 N / dm dA [kpc^-2 Msun^-1] and its validity.

    Parameters
    ----------
    m : array_like
        Subhalo mass [Msun], > 0.
    sigma_sub : array_like
        Amplitude at m0 = 1e8 Msun for a 1e13 Msun host at z = 0.5 [kpc^-2], >= 0.
    m_host : array_like
        Host halo mass [Msun] (pyHalo: M200 w.r.t. the critical density), > 0.
    z : array_like
        Host (lens) redshift, >= 0.
    slope : array_like
        Logarithmic slope s of dN/dm, finite (pyHalo's default -1.9).
    m_hm : array_like
        Half-mode mass [Msun], >= 0; 0 is cold dark matter (:func:`subhalo_half_mode_mass`).
    turnover_parameters : str, Turnover or None
        The turnover (:data:`~autogalaxy_jaxnfw.lss.warm_turnover.TURNOVERS`); None: a pure power law.
    scaling : str or HostScaling
        The host scaling (:data:`HOST_SCALINGS`).

    Returns
    -------
    (jax.Array, jax.Array of bool)
    """
    parameters = None if turnover_parameters is None else turnover(turnover_parameters)
    k = _scaling(scaling)
    m, sigma_sub, m_host, z, slope, m_hm = as_floats(m=m, sigma_sub=sigma_sub, m_host=m_host, z=z, slope=slope, m_hm=m_hm)
    sigma_ok = jnp.isfinite(sigma_sub) & (sigma_sub >= 0.0)
    require("sigma_sub", sigma_sub, sigma_ok, "finite and >= 0 kpc^-2")
    valid = _mass_ok("m", m) & sigma_ok & _host_ok(m_host, z) & _shape_ok(slope, m_hm, parameters)
    safe = lambda x, v: jnp.where(valid, x, v)  # noqa: E731
    amplitude = safe(sigma_sub, 0.0) * _host_factor(safe(m_host, 1e13), safe(z, 0.5), k)
    value = amplitude * _differential(jnp.log(safe(m, M_PIVOT)), safe(slope, -1.9), safe(m_hm, 0.0), parameters)
    return jnp.where(valid, value, jnp.nan), valid


def subhalo_mass_function(m, sigma_sub, m_host, z, slope=-1.9, m_hm=0.0, turnover_parameters="lovell20_subhalo", scaling="pyhalo"):
    """d^2 N / dm dA [kpc^-2 Msun^-1]; see :func:`subhalo_mass_function_with_mask`."""
    return subhalo_mass_function_with_mask(m, sigma_sub, m_host, z, slope, m_hm, turnover_parameters, scaling)[0]


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
    integrand = jnp.exp(e[..., None] * ln_m - scale[..., None]) * _turnover_of_ln_m(ln_m, m_hm[..., None], parameters)
    return span * jnp.sum(_WEIGHTS * integrand, axis=-1)


def _integral_with_mask(n, m1, m2, sigma_sub, m_host, z, slope, m_hm, turnover_parameters, scaling):
    parameters = None if turnover_parameters is None else turnover(turnover_parameters)
    k = _scaling(scaling)
    m1, m2, sigma_sub, m_host, z, slope, m_hm = jnp.broadcast_arrays(
        *as_floats(m1=m1, m2=m2, sigma_sub=sigma_sub, m_host=m_host, z=z, slope=slope, m_hm=m_hm)
    )
    sigma_ok = jnp.isfinite(sigma_sub) & (sigma_sub >= 0.0)
    require("sigma_sub", sigma_sub, sigma_ok, "finite and >= 0 kpc^-2")
    masses_ok = _mass_ok("m1", m1) & _mass_ok("m2", m2)
    ordered = m1 <= m2
    require("m2", m2, ordered | ~masses_ok, "at least m1")
    valid = masses_ok & ordered & sigma_ok & _host_ok(m_host, z) & _shape_ok(slope, m_hm, parameters)
    safe = lambda x, v: jnp.where(valid, x, v)  # noqa: E731
    amplitude = safe(sigma_sub, 0.0) * _host_factor(safe(m_host, 1e13), safe(z, 0.5), k)
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
    parameters = None if turnover_parameters is None else turnover(turnover_parameters)
    q, m1, m2, slope, m_hm = jnp.broadcast_arrays(*as_floats(q=q, m1=m1, m2=m2, slope=slope, m_hm=m_hm))
    q_ok = jnp.isfinite(q) & (q >= 0.0) & (q <= 1.0)
    require("q", q, q_ok, "in [0, 1]")
    masses_ok = _mass_ok("m1", m1) & _mass_ok("m2", m2)
    ordered = m1 < m2
    require("m2", m2, ordered | ~masses_ok, "> m1")
    valid = q_ok & masses_ok & ordered & _shape_ok(slope, m_hm, parameters)
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
    return jnp.clip(result.root, lo, hi), result.converged


def subhalo_mass_at_number_fraction(q, m1, m2, slope=-1.9, m_hm=0.0, turnover_parameters="lovell20_subhalo"):
    """The mass m_q [Msun] below which a fraction q of the subhaloes between m1 and m2 lie; see the ``_with_mask`` variant."""
    return subhalo_mass_at_number_fraction_with_mask(q, m1, m2, slope, m_hm, turnover_parameters)[0]
