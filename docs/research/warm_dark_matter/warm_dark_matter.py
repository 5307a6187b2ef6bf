"""Ludlow et al. (2016) on warm-dark-matter spectra: accuracy, colossus, gradients, c(M) curves.

Run from the repository root (CPU; a few minutes, most of it the table-free references and
colossus' exact sigma integrals)::

    .venv/bin/python docs/research/warm_dark_matter/warm_dark_matter.py [--out docs/research/warm_dark_matter]

Writes ``results.json`` and ``c_of_m.png`` to ``--out`` and prints the markdown tables of
``docs/research/warm_dark_matter.md``.
"""

import argparse
import dataclasses
import json
import pathlib
import tempfile

import jax
import numpy as np

jax.config.update("jax_enable_x64", True)

import autogalaxy_jaxnfw as agj  # noqa: E402
from autogalaxy_jaxnfw import reference as ref  # noqa: E402
from autogalaxy_jaxnfw.cosmology import sigma, variance  # noqa: E402
from autogalaxy_jaxnfw.cosmology import warm_dark_matter as wdm  # noqa: E402
from autogalaxy_jaxnfw.cosmology.transfer import transfer_eh98  # noqa: E402

M_WDM = (1.0, 3.0, 6.0)
RADII = np.geomspace(1e-3, 60.0, 15)
MASSES = np.logspace(6, 15, 10)
REDSHIFTS = (0.0, 0.5, 2.0)


def _pair(m_wdm):
    return agj.planck15.replace(m_wdm=m_wdm), dataclasses.replace(ref.REF_PLANCK15, m_wdm=m_wdm)


def sigma_accuracy():
    rows = []
    for m in M_WDM:
        ours, reference = _pair(m)
        expected = ref.sigma(reference, RADII)
        s2 = sigma.sigma2_unnormalised(ours, tuple(RADII), np)
        direct = ours.sigma8 * np.sqrt(s2 / sigma.sigma2_unnormalised(ours, (8.0,), np, warm=False)[0])
        series = np.asarray(variance.sigma(ours, RADII))
        rows.append(dict(m_wdm=m, m_hm=float(wdm.half_mode_mass(ours, np)),
                         quadrature=float(np.max(np.abs(direct / expected - 1))),
                         series=float(np.max(np.abs(series / expected - 1)))))
    return rows


def concentration_accuracy():
    rows = []
    for m in M_WDM:
        ours, reference = _pair(m)
        for z in (0.0, 2.0):
            expected = np.array([ref.concentration_ludlow16(reference, mass, z)[0] for mass in MASSES])
            got = {method: np.asarray(agj.concentration_ludlow16(MASSES, z, ours, method=method))
                   for method in ("secant", "bracketed")}
            got["series"] = np.asarray(jax.jit(lambda x: agj.concentration_ludlow16(x, z, ours))(MASSES))
            rows.append(dict(m_wdm=m, z=z, **{k: float(np.max(np.abs(v / expected - 1))) for k, v in got.items()},
                             reference=expected.tolist()))
    return rows


def colossus_comparison(rows):
    """colossus fed the same spectrum as a table, sigma integrated exactly (interpolation=False)."""
    from colossus.cosmology import cosmology as colossus_cosmology
    from colossus.halo import concentration as colossus_concentration

    directory = pathlib.Path(tempfile.mkdtemp())
    k = np.logspace(-6, 5, 4401)
    z = 0.0
    result = {}
    for m in (np.inf,) + M_WDM:
        ours = agj.planck15.replace(m_wdm=m)
        power = k**ours.ns * (transfer_eh98(ours, k, np) * wdm.transfer_wdm(ours, k, np)) ** 2
        path = directory / f"pk_{m}.txt"
        np.savetxt(path, np.array([np.log10(k), np.log10(power)]).T)
        s2 = sigma.sigma2_unnormalised(ours, (8.0,), np)[0] / sigma.sigma2_unnormalised(ours, (8.0,), np, warm=False)[0]
        params = dict(colossus_cosmology.cosmologies["planck15"], sigma8=ours.sigma8 * np.sqrt(s2))
        colossus_cosmology.setCosmology(f"wdm_{m}", params=params, persistence="r", interpolation=False)
        theirs = colossus_concentration.modelLudlow16(MASSES, z, ps_args=dict(model=f"pk_{m}", path=str(path)))[0]
        result[m] = (theirs, np.asarray(agj.concentration_ludlow16(MASSES, z, ours)))
    out = []
    cold_ref = np.array([ref.concentration_ludlow16(ref.REF_PLANCK15, mass, z)[0] for mass in MASSES])
    for m in M_WDM:
        reference = next(r for r in rows if r["m_wdm"] == m and r["z"] == z)["reference"]
        supp_colossus = result[m][0] / result[np.inf][0]
        supp_ours = result[m][1] / result[np.inf][1]
        supp_ref = np.asarray(reference) / cold_ref
        out.append(dict(
            m_wdm=m,
            suppression_difference=float(np.max(np.abs(supp_colossus / supp_ours - 1))),
            colossus_suppression_vs_reference=float(np.max(np.abs(supp_colossus / supp_ref - 1))),
            ours_suppression_vs_reference=float(np.max(np.abs(supp_ours / supp_ref - 1))),
            colossus_c_vs_reference=float(np.max(np.abs(result[m][0] / np.asarray(reference) - 1))),
        ))
    return out


def gradients():
    """d c / d m_wdm (traced cosmology) against central differences of the reference."""
    masses, z, step = np.array([1e7, 1e9, 1e11]), 0.5, 1e-3
    out = []
    for m in M_WDM:
        derivative = np.asarray(jax.jit(jax.jacfwd(
            lambda x: agj.concentration_ludlow16(masses, z, agj.planck15.replace(m_wdm=x))))(m))
        c = lambda x: np.array([ref.concentration_ludlow16(_pair(x)[1], mass, z)[0] for mass in masses])  # noqa: E731
        fd = (8.0 * (c(m + step * m) - c(m - step * m)) - (c(m + 2 * step * m) - c(m - 2 * step * m))) / (12.0 * step * m)
        out.append(dict(m_wdm=m, derivative=derivative.tolist(), finite_difference=fd.tolist(),
                        max_relative_difference=float(np.max(np.abs(derivative / fd - 1)))))
    return out


def figure(path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    masses = np.logspace(6, 15, 200)
    fig, axes = plt.subplots(1, len(REDSHIFTS), figsize=(13, 4), sharey=True)
    colours = dict(zip((np.inf,) + M_WDM, ("k", "C3", "C1", "C0")))
    for ax, z in zip(axes, REDSHIFTS):
        for m, colour in colours.items():
            cosmo = agj.planck15.replace(m_wdm=m)
            label = "CDM" if np.isinf(m) else f"{m:g} keV"
            ax.loglog(masses, np.asarray(agj.concentration_ludlow16(masses, z, cosmo)), color=colour, label=label)
            if np.isfinite(m):
                ax.axvline(float(wdm.half_mode_mass(cosmo, np)), color=colour, ls=":", lw=1)
        ax.set_title(f"z = {z:g}")
        ax.set_xlabel(r"$M_{200c}$ [$M_\odot/h$]")
    axes[0].set_ylabel(r"$c_{200c}$ (Ludlow et al. 2016)")
    axes[0].legend(title="dotted: half-mode mass")
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/research/warm_dark_matter")
    out = pathlib.Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    results = dict(sigma=sigma_accuracy(), concentration=concentration_accuracy())
    results["colossus"] = colossus_comparison(results["concentration"])
    results["gradients"] = gradients()
    figure(out / "c_of_m.png")
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    print("| m_wdm [keV] | M_hm [Msun/h] | sigma: quadrature | sigma: series |\n|---|---|---|---|")
    for r in results["sigma"]:
        print(f"| {r['m_wdm']:g} | {r['m_hm']:.3e} | {r['quadrature']:.1e} | {r['series']:.1e} |")
    print("\n| m_wdm | z | series | secant | bracketed |\n|---|---|---|---|---|")
    for r in results["concentration"]:
        print(f"| {r['m_wdm']:g} | {r['z']:g} | {r['series']:.1e} | {r['secant']:.1e} | {r['bracketed']:.1e} |")
    print("\n| m_wdm | colossus vs ours (suppression) | colossus vs reference (suppression) | ours vs reference (suppression) | colossus c vs reference |\n|---|---|---|---|---|")
    for r in results["colossus"]:
        print(f"| {r['m_wdm']:g} | {r['suppression_difference']:.1e} | {r['colossus_suppression_vs_reference']:.1e} | "
              f"{r['ours_suppression_vs_reference']:.1e} | {r['colossus_c_vs_reference']:.1e} |")
    print("\n| m_wdm | dc/dm_wdm at 1e7, 1e9, 1e11 Msun/h (z = 0.5) | max rel. difference from reference FD |\n|---|---|---|")
    for r in results["gradients"]:
        print(f"| {r['m_wdm']:g} | {', '.join(f'{d:.4e}' for d in r['derivative'])} | {r['max_relative_difference']:.1e} |")


if __name__ == "__main__":
    main()
