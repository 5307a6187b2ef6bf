"""The radii of a grid in a spherical profile's frame, and radial vector fields, safe at the centre.

A spherical profile's deflection is alpha(r) (y, x) / r.  Written as f(r) (y, x) with
f = alpha / r, it needs no angle, and with r replaced by a stand-in at the centre (where the
field is 0) values and derivatives are finite on every pixel.
"""

__all__ = ["centred_radii", "radial_field"]


def centred_radii(grid, xp):
    """(y, x) of a grid already in the profile's frame, r (1 at the centre, a stand-in), and the centre mask."""
    values = grid.array if hasattr(grid, "array") else xp.asarray(grid)
    y, x = values[:, 0], values[:, 1]
    r2 = y * y + x * x
    at_centre = r2 == 0.0
    return y, x, xp.sqrt(xp.where(at_centre, 1.0, r2)), at_centre


def radial_field(factor, y, x, at_centre, xp):
    """The (n, 2) field factor (y, x), 0 at the centre: a deflection with factor = alpha(r) / r."""
    factor = xp.where(at_centre, 0.0, factor)
    return xp.stack([factor * y, factor * x], axis=-1)
