"""A relation's concentration in a non-native mass definition, by Brent's method (colossus' nested solve).

The native mass M_n solves M_mdef(M_n, c_n(M_n)) = M, where the NFW conversion is
:func:`.mass_definitions.change_mass_definition`.  An NFW halo's mean density falls with a
logarithmic slope between -1 and -3, so ln M_n lies between ln M and ln M + 2 ln(rho_mdef /
rho_native): Brent's method runs on that bracket (widened by 1e-3).
"""

import math

from scipy import optimize

from autogalaxy_jaxnfw.reference.cosmology import BRENT_RTOL
from autogalaxy_jaxnfw.reference.mass_definitions import change_mass_definition, density_threshold

__all__ = ["concentration_in_definition"]


def concentration_in_definition(cosmo, M, z, mdef, native_mdef, native_concentration):
    """(c in ``mdef``, native mass) of a halo of mass M [Msun/h] in ``mdef`` at z.

    ``native_concentration(M_n)`` is the relation in ``native_mdef`` at this z and cosmology.
    """
    two_l = 2.0 * math.log(float(density_threshold(cosmo, z, mdef) / density_threshold(cosmo, z, native_mdef)))
    ln_m = math.log(M)
    lower, upper = ln_m + min(0.0, two_l) - 1e-3, ln_m + max(0.0, two_l) + 1e-3

    def residual(ln_mn):
        mn = math.exp(ln_mn)
        return math.log(change_mass_definition(cosmo, mn, native_concentration(mn), z, native_mdef, mdef)[0]) - ln_m

    ln_mn = optimize.brentq(residual, lower, upper, xtol=1e-14, rtol=BRENT_RTOL)
    mn = math.exp(ln_mn)
    return change_mass_definition(cosmo, mn, native_concentration(mn), z, native_mdef, mdef)[2], mn
