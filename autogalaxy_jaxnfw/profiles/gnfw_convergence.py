"""The convergence of the generalised NFW profile by fixed Gauss-Legendre rules, on NumPy and JAX grids.

For rho = rho_s (r / r_s)^-gamma (1 + r / r_s)^(gamma - 3) the projected convergence at
x = eta / r_s is (Wyithe, Turner & Spergel 2001, ApJ 555, 504, eq. 8, in autogalaxy's
``gNFW.convergence_func`` normalisation)

    kappa(x) = 2 kappa_s x^(1 - gamma) [(1 + x)^(gamma - 3) + (3 - gamma) I(x)],
    I(x) = int_0^1 (y + x)^(gamma - 4) (1 - sqrt(1 - y^2)) dy.

autogalaxy integrates I with SciPy ``quad`` pixel by pixel (NumPy only).  Here the integral is
split at y = 1/2 and each part made smooth before a fixed Gauss-Legendre rule:

* on [0, 1/2], v = ln(y + x): the integrand e^((gamma - 3) v) y^2 / (1 + sqrt(1 - y^2)) is
  smooth on the scale x where it peaks, down to x -> 0;
* on [1/2, 1], y = 1 - w^2 removes the square-root branch point at y = 1:
  1 - sqrt(1 - y^2) = 1 - w sqrt(2 - w^2), dy = -2 w dw.

The cusp diverges at the centre, where autogalaxy's gNFW returns inf: a pixel exactly on the
centre is read at the radius autogalaxy's NFW reads its centre at (both coordinates 1e-6 r_s,
x = sqrt(2) 1e-6), so a map's sum stays finite; every other pixel keeps its radius (down to a
floor of 1e-8 r_s, below any pixel of a lensing grid).
"""

import numpy as np

__all__ = ["gnfw_convergence_over_2_kappa_s"]

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(64)
_U, _W = 0.5 * (_NODES + 1.0), 0.5 * _WEIGHTS  # on [0, 1]
_W_END = np.sqrt(0.5)  # w at y = 1/2
_MIN_X = 1e-8  # the floor of x, in units of r_s
_CENTRE_X = np.sqrt(2.0) * 1e-6  # autogalaxy's NFW centre, in units of r_s


def gnfw_convergence_over_2_kappa_s(x, inner_slope, xp=np):
    """kappa / (2 kappa_s) of the gNFW profile at x = eta / r_s (x = 0 read as sqrt(2) 1e-6, x below 1e-8 as 1e-8)."""
    x = xp.asarray(x)
    x = xp.where(x == 0.0, _CENTRE_X, xp.maximum(x, _MIN_X))
    gamma = inner_slope
    xs = x[..., None]
    # [0, 1/2] in v = ln(y + x)
    v_lo, v_hi = xp.log(x), xp.log(0.5 + x)
    v = v_lo[..., None] + (v_hi - v_lo)[..., None] * _U
    y = xp.exp(v) - xs
    inner = xp.exp((gamma - 3.0) * v) * y * y / (1.0 + xp.sqrt((1.0 - y) * (1.0 + y)))
    part_lo = (v_hi - v_lo) * xp.sum(_W * inner, axis=-1)
    # [1/2, 1] in w = sqrt(1 - y)
    w = _W_END * _U
    y = 1.0 - w * w
    outer = (y + xs) ** (gamma - 4.0) * (1.0 - w * np.sqrt(2.0 - w * w)) * 2.0 * w
    part_hi = _W_END * xp.sum(_W * outer, axis=-1)
    return x ** (1.0 - gamma) * ((1.0 + x) ** (gamma - 3.0) + (3.0 - gamma) * (part_lo + part_hi))
