"""Compare the reference with colossus and estimate its precision.

Run with ``python -m autogalaxy_jaxnfw.reference.self_check`` (needs colossus).
"""

import itertools
import math

import numpy as np
from scipy import special

from autogalaxy_jaxnfw.reference.cosmology import LUDLOW_F, REF_PLANCK15
from autogalaxy_jaxnfw.reference.growth import growth_factor, growth_factor_unnormalised
from autogalaxy_jaxnfw.reference.ludlow16 import _solve_ludlow16, concentration_ludlow16_grid
from autogalaxy_jaxnfw.reference.sigma import (
    _sigma2_cut_points,
    _sigma2_integrand,
    lagrangian_radius,
    sigma,
    sigma2_unnormalised,
)
from autogalaxy_jaxnfw.reference.transfer import transfer_eh98

def self_check():
    """Compare with colossus (planck15) and estimate the precision of this module."""

    from colossus.cosmology import cosmology as col_cosmology
    from colossus.cosmology import power_spectrum as col_ps
    from colossus.halo import concentration as col_conc

    def max_rel(a, b):
        return float(np.max(np.abs(np.asarray(a) / np.asarray(b) - 1.0)))

    ref = REF_PLANCK15
    col = col_cosmology.setCosmology("planck15")

    k = np.logspace(-5, 4, 2000)
    col_T = col_ps.modelEisenstein98(k, col.h, col.Om0, col.Ob0, col.Tcmb0)
    diff = max_rel(transfer_eh98(ref, k), col_T)
    print(f"EH98 T(k) vs colossus modelEisenstein98, k in [1e-5, 1e4]: max rel diff {diff:.1e}")

    R = np.logspace(-2, np.log10(30.0), 40)
    s = sigma(ref, R)
    print(f"sigma(R) vs colossus cosmo.sigma (interpolated), R in [0.01, 30]: "
          f"max rel diff {max_rel(s, col.sigma(R, 0.0)):.1e}")

    # Convergence of sigma^2: looser tolerance; an independent rule (30-point Gauss-Legendre
    # on every sub-interval of a twice finer split); neglected tails (power-law estimates).
    R_test = np.array([0.01, 0.03, 0.1, 0.3, 0.9, 3.0, 8.0, 14.0, 30.0])
    tight = sigma2_unnormalised(ref, R_test)
    loose = sigma2_unnormalised(ref, R_test, epsrel=1e-10)

    def sigma2_gauss_legendre(R, refine=2, order=30):
        cuts = _sigma2_cut_points(ref, R, refine)
        nodes, weights = np.polynomial.legendre.leggauss(order)
        half = 0.5 * np.diff(cuts)[:, None]
        lnk = 0.5 * (cuts[:-1] + cuts[1:])[:, None] + half * nodes
        return math.fsum((_sigma2_integrand(ref, lnk, R) * weights * half).ravel())

    other = np.array([sigma2_gauss_legendre(r) for r in R_test])
    tails = []
    for r, total in zip(R_test, tight):
        cuts = _sigma2_cut_points(ref, r)
        low_tail = _sigma2_integrand(ref, cuts[0], r) / (3.0 + ref.ns)  # ~ k^(3+ns) below
        high_tail = _sigma2_integrand(ref, np.linspace(cuts[-1] - 0.01, cuts[-1], 50), r).mean() / 4
        tails.append(max(low_tail, high_tail) / total)
    print(f"sigma^2 convergence: epsrel 1e-12 vs 1e-10 {max_rel(tight, loose):.1e}; "
          f"vs Gauss-Legendre "
          f"on a 2x finer split {max_rel(tight, other):.1e}; neglected tails < {max(tails):.1e}")

    zs = np.concatenate([np.linspace(0.0, 30.0, 301), np.linspace(30.0, 200.0, 171)])
    print(f"growth factor vs colossus cosmo.growthFactor (interpolated), z in [0, 200]: "
          f"max rel diff {max_rel(growth_factor(ref, zs), col.growthFactor(zs)):.1e}")
    diff = max_rel(growth_factor_unnormalised(ref, zs), col.growthFactorUnnormalized(zs))
    print(f"unnormalised growth vs colossus growthFactorUnnormalized: max rel diff {diff:.1e}")
    # Closed form of the integral (a = 1/(1+z), L = Ode0 + Or0): int_0^a da' (a' E_D)^-3
    # = (2/5) a^(5/2) Om0^(-3/2) 2F1(3/2, 5/6; 11/6; -L a^3 / Om0).
    z_low = np.linspace(0.0, 5.0, 51)
    a, L = 1.0 / (1.0 + z_low), ref.Ode0 + ref.Or0
    D_closed = (ref.Om0 * np.sqrt(ref.Om0 * (1.0 + z_low)**3 + L) * a**2.5 * ref.Om0**-1.5
                * special.hyp2f1(1.5, 5.0 / 6.0, 11.0 / 6.0, -L * a**3 / ref.Om0))
    print(f"growth integral form vs hypergeometric closed form, z in [0, 5]: "
          f"max rel diff {max_rel(growth_factor_unnormalised(ref, z_low), D_closed):.1e}")

    masses = np.logspace(8.0, 15.5, 16)
    redshifts = np.array([0.0, 0.5, 1.0, 2.0, 4.0, 6.0])
    c_ref, valid_ref = concentration_ludlow16_grid(ref, masses, redshifts)
    colossus = [col_conc.concentration(masses, "200c", z, model="ludlow16", range_return=True)
                for z in redshifts]
    c_col = np.array([c for c, _ in colossus]).T
    valid_col = np.array([v for _, v in colossus]).T
    both = valid_ref & valid_col
    print(f"c_200c vs colossus concentration(model='ludlow16'), 16 masses x 6 redshifts: "
          f"max rel diff {max_rel(c_ref[both], c_col[both]):.1e}; validity flags agree: "
          f"{bool(np.all(valid_ref == valid_col))}")

    # Precision of c: re-solve with sigma^2(fM), sigma^2(M) and D(z) perturbed by 1e-10
    # (relative; far above their estimated errors of <~1e-13) and with a looser root tolerance.
    def exact_growth(zz):
        return growth_factor(ref, zz)

    def perturbed_growth(zz):
        return growth_factor(ref, zz) * (1.0 + 1e-10 * np.log1p(zz))

    shifts = {"sigma^2": [], "D(z)": [], "xtol 1e-12": []}
    for (i, M), (j, z) in itertools.product(enumerate(masses), enumerate(redshifts)):
        s2_fM = sigma(ref, lagrangian_radius(ref, LUDLOW_F * M))**2
        s2_M = sigma(ref, lagrangian_radius(ref, M))**2
        for key, args, kwargs in [
                ("sigma^2", (s2_fM * (1 + 1e-10), s2_M * (1 - 1e-10), exact_growth), {}),
                ("D(z)", (s2_fM, s2_M, perturbed_growth), {}),
                ("xtol 1e-12", (s2_fM, s2_M, exact_growth), {"xtol": 1e-12})]:
            c, _ = _solve_ludlow16(ref, z, *args, **kwargs)
            shifts[key].append(abs(c / c_ref[i, j] - 1.0))
    print("c response: " + "; ".join(f"{key} {max(v):.1e}" for key, v in shifts.items())
          + " (1e-10 relative perturbations)")


if __name__ == "__main__":
    self_check()
