"""The package's abundance integrals against pyHalo's CDM and WDM presets (pyhalo_counts.json).

    /work/venvs/pyhalo/bin/python docs/research/realisations/pyhalo_counts.py   # pyHalo's Monte Carlo
    python docs/research/realisations/pyhalo_integrals.py                        # this script

Configured as pyHalo's presets are (docs/research/realisations_pyhalo.md): Sheth-Tormen
("sheth99", friends-of-friends masses) on colossus' cosmology "custom" (H0 67.5, Om0 0.309,
Ob0 0.049, sigma8 0.81, ns 0.965, radiation included), masses 1e6-1e10 Msun, z_lens 0.5,
z_source 2, a 6 arcsec double cone; WDM with the half-mode mass 10^7.5 Msun and pyHalo's
turnover (1 + 1.95 (m_hm / m)^0.8)^-1 for field haloes and, as the preset does, for subhaloes.

For each preset, line-of-sight haloes per pyHalo plane and per mass bin, and subhaloes per mass
bin, three ways:

* ``exact``: the package's mass function integrated over each bin (``number_density``; for WDM
  ``mass_function(..., warm=turnover)`` by Gauss-Legendre in ln M) times the plane's comoving
  volume (the double cone recomputed here with astropy, checked against pyHalo's), and
  pyHalo's two-halo boost on the lens plane;
* ``fitted``: the same mass function put through pyHalo's approximation -- on each plane a
  straight line fitted to log10 dn/dM at 10 masses spaced in log between 1e6 and 1e10 Msun,
  integrated as a power law (times the turnover);
* pyHalo's Monte Carlo means and standard errors, and its own expected counts.

Writes pyhalo_integrals.json beside it and prints the tables of the markdown file.
"""

import json
from pathlib import Path

import jax
import numpy as np
from astropy.cosmology import FlatLambdaCDM
from scipy.integrate import quad

jax.config.update("jax_enable_x64", True)

import autogalaxy_jaxnfw as agj  # noqa: E402
from autogalaxy_jaxnfw.cosmology.warm_dark_matter import half_mode_mass  # noqa: E402

HERE = Path(__file__).parent
PYHALO = json.loads((HERE / "pyhalo_counts.json").read_text())
SETUP = PYHALO["setup"]
Z_LENS, Z_SOURCE = SETUP["z_lens"], SETUP["z_source"]
EDGES = 10.0 ** np.array(SETUP["bin_edges_log10_msun"])
M_HM = 10.0 ** SETUP["log_m_hm_wdm"]
COSMOLOGY = agj.Cosmology(h=0.675, Om0=0.049 + 0.26, Ob0=0.049, sigma8=0.81, ns=0.965, name="pyhalo")
# pyHalo writes the turnover as (1 + a (m_hm / m)^b)^c with a = 1.95 (L20's alpha = 2.3, rounded
# after raising to b): alpha = a^(1/b) reproduces its factor exactly.
TURNOVER = agj.Turnover(1.95 ** (1 / 0.8), 0.8, -1.0)
NODES, WEIGHTS = np.polynomial.legendre.leggauss(48)


def warm_cosmology(m_hm):
    """COSMOLOGY with the m_wdm [keV] whose half-mode mass is m_hm [Msun] (m_hm scales as m_wdm^-3.33)."""
    per_kev = float(half_mode_mass(COSMOLOGY.replace(m_wdm=1.0), xp=np)) / COSMOLOGY.h
    exponent = np.log(float(half_mode_mass(COSMOLOGY.replace(m_wdm=2.0), xp=np)) / COSMOLOGY.h / per_kev) / np.log(2.0)
    return COSMOLOGY.replace(m_wdm=(m_hm / per_kev) ** (1.0 / exponent))


def double_cone_volumes(planes):
    """Comoving volume [Mpc^3] of each plane of pyHalo's double cone, from astropy (pyHalo's FlatLambdaCDM, no radiation).

    Also the area at the lens [kpc^2] and, per plane, 4 redshifts across the slab with their volume weights.
    """
    astro = FlatLambdaCDM(H0=100 * COSMOLOGY.h, Om0=COSMOLOGY.Om0, Ob0=COSMOLOGY.Ob0)
    radius = 0.5 * SETUP["cone_opening_angle_arcsec"] * np.pi / 648000.0
    lens_to_observer = astro.angular_diameter_distance(Z_SOURCE).value / astro.angular_diameter_distance_z1z2(Z_LENS, Z_SOURCE).value

    def area(z):
        # behind the lens the cone closes on a ray through the cone's edge, to 5% of it at the source
        shrink = 1.0 if z <= Z_LENS else 1.0 - 0.95 * lens_to_observer * (
            astro.angular_diameter_distance_z1z2(Z_LENS, z).value / astro.angular_diameter_distance(z).value)
        return np.pi * (radius * shrink * astro.comoving_transverse_distance(z).value) ** 2

    def integrand(z):
        return area(z) * astro.hubble_distance.value / astro.efunc(z)

    volumes = np.array([quad(integrand, p["z"], p["z"] + p["dz"])[0] for p in planes])
    kpc_per_arcsec = 1.0 / astro.arcsec_per_kpc_proper(Z_LENS).value
    # 4-point Gauss-Legendre nodes across each slab, for the mass function followed through it
    t, w = np.polynomial.legendre.leggauss(4)
    slab_z = np.array([p["z"] + 0.5 * p["dz"] * (1 + t) for p in planes])
    slab_dv = np.array([[integrand(zi) * 0.5 * p["dz"] * wi for zi, wi in zip(zs, w)] for p, zs in zip(planes, slab_z)])
    return volumes, np.pi * (0.5 * SETUP["cone_opening_angle_arcsec"] * kpc_per_arcsec) ** 2, (slab_z, slab_dv)


def dn_dm(m, z, warm):
    """dn/dM [Mpc^-3 Msun^-1] at m [Msun], redshifts z (broadcast), the package's Sheth-Tormen."""
    h = COSMOLOGY.h
    if warm:
        value = agj.mass_function(m * h, z, "fof", "sheth99", "dndlnM", warm_cosmology(M_HM), warm=TURNOVER)
    else:
        value = agj.mass_function(m * h, z, "fof", "sheth99", "dndlnM", COSMOLOGY)
    return np.asarray(value) * h**3 / m


def gauss_in_ln_m(function, lo, hi):
    """int_lo^hi function(m) dm by 48-node Gauss-Legendre in ln m on each bin; function takes m of shape (..., bins, nodes)."""
    ln_lo, ln_hi = np.log(lo)[:, None], np.log(hi)[:, None]
    ln_m = 0.5 * (ln_lo + ln_hi) + 0.5 * (ln_hi - ln_lo) * NODES
    m = np.exp(ln_m)
    return np.sum(function(m) * m * 0.5 * (ln_hi - ln_lo) * WEIGHTS, axis=-1)


def los_exact(z, warm):
    """Haloes per Mpc^3 in each mass bin at redshifts z (shape (planes,)): shape (planes, bins)."""
    if not warm:
        h = COSMOLOGY.h
        return np.asarray(agj.number_density(EDGES[:-1] * h, EDGES[1:] * h, z[:, None], "fof", "sheth99", COSMOLOGY)) * h**3
    return gauss_in_ln_m(lambda m: dn_dm(m, z[:, None, None], True), EDGES[:-1], EDGES[1:])


def los_fitted(z, warm):
    """As :func:`los_exact` through pyHalo's per-plane power law fitted to the cold dn/dM, and its index."""
    m_fit = np.logspace(np.log10(EDGES[0]), np.log10(EDGES[-1]), 10)
    log_dn = np.log10(dn_dm(m_fit, z[:, None], False))
    index, intercept = np.polyfit(np.log10(m_fit / 1e8), log_dn.T, 1)
    norm = 10.0**intercept / 1e8**index
    factor = (lambda m: 1.0) if not warm else (lambda m: np.asarray(agj.turnover_factor(m, M_HM, TURNOVER)))
    power_law = lambda m: norm[:, None, None] * m ** index[:, None, None] * factor(m)  # noqa: E731
    return gauss_in_ln_m(power_law, EDGES[:-1], EDGES[1:]), index


def subhalos(area, warm):
    """Subhaloes in each mass bin: pyHalo's sigma_sub, host scaling and slope, over the cone's area at the lens."""
    kwargs = PYHALO["WDM" if warm else "CDM"]["expected"]["subhalos"]["kwargs"]
    per_kpc2 = agj.subhalo_number(EDGES[:-1], EDGES[1:], kwargs["sigma_sub"], kwargs["host_m200"], Z_LENS,
                                  slope=kwargs["power_law_index"], m_hm=M_HM if warm else 0.0,
                                  turnover_parameters=TURNOVER if warm else None, scaling="pyhalo")
    return np.asarray(per_kpc2) * area


def los_continuous(slabs, warm):
    """LOS counts (planes, bins) with the mass function at each redshift of the slab rather than at its front."""
    slab_z, slab_dv = slabs
    per_volume = los_exact(slab_z.ravel(), warm).reshape(*slab_z.shape, -1)
    return np.sum(per_volume * slab_dv[..., None], axis=1)


def ours(name, volumes, area, slabs):
    """The package's expected counts for preset ``name``: LOS (planes, bins) exact and fitted, subhaloes (bins)."""
    expected = PYHALO[name]["expected"]
    z = np.array([p["z"] for p in expected["planes"]])
    warm = name == "WDM"
    lens = int(np.argmin(np.abs(z - Z_LENS)))
    # pyHalo's two-halo slab is the lens plane's own slab (same z and dz)
    assert expected["two_halo"]["dz"] == expected["planes"][lens]["dz"]
    out = {}
    for kind, per_volume in (("exact", los_exact(z, warm)), ("fitted", los_fitted(z, warm)[0])):
        los = per_volume * volumes[:, None]
        los[lens] += expected["two_halo"]["boost"] * per_volume[lens] * volumes[lens]
        out[kind] = los
    continuous = los_continuous(slabs, warm)
    continuous[lens] *= 1.0 + expected["two_halo"]["boost"]
    out["continuous"] = continuous
    out["index"] = los_fitted(z, warm)[1]
    out["subhalos"] = subhalos(area, warm)
    return out


def compare(label, model, mc, error):
    """Rows: model, Monte Carlo mean, its error, and the pull (model - mean) / error."""
    pull = (model - mc) / error
    return dict(label=label, ours=model.tolist(), pyhalo=mc.tolist(), error=error.tolist(), pull=pull.tolist())


def redshift_groups(z):
    edges = [0.0, 0.25, Z_LENS - 1e-9, Z_LENS + 1e-9, 1.0, 1.5, Z_SOURCE]
    return [(f"{lo:.2f}-{hi:.2f}" if hi - lo > 1e-6 else f"{lo:.2f} (+2-halo)", (z >= lo) & (z < hi)) for lo, hi in zip(edges[:-1], edges[1:])]


def main():
    results = {}
    for name in ("CDM", "WDM"):
        run = PYHALO[name]
        planes = run["expected"]["planes"]
        z = np.array([p["z"] for p in planes])
        volumes, area, slabs = double_cone_volumes(planes)
        theirs_volume = np.array([p["volume_mpc3"] for p in planes])
        counts = ours(name, volumes, area, slabs)
        mean, var = np.array(run["los_mean"]), np.array(run["los_error"]) ** 2
        theirs_expected = np.array([p["expected_per_bin"] for p in planes])
        lens = int(np.argmin(np.abs(z - Z_LENS)))
        theirs_expected[lens] += run["expected"]["two_halo"]["expected_per_bin"]
        rows = {}
        for kind in ("exact", "fitted"):
            rows[kind] = dict(
                per_bin=compare("LOS per mass bin", counts[kind].sum(0), mean.sum(0), np.sqrt(var.sum(0))),
                per_redshift=[compare(g, counts[kind][s].sum(), mean[s].sum(), np.sqrt(var[s].sum())) for g, s in redshift_groups(z)],
                per_plane_chi2=float(np.sum((counts[kind].sum(1) - mean.sum(1)) ** 2 / var.sum(1))),
                n_planes=len(planes),
                per_cell_max_abs_pull=float(np.max(np.abs(counts[kind] - mean) / np.sqrt(np.where(var > 0, var, np.inf)))),
                total=compare("LOS total", counts[kind].sum(), mean.sum(), np.sqrt(var.sum())),
            )
        sub_mean, sub_error = np.array(run["sub_mean"]), np.array(run["sub_error"])
        results[name] = dict(
            n_realisations=run["n_realisations"],
            seconds_per_realisation=run["seconds_per_realisation"],
            m_wdm_kev=float(warm_cosmology(M_HM).m_wdm) if name == "WDM" else None,
            volume_relative_difference_max=float(np.max(np.abs(volumes / theirs_volume - 1))),
            subhalo_area_relative_difference=float(area / run["expected"]["subhalos"]["area_kpc2"] - 1),
            fitted_index_minus_pyhalo_max=float(np.max(np.abs(counts["index"] - [p["power_law_index"] for p in planes]))),
            fitted_over_pyhalo_expected_per_bin=(counts["fitted"].sum(0) / theirs_expected.sum(0) - 1).tolist(),
            exact_over_fitted_per_bin=(counts["exact"].sum(0) / counts["fitted"].sum(0) - 1).tolist(),
            continuous_over_exact_per_bin=(counts["continuous"].sum(0) / counts["exact"].sum(0) - 1).tolist(),
            half_mode_mass_check=float(half_mode_mass(warm_cosmology(M_HM), xp=np)) / COSMOLOGY.h / M_HM - 1,
            pyhalo_expected_per_bin=theirs_expected.sum(0).tolist(),
            los=rows,
            subhalos=compare("subhaloes per mass bin", counts["subhalos"], sub_mean, sub_error),
            subhalos_pyhalo_expected=run["expected"]["subhalos"]["expected_per_bin"],
        )
    (HERE / "pyhalo_integrals.json").write_text(json.dumps(results, indent=1) + "\n")
    print_tables(results)


def print_tables(results):
    bins = [f"1e{int(a)}-1e{int(b)}" for a, b in zip(SETUP["bin_edges_log10_msun"][:-1], SETUP["bin_edges_log10_msun"][1:])]
    for name, r in results.items():
        print(f"\n### {name}: {r['n_realisations']} realisations, {r['seconds_per_realisation']['median']:.3f} s median each")
        print(f"volumes max rel diff {r['volume_relative_difference_max']:.2e}, area {r['subhalo_area_relative_difference']:.2e},"
              f" fitted index - pyHalo's max {r['fitted_index_minus_pyhalo_max']:.2e}")
        print("fitted/pyHalo expected - 1 per bin:", np.round(r["fitted_over_pyhalo_expected_per_bin"], 5))
        print("exact/fitted - 1 per bin:", np.round(r["exact_over_fitted_per_bin"], 4))
        print("continuous-in-z/exact - 1 per bin:", np.round(r["continuous_over_exact_per_bin"], 4), "m_wdm", r["m_wdm_kev"],
              "m_hm check", r["half_mode_mass_check"])
        print("| | mass bin [Msun] | ours (exact) | ours (pyHalo's fit) | pyHalo mean ± error | pull exact | pull fit | pull of pyHalo's expected |")
        print("|---|---|---|---|---|---|---|---|")
        ex, fi = r["los"]["exact"], r["los"]["fitted"]
        for i, b in enumerate(bins):
            own = (r["pyhalo_expected_per_bin"][i] - fi["per_bin"]["pyhalo"][i]) / fi["per_bin"]["error"][i]
            print(f"| LOS | {b} | {ex['per_bin']['ours'][i]:.3f} | {fi['per_bin']['ours'][i]:.3f} | {fi['per_bin']['pyhalo'][i]:.3f} ± "
                  f"{fi['per_bin']['error'][i]:.3f} | {ex['per_bin']['pull'][i]:+.1f} | {fi['per_bin']['pull'][i]:+.1f} | {own:+.1f} |")
        for g_ex, g_fi in zip(ex["per_redshift"], fi["per_redshift"]):
            print(f"| LOS z {g_ex['label']} | all | {g_ex['ours']:.3f} | {g_fi['ours']:.3f} | {g_fi['pyhalo']:.3f} ± {g_fi['error']:.3f} |"
                  f" {g_ex['pull']:+.1f} | {g_fi['pull']:+.1f} | |")
        own = (sum(r["pyhalo_expected_per_bin"]) - fi["total"]["pyhalo"]) / fi["total"]["error"]
        print(f"| LOS total | all | {ex['total']['ours']:.2f} | {fi['total']['ours']:.2f} | {fi['total']['pyhalo']:.2f} ± {fi['total']['error']:.2f} |"
              f" {ex['total']['pull']:+.1f} | {fi['total']['pull']:+.1f} | {own:+.1f} |")
        s = r["subhalos"]
        for i, b in enumerate(bins):
            own = (r["subhalos_pyhalo_expected"][i] - s["pyhalo"][i]) / s["error"][i]
            print(f"| subhaloes | {b} | {s['ours'][i]:.3f} | (same) | {s['pyhalo'][i]:.3f} ± {s['error'][i]:.3f} | {s['pull'][i]:+.1f} | | {own:+.1f} |")
        print(f"per-plane chi2 (100 planes): exact {ex['per_plane_chi2']:.1f}, fitted {fi['per_plane_chi2']:.1f};"
              f" max |pull| over plane x bin cells: exact {ex['per_cell_max_abs_pull']:.1f}, fitted {fi['per_cell_max_abs_pull']:.1f}")


if __name__ == "__main__":
    main()
