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

The expected number and mass between two masses and the inverse cumulative distribution
are in :mod:`.subhalo_abundance`.

Validity, per element (NaN with ``valid`` False and zero derivatives where not, concrete or
traced, in every function): masses finite and > 0, m1 < m2 for the inverse (m1 <= m2 for
the integrals), 0 <= q <= 1, M_host finite and > 0, z finite and >= 0.  Model parameters
(a concrete value outside raises ``ValueError`` naming it; a traced one gives NaN with
``valid`` False and zero derivatives): sigma_sub finite and >= 0, s finite, m_hm finite and
>= 0, the turnover's alpha, beta > 0 and gamma finite.
"""

from typing import NamedTuple

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.lss.warm_turnover import TURNOVERS, Turnover, check_turnover, cosmology_half_mode_mass, turnover
from autogalaxy_jaxnfw.numerics.domain import require
from autogalaxy_jaxnfw.numerics.inputs import as_floats
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = [
    "HOST_SCALINGS",
    "M_PIVOT",
    "HostScaling",
    "host_scaling",
    "subhalo_half_mode_mass",
    "check_host",
    "check_mass",
    "check_shape",
    "check_sigma_sub",
    "host_factor",
    "host_scaling_parameters",
    "subhalo_mass_function",
    "subhalo_mass_function_with_mask",
    "turnover_of_ln_m",
]

M_PIVOT = 1e8
"""m0 [Msun], where sigma_sub normalises the mass function."""


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


def host_scaling_parameters(scaling) -> "HostScaling":
    """``scaling`` as a :class:`HostScaling`: a preset's name or the parameters themselves."""
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
    """F(M_host, z) of pyHalo (see the module); NaN where M_host [Msun] is not > 0 or z not >= 0 (both finite)."""
    k = host_scaling_parameters(scaling)
    m_host, z = as_floats(m_host=m_host, z=z)
    ok = check_host(m_host, z)
    return jnp.where(ok, host_factor(jnp.where(ok, m_host, 1e13), jnp.where(ok, z, 0.5), k), jnp.nan)


def check_host(m_host, z):
    """Validity, per element, of the host mass [Msun] (finite, > 0) and redshift (finite, >= 0)."""
    return jnp.isfinite(m_host) & (m_host > 0.0) & jnp.isfinite(z) & (z >= 0.0)


def host_factor(m_host, z, k):
    """F(M_host, z) for valid inputs and :class:`HostScaling` k."""
    return 10.0 ** (k.k1 * jnp.log10(m_host / 1e13) + k.k2 * jnp.log10(z + 0.5))


def check_shape(slope, m_hm, turnover_parameters):
    """Validity of the model parameters slope, half-mode mass and turnover, and the turnover to evaluate.

    Concrete invalid values raise naming them.  A traced turnover outside its domain is
    replaced by a valid stand-in (``lovell20_subhalo``) in what is evaluated, so that no NaN
    reaches a derivative; the caller masks the result with the validity.  The turnover is
    None for a pure power law (``turnover_parameters=None``).
    """
    ok = require("slope", slope, jnp.isfinite(slope), "finite")
    ok = ok & require("m_hm", m_hm, jnp.isfinite(m_hm) & (m_hm >= 0.0), "finite and >= 0 Msun")
    if turnover_parameters is None:
        return ok, None
    parameters = turnover(turnover_parameters)
    parameters_ok = check_turnover(parameters)
    if is_traced(parameters):
        stand_in = TURNOVERS["lovell20_subhalo"]
        parameters = Turnover(*(jnp.where(parameters_ok, p, q) for p, q in zip(parameters, stand_in)))
    return ok & parameters_ok, parameters


def check_mass(m):
    """Validity, per element, of a mass [Msun]: finite and > 0."""
    return jnp.isfinite(m) & (m > 0.0)


def check_sigma_sub(sigma_sub):
    """Validity of the model parameter sigma_sub [kpc^-2] (finite, >= 0); a concrete invalid one raises."""
    return require("sigma_sub", sigma_sub, jnp.isfinite(sigma_sub) & (sigma_sub >= 0.0), "finite and >= 0 kpc^-2")


def turnover_of_ln_m(ln_m, m_hm, parameters):
    """(1 + (alpha m_hm / m)^beta)^gamma at m = exp(ln m), 1 where m_hm = 0 (with zero derivative)."""
    if parameters is None:
        return jnp.ones_like(ln_m)
    positive = m_hm > 0.0
    ln_x = jnp.log(parameters.alpha * jnp.where(positive, m_hm, 1.0)) - ln_m
    x_beta = jnp.where(positive, jnp.exp(parameters.beta * ln_x), 0.0)
    return jnp.exp(parameters.gamma * jnp.log1p(x_beta))


def _differential(ln_m, slope, m_hm, parameters):
    """(m / m0)^s / m0 x T(m) [Msun^-1]."""
    return jnp.exp(slope * (ln_m - np.log(M_PIVOT)) - np.log(M_PIVOT)) * turnover_of_ln_m(ln_m, m_hm, parameters)


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
    k = host_scaling_parameters(scaling)
    m, sigma_sub, m_host, z, slope, m_hm = as_floats(m=m, sigma_sub=sigma_sub, m_host=m_host, z=z, slope=slope, m_hm=m_hm)
    shape_ok, parameters = check_shape(slope, m_hm, turnover_parameters)
    valid = check_mass(m) & check_sigma_sub(sigma_sub) & check_host(m_host, z) & shape_ok
    safe = lambda x, v: jnp.where(valid, x, v)  # noqa: E731
    amplitude = safe(sigma_sub, 0.0) * host_factor(safe(m_host, 1e13), safe(z, 0.5), k)
    value = amplitude * _differential(jnp.log(safe(m, M_PIVOT)), safe(slope, -1.9), safe(m_hm, 0.0), parameters)
    return jnp.where(valid, value, jnp.nan), valid


def subhalo_mass_function(m, sigma_sub, m_host, z, slope=-1.9, m_hm=0.0, turnover_parameters="lovell20_subhalo", scaling="pyhalo"):
    """d^2 N / dm dA [kpc^-2 Msun^-1]; see :func:`subhalo_mass_function_with_mask`."""
    return subhalo_mass_function_with_mask(m, sigma_sub, m_host, z, slope, m_hm, turnover_parameters, scaling)[0]
