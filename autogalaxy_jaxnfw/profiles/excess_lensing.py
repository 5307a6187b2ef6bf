"""Lensing by a spherical halo that differs from an NFW profile by a compact excess density, under JAX.

The self-interacting dark-matter profiles (Kaplinghat, Tulin & Yu 2016; Yang et al. 2024) are
an NFW profile (kappa_s', r_s') plus an excess Delta rho(r) that is negligible beyond a radius
r_max.  autogalaxy evaluates their maps with SciPy ``quad`` per pixel (NumPy only); here the
NFW part is exact (:mod:`autogalaxy_jaxnfw.lensing.nfw_radial`) and the excess is integrated with
fixed Gauss-Legendre rules, so the maps run under ``jax.jit``, ``vmap`` and ``grad``.  In
the units of autogalaxy's dark profiles (densities in kappa_s / r_s, radii in arcsec)::

    Delta kappa(R) = 2 int_R^r_max Delta rho(r) r dr / sqrt(r^2 - R^2)
                   = 2 int_0^T Delta rho(R cosh t) R cosh t dt,              T = arccosh(r_max / R),

    Delta alpha(R) = Delta M_cyl(R) / (pi R),
    Delta M_cyl(R) = int_0^min(R, r_max) 4 pi r^2 Delta rho dr
                     + int_R^r_max 4 pi r^2 Delta rho (1 - sqrt(1 - R^2 / r^2)) dr,

the projected mass inside R being the mass of the sphere of radius R plus that of the
cylinder's outer part, and, zero at R = 0 as autogalaxy's (which integrates the deflection),

    Delta psi(R) = int_0^R Delta alpha dR' = 2 int_0^R Delta kappa(R') R' ln(R / R') dR'
                 = 4 int_0^r_max Delta rho(r) r K(R, r) dr,
    K(R, r) = int_0^min(R, r) R' ln(R / R') / sqrt(r^2 - R'^2) dR'
            = r [ln(R / r) + 1 - ln 2]                          (r <= R),
            = R [e^-t - cosh t ln(1 + e^-2t)],  r = R cosh t   (r > R),

the inner integral done in closed form (by parts; the two forms agree at r = R).  The
substitutions r = R cosh t (which removes the inverse square root at r = R and spreads the
nodes logarithmically down to R -> 0) and, for the sphere,
r = r_scale sinh w (linear in the core r < r_scale, logarithmic outside) leave smooth
integrands; the outer term becomes int_0^T 4 pi R^3 Delta rho(R cosh t) sinh t cosh t e^-t dt.
The potential's r <= R part keeps an integrable r ln r at r -> 0, which limits its 64-node rule
to ~1e-7 relative.
"""

import autoarray as aa
import numpy as np
from autogalaxy.profiles.mass.abstract.abstract import MassProfile
from autogalaxy.profiles.mass.dark.nfw import NFWSph

from autogalaxy_jaxnfw.lensing.nfw_radial import nfw_f_g, nfw_h_over_x2, nfw_potential
from autogalaxy_jaxnfw.profiles.radial_grid import at_centre_limit, centred_radii, radial_field

__all__ = ["ExcessOverNFWMaps", "excess_convergence", "excess_deflection", "excess_potential"]

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(64)
# Nodes and weights on [0, 1].
_U, _W = 0.5 * (_NODES + 1.0), 0.5 * _WEIGHTS


def _outer_extent(radius, r_max, xp):
    """T = arccosh(r_max / R), 0 where R >= r_max (no derivative through arccosh at 1 there)."""
    inside = radius < r_max * (1.0 - 1e-12)
    ratio = xp.where(inside, r_max / xp.where(inside, radius, 1.0), 2.0)
    return xp.where(inside, xp.arccosh(ratio), 0.0)


def excess_convergence(radius, delta_rho, r_max, xp):
    """Delta kappa at projected radii ``radius`` (> 0), for an excess density vanishing beyond ``r_max``."""
    t_max = _outer_extent(radius, r_max, xp)
    t = t_max[..., None] * _U
    r = radius[..., None] * xp.cosh(t)
    return 2.0 * t_max * xp.sum(_W * delta_rho(r) * r, axis=-1)


def excess_deflection(radius, delta_rho, r_scale, r_max, xp):
    """|Delta alpha| at projected radii ``radius`` (> 0); ``r_scale`` sets where the sphere's nodes turn logarithmic."""
    w_max = xp.arcsinh(xp.minimum(radius, r_max) / r_scale)
    w = w_max[..., None] * _U
    r = r_scale * xp.sinh(w)
    sphere = w_max * xp.sum(_W * 4.0 * np.pi * r * r * delta_rho(r) * r_scale * xp.cosh(w), axis=-1)
    t_max = _outer_extent(radius, r_max, xp)
    t = t_max[..., None] * _U
    integrand = delta_rho(radius[..., None] * xp.cosh(t)) * xp.sinh(t) * xp.cosh(t) * xp.exp(-t)
    cylinder = 4.0 * np.pi * radius**3 * t_max * xp.sum(_W * integrand, axis=-1)
    return (sphere + cylinder) / (np.pi * radius)


def excess_potential(radius, delta_rho, r_scale, r_max, xp):
    """Delta psi(R) - Delta psi(0) at projected radii ``radius`` (> 0), nodes as :func:`excess_deflection`."""
    w_max = xp.arcsinh(xp.minimum(radius, r_max) / r_scale)
    w = w_max[..., None] * _U
    r = r_scale * xp.sinh(w)
    kernel = r * (xp.log(radius[..., None] / r) + 1.0 - np.log(2.0))
    sphere = w_max * xp.sum(_W * delta_rho(r) * r * kernel * r_scale * xp.cosh(w), axis=-1)
    t_max = _outer_extent(radius, r_max, xp)
    t = t_max[..., None] * _U
    cosh_t = xp.cosh(t)
    kernel = xp.exp(-t) - cosh_t * xp.log1p(xp.exp(-2.0 * t))
    cylinder = radius**3 * t_max * xp.sum(_W * delta_rho(radius[..., None] * cosh_t) * cosh_t * kernel * xp.sinh(t), axis=-1)
    return 4.0 * (sphere + cylinder)


class ExcessOverNFWMaps:
    """Mixin: JAX-capable convergence and deflections of an NFW profile plus an excess density.

    The class provides ``_lensing_parts(xp)``, returning the NFW part's (kappa_s, r_s), the
    excess density ``delta_rho(r)`` and its ``r_scale`` and ``r_max``.  At the centre the
    deflection and the potential are 0 and the convergence that of the cored profile's limit,
    evaluated at R = 1e-8 r_s (all with zero derivative).
    """

    def _set_nfw_part(self, centre, params):
        """The geometry and the NFW part (kappa_s, r_s), set as upstream's SIDM constructors set them."""
        MassProfile.__init__(self, centre=centre, ell_comps=(0.0, 0.0))
        self.kappa_s, self.scale_radius = params.kappa_s, params.scale_radius
        self._nfw = NFWSph(centre=(0.0, 0.0), kappa_s=params.kappa_s, scale_radius=params.scale_radius)

    def _radial_convergence(self, radius, xp):
        kappa_s, scale_radius, delta_rho, _, r_max = self._lensing_parts(xp)
        radius = xp.maximum(radius, 1e-8 * scale_radius)
        nfw = 2.0 * kappa_s * nfw_f_g(radius / scale_radius, xp=xp)[1]
        return nfw + excess_convergence(radius, delta_rho, r_max, xp)

    def convergence_func(self, grid_radius, xp=np):
        radius = grid_radius.array if hasattr(grid_radius, "array") else grid_radius
        return self._radial_convergence(xp.asarray(radius, dtype=float), xp)

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Convergence of the NFW part (exact) plus the excess (64-point Gauss-Legendre)."""
        _, _, radius, at_centre = centred_radii(grid, xp)
        return self._radial_convergence(xp.where(at_centre, 0.0, radius), xp)

    @aa.decorators.to_vector_yx
    @aa.decorators.transform
    def deflections_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Deflections of the NFW part (exact) plus the excess (64-point Gauss-Legendre rules)."""
        kappa_s, scale_radius, delta_rho, r_scale, r_max = self._lensing_parts(xp)
        y, x, radius, at_centre = centred_radii(grid, xp)
        nfw = 4.0 * kappa_s * nfw_h_over_x2(radius / scale_radius, xp=xp)  # |alpha| / R of the NFW part
        excess = excess_deflection(radius, delta_rho, r_scale, r_max, xp) / radius
        return radial_field(nfw + excess, y, x, at_centre, xp)

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def potential_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Potential of the NFW part (exact) plus the excess (64-point Gauss-Legendre), zero at the centre."""
        kappa_s, scale_radius, delta_rho, r_scale, r_max = self._lensing_parts(xp)
        _, _, radius, at_centre = centred_radii(grid, xp)
        nfw = 2.0 * kappa_s * scale_radius**2 * nfw_potential(radius / scale_radius, xp=xp)
        return at_centre_limit(nfw + excess_potential(radius, delta_rho, r_scale, r_max, xp), 0.0, at_centre, xp)
