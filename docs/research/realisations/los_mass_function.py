"""autolens' line-of-sight mass function without hmf: the package's lines against hmf's, and what the seeds give.

    /work/venvs/hmf/bin/python docs/research/realisations/hmf_lines.py > docs/research/realisations/hmf_lines.json
    python docs/research/realisations/los_mass_function.py     # writes los_mass_function.json beside it

(a) Per plane of autolens' default light cone (z_lens 0.5, z_source 2, 4 + 4 planes): the line
    log10 dn/dm = A log10 m + B of ``los.mass_function_ab_from`` made by hmf (CAMB transfer function,
    hmf's default, and Eisenstein & Hu 1998), by this package (``los_mass_function.mass_function_line``,
    EH98) and by colossus (its ``sheth99``, EH98, same cosmology); dn/dm of each on the grid, and the
    number density between 1e7 and 1e10 Msun of each line and of the exact function.
(b) Same seeds through autolens' ``LOSSampler`` on hmf's lines and on the package's (the default of
    ``Ludlow16LOSSampler``): whether every plane gets the same number of haloes, and the masses in the
    planes before the first that does not (numpy's Poisson sampler consumes a varying number of uniforms,
    so one changed count changes every later plane's draws).  Only the draws are
    compared, so the sheets' integral is skipped and no halo profile is built (both replaced below, in
    this script only).
"""

import json
import sys
import time
import types
from pathlib import Path

import jax
import numpy as np

jax.config.update("jax_enable_x64", True)

from autogalaxy.cosmology import Planck15  # noqa: E402
from autolens.lens import los  # noqa: E402

import autogalaxy_jaxnfw as agj  # noqa: E402
from autogalaxy_jaxnfw.populations import los_mass_function as lmf  # noqa: E402

HERE = Path(__file__).parent
M_MIN, M_MAX = 1e7, 1e10
SEEDS = range(60)


def colossus_lines(centres, cosmology):
    from colossus.cosmology import cosmology as colossus_cosmology
    from colossus.lss import mass_function

    colossus_cosmology.setCosmology("hmf_planck15", dict(flat=True, H0=100 * cosmology.h, Om0=cosmology.Om0,
                                                         Ob0=cosmology.Ob0, sigma8=cosmology.sigma8, ns=cosmology.ns,
                                                         Tcmb0=cosmology.Tcmb0, Neff=cosmology.Neff))
    h = cosmology.h
    x = np.arange(5.9, 10.1, 0.1)
    masses = 10.0 ** np.arange(5.9 + np.log10(h), 10.1 + np.log10(h), 0.1)
    lines, dn_dm = [], []
    for z in centres:
        values = mass_function.massFunction(masses, z, q_in="M", q_out="dndlnM", mdef="fof", model="sheth99")
        values = values / masses * h**4
        lines.append(np.polyfit(x, np.log10(values), 1).tolist())
        dn_dm.append(values.tolist())
    return lines, dn_dm


def draws(lines, seed):
    """Haloes per plane and their masses from LOSSampler on ``lines`` (sheets and profiles skipped)."""
    recorded = []
    original = los.sample_halo_masses

    def record(**kwargs):
        masses = original(**kwargs)
        recorded.append(masses)
        return masses

    los.sample_halo_masses = record
    try:
        sampler = los.LOSSampler(z_lens=0.5, z_source=2.0, m_min=M_MIN, m_max=M_MAX, seed=seed,
                                 mass_function_coefficients=np.asarray(lines),
                                 mass_concentration_coefficients=np.array([[-1.0, 20.0]] * len(lines)))
        sampler.galaxies_from(sheets_as_fields=True)
    finally:
        los.sample_halo_masses = original
    return recorded


def main():
    hmf = json.loads((HERE / "hmf_lines.json").read_text())
    centres = np.array(hmf["centres"])
    cosmology = lmf.mass_function_cosmology(Planck15())
    out = dict(hmf_version=hmf["hmf_version"], camb_version=hmf["camb_version"], centres=centres.tolist(),
               cosmology=dict(h=cosmology.h, Om0=cosmology.Om0, Ob0=cosmology.Ob0, sigma8=cosmology.sigma8,
                              ns=cosmology.ns, Tcmb0=cosmology.Tcmb0, Neff=cosmology.Neff))
    start = time.time()
    ours = np.array([lmf.mass_function_line(z, cosmology) for z in centres])
    out["seconds_lines"] = time.time() - start
    h = cosmology.h
    masses_h = 10.0 ** np.arange(5.9 + np.log10(h), 10.1 + np.log10(h), 0.1)
    ours_dn = np.array([lmf.dn_dm_msun(masses_h / h, z, cosmology) for z in centres])
    col_lines, col_dn = colossus_lines(centres, cosmology)
    exact_density = lmf.number_density_msun(M_MIN, M_MAX, centres, cosmology)
    rows = []
    for i, z in enumerate(centres):
        row = dict(z=float(z), ours=ours[i].tolist(), hmf_camb=hmf["lines_camb"][i], hmf_eh=hmf["lines_eh"][i],
                   colossus=col_lines[i])
        for name in ("hmf_camb", "hmf_eh", "colossus"):
            row[f"d_{name}"] = (ours[i] - np.array(row[name])).tolist()
        ref = {"hmf_camb": hmf["dn_dm_camb"][i], "hmf_eh": hmf["dn_dm_eh"][i], "colossus": col_dn[i]}
        row["dn_dm_ratio"] = {k: [float(np.min(ours_dn[i] / np.array(v))), float(np.max(ours_dn[i] / np.array(v)))]
                              for k, v in ref.items()}
        density = {name: float(los.number_of_halos_from(*line, M_MIN, M_MAX, 1.0))
                   for name, line in (("ours", ours[i]), ("hmf_camb", row["hmf_camb"]), ("hmf_eh", row["hmf_eh"]))}
        density["exact"] = float(exact_density[i])
        row["number_density_1e7_1e10"] = density
        rows.append(row)
    out["planes"] = rows

    # (b) The same seeds on hmf's lines and on ours: LOSSampler without the sheets' integral or halo profiles.
    los.negative_kappa_from = lambda **kwargs: 0.0
    fake_profile = types.SimpleNamespace(from_m200_concentration=lambda **kwargs: None)
    los.ag = types.SimpleNamespace(mp=types.SimpleNamespace(NFWTruncatedSph=fake_profile, MassSheet=los.ag.mp.MassSheet),
                                   Galaxy=lambda **kwargs: None, MassField=los.ag.MassField)
    same = {}
    for reference in ("hmf_camb", "hmf_eh"):
        identical, first_difference, mass_diff, count_diff = 0, [], [], []
        reached, changed = np.zeros(len(centres), int), np.zeros(len(centres), int)
        counts = []
        for seed in SEEDS:
            a, b = draws(ours, seed), draws(hmf[f"lines_{reference.split('_')[1]}"], seed)
            counts_a, counts_b = np.array([len(m) for m in a]), np.array([len(m) for m in b])
            counts.append(counts_a)
            differ = np.flatnonzero(counts_a != counts_b)
            first = int(differ[0]) if len(differ) else len(a)
            first_difference.append(first)
            identical += first == len(a)
            reached[: min(first + 1, len(a))] += 1
            if first < len(a):
                changed[first] += 1
            # Planes before the first changed count hold the same draws: their masses differ by the lines only.
            mass_diff += [float(np.max(np.abs(a[i] / b[i] - 1.0))) for i in range(first) if len(a[i])]
            if first < len(a):
                count_diff.append(int(counts_a[first] - counts_b[first]))
        same[reference] = dict(
            seeds=len(SEEDS), identical_realisations=identical,
            planes_before_first_count_change_mean=float(np.mean(first_difference)),
            first_count_change_abs_mean=float(np.mean(np.abs(count_diff))) if count_diff else 0.0,
            mass_relative_difference_median=float(np.median(mass_diff)),
            mass_relative_difference_max=float(np.max(mass_diff)),
            # Per plane: realisations whose earlier planes all agreed, and how many of those change count here.
            plane_reached=reached.tolist(), plane_changed=changed.tolist(),
            mean_count_per_plane=np.mean(counts, axis=0).tolist())
        print(reference, same[reference], file=sys.stderr)
    out["same_seed"] = same
    (HERE / "los_mass_function.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
