"""Flat LCDM cosmology with colossus' parameter conventions, and the model's constants."""

from dataclasses import dataclass

import numpy as np

#: Critical density today in Msun h^2 / Mpc^3 (the value colossus uses).
RHO_CRIT_0 = 2.77536627245708e11
#: Linear collapse threshold (colossus ``DELTA_COLLAPSE``).
DELTA_COLLAPSE = 1.68647
#: Ludlow et al. (2016) model constants: collapsed-mass fraction f and C.
LUDLOW_F = 0.02
LUDLOW_C = 650.0
#: Einasto shape parameter used for the enclosed-mass ratio (Ludlow et al. 2016, sec. 2).
EINASTO_ALPHA = 0.18
#: Redshift range over which colossus' cosmology (and so the formation redshift) is defined.
Z_MIN = -0.995
Z_MAX = 200.01

#: Relative tolerance of the sigma^2(R) quadrature (w.r.t. the largest sub-interval integral).
SIGMA_EPSREL = 1e-12
#: Relative tolerance of the growth-factor quadrature.
GROWTH_EPSREL = 1e-13
#: Smallest relative tolerance scipy's brentq accepts.
BRENT_RTOL = 4.0 * np.finfo(float).eps
BRENT_XTOL = 1e-15


@dataclass(frozen=True)
class RefCosmology:
    """Flat LambdaCDM cosmology with the parameter conventions of colossus.

    Parameters
    ----------
    h : float
        Hubble constant in units of 100 km/s/Mpc.
    Om0 : float
        Matter density parameter today.
    Ob0 : float
        Baryon density parameter today.
    sigma8 : float
        Linear rms density fluctuation in top-hat spheres of 8 Mpc/h at z = 0.
    ns : float
        Spectral index of the primordial power spectrum.
    Tcmb0 : float
        CMB temperature today in K.
    Neff : float
        Effective number of neutrino species.
    relspecies : bool
        Whether photons and neutrinos contribute to the density budget.
    m_wdm : float
        Thermal-relic warm-dark-matter particle mass in keV; ``inf`` is cold dark matter.
    """

    h: float
    Om0: float
    Ob0: float
    sigma8: float
    ns: float
    Tcmb0: float = 2.7255
    Neff: float = 3.046
    relspecies: bool = True
    m_wdm: float = float("inf")

    @property
    def Ogamma0(self):
        """Photon density parameter, rho_gamma = 4 sigma_SB T^4 / c^3 over rho_crit."""
        if not self.relspecies:
            return 0.0
        return 4.4814665013636476e-7 * self.Tcmb0**4 / self.h**2

    @property
    def Onu0(self):
        """Massless-neutrino density parameter, 7/8 (4/11)^(4/3) Neff Ogamma0."""
        return 0.22710731766 * self.Neff * self.Ogamma0

    @property
    def Or0(self):
        """Radiation (photons + neutrinos) density parameter."""
        return self.Ogamma0 + self.Onu0

    @property
    def Ode0(self):
        """Dark-energy density parameter, fixed by flatness."""
        return 1.0 - self.Om0 - self.Or0

    @property
    def a_eq(self):
        """Scale factor of matter-radiation equality, Or0 / Om0."""
        return self.Or0 / self.Om0


REF_PLANCK13 = RefCosmology(h=0.6777, Om0=0.3071, Ob0=0.0483, sigma8=0.8288, ns=0.9611)
REF_PLANCK15 = RefCosmology(h=0.6774, Om0=0.3089, Ob0=0.0486, sigma8=0.8159, ns=0.9667)
REF_PLANCK18 = RefCosmology(h=0.6766, Om0=0.3111, Ob0=0.0490, sigma8=0.8102, ns=0.9665)
REF_WMAP9 = RefCosmology(h=0.6932, Om0=0.2865, Ob0=0.0463, sigma8=0.82, ns=0.9608)
