"""LOSSampler's straight-line c(M): its error in c, and what the exact relation changes in its maps.

Run from the repository root::

    .venv/bin/python docs/research/workflows/los_concentration.py [--out output/los_concentration]

(a) For each plane of a LOSSampler light cone (z_lens = 0.5, z_source = 2, 3 planes in front
of the lens, 4 behind), the relative error of the straight line c ~ A log10 M + B
(``agj.mass_concentration_line``: autolens' least-squares fit over 10^5.8 - 10^10.1 Msun,
to this package's relation; colossus' fit differs from it by < 1e-3) against the exact
c200c: over the fit range, over LOSSampler's default halo masses 1e7 - 1e10 Msun, and
extrapolated to group and cluster masses (LOSSampler applies the line to any ``m_max``).

(b) One LOSSampler realisation and the Ludlow16LOSSampler one of the same seed (same
haloes, concentrations moved onto the exact relation): the convergence and deflection maps
of all LOS haloes (summed over planes, 100 x 100 pixels of 0.05"), their difference
against the maps' own scale.  Mass functions: straight-line fits to colossus' Sheth, Mo &
Tormen (2001) dn/dM per plane (autolens fits hmf's the same way).

(c) The planes' negative-convergence sheets average M_tNFW / M200 over dn/dM and the
log-normal concentration scatter (``los.negative_kappa_from``): that average with c on the
line against c on the exact relation, per plane.

Tables are printed; numbers go to ``<out>/los_concentration.json``.
"""

import argparse
import json
from pathlib import Path

import numpy as np
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autolens.lens import los

import autogalaxy_jaxnfw as agj

Z_LENS, Z_SOURCE, BEFORE, AFTER = 0.5, 2.0, 3, 4
H = agj.planck15.h


def exact_c(log10_mass, z):
    return np.asarray(agj.concentration_ludlow16(10.0**log10_mass * H, float(z)))


def line_errors(planes):
    rows = []
    fit = np.linspace(*agj.populations.los_sampling.LINE_LOG10_MASS_RANGE, 400)
    for z in planes:
        slope, intercept = agj.mass_concentration_line(z)
        error = lambda lm: (slope * lm + intercept) / exact_c(lm, z) - 1.0  # noqa: E731
        default = fit[(fit >= 7.0) & (fit <= 10.0)]
        rows.append(dict(
            z=float(z), fit_range=float(np.max(np.abs(error(fit)))), default_masses=float(np.max(np.abs(error(default)))),
            **{f"at_1e{k}": float(error(np.array([float(k)]))[0]) for k in (11, 12, 13, 14)},
        ))
    return rows


def mass_function_lines(planes):
    """Straight-line fits log10 dn/dM = A log10 M + B [Mpc^-3 Msun^-1] to colossus' SMT mass function."""
    from colossus.cosmology import cosmology
    from colossus.lss import mass_function

    cosmology.setCosmology("planck15")
    log10_mass = np.arange(5.9, 10.1, 0.1)
    lines = []
    for z in planes:
        dn_dlnm = mass_function.massFunction(10.0**log10_mass * H, z, mdef="fof", model="sheth99", q_out="dndlnM")
        lines.append(np.polyfit(log10_mass, np.log10(dn_dlnm * H**3 / 10.0**log10_mass), 1))
    return np.array(lines)


def lensing_maps(galaxies):
    """Convergence and deflection maps of ``NFWTruncatedSph`` halo galaxies, summed over planes."""
    grid = np.stack(np.meshgrid(np.arange(100) * 0.05 - 2.475, np.arange(100) * 0.05 - 2.475, indexing="ij"), -1)
    grid = grid.reshape(-1, 2)
    halos = [np.array([getattr(g.mass, a) for g in galaxies]) for a in ("kappa_s", "scale_radius", "truncation_radius")]
    centres = np.array([g.mass.centre for g in galaxies])
    kappa = np.asarray(agj.truncated_nfw_population_convergence(grid, centres, *halos))
    alpha = np.asarray(agj.truncated_nfw_population_deflections(grid, centres, *halos))
    return kappa, alpha


def sheet_averages(planes, mc_lines, mf_lines, c_scatter=0.15, truncation_factor=100.0):
    """<m M_tNFW / M200> over dn/dM and log-normal scatter, c centred on the line vs the exact relation."""
    log10_mass = np.linspace(7.0, 10.0, 31)
    nodes, weights = np.polynomial.hermite_e.hermegauss(7)
    weights = weights / weights.sum()
    ratio = np.vectorize(lambda c: NFWTruncatedSph.mass_ratio_from_concentration_and_truncation_factor(
        c, truncation_factor))
    rows = []
    for z, (a, b), (a_mf, b_mf) in zip(planes, mc_lines, mf_lines):
        dn_dm_m = 10.0 ** (b_mf + a_mf * log10_mass) * 10.0**log10_mass

        def average(centre):
            mean = sum(w * ratio(centre * 10.0 ** (c_scatter * x)) for x, w in zip(nodes, weights))
            return np.trapezoid(dn_dm_m * mean * 10.0**log10_mass * np.log(10.0), log10_mass)

        line, exact = average(a * log10_mass + b), average(exact_c(log10_mass, z))
        rows.append(dict(z=float(z), relative_change=float(exact / line - 1.0)))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("output/los_concentration"))
    args = parser.parse_args()
    _, planes = los.los_planes_from(Z_LENS, Z_SOURCE, BEFORE, AFTER)
    result = dict(line_error=line_errors(planes))

    mf_lines = mass_function_lines(planes)
    mc_lines = np.array([agj.mass_concentration_line(z) for z in planes])
    kwargs = dict(z_lens=Z_LENS, z_source=Z_SOURCE, planes_before_lens=BEFORE, planes_after_lens=AFTER,
                  m_min=1e7, m_max=1e10, cone_radius_arcsec=3.0, c_scatter=0.15, seed=args.seed,
                  mass_function_coefficients=mf_lines, mass_concentration_coefficients=mc_lines)
    halos_line = los.LOSSampler(**kwargs).galaxies_from(sheets_as_fields=True)
    halos_exact = agj.Ludlow16LOSSampler(**kwargs).galaxies_from(sheets_as_fields=True)
    (kappa_line, alpha_line), (kappa_exact, alpha_exact) = lensing_maps(halos_line), lensing_maps(halos_exact)
    d_kappa, d_alpha = kappa_exact - kappa_line, np.hypot(*(alpha_exact - alpha_line).T)
    result["maps"] = dict(
        n_halos=len(halos_line),
        kappa_rms=float(np.std(kappa_line)), kappa_max=float(np.max(kappa_line)),
        d_kappa_max=float(np.max(np.abs(d_kappa))), d_kappa_rms=float(np.sqrt(np.mean(d_kappa**2))),
        d_kappa_over_kappa_max=float(np.max(np.abs(d_kappa) / kappa_line)),
        alpha_rms=float(np.sqrt(np.mean(np.sum(alpha_line**2, axis=1)))),
        d_alpha_max=float(np.max(d_alpha)), d_alpha_rms=float(np.sqrt(np.mean(d_alpha**2))),
    )
    result["sheets"] = sheet_averages(planes, mc_lines, mf_lines)

    print("(a) straight line vs exact c200c: max |c_line / c - 1|")
    print("| z | 10^5.8-10^10.1 | 1e7-1e10 | 1e11 | 1e12 | 1e13 | 1e14 |\n|---|---|---|---|---|---|---|")
    for r in result["line_error"]:
        print(f"| {r['z']:.3f} | {r['fit_range']:.1e} | {r['default_masses']:.1e} | {r['at_1e11']:+.3f} | "
              f"{r['at_1e12']:+.3f} | {r['at_1e13']:+.3f} | {r['at_1e14']:+.3f} |")
    print("(b) maps:", json.dumps(result["maps"], indent=1))
    print("(c) sheets:", json.dumps(result["sheets"], indent=1))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "los_concentration.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
