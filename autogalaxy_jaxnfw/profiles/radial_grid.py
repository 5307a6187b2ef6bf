"""The radii of a grid in a spherical profile's frame, and radial vector fields, safe at the centre.

A spherical profile's deflection is alpha(r) (y, x) / r.  Written as f(r) (y, x) with
f = alpha / r, it needs no angle, and with r replaced by a stand-in at the centre (where the
field is 0) values and derivatives are finite on every pixel.  The stand-in is a harmless
radius, so a value there is NaN only when the halo itself is (NaN parameters of an invalid
traced halo): :func:`at_centre_limit` keeps that NaN at the centre instead of hiding it.
"""

__all__ = ["at_centre_limit", "centred_radii", "radial_field"]


def centred_radii(grid, xp):
    """(y, x) of a grid already in the profile's frame, r (1 at the centre, a stand-in), and the centre mask."""
    values = grid.array if hasattr(grid, "array") else xp.asarray(grid)
    y, x = values[:, 0], values[:, 1]
    r2 = y * y + x * x
    at_centre = r2 == 0.0
    return y, x, xp.sqrt(xp.where(at_centre, 1.0, r2)), at_centre


def at_centre_limit(value, limit, at_centre, xp):
    """``value`` with ``limit`` at the centre, NaN there too where ``value`` (at the stand-in radius) is NaN.

    NaN at the stand-in means an invalid halo, whose every map entry must be NaN; the mask
    carries no derivative, so gradients stay finite (zero) there.
    """
    return xp.where(at_centre, xp.where(xp.isnan(value), xp.nan, limit), value)


def radial_field(factor, y, x, at_centre, xp):
    """The (n, 2) field factor (y, x), 0 at the centre (NaN for an invalid halo): a deflection with factor = alpha(r) / r."""
    factor = at_centre_limit(factor, 0.0, at_centre, xp)
    return xp.stack([factor * y, factor * x], axis=-1)
