"""The far-field limit of the truncated NFW deflection: the halo's total projected mass.

m(x, tau) -> m_inf(tau) as x -> infinity, with (Baltz, Marshall & Oguri 2009, JCAP 01, 015,
eq. 10, in autogalaxy's units: the mass over 4 pi kappa_s r_s^2)

    m_inf = tau^2 / (tau^2 + 1)^2 [(tau^2 - 1) ln tau + pi tau - (tau^2 + 1)].

The deflection and convergence themselves are exact at every radius, far field included, in
:mod:`autogalaxy_jaxnfw.lensing.truncated_nfw_radial`.
"""

import jax.numpy as jnp
import numpy as np

__all__ = ["truncated_nfw_total_mass"]


def truncated_nfw_total_mass(tau, xp=jnp):
    """m_inf(tau), the projected mass of the truncated NFW halo over 4 pi kappa_s r_s^2 (BMO09, eq. 10)."""
    t2 = tau * tau
    return t2 / (t2 + 1.0) ** 2 * ((t2 - 1.0) * xp.log(tau) + np.pi * tau - (t2 + 1.0))
