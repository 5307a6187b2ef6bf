"""Fits of the halo multiplicity function f(sigma), in colossus' normalisation.

The comoving number density of halos per unit ln M is
dn / d ln M = f(sigma) rho_m0 / M |d ln sigma / d ln M|, so f is the fraction of mass in halos
per unit ln(1/sigma) (Press & Schechter 1974; Jenkins et al. 2001, eq. 4).  Each model below is
a function ``(sigma, z, mdef, cosmology) -> (f, calibrated)``: ``calibrated`` is False where the
fit is used outside the range of overdensity it was calibrated for.  Models whose f depends on
the collapse threshold use delta_c = 1.68647 at every redshift, as colossus' ``massFunction``
does (it passes ``deltac_args={}``, which overrides its model functions' own default of an
Omega_m(z)^0.0055 correction).

================  ===============  ====================================================
model             mass definition  f(sigma)
================  ===============  ====================================================
press74           fof              Press & Schechter (1974), sqrt(2/pi) nu exp(-nu^2/2)
sheth99           fof              Sheth & Tormen (1999) eq. 10, A = 0.3222 (x 2: colossus' normalisation)
jenkins01         fof              Jenkins et al. (2001) eq. 9
warren06          fof              Warren et al. (2006) eq. 5
angulo12          fof              Angulo et al. (2012) eq. 5
tinker08          any SO           Tinker et al. (2008) eqs. 3-8, Table 2 (200 <= Delta_m <= 3200)
watson13          fof, any SO      Watson et al. (2013) eq. 12 (fof); eqs. 14-19 (SO)
despali16         any SO           Despali et al. (2016) eqs. 7, 12-13
================  ===============  ====================================================
"""

from typing import Callable, NamedTuple

import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.halo.ludlow16.equations import DELTA_COLLAPSE
from autogalaxy_jaxnfw.lss.linear_field import delta_mean, omega_m
from autogalaxy_jaxnfw.halo.overdensity import density_threshold

__all__ = ["MODELS", "MultiplicityModel", "TINKER08_DELTA_RANGE", "calibrated_overdensity"]


class MultiplicityModel(NamedTuple):
    """A multiplicity fit and the mass definitions it is defined for.

    Attributes
    ----------
    function : callable
        ``(sigma, z, mdef, cosmology) -> (f, calibrated)``.
    fof : bool
        Defined for friends-of-friends masses (``mdef="fof"``).
    spherical_overdensity : bool
        Defined for any spherical-overdensity definition (``"200c"``, ``"500c"``, ``"vir"``, ...).
    """

    function: Callable
    fof: bool
    spherical_overdensity: bool


def _always(f):
    return f, jnp.ones(jnp.shape(f), bool)


def _press74(sigma, z, mdef, cosmology):
    nu = DELTA_COLLAPSE / sigma
    return _always(np.sqrt(2.0 / np.pi) * nu * jnp.exp(-0.5 * nu * nu) + 0.0 * z)


def _sheth99(sigma, z, mdef, cosmology):
    nu_p = 0.707 * (DELTA_COLLAPSE / sigma) ** 2
    return _always(0.3222 * jnp.sqrt(2.0 / np.pi * nu_p) * jnp.exp(-0.5 * nu_p) * (1.0 + nu_p**-0.3) + 0.0 * z)


def _jenkins01(sigma, z, mdef, cosmology):
    return _always(0.315 * jnp.exp(-jnp.abs(0.61 - jnp.log(sigma)) ** 3.8) + 0.0 * z)


def _warren06(sigma, z, mdef, cosmology):
    return _always(0.7234 * (sigma**-1.625 + 0.2538) * jnp.exp(-1.1982 / sigma**2) + 0.0 * z)


def _angulo12(sigma, z, mdef, cosmology):
    return _always(0.201 * ((2.08 / sigma) ** 1.7 + 1.0) * jnp.exp(-1.172 / sigma**2) + 0.0 * z)


TINKER08_DELTA_RANGE = (200.0, 3200.0)
"""The range of Delta_m that Tinker et al. (2008) calibrated (their Table 2)."""
_TINKER08_DELTA = np.array([200.0, 300.0, 400.0, 600.0, 800.0, 1200.0, 1600.0, 2400.0, 3200.0])
_TINKER08_TABLE = np.array(
    [
        [0.186, 0.200, 0.212, 0.218, 0.248, 0.255, 0.260, 0.260, 0.260],  # A0
        [1.47, 1.52, 1.56, 1.61, 1.87, 2.13, 2.30, 2.53, 2.66],  # a0
        [2.57, 2.25, 2.05, 1.87, 1.59, 1.51, 1.46, 1.44, 1.41],  # b0
        [1.19, 1.27, 1.34, 1.45, 1.58, 1.80, 1.97, 2.24, 2.44],  # c0
    ]
)


def calibrated_overdensity(delta, bounds):
    """(Delta clipped into ``bounds``, whether it lies in them); the ends are widened by 1e-12
    relative, so that "200m", whose Delta_m is 200 up to rounding, counts as inside."""
    lo, hi = bounds
    inside = (delta >= lo * (1.0 - 1e-12)) & (delta <= hi * (1.0 + 1e-12))
    return jnp.clip(jnp.where(inside, delta, lo), lo, hi), inside


def _tinker08(sigma, z, mdef, cosmology):
    """Tinker et al. (2008) eq. 3 with Table 2 interpolated linearly in Delta_m and eqs. 5-8.

    colossus rounds Delta_m to an integer before interpolating; this function does not (the
    rounding changes f by up to ~1e-4 relative for definitions other than "<Delta>m" and
    would make f a step function of z).
    """
    delta, calibrated = calibrated_overdensity(delta_mean(z, mdef, cosmology), TINKER08_DELTA_RANGE)
    A0, a0, b0, c0 = (jnp.interp(delta, _TINKER08_DELTA, row) for row in _TINKER08_TABLE)
    alpha = 10.0 ** (-((0.75 / jnp.log10(delta / 75.0)) ** 1.2))  # eq. 8
    zp1 = 1.0 + z
    A = A0 * zp1**-0.14  # eqs. 5-7
    a = a0 * zp1**-0.06
    b = b0 * zp1**-alpha
    f = A * ((sigma / b) ** -a + 1.0) * jnp.exp(-c0 / sigma**2)
    return f, jnp.broadcast_to(calibrated, jnp.shape(f))


def _watson13(sigma, z, mdef, cosmology):
    """Watson et al. (2013): eq. 12 for FOF; the AHF fit (eqs. 14-16 and its z = 0 and z > 6
    parameters, Table 2 for alpha and beta) times the definition factor of eqs. 17-19 for SO."""
    if mdef == "fof":
        return _always(0.282 * ((1.406 / sigma) ** 2.163 + 1.0) * jnp.exp(-1.210 / sigma**2) + 0.0 * z)
    om = omega_m(z, cosmology)
    zp1 = 1.0 + z
    today, early = z == 0.0, z > 6.0
    pick = lambda z0, evolving, high: jnp.where(today, z0, jnp.where(early, high, evolving))  # noqa: E731
    A = pick(0.194, om * (1.097 * zp1**-3.216 + 0.074), 0.563)
    alpha = pick(1.805, om * (5.907 * zp1**-3.058 + 2.349), 3.810)
    beta = pick(2.267, om * (3.136 * zp1**-3.599 + 2.344), 0.874)
    gamma = pick(1.287, 1.318, 1.453)
    f_178 = A * ((beta / sigma) ** alpha + 1.0) * jnp.exp(-gamma / sigma**2)
    delta_178 = delta_mean(z, mdef, cosmology) / 178.0
    d = -0.456 * om - 0.139
    factor = jnp.exp(0.023 * (delta_178 - 1.0)) * delta_178**d * jnp.exp(0.072 * (1.0 - delta_178) / sigma**2.130)
    return _always(f_178 * factor)


def _despali16(sigma, z, mdef, cosmology):
    """Despali et al. (2016) eq. 7 with the SO parameters of eqs. 12-13, x = log10(Delta / Delta_vir)."""
    x = jnp.log10(density_threshold(z, mdef, cosmology) / density_threshold(z, "vir", cosmology))
    A = -0.1362 * x + 0.3292
    a = 0.4332 * x * x + 0.2263 * x + 0.7665
    p = -0.1151 * x * x + 0.2554 * x + 0.2488
    nu_p = a * (DELTA_COLLAPSE / sigma) ** 2
    return _always(2.0 * A * jnp.sqrt(nu_p / (2.0 * np.pi)) * jnp.exp(-0.5 * nu_p) * (1.0 + nu_p**-p))


MODELS = {
    "press74": MultiplicityModel(_press74, True, False),
    "sheth99": MultiplicityModel(_sheth99, True, False),
    "jenkins01": MultiplicityModel(_jenkins01, True, False),
    "warren06": MultiplicityModel(_warren06, True, False),
    "angulo12": MultiplicityModel(_angulo12, True, False),
    "tinker08": MultiplicityModel(_tinker08, False, True),
    "watson13": MultiplicityModel(_watson13, True, True),
    "despali16": MultiplicityModel(_despali16, False, True),
}
"""Model name -> :class:`MultiplicityModel`, in colossus' names."""
