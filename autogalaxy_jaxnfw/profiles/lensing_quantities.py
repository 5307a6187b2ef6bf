"""rho_crit(z_l), Sigma_crit(z_l, z_s) and kpc / arcsec from an autogalaxy lensing cosmology.

Every quantity is the lensing cosmology's own method (``critical_density``,
``critical_surface_density_between_redshifts_solar_mass_per_kpc2_from``,
``kpc_per_arcsec_from``), so the units and constants are autogalaxy's.  One thing differs,
and only for redshifts that are JAX tracers: the angular-diameter distances
D_A(z_1, z_2) = c / H0 / (1 + z_2) int_{z_1}^{z_2} dz / E(z) (flat universe; Hogg 1999,
arXiv:astro-ph/9905116, eqs. 15 and 18) are integrated with 64-point Gauss-Legendre
quadrature of the cosmology's own E(z) instead of autogalaxy's 8193-point Simpson rule.
1 / E(z) is analytic near the real axis, so both are exact to rounding; the quadrature does
1/128 of the work per distance, which is what makes free redshifts affordable inside a
likelihood.  NumPy and concrete redshifts use autogalaxy's methods unchanged (and its
per-cosmology distance cache).

On the traced path rho_crit and Sigma_crit are also written with their unit constants folded
in float64: rho_crit = 3 H(z)^2 / (8 pi G) and Sigma_crit = c^2 D_s / (4 pi G D_l D_ls) with
autogalaxy's constants, whose intermediate products (G in kpc^3 / (Msun s^2) ~ 4.5e-39,
distances in metres squared ~ 1e50) are outside float32's range (JAX's default): computed
as autogalaxy writes them, rho_crit is infinite and Sigma_crit 0 in float32.
"""

import copy
import types

import jax
import jax.numpy as jnp
import numpy as np

__all__ = ["lensing_quantities", "radius_at_200"]

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(64)
_C_KM_S = 299792.458
# autogalaxy's constants (``LensingCosmology.critical_density`` and
# ``critical_surface_density_between_redshifts_solar_mass_per_kpc2_from``), folded in float64.
_KM_PER_MPC, _KM_PER_KPC, _M_PER_KPC = 3.085677581e19, 3.085677581e16, 3.085677581491367e19
_G_KPC_KM2_S2, _C_M_S, _G_SI, _MSUN_KG = 4.30091e-6, 299792458.0, 6.67430e-11, 1.98847e30
# rho_crit [Msun / kpc^3] = _RHO_CRIT_PER_H2 (H(z) [km/s/Mpc])^2
_RHO_CRIT_PER_H2 = 3.0 / (8.0 * np.pi * _G_KPC_KM2_S2) * (_KM_PER_KPC / _KM_PER_MPC) ** 2
# Sigma_crit [Msun / kpc^2] = _SIGMA_CRIT_KPC D_s / (D_l D_ls), distances in kpc
_SIGMA_CRIT_KPC = _C_M_S**2 / (4.0 * np.pi * _G_SI) * _M_PER_KPC / _MSUN_KG


def _gauss_legendre_distance_kpc(self, z1, z2, n_steps=None, xp=np):
    """D_A(z1, z2) in kpc as autogalaxy's ``angular_diameter_distance_kpc_z1z2``, by Gauss-Legendre."""
    z1, z2 = jnp.asarray(z1, dtype=float), jnp.asarray(z2, dtype=float)
    half = 0.5 * (z2 - z1)
    z = half[..., None] * _NODES + (0.5 * (z2 + z1))[..., None]
    integral = half * jnp.sum(_WEIGHTS / self.E(z, xp=jnp), axis=-1)
    return _C_KM_S / jnp.asarray(self.H0) * integral / (1.0 + z2) * 1.0e3


def _with_quadrature_distances(lensing):
    """A shallow copy of ``lensing`` whose distance integral is :func:`_gauss_legendre_distance_kpc`."""
    proxy = copy.copy(lensing)
    proxy.angular_diameter_distance_kpc_z1z2 = types.MethodType(_gauss_legendre_distance_kpc, proxy)
    return proxy


def _traced_quantities(lensing, z_l, z_s):
    """As :func:`_scalar_quantities` on the traced path, with the unit constants folded (float32-safe)."""
    hubble = jnp.asarray(lensing.H0) * lensing.E(z_l, xp=jnp)
    d_l = lensing.angular_diameter_distance_kpc_z1z2(0.0, z_l, xp=jnp)
    d_s = lensing.angular_diameter_distance_kpc_z1z2(0.0, z_s, xp=jnp)
    d_ls = lensing.angular_diameter_distance_kpc_z1z2(z_l, z_s, xp=jnp)
    sigma_crit = jnp.where(d_ls == 0.0, jnp.inf, _SIGMA_CRIT_KPC * (d_s / d_l) / jnp.where(d_ls == 0.0, 1.0, d_ls))
    return (_RHO_CRIT_PER_H2 * hubble * hubble, sigma_crit, lensing.kpc_per_arcsec_from(redshift=z_l, xp=jnp))


def _scalar_quantities(lensing, z_l, z_s, xp):
    if xp is not np:
        return _traced_quantities(lensing, z_l, z_s)
    return (
        lensing.critical_density(z_l, xp=xp),
        lensing.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            redshift_0=z_l, redshift_1=z_s, xp=xp
        ),
        lensing.kpc_per_arcsec_from(redshift=z_l, xp=xp),
    )


def lensing_quantities(lensing, z_l, z_s, xp):
    """rho_crit(z_l) [Msun / kpc^3], Sigma_crit(z_l, z_s) [Msun / kpc^2] and kpc / arcsec at z_l.

    Parameters
    ----------
    lensing : autogalaxy.cosmology.model.LensingCosmology
        The lensing half of the cosmology pairing.
    z_l, z_s : float or array
        Lens and source redshifts (valid: 0 <= z_l < z_s), broadcastable.
    xp : module
        ``numpy`` (NumPy or concrete redshifts) or ``jax.numpy`` (traced redshifts).
    """
    if xp is not np:
        lensing = _with_quadrature_distances(lensing)
    if np.ndim(z_l) == 0 and np.ndim(z_s) == 0:
        return _scalar_quantities(lensing, z_l, z_s, xp)
    # autogalaxy's distance methods take scalar redshifts only (an array is summed into a
    # single, wrong integral on the JAX path), so map over the redshifts.
    z_l, z_s = xp.broadcast_arrays(z_l, z_s)
    if xp is np:
        # Haloes on shared planes: each distinct (z_l, z_s) pair is evaluated once.
        pairs, pair_of = np.unique(np.stack([z_l.ravel(), z_s.ravel()], axis=-1), axis=0, return_inverse=True)
        columns = zip(*(_scalar_quantities(lensing, a, b, np) for a, b in pairs))
        return tuple(np.array(column, dtype=float)[pair_of.ravel()].reshape(z_l.shape) for column in columns)
    quantities = jax.vmap(lambda a, b: _scalar_quantities(lensing, a, b, xp))(z_l.ravel(), z_s.ravel())
    return tuple(q.reshape(z_l.shape) for q in quantities)


def radius_at_200(mass, rho_crit):
    """r_200 [kpc] of M200c ``mass`` [Msun]: the sphere of mean density 200 rho_crit [Msun / kpc^3]."""
    return (mass / (200.0 * rho_crit * (4.0 * np.pi / 3.0))) ** (1.0 / 3.0)
