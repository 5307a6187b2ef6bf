"""The concentration as a function of the collapse density ratio, for every cosmology.

Ludlow et al. (2016, MNRAS 460, 1214; L16) eq. 6 ties c to the ratio of critical densities
at the collapse redshift z_-2 and at z,

    v = ln(rho_crit(z_-2) / rho_crit(z)) = ln(200 c^3 mu(c) / C),       mu = M_-2 / M_200,

and the right-hand side involves neither the cosmology nor the redshift (mu is the Einasto
alpha = 0.18 mass ratio, C = 650).  v vanishes at c_0 ~ 1.88, where z_-2 = z (no root of
L16 eq. 7 below it), and grows monotonically to v(100) ~ 10.  Solving L16 eq. 7 for v
instead of c makes z_-2 explicit, so this module tabulates, once, the two functions of v
the solvers need, as Chebyshev series on [0, v(100)]:

* ln c = ln c_0 + v R(v) (R smooth, so c - c_0 keeps its relative precision near c_0);
* H(v) = ln erfcinv(mu(c(v))), the Gaussian quantile of L16 eq. 7.

Both are fitted by least squares to samples taken at Chebyshev points in ln c (where v is
explicit), so no equation is solved.
"""

import numpy as np
import scipy.optimize
import scipy.special
from numpy.polynomial import chebyshev

from autogalaxy_jaxnfw.numerics.chebyshev import chebyshev_evaluate
from autogalaxy_jaxnfw.halo.ludlow16.einasto import LN_C_RANGE, einasto_ln_mass_ratio_series

__all__ = [
    "LUDLOW16_C",
    "LN_200_OVER_C",
    "LN_C0",
    "V_TOP",
    "collapse_density_ratio",
    "ln_concentration_of_v",
    "ln_concentration_offset_of_v",
    "ln_erfcinv_mass_ratio_of_v",
]

LUDLOW16_C = 650.0
LN_200_OVER_C = float(np.log(200.0 / LUDLOW16_C))
_N_SAMPLES = 300
# Degrees chosen with tune.py: more terms no longer reduce the error (the assessment).
_H_DEGREE = 40
_R_DEGREE = 24


def collapse_density_ratio(ln_c):
    """v = ln(200 c^3 mu(c) / C): ln of rho_crit(z_-2) / rho_crit(z) (L16 eq. 6)."""
    return LN_200_OVER_C + 3.0 * ln_c + einasto_ln_mass_ratio_series(ln_c)


LN_C0 = float(scipy.optimize.brentq(collapse_density_ratio, *LN_C_RANGE, xtol=1e-15))
"""ln c_0, where v = 0: z_-2 = z at any redshift, and L16 eq. 7 has no root below it."""

V_TOP = float(collapse_density_ratio(LN_C_RANGE[1]))
"""v at c = 100, the largest concentration colossus admits."""


def _fit_in_v():
    """Least-squares Chebyshev coefficients (in t = 2 v / V_TOP - 1) of R(v) and H(v)."""
    theta = np.pi * (np.arange(_N_SAMPLES) + 0.5) / _N_SAMPLES
    excess = (LN_C_RANGE[1] - LN_C0) * 0.5 * (1.0 - np.cos(theta))  # ln c - ln c_0 > 0
    ln_c = LN_C0 + excess
    v = collapse_density_ratio(ln_c)
    mass_ratio = np.exp(einasto_ln_mass_ratio_series(ln_c))
    t = 2.0 * v / V_TOP - 1.0
    return (
        chebyshev.chebfit(t, excess / v, _R_DEGREE),
        chebyshev.chebfit(t, np.log(scipy.special.erfcinv(mass_ratio)), _H_DEGREE),
    )


_R_SERIES, _H_SERIES = _fit_in_v()


def ln_concentration_of_v(v):
    """ln c at collapse density ratio v (0 <= v <= V_TOP), from the series for R(v)."""
    return LN_C0 + v * chebyshev_evaluate(_R_SERIES, 0.0, V_TOP, v)


def ln_concentration_offset_of_v(v):
    """ln(ln c - ln c_0) = ln v + ln R(v), accurate down to v -> 0 (for 0 < v <= V_TOP)."""
    return np.log(v) + np.log(chebyshev_evaluate(_R_SERIES, 0.0, V_TOP, v))


def ln_erfcinv_mass_ratio_of_v(v):
    """H(v) = ln erfcinv(M_-2 / M_200) at the concentration of collapse density ratio v."""
    return chebyshev_evaluate(_H_SERIES, 0.0, V_TOP, v)
