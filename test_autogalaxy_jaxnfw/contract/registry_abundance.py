"""The abundance layer's elementwise public functions as entries of the contract harness.

Mass functions, multiplicity, halo bias, the integrals over mass and their inverse (cold,
``tinker08`` / ``tinker10`` in "200m", calibrated at every redshift), the warm-dark-matter
mass functions and turnovers (m_wdm = 2 keV: half-mode mass 1.3e9 Msun/h, inside the fuzzed
masses), and the subhalo functions in pyHalo's convention (``lovell20_subhalo`` turnover,
``pyhalo`` host scaling).  Each is fuzzed by ``test_numeric_contract.py`` like the relations;
``registry.NUMERIC`` holds them after the relations.

References (``autogalaxy_jaxnfw.reference``), one float64 point each, and their tolerances:

* mass functions and sigma: ``reference.mass_function`` (sigma and its slope by adaptive
  quadrature of the EH98 spectrum).  The package reads both from Chebyshev series, sigma to
  ~4e-10 and the slope to ~3e-9; f depends on sigma through exp(-c nu^2 / 2), so the error is
  4e-9 + 4e-10 (nu^2 + 2) (lss/test_mass_function.py), < 5e-8 for nu < 10 (M <= 1e15 Msun/h,
  z <= 4): rtol 1e-7.  The bias depends on nu without the exponential: 1e-9 as that test.
  The multiplicity at a given sigma is a closed form: 1e-12.
* sharp-k: ``reference.sharp_k`` (adaptive quadrature of the sharp-k variance), 1e-8 as
  lss/test_warm_mass_function.py (the package's sharp-k series).
* integrals and their inverse: ``reference.abundance_integrals`` (adaptive quadrature over
  the reference mass function's interpolant, 12 points per interval); 1e-8: its interpolant
  differs from one with 24 points by up to 1.3e-9 (M_q at the widest interval, z = 2), the
  package from the 24-point one by < 1e-10 (docstring of the reference module).
* turnovers and the subhalo functions: ``reference.subhalo`` (mpmath, 30 digits: closed forms,
  tanh-sinh quadrature of the moments, root of the quadrature for the inverse); 1e-12 for the
  closed forms (the package's float64 exp / log), 1e-10 for the quadratures (their fixed
  32 x 16-point rule, lss/test_subhalo_mass_function.py).

``subhalo_half_mode_mass`` stays an ``Other`` entry of ``registry.py``: it is a function of
the cosmology alone (its scalar ``m_wdm``), with no array argument to fuzz elementwise.
"""

import dataclasses
import functools
import math

import numpy as np

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.reference import abundance_integrals as ref_integrals
from autogalaxy_jaxnfw.reference import mass_function as ref_mf
from autogalaxy_jaxnfw.reference import sharp_k as ref_sharp_k
from autogalaxy_jaxnfw.reference import subhalo as ref_subhalo
from autogalaxy_jaxnfw.reference.cosmology import REF_PLANCK15
from autogalaxy_jaxnfw.reference.warm_dark_matter import half_mode_mass
from test_autogalaxy_jaxnfw.contract.entries import MASS, REDSHIFT, Arg, Numeric, all_finite

WARM = agj.planck15.replace(m_wdm=2.0)
REF_WARM = dataclasses.replace(REF_PLANCK15, m_wdm=2.0)
MDEF = "200m"
LOVELL20 = (2.3, 0.8, -1.0)
LOVELL20_SUBHALO = (4.2, 2.5, -0.2)

SIGMA = Arg("sigma", 0.3, 4.0, log=True, invalid=(0.0, -0.5, math.nan, math.inf), exact=0.5)
# Integrals: M1 < M2 always, so that n > 0; M2 = 1e20 Msun/h is outside the sigma series.
M1 = Arg("M1", 1e10, 1e11, log=True, invalid=(0.0, -1e10, math.nan, math.inf), exact=2.0**34)
M2 = Arg("M2", 1e12, 1e13, log=True, invalid=(0.0, -1e12, math.nan, math.inf, 1e20), exact=2.0**40)
Z_INTEGRAL = Arg("z", 0.0, 2.0, invalid=(-1.5, math.nan, math.inf), exact=1.0)
# The inverse also needs M1 < M2 (1e14 > every M2 drawn) and 0 <= q <= 1; q stays below 1 by
# more than the finite-difference step.
M1_BELOW_M2 = dataclasses.replace(M1, invalid=M1.invalid + (1e14,))
Q = Arg("q", 0.0, 0.99, invalid=(-0.1, 1.5, math.nan, math.inf), exact=0.5)
# Subhaloes [Msun]: the masses, pyHalo's model parameters, the host.
SUB_MASS = Arg("m", 1e6, 1e10, log=True, invalid=(0.0, -1e8, math.nan, math.inf), exact=2.0**24)
SIGMA_SUB = Arg("sigma_sub", 1e-3, 0.1, log=True, invalid=(-0.01, math.nan, math.inf), exact=0.0625)
M_HOST = Arg("m_host", 1e12, 1e14, log=True, invalid=(0.0, -1e13, math.nan, math.inf), exact=2.0**43)
SLOPE = Arg("slope", -1.95, -1.85, invalid=(math.nan, math.inf), exact=-1.875)
M_HM = Arg("m_hm", 1e5, 1e9, log=True, invalid=(-1e7, math.nan, math.inf), exact=2.0**23)
SUB_M1 = Arg("m1", 1e6, 1e7, log=True, invalid=(0.0, -1e6, math.nan, math.inf, 1e11), exact=2.0**21)
SUB_M2 = Arg("m2", 1e8, 1e10, log=True, invalid=(0.0, -1e9, math.nan, math.inf), exact=2.0**30)
TURNOVER_MASS = Arg("m", 1e5, 1e12, log=True, invalid=(0.0, -1e8, math.nan, math.inf), exact=2.0**30)


def _plain(function):
    """A function without a mask: valid where its value is finite."""

    def call(*args, **kwargs):
        value = function(*args, **kwargs)
        return value, all_finite(value)

    return call


def _mass_function(function, warm=None):
    def call(M, z, cosmology=agj.planck15 if warm is None else WARM):
        return function(M, z, MDEF, cosmology=cosmology, **({} if warm is None else {"warm": warm}))

    return call


def _solution(M, z, cosmology=agj.planck15):
    s = agj.mass_function_solution(M, z, MDEF, cosmology=cosmology)
    return (s.value, s.sigma), s.valid


def _integral(function):
    def call(M1, M2, z, cosmology=agj.planck15):
        return function(M1, M2, z, MDEF, cosmology=cosmology)

    return call


def _inverse(function):
    def call(q, M1, M2, z, cosmology=agj.planck15):
        return function(q, M1, M2, z, MDEF, cosmology=cosmology)

    return call


def _ref_dn(M, z):
    return float(ref_mf.mass_function(REF_PLANCK15, np.array([M]), z, MDEF, "tinker08")[0])


def _ref_solution(M, z):
    return _ref_dn(M, z), ref_mf.linear_quantities(REF_PLANCK15, M, z)[0]


def _ref_warm(M, z):
    return _ref_dn(M, z) * float(ref_subhalo.turnover(M, half_mode_mass(REF_WARM), *LOVELL20))


def _subhalo_integral(n):
    def reference(m1, m2, sigma_sub, m_host, z, m_hm):
        moment = ref_subhalo.moment(m1, m2, n, -1.9, m_hm, *LOVELL20_SUBHALO)
        return sigma_sub * ref_subhalo.host_scaling(m_host, z) * moment

    return reference


# Shared by the plain and masked variants (the harness draws the same points for both).
@functools.lru_cache(maxsize=64)
def _ref_subhalo_inverse(q, m1, m2, m_hm):
    return ref_subhalo.number_fraction_mass(q, m1, m2, -1.9, m_hm, *LOVELL20_SUBHALO)


def _pair(name, function, masked, make, args, reference, rtol, **more):
    """Entries of a plain function and its ``_with_mask`` variant; ``make`` binds the fixed arguments."""
    return (Numeric(name, args, make(_plain(function)), reference=reference, rtol=rtol, **more),
            Numeric(name + "_with_mask", args, make(masked), reference=reference, rtol=rtol, **more))


_identity = lambda call: call  # noqa: E731
_no_cosmology = dict(cosmology=False)

DEFAULT = ("mass_function_with_mask", "multiplicity", "turnover_factor_with_mask", "warm_factor_with_mask",
           "number_density_with_mask", "mass_at_number_fraction_with_mask", "halo_bias_with_mask",
           "host_scaling", "subhalo_mass_function_with_mask", "subhalo_mass_at_number_fraction_with_mask")
"""The entries the default profile fuzzes (the long profile fuzzes every one).

A mass function entry costs 7-10 s of compilation and eager dispatch in the default profile
(2-core machine, load ~6), a subhalo function or turnover 1-5 s; the bias, the cold number
density and the cold inverse together 35 s with an empty compilation cache and 9 s with a warm
one (since their concrete calls compile one program; the inverse alone took about 60 s when
its eager path traced Newton's loop at every call).  The ``_with_mask`` variants (their plain
siblings return the first output) of the cold mass function, the bias, the number density and
its inverse, the closed forms, the subhalo mass function and its inverse (which integrates it
with the subhalo integrals' rule).  The warm turnover route is the cold mass function times
``warm_factor``; the sharp-k route, the subhalo integrals and the mass density (the number
density's rule with one more power of M) run in the long profile (and in lss/)."""

_ALL = (
    *_pair("mass_function", agj.mass_function, agj.mass_function_with_mask, _mass_function, (MASS, REDSHIFT),
           _ref_dn, 1e-7),
    Numeric("mass_function_solution", (MASS, REDSHIFT), _solution, reference=_ref_solution, rtol=1e-7),
    Numeric("multiplicity", (SIGMA, REDSHIFT),
            _plain(lambda sigma, z, cosmology=agj.planck15: agj.multiplicity(sigma, z, "tinker08", MDEF, cosmology)),
            reference=lambda s, z: ref_mf.multiplicity(REF_PLANCK15, s, z, MDEF, "tinker08"), rtol=1e-12),
    *_pair("halo_bias", agj.halo_bias, agj.halo_bias_with_mask, _mass_function, (MASS, REDSHIFT),
           lambda M, z: float(ref_mf.halo_bias(REF_PLANCK15, np.array([M]), z, MDEF)[0]), 1e-9),
    *_pair("warm_mass_function", agj.warm_mass_function, agj.warm_mass_function_with_mask,
           lambda f: _mass_function(f, warm="lovell20"), (MASS, REDSHIFT), _ref_warm, 1e-7),
    *_pair("sharp_k_mass_function", agj.sharp_k_mass_function, agj.sharp_k_mass_function_with_mask,
           lambda f: (lambda M, z, cosmology=WARM: f(M, z, cosmology=cosmology)), (MASS, REDSHIFT),
           lambda M, z: float(ref_sharp_k.sharp_k_mass_function(REF_WARM, np.array([M]), z)[0]), 1e-8),
    *_pair("number_density", agj.number_density, agj.number_density_with_mask, _integral, (M1, M2, Z_INTEGRAL),
           lambda m1, m2, z: ref_integrals.number_density(REF_PLANCK15, m1, m2, z, MDEF), 1e-8),
    *_pair("mass_density", agj.mass_density, agj.mass_density_with_mask, _integral, (M1, M2, Z_INTEGRAL),
           lambda m1, m2, z: ref_integrals.mass_density(REF_PLANCK15, m1, m2, z, MDEF), 1e-8),
    *_pair("mass_at_number_fraction", agj.mass_at_number_fraction, agj.mass_at_number_fraction_with_mask, _inverse,
           (Q, M1_BELOW_M2, M2, Z_INTEGRAL),
           lambda q, m1, m2, z: ref_integrals.mass_at_number_fraction(REF_PLANCK15, q, m1, m2, z, MDEF), 1e-8),
    *_pair("turnover_factor", agj.turnover_factor, agj.turnover_factor_with_mask, _identity, (TURNOVER_MASS, M_HM),
           lambda m, m_hm: float(ref_subhalo.turnover(m, m_hm, *LOVELL20)), 1e-12, **_no_cosmology),
    *_pair("warm_factor", agj.warm_factor, agj.warm_factor_with_mask,
           lambda f: (lambda M, cosmology=WARM: f(M, cosmology)), (MASS,),
           lambda M: float(ref_subhalo.turnover(M, half_mode_mass(REF_WARM), *LOVELL20)), 1e-12),
    Numeric("host_scaling", (M_HOST, REDSHIFT), _plain(agj.host_scaling), reference=ref_subhalo.host_scaling,
            rtol=1e-12, cosmology=False),
    *_pair("subhalo_mass_function", agj.subhalo_mass_function, agj.subhalo_mass_function_with_mask,
           lambda f: (lambda m, sigma_sub, m_host, z, slope, m_hm: f(m, sigma_sub, m_host, z, slope=slope, m_hm=m_hm)),
           (SUB_MASS, SIGMA_SUB, M_HOST, REDSHIFT, SLOPE, M_HM),
           lambda m, s, mh, z, slope, m_hm: ref_subhalo.differential(m, s, mh, z, slope, m_hm, *LOVELL20_SUBHALO, 0.55, 0.37),
           1e-12, **_no_cosmology),
    *_pair("subhalo_number", agj.subhalo_number, agj.subhalo_number_with_mask,
           lambda f: (lambda m1, m2, sigma_sub, m_host, z, m_hm: f(m1, m2, sigma_sub, m_host, z, m_hm=m_hm)),
           (SUB_M1, SUB_M2, SIGMA_SUB, M_HOST, REDSHIFT, M_HM), _subhalo_integral(0), 1e-10, **_no_cosmology),
    *_pair("subhalo_mass", agj.subhalo_mass, agj.subhalo_mass_with_mask,
           lambda f: (lambda m1, m2, sigma_sub, m_host, z, m_hm: f(m1, m2, sigma_sub, m_host, z, m_hm=m_hm)),
           (SUB_M1, SUB_M2, SIGMA_SUB, M_HOST, REDSHIFT, M_HM), _subhalo_integral(1), 1e-10, **_no_cosmology),
    *_pair("subhalo_mass_at_number_fraction", agj.subhalo_mass_at_number_fraction,
           agj.subhalo_mass_at_number_fraction_with_mask,
           lambda f: (lambda q, m1, m2, m_hm: f(q, m1, m2, m_hm=m_hm)), (Q, SUB_M1, SUB_M2, M_HM),
           _ref_subhalo_inverse, 1e-10, **_no_cosmology),
)
ABUNDANCE = tuple(dataclasses.replace(entry, default=entry.key in DEFAULT) for entry in _ALL)
"""The abundance layer's entries: every elementwise public name, plain and ``_with_mask``."""
