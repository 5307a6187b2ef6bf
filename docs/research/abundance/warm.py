"""Measurements of the warm-dark-matter abundance (docs/research/abundance_warm.md).

Run from the repository root with the package's environment:

    PYTHONPATH=. .venv/bin/python docs/research/abundance/warm.py

after ``pyhalo_turnover.py`` (pyHalo's numbers, in its own environment).  Writes
``warm_results.json`` and ``warm_mass_functions.png`` next to this file.
"""

import dataclasses
import json
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

jax.config.update("jax_enable_x64", True)

import autogalaxy_jaxnfw as agj  # noqa: E402
from autogalaxy_jaxnfw import reference as ref  # noqa: E402
from autogalaxy_jaxnfw.cosmology import sharp_k  # noqa: E402
from autogalaxy_jaxnfw.cosmology.tables import clear_cache  # noqa: E402
from autogalaxy_jaxnfw.cosmology.warm_dark_matter import half_mode_mass  # noqa: E402
from autogalaxy_jaxnfw.lss import subhalo_abundance as sha  # noqa: E402
from autogalaxy_jaxnfw.lss import subhalo_mass_function as shmf  # noqa: E402
from autogalaxy_jaxnfw.lss import warm_turnover as wt  # noqa: E402
from autogalaxy_jaxnfw.reference import sharp_k as ref_sharp_k  # noqa: E402
from autogalaxy_jaxnfw.reference import subhalo as ref_subhalo  # noqa: E402

HERE = Path(__file__).resolve().parent
M_WDM = (1.0, 3.0, 6.0)
REDSHIFTS = (0.0, 0.5, 2.0)
MASSES = np.geomspace(1e6, 1e15, 91)
PYHALO_TO_OURS = {"LOVELL2020": "lovell20", "SHMF_LOVELL2020": "lovell20_subhalo", "LOVELL2014": "lovell14_subhalo", "SHMF_LOVELL2014": "lovell14_subhalo"}


def turnovers_against_pyhalo(pyhalo):
    masses = np.asarray(pyhalo["masses"])
    m_c = 10 ** pyhalo["log_mc"]
    rows = {}
    for name, entry in pyhalo["presets"].items():
        same = wt.Turnover(entry["a"] ** (1.0 / entry["b"]), entry["b"], entry["c"])
        theirs = np.asarray(entry["factor"])
        rows[name] = dict(
            a=entry["a"], b=entry["b"], c=entry["c"],
            same_parameters=float(np.max(np.abs(np.asarray(wt.turnover_factor(masses, m_c, same)) / theirs - 1))),
            paper_preset=PYHALO_TO_OURS[name],
            paper_parameters=float(np.max(np.abs(np.asarray(wt.turnover_factor(masses, m_c, PYHALO_TO_OURS[name])) / theirs - 1))),
        )
    return rows


def subhalo_counts_against_pyhalo(pyhalo):
    s = pyhalo["subhalo"]
    area = s["area_kpc2"]
    args = dict(sigma_sub=s["sigma_sub"], m_host=s["host_m200"], z=s["zlens"], slope=s["plaw_index"],
                scaling=shmf.HostScaling(s["host_scaling_factor"], s["redshift_scaling_factor"]))
    rows = {"cold": dict(
        number=float(sha.subhalo_number(1e6, 1e10, turnover_parameters=None, **args)) * area / s["cold_n_mean"] - 1,
        mass=float(sha.subhalo_mass(1e6, 1e10, turnover_parameters=None, **args)) * area / s["cold_first_moment"] - 1)}
    for name, entry in pyhalo["presets"].items():
        same = wt.Turnover(entry["a"] ** (1.0 / entry["b"]), entry["b"], entry["c"])
        m_hm = 10 ** pyhalo["log_mc"]
        ours_n = float(sha.subhalo_number(1e6, 1e10, m_hm=m_hm, turnover_parameters=same, **args)) * area
        ours_m = float(sha.subhalo_mass(1e6, 1e10, m_hm=m_hm, turnover_parameters=same, **args)) * area
        exact = ref_subhalo.moment(1e6, 1e10, 0, s["plaw_index"], m_hm, same.alpha, same.beta, same.gamma) * area * float(
            shmf.host_scaling(s["host_m200"], s["zlens"], args["scaling"])) * s["sigma_sub"]
        rows[name] = dict(number_vs_pyhalo=ours_n / entry["n_mean"] - 1, mass_vs_pyhalo=ours_m / entry["first_moment"] - 1,
                          number_vs_mpmath=ours_n / exact - 1, pyhalo_vs_mpmath=entry["n_mean"] / exact - 1, n_mean=entry["n_mean"])
    return rows


def sharp_k_accuracy():
    radii = np.geomspace(1.05e-4, 29.5, 25)
    rows = {}
    for m_wdm in (float("inf"),) + M_WDM:
        ours = agj.planck15.replace(m_wdm=m_wdm)
        theirs = dataclasses.replace(ref.REF_PLANCK15, m_wdm=m_wdm)
        clear_cache()
        start = time.perf_counter()
        table = sharp_k.build_sharp_k_table(ours, np)
        build = time.perf_counter() - start
        s = np.asarray(sharp_k.sharp_k_sigma(ours, radii))
        slope = np.asarray(sharp_k.sharp_k_slope(table, ours, jnp.log(radii)))
        rows[str(m_wdm)] = dict(
            sigma=float(np.max(np.abs(s / ref_sharp_k.sharp_k_sigma(theirs, radii) - 1))),
            slope=float(np.max(np.abs(slope / ref_sharp_k.sharp_k_slope(theirs, radii) - 1))),
            build_s=build,
        )
    return rows


def mass_functions():
    out = {}
    for m_wdm in (float("inf"),) + M_WDM:
        cosmology = agj.planck15.replace(m_wdm=m_wdm)
        reference = dataclasses.replace(ref.REF_PLANCK15, m_wdm=m_wdm)
        for z in REDSHIFTS:
            a = np.asarray(agj.mass_function(MASSES, z, "fof", "sheth99", cosmology=cosmology, warm="lovell20"))
            b = np.asarray(agj.mass_function(MASSES, z, "fof", "sheth99", cosmology=cosmology, warm="sharp_k"))
            check = MASSES[::15]
            b_ref = ref_sharp_k.sharp_k_mass_function(reference, check, z)
            out[f"{m_wdm}_{z}"] = dict(
                route_a=a.tolist(), route_b=b.tolist(),
                route_b_vs_reference=float(np.max(np.abs(np.asarray(agj.mass_function(check, z, "fof", "sheth99", cosmology=cosmology, warm="sharp_k")) / b_ref - 1))),
            )
    return out


def comparisons(mf):
    rows = {}
    for m_wdm in M_WDM:
        m_hm = float(half_mode_mass(agj.planck15.replace(m_wdm=m_wdm)))
        for z in REDSHIFTS:
            warm, cold = mf[f"{m_wdm}_{z}"], mf[f"inf_{z}"]
            ratio_a = np.asarray(warm["route_a"]) / np.asarray(cold["route_a"])
            ratio_b = np.asarray(warm["route_b"]) / np.asarray(cold["route_b"])
            at = lambda r, m: float(np.interp(np.log(m), np.log(MASSES), r))  # noqa: E731
            rows[f"{m_wdm}_{z}"] = dict(
                m_hm=m_hm,
                a_at_mhm=at(ratio_a, m_hm), b_at_mhm=at(ratio_b, m_hm),
                a_at_10mhm=at(ratio_a, 10 * m_hm), b_at_10mhm=at(ratio_b, 10 * m_hm),
                a_at_mhm_over_10=at(ratio_a, m_hm / 10), b_at_mhm_over_10=at(ratio_b, m_hm / 10),
                mass_where_b_is_half=float(np.exp(np.interp(0.5, ratio_b, np.log(MASSES)))) if ratio_b.min() < 0.5 else None,
                mass_where_a_is_half=float(np.exp(np.interp(0.5, ratio_a, np.log(MASSES)))) if ratio_a.min() < 0.5 else None,
            )
    cold_ratio = {str(z): dict(
        min=float(np.min(np.asarray(mf[f"inf_{z}"]["route_b"]) / np.asarray(mf[f"inf_{z}"]["route_a"]))),
        max=float(np.max(np.asarray(mf[f"inf_{z}"]["route_b"]) / np.asarray(mf[f"inf_{z}"]["route_a"])))) for z in REDSHIFTS}
    return rows, cold_ratio


def gradient_checks():
    cosmology = agj.planck15.replace(m_wdm=3.0)
    rows = {}

    def central(f, x, h):
        return (float(f(x + h)) - float(f(x - h))) / (2 * h)

    cases = {
        "route_a d ln n / d ln M (M = 3e8)": (lambda x: jnp.log(agj.mass_function(jnp.exp(x), 0.5, "fof", "sheth99", cosmology=cosmology, warm="lovell20")), np.log(3e8)),
        "route_a d ln n / d m_wdm": (lambda x: jnp.log(agj.mass_function(3e8, 0.5, "fof", "sheth99", cosmology=cosmology.replace(m_wdm=x), warm="lovell20")), 3.0),
        "route_a d ln n / d Om0": (lambda x: jnp.log(agj.mass_function(3e8, 0.5, "fof", "sheth99", cosmology=cosmology.replace(Om0=x), warm="lovell20")), cosmology.Om0),
        "route_b d ln n / d ln M (M = 3e8)": (lambda x: jnp.log(agj.mass_function(jnp.exp(x), 0.5, "fof", "sheth99", cosmology=cosmology, warm="sharp_k")), np.log(3e8)),
        "route_b d ln n / d m_wdm": (lambda x: jnp.log(agj.mass_function(3e8, 0.5, "fof", "sheth99", cosmology=cosmology.replace(m_wdm=x), warm="sharp_k")), 3.0),
        "route_b d ln n / d Om0": (lambda x: jnp.log(agj.mass_function(3e8, 0.5, "fof", "sheth99", cosmology=cosmology.replace(Om0=x), warm="sharp_k")), cosmology.Om0),
        "route_b d ln n / d sigma8": (lambda x: jnp.log(agj.mass_function(3e8, 0.5, "fof", "sheth99", cosmology=cosmology.replace(sigma8=x), warm="sharp_k")), cosmology.sigma8),
        "subhalo N d / d sigma_sub": (lambda x: sha.subhalo_number(1e6, 1e10, x, 2e13, 0.5, m_hm=1e8), 0.025),
        "subhalo N d / d m_hm": (lambda x: sha.subhalo_number(1e6, 1e10, 0.025, 2e13, 0.5, m_hm=x), 1e8),
        "subhalo m_q d / d q": (lambda x: sha.subhalo_mass_at_number_fraction(x, 1e6, 1e10, m_hm=1e8), 0.4),
    }
    for name, (f, x0) in cases.items():
        g = float(jax.grad(f)(x0))
        fd = central(f, x0, 1e-5 * abs(x0))
        rows[name] = dict(grad=g, finite_difference=fd, relative=abs(g / fd - 1))
    return rows


def figure(mf):
    fig, axes = plt.subplots(2, 3, figsize=(14, 8), sharex=True)
    colours = {float("inf"): "k", 1.0: "C3", 3.0: "C1", 6.0: "C0"}
    for j, z in enumerate(REDSHIFTS):
        for m_wdm in (float("inf"),) + M_WDM:
            entry, cold = mf[f"{m_wdm}_{z}"], mf[f"inf_{z}"]
            label = "cold" if np.isinf(m_wdm) else f"{m_wdm:g} keV"
            for route, style in (("route_a", "-"), ("route_b", "--")):
                y = np.asarray(entry[route])
                axes[0, j].loglog(MASSES, y, style, color=colours[m_wdm], label=label if route == "route_a" else None)
                axes[1, j].semilogx(MASSES, y / np.asarray(cold[route]), style, color=colours[m_wdm])
            if not np.isinf(m_wdm):
                m_hm = float(half_mode_mass(agj.planck15.replace(m_wdm=m_wdm)))
                for ax in axes[:, j]:
                    ax.axvline(m_hm, color=colours[m_wdm], ls=":", lw=1)
        axes[0, j].set_title(f"z = {z:g}")
        axes[0, j].set_ylim(1e-6, 1e4)
        axes[1, j].set_ylim(0, 1.15)
        axes[1, j].set_xlabel("M [Msun/h]")
    axes[0, 0].set_ylabel("dn/dlnM [(Mpc/h)^-3]")
    axes[1, 0].set_ylabel("warm / cold")
    axes[0, 0].legend(title="solid: (a) sheth99 x lovell20\ndashed: (b) sharp-k ST", fontsize=8, title_fontsize=8)
    fig.suptitle("planck15: warm mass functions by route (a) and (b); dotted: half-mode masses")
    fig.tight_layout()
    fig.savefig(HERE / "warm_mass_functions.png", dpi=110)


def main():
    pyhalo = json.loads((HERE / "pyhalo_turnover.json").read_text())
    results = dict(
        turnover_vs_pyhalo=turnovers_against_pyhalo(pyhalo),
        subhalo_vs_pyhalo=subhalo_counts_against_pyhalo(pyhalo),
        sharp_k_accuracy=sharp_k_accuracy(),
        half_mode_masses={str(m): float(half_mode_mass(agj.planck15.replace(m_wdm=m))) for m in M_WDM},
    )
    mf = mass_functions()
    results["route_b_vs_reference"] = {k: v["route_b_vs_reference"] for k, v in mf.items()}
    results["routes"], results["cold_sharp_k_over_sheth99"] = comparisons(mf)
    results["gradients"] = gradient_checks()
    figure(mf)
    (HERE / "warm_results.json").write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
