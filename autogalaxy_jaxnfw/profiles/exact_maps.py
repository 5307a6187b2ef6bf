"""Convergence, deflections and potential of the spherical NFW and truncated NFW profiles, exact at every radius.

Mixins placed before autogalaxy's ``NFWSph`` / ``NFWTruncatedSph`` in a sibling's bases: they
replace the parents' closed forms, which cancel near r = r_s and r -> 0, by the radial
functions of :mod:`autogalaxy_jaxnfw.lensing.nfw_radial` and
:mod:`autogalaxy_jaxnfw.lensing.truncated_nfw_potential` (the ones the halo populations use).  Each
method keeps the name, decorators (grid transformation, over-sampling, output structure) and
``xp`` argument of the method it replaces, so NumPy and JAX grids behave as upstream's.

The deflection is assembled as alpha_vec = alpha(r) (y, x) / r = 4 kappa_s (h / x^2)(y, x),
so no angle is computed: values and derivatives are finite on every pixel, including one at
the centre, where the deflection is its limit 0 and the potential 0 (with zero derivative).

The convergence's cusp follows autogalaxy's convention for radii below its minimum: its NFW
convergence (the Heyrovsky & Karamazov 2024 kernel) reads each coordinate |x_i| < 1e-6 r_s
as 1e-6 r_s, so a pixel on the centre is evaluated at R = sqrt(2) 1e-6 r_s.  The same holds
here for both profiles, on the pixels where both coordinates are below that minimum only,
so every other pixel keeps its exact radius (upstream's truncated NFW has no such guard: NaN
on the centre).
"""

import autoarray as aa
import numpy as np

from autogalaxy_jaxnfw.lensing.nfw_radial import nfw_f_g, nfw_h_over_x2, nfw_potential, truncated_nfw_l, truncated_nfw_m_over_x2
from autogalaxy_jaxnfw.profiles.radial_grid import at_centre_limit, centred_radii, radial_field
from autogalaxy_jaxnfw.lensing.truncated_nfw_potential import truncated_nfw_potential

__all__ = ["ExactNFWSphMaps", "ExactTruncatedNFWSphMaps"]


# autogalaxy's minimum coordinate in its NFW convergence (``NFW.convergence_2d_from``), in r_s.
_MIN_COORDINATE = 1.0e-6


def _relocated(y, x, r, scale_radius, xp):
    """r, with sqrt(2) 1e-6 r_s where both |y| and |x| are below 1e-6 r_s (autogalaxy's NFW minimum)."""
    floor = _MIN_COORDINATE * scale_radius
    below = (xp.abs(y) < floor) & (xp.abs(x) < floor)
    return xp.where(below, np.sqrt(2.0) * floor, r)


class _ExactRadialMaps:
    """The maps of a spherical halo from its dimensionless radial functions (defined by subclasses).

    ``_kappa(x, xp)`` = kappa / (2 kappa_s), ``_alpha(x, xp)`` = |alpha| / (4 kappa_s r_s x),
    ``_psi(x, xp)`` = psi / (2 kappa_s r_s^2), all of x = r / r_s > 0.
    """

    def convergence_func(self, grid_radius, xp=np):
        radius = grid_radius.array if hasattr(grid_radius, "array") else grid_radius
        radius = xp.asarray(radius, dtype=float)
        # A radius below the centre's relocated one is read as that radius (see the module).
        radius = xp.maximum(radius, np.sqrt(2.0) * _MIN_COORDINATE * self.scale_radius)
        return 2.0 * self.kappa_s * self._kappa(radius / self.scale_radius, xp)

    def _convergence(self, grid, xp):
        y, x, r, _ = centred_radii(grid, xp)
        r = _relocated(y, x, r, self.scale_radius, xp)
        return 2.0 * self.kappa_s * self._kappa(r / self.scale_radius, xp)

    def _deflections(self, grid, xp):
        y, x, r, at_centre = centred_radii(grid, xp)
        return radial_field(4.0 * self.kappa_s * self._alpha(r / self.scale_radius, xp), y, x, at_centre, xp)

    def _potential(self, grid, xp):
        _, _, r, at_centre = centred_radii(grid, xp)
        psi = 2.0 * self.kappa_s * self.scale_radius**2 * self._psi(r / self.scale_radius, xp)
        return at_centre_limit(psi, 0.0, at_centre, xp)


class ExactNFWSphMaps(_ExactRadialMaps):
    """Exact maps of the spherical NFW profile (mixin for ``NFWSph`` siblings)."""

    def _kappa(self, x, xp):
        return nfw_f_g(x, xp=xp)[1]

    def _alpha(self, x, xp):
        return nfw_h_over_x2(x, xp=xp)

    def _psi(self, x, xp):
        return nfw_potential(x, xp=xp)

    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Convergence 2 kappa_s G(r / r_s) (Wright & Brainerd 2000, eq. 11), exact at every radius."""
        return self._convergence(grid, xp)

    @aa.decorators.to_vector_yx
    @aa.decorators.transform
    def deflections_2d_via_analytic_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Deflections 4 kappa_s r_s h(x) / x along (y, x) / r (Wright & Brainerd 2000, eq. 13)."""
        return self._deflections(grid, xp)

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def potential_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Potential 2 kappa_s r_s^2 [ln^2(x / 2) - (1 - x^2) F^2(x)] (Golse & Kneib 2002, eq. 8)."""
        return self._potential(grid, xp)


class ExactTruncatedNFWSphMaps(_ExactRadialMaps):
    """Exact maps of the spherical truncated NFW profile (mixin for ``NFWTruncatedSph`` siblings)."""

    def _kappa(self, x, xp):
        return truncated_nfw_l(x, self.truncation_radius / self.scale_radius, xp=xp)

    def _alpha(self, x, xp):
        return truncated_nfw_m_over_x2(x, self.truncation_radius / self.scale_radius, xp=xp)

    def _psi(self, x, xp):
        return truncated_nfw_potential(x, self.truncation_radius / self.scale_radius, xp=xp)

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def convergence_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Convergence 2 kappa_s L(x, tau) (Baltz, Marshall & Oguri 2009, eq. 11), exact at every radius."""
        return self._convergence(grid, xp)

    @aa.decorators.to_vector_yx
    @aa.decorators.transform
    def deflections_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Deflections 4 kappa_s r_s m(x, tau) / x along (y, x) / r (Baltz, Marshall & Oguri 2009, eq. 13)."""
        return self._deflections(grid, xp)

    @aa.over_sample
    @aa.decorators.to_array
    @aa.decorators.transform
    def potential_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Potential 2 kappa_s r_s^2 P(x, tau) (Baltz, Marshall & Oguri 2009, eq. 18), zero at the centre."""
        return self._potential(grid, xp)
