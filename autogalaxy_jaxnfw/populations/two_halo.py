"""pyHalo's two-halo factor B: the excess of haloes correlated with the host near the lens plane.

pyHalo's ``TwoHaloContribution`` (Gilman et al. 2019, 2020) adds, at the lens redshift, B times
the haloes of the slab between z_lens and z_lens + dz (its plane spacing, 0.02) -- the mean excess
density around the host over that slab's depth in front of and behind it:

    B = 2 / (r_max - r_min) int_{r_min}^{r_max} [ b(M) xi(r, z_lens) + 0.1 (r / (5 r_200))^-4 ] dr,

with r comoving [Mpc], r_max the slab's comoving depth, r_min = min(0.5 Mpc, r_max), b Tinker et
al. (2010) linear bias of the host's M200c (colossus' default, which pyHalo calls), xi the linear
matter correlation function (:mod:`~autogalaxy_jaxnfw.cosmology.correlation`) and the second term
Lazar et al. (2021, MNRAS 502, 6064) eq. 3's correction (b_e = 0.1, s_e = 4; r_200 the host's
physical radius in Mpc, as pyHalo).  The factor is that of the cold spectrum: pyHalo's two-halo
term reads colossus' cold correlation function for every preset, warm ones included.

``RealisationConfig(two_halo_boost=B)`` takes the number (a layout is static).
"""

import math

import numpy as np

from autogalaxy_jaxnfw.cosmology.correlation import correlation_function
from autogalaxy_jaxnfw.cosmology.parameters import checked_cosmology, planck15
from autogalaxy_jaxnfw.halo.mass_definitions import mass_to_radius
from autogalaxy_jaxnfw.lss.bias import halo_bias_with_mask
from autogalaxy_jaxnfw.numerics.domain import require
from autogalaxy_jaxnfw.numerics.inputs import as_float64
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = ["two_halo_boost"]

LAZAR_B_E = 0.1
LAZAR_S_E = 4.0
_T, _W = np.polynomial.legendre.leggauss(24)
_PANELS = 4


def _lazar(r, r200):
    """Lazar et al. (2021) eq. 3: the excess density's correction at comoving r [Mpc]."""
    return LAZAR_B_E * (r / r200 / 5.0) ** -LAZAR_S_E


def two_halo_boost(host_mass, z_lens, cosmology=planck15, lensing_cosmology=None, window=0.02, r_min=0.5, lazar=True):
    """pyHalo's two-halo factor B for a host of M200c ``host_mass`` [Msun] at ``z_lens``.

    Parameters
    ----------
    host_mass : float
        The host's M200c in Msun (no h), concrete, > 0 and within the bias' tables (M200c h up to
        about 8e16 Msun/h).
    z_lens : float
        The lens redshift, concrete, >= 0.
    cosmology : Cosmology
        Spectrum, growth and bias (its cold spectrum), concrete.
    lensing_cosmology : autogalaxy LensingCosmology or None
        The comoving distances (autogalaxy's Planck15 by default, as the realisations' layout).
    window : float
        The slab's depth in redshift (pyHalo's plane spacing at the lens, 0.02), > 0.
    r_min : float
        Inner edge of the average [comoving Mpc], > 0 (pyHalo's 0.5).
    lazar : bool
        Include Lazar et al. (2021)'s correction (pyHalo's default).

    Returns
    -------
    float
        B, for ``RealisationConfig(two_halo_boost=B)``.
    """
    from autogalaxy.cosmology import Planck15
    from autolens.lens.los import comoving_distance_mpc_from

    for name, value in (("host_mass", host_mass), ("z_lens", z_lens), ("window", window), ("r_min", r_min),
                        ("cosmology", cosmology)):
        if is_traced(value):
            raise TypeError(f"{name} must be concrete: B sets a realisation's static layout (got a traced value)")
    host_mass, z_lens, window, r_min = (float(as_float64(v, n)) for v, n in
                                        ((host_mass, "host_mass"), (z_lens, "z_lens"), (window, "window"), (r_min, "r_min")))
    require("host_mass", host_mass, math.isfinite(host_mass) and host_mass > 0.0, "finite and > 0 [Msun]")
    require("z_lens", z_lens, math.isfinite(z_lens) and z_lens >= 0.0, "finite and >= 0")
    require("window", window, math.isfinite(window) and window > 0.0, "finite and > 0")
    require("r_min", r_min, math.isfinite(r_min) and r_min > 0.0, "finite and > 0 [comoving Mpc]")
    cold = checked_cosmology(cosmology).replace(m_wdm=math.inf)
    lensing = Planck15() if lensing_cosmology is None else lensing_cosmology

    r_max = comoving_distance_mpc_from(z_lens + window, lensing) - comoving_distance_mpc_from(z_lens, lensing)
    h = cold.h
    bias, bias_ok = halo_bias_with_mask(host_mass * h, z_lens, "200c", "tinker10", cold)
    # The bias is NaN outside its sigma tables (M h about 4e2 - 8e16 Msun/h): refused by name, not a NaN B.
    if not bool(bias_ok):
        raise ValueError(f"host_mass and z_lens must lie in the Tinker et al. (2010) bias' domain (M200c h about 4e2 to"
                         f" 8e16 Msun/h); got host_mass {host_mass!r} Msun, z_lens {z_lens!r}")
    bias = float(bias)

    def excess(r):
        value = bias * np.asarray(correlation_function(cold, r * h, z_lens, np))
        if lazar:
            r200 = float(mass_to_radius(host_mass * h, z_lens, "200c", cold)) / h * 1e-3
            value = value + _lazar(r, r200)
        return value

    if r_max <= r_min:
        # A slab thinner than r_min (pyHalo's r_min = min(0.5 Mpc, r_max)): the mean over
        # [r_min, r_max] shrinks to the integrand at r_max, the limit of the average below.
        return float(2.0 * excess(np.array([r_max]))[0])
    # Gauss-Legendre in ln r on equal panels: xi falls like r^-1.8 over the slab.
    edges = np.linspace(np.log(r_min), np.log(r_max), _PANELS + 1)
    ln_r = (0.5 * (edges[:-1, None] + edges[1:, None]) + 0.5 * np.diff(edges)[:, None] * _T).ravel()
    weights = (0.5 * np.diff(edges)[:, None] * _W).ravel() * np.exp(ln_r)
    return float(2.0 * np.sum(weights * excess(np.exp(ln_r))) / (r_max - r_min))
