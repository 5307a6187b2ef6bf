"""Enclosed-mass ratio of the Einasto profile used by the Ludlow et al. (2016) model.

The Einasto (1965) profile rho ~ exp(-(2/alpha) [(r/r_-2)^alpha - 1]) encloses
M(<r) ~ gamma(3/alpha, (2/alpha) (r/r_-2)^alpha), the lower incomplete gamma function
(Cardone, Piedipalumbo & Tortora 2005, MNRAS 358, 1325, eq. 12).  Ludlow et al. (2016,
MNRAS 460, 1214, sec. 4.1) take alpha = 0.18 and need M_-2 / M_200, the mass inside the
scale radius r_-2 = r_200 / c relative to the mass inside r_200.

The concentration solver evaluates this ratio a dozen times per halo, so for
alpha = 0.18 and 1 <= c <= 100 it also has a Chebyshev series of ln(M_-2/M_200) in ln c,
built once from the incomplete gamma function (the function is entire in ln c, so a few
tens of terms reach double precision).
"""

import jax.numpy as jnp
import jax.scipy.special
import numpy as np
import scipy.special

from autogalaxy_jaxnfw.numerics.chebyshev import chebyshev_coefficients, chebyshev_evaluate, chebyshev_nodes

__all__ = ["EINASTO_ALPHA", "LN_C_RANGE", "einasto_mass_ratio", "einasto_ln_mass_ratio_series"]

EINASTO_ALPHA = 0.18
LN_C_RANGE = (0.0, float(np.log(100.0)))
_N_SERIES = 28


def einasto_mass_ratio(concentration, alpha=EINASTO_ALPHA, xp=jnp):
    """M(<r_-2) / M(<c r_-2) for an Einasto profile of shape ``alpha``.

    Parameters
    ----------
    concentration : array_like
        c = r_200 / r_-2, > 0.
    alpha : float
        Einasto shape parameter.
    xp : module
        ``jax.numpy`` (default) or ``numpy`` (SciPy's incomplete gamma function).

    Returns
    -------
    jax.Array or numpy.ndarray
        The ratio, in (0, 1] for c >= 1.
    """
    gammainc = scipy.special.gammainc if xp is np else jax.scipy.special.gammainc
    shape = 3.0 / alpha
    x_scale = 2.0 / alpha
    return gammainc(shape, x_scale) / gammainc(shape, x_scale * concentration**alpha)


_LN_MASS_RATIO_SERIES = chebyshev_coefficients(
    np.log(einasto_mass_ratio(np.exp(chebyshev_nodes(*LN_C_RANGE, _N_SERIES)), xp=np))
)


def einasto_ln_mass_ratio_series(ln_c):
    """ln(M_-2 / M_200) for alpha = 0.18 as a function of ln c, for 0 <= ln c <= ln 100."""
    return chebyshev_evaluate(_LN_MASS_RATIO_SERIES, *LN_C_RANGE, ln_c)
