"""Far-field expansions of the truncated NFW convergence and deflection, for x >> max(1, tau).

Beyond the truncation radius the closed forms of L(x, tau) and m(x, tau)
(:mod:`autogalaxy_jaxnfw.lensing.nfw_radial`) are sums of terms of order 1 / x^2 that cancel down to
O(tau^2 / x^4), losing ~(x / min(1, tau))^2 of relative precision.  There the density of
Baltz, Marshall & Oguri (2009, eq. 1), in units of rho_s and x = r / r_s,

    rho(r) = tau^2 / (r (1 + r)^2 (tau^2 + r^2)) = tau^2 sum_{j,k} (j + 1) (-1)^(j + k) tau^(2k) r^-(5 + j + 2k),

converges for r > max(1, tau), and projecting term by term with
int_0^inf (x^2 + z^2)^(-n/2) dz = B_n x^(1 - n), B_n = sqrt(pi) Gamma((n - 1) / 2) / (2 Gamma(n / 2)),
gives

    L(x) = tau^2 sum_{j,k} (j + 1) (-1)^(j + k) tau^(2k) B_(5 + j + 2k) x^-(4 + j + 2k),
    m(x) = m_inf - tau^2 sum_{j,k} (j + 1) (-1)^(j + k) tau^(2k) B_(5 + j + 2k) x^-(2 + j + 2k) / (2 + j + 2k),

with m_inf = tau^2 / (tau^2 + 1)^2 [(tau^2 - 1) ln tau + pi tau - (tau^2 + 1)] the total mass
(BMO09, in autogalaxy's units).  Above x = 8 max(1, tau) the j- and k-series shrink by
1/8 and 1/64 per term: 20 and 10 terms reach 1e-17.
"""

import math

import jax.numpy as jnp
import numpy as np

__all__ = ["FAR_FIELD", "far_field_l_and_m_over_x2", "truncated_nfw_total_mass"]

FAR_FIELD = 8.0
"""The expansions are used above x = FAR_FIELD max(1, tau)."""

_J, _K = 20, 10


def _b(n):
    return math.sqrt(math.pi) / 2.0 * math.exp(math.lgamma((n - 1) / 2.0) - math.lgamma(n / 2.0))


# (j + 1) B_(5 + j + 2k), and the same divided by (2 + j + 2k), as [k][j] tables.
_L_COEFFICIENTS = np.array([[(j + 1) * _b(5 + j + 2 * k) for j in range(_J)] for k in range(_K)])
_M_COEFFICIENTS = np.array([[_L_COEFFICIENTS[k, j] / (2 + j + 2 * k) for j in range(_J)] for k in range(_K)])


def _double_series(coefficients, inverse_x, ratio, xp):
    """sum_k ratio^k sum_j coefficients[k, j] (-1/x)^j by Horner's rule in both variables.

    Elementwise only (no array of powers), so a compiled evaluation needs no temporaries
    beyond the inputs' size: the halo populations' memory stays O(chunk x n_pix).
    """
    total = xp.zeros_like(inverse_x * ratio)
    for k in reversed(range(_K)):
        inner = xp.zeros_like(inverse_x)
        for j in reversed(range(_J)):
            inner = inner * (-inverse_x) + coefficients[k, j]
        total = total * ratio + inner
    return total


def truncated_nfw_total_mass(tau, xp=jnp):
    """m_inf(tau), the projected mass of the truncated NFW halo over 4 pi kappa_s r_s^2 (BMO09, eq. 10)."""
    t2 = tau * tau
    return t2 / (t2 + 1.0) ** 2 * ((t2 - 1.0) * xp.log(tau) + np.pi * tau - (t2 + 1.0))


def far_field_l_and_m_over_x2(x, tau, xp=jnp):
    """L(x, tau) and m(x, tau) / x^2 from their expansions, for x > FAR_FIELD max(1, tau)."""
    t2 = tau * tau
    inverse_x = 1.0 / x
    inverse_x2 = inverse_x * inverse_x
    ratio = -t2 * inverse_x2
    m_inf = truncated_nfw_total_mass(tau, xp)
    l_value = t2 * inverse_x2 * inverse_x2 * _double_series(_L_COEFFICIENTS, inverse_x, ratio, xp)
    tail = t2 * inverse_x2 * inverse_x2 * _double_series(_M_COEFFICIENTS, inverse_x, ratio, xp)
    return l_value, m_inf * inverse_x2 - tail
