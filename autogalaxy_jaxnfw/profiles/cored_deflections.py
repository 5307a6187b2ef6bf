"""Deflections of the spherical cored NFW profile, as autogalaxy's ``cNFWSph``, with finite derivatives.

autogalaxy's ``cNFWSph.deflections_yx_2d_from`` is the closed form of the projected mass of
rho = rho_0 r_s^3 / ((r + r_c)(r + r_s)^2),

    alpha(theta) = 4 kappa_s r_s^2 [F(theta, r_s) - F(theta, r_c) - (r_s - r_c) dF(theta, r_s)]
                   / (theta (r_s - r_c)^2),

with the kernels F and dF = dF / d(radius) of ``cnfw.F_func_from`` and ``dev_F_func_from``.
Its values are kept (they are the "floor" of the cored classes, measured in
``docs/research/profiles_assessment.md``); what changes is where derivatives are taken:

* upstream evaluates every branch of F and dF on every radius and masks afterwards, which
  leaves NaN in reverse-mode derivatives (0 * NaN); here each branch sees only radii in its
  own domain ("double where");
* upstream computes theta = sqrt(y^2 + x^2) and the direction by arctan2, both without a
  derivative at the centre; here the vector is alpha(theta) (y, x) / theta with theta
  masked at the centre, where the deflection is 0.
"""

import autoarray as aa
import numpy as np

from autogalaxy_jaxnfw.profiles.radial_grid import centred_radii, radial_field

__all__ = ["CoredNFWSphDeflections", "dev_f_func_from", "f_func_from"]


def f_func_from(theta, radius, xp=np):
    """Upstream's ``cnfw.F_func_from`` (cored-NFW deflection kernel), with finite derivatives.

    Parameters
    ----------
    theta : array
        Projected radius [arcsec], > 0.
    radius : float
        Scale or core radius [arcsec].
    """
    below = (theta > 0.0) & (theta < radius)
    above = theta > radius
    t_below = xp.where(below, theta, 0.5 * radius)
    t_above = xp.where(above, theta, 2.0 * radius)
    f_below = radius / 2.0 * xp.log(2.0 * radius / t_below) - xp.sqrt(radius**2 - t_below**2) * xp.arctanh(
        xp.sqrt((radius - t_below) / (radius + t_below))
    )
    f_above = radius / 2.0 * xp.log(2.0 * radius / t_above) + xp.sqrt(t_above**2 - radius**2) * xp.arctan(
        xp.sqrt((t_above - radius) / (t_above + radius))
    )
    f_equal = xp.where(theta == radius, radius / 2.0 * np.log(2.0), 0.0)
    return 2.0 * radius * xp.where(below, f_below, xp.where(above, f_above, f_equal))


def dev_f_func_from(theta, radius, xp=np):
    """Upstream's ``cnfw.dev_F_func_from`` (d F / d radius kernel), with finite derivatives."""
    below = (theta > 0.0) & (theta < radius)
    above = theta > radius
    t_below = xp.where(below, theta, 0.5 * radius)
    t_above = xp.where(above, theta, 2.0 * radius)
    d_below = radius * xp.log(2.0 * radius / t_below) - (2.0 * radius**2 - t_below**2) / xp.sqrt(
        radius**2 - t_below**2
    ) * xp.arctanh(xp.sqrt((radius - t_below) / (radius + t_below)))
    d_above = radius * xp.log(2.0 * radius / t_above) + (t_above**2 - 2.0 * radius**2) / xp.sqrt(
        t_above**2 - radius**2
    ) * xp.arctan(xp.sqrt((t_above - radius) / (t_above + radius)))
    d_equal = xp.where(theta == radius, radius * (np.log(2.0) - 0.5), 0.0)
    return 2.0 * xp.where(below, d_below, xp.where(above, d_above, d_equal))


class CoredNFWSphDeflections:
    """Mixin for ``cNFWSph`` siblings: upstream's deflection values with finite derivatives everywhere."""

    def F_func(self, theta, radius, xp=np):
        return f_func_from(theta, radius, xp=xp)

    def dev_F_func(self, theta, radius, xp=np):
        return dev_f_func_from(theta, radius, xp=xp)

    @aa.decorators.to_vector_yx
    @aa.decorators.transform
    def deflections_yx_2d_from(self, grid: aa.type.Grid2DLike, xp=np, **kwargs):
        """Deflections of the spherical cored NFW profile (values as autogalaxy's ``cNFWSph``)."""
        y, x, theta, at_centre = centred_radii(grid, xp)
        r_s, r_c = self.scale_radius, self.core_radius
        alpha = (
            4.0
            * self.kappa_s
            * r_s**2
            * (f_func_from(theta, r_s, xp) - f_func_from(theta, r_c, xp) - (r_s - r_c) * dev_f_func_from(theta, r_s, xp))
            / (theta * (r_s - r_c) ** 2)
        )
        return radial_field(alpha / theta, y, x, at_centre, xp)
