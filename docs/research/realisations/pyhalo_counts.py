"""pyHalo's CDM and WDM presets: mean halo counts per plane and per mass bin, and time per realisation.

Run with pyHalo's own environment (not the package's):

    /work/venvs/pyhalo/bin/python docs/research/realisations/pyhalo_counts.py [--seconds 450 --max 1000]
    /work/venvs/pyhalo/bin/python docs/research/realisations/pyhalo_counts.py --timing 20

Writes ``pyhalo_counts.json`` next to this script: for each preset, the Monte Carlo means and
standard errors of the counts of line-of-sight haloes (two-halo term included; per pyHalo
plane and per mass bin) and of subhaloes (per mass bin), pyHalo's own expected counts read off
its rendering classes (the power law it fits to Sheth-Tormen on each plane, times the turnover
for WDM), the geometry it used (plane redshifts and widths, comoving volume elements, two-halo
boost, subhalo area and host scaling), and the wall time of each ``CDM(...)`` / ``WDM(...)``
call.  With ``--timing N`` it only times N realisations of each preset, interleaved, with and
without ``lensing_quantities()``, into ``pyhalo_timing.json``.  docs/research/realisations_pyhalo.md describes the run and compares with the package.

pyHalo 1.5.2 imports three lenstronomy profiles (King; the core-collapsed halo, with and without
a black hole) that lenstronomy 1.14.2, the newest release on the registry, lacks.  Neither
preset below renders such objects (they are for globular clusters and SIDM), so empty stand-in
modules are registered before pyHalo is imported.
"""

import argparse
import json
import pathlib
import platform
import sys
import time
import types

import numpy as np
from scipy.integrate import quad

for _name, _class in [("king", "King"), ("core_collapsed_halo", "CoreCollapsedHalo"),
                      ("core_collapsed_halo_bh", "CoreCollapsedHaloBH")]:
    _module = types.ModuleType("lenstronomy.LensModel.Profiles." + _name)
    setattr(_module, _class, type(_class, (), {}))
    sys.modules[_module.__name__] = _module

from pyHalo.PresetModels.cdm import CDM  # noqa: E402
from pyHalo.PresetModels.wdm import WDM  # noqa: E402
from pyHalo.Rendering.MassFunctions.mass_function_base import WDMPowerLaw  # noqa: E402

Z_LENS, Z_SOURCE, CONE_ARCSEC = 0.5, 2.0, 6.0
LOG_MLOW, LOG_MHIGH = 6.0, 10.0
LOG_M_HM = 7.5
BIN_EDGES = np.arange(LOG_MLOW, LOG_MHIGH + 0.5, 1.0)
PRESETS = {
    "CDM": lambda: CDM(Z_LENS, Z_SOURCE, cone_opening_angle_arcsec=CONE_ARCSEC,
                       log_mlow=LOG_MLOW, log_mhigh=LOG_MHIGH),
    "WDM": lambda: WDM(Z_LENS, Z_SOURCE, LOG_M_HM, cone_opening_angle_arcsec=CONE_ARCSEC,
                       log_mlow=LOG_MLOW, log_mhigh=LOG_MHIGH),
}


def _bin_integrals(model):
    """Expected counts of a pyHalo mass-function object in each mass bin (its power law x turnover)."""
    turnover = (lambda m: model._turnover(m, **model._kwargs_mass_function)) if isinstance(model, WDMPowerLaw) else (lambda m: 1.0)
    out = []
    for lo, hi in zip(BIN_EDGES[:-1], BIN_EDGES[1:]):
        # in ln m: the integrand m^(index+1) T(m) is smooth there, unlike in m over four decades
        f = lambda ln_m: model._normalization * np.exp(ln_m) ** (model._index + 1.0) * turnover(np.exp(ln_m))
        out.append(quad(f, lo * np.log(10), hi * np.log(10), epsabs=0.0, epsrel=1e-10, limit=200)[0])
    return out


def expectations(realization):
    """pyHalo's expected counts and geometry, from the rendering classes of one realisation."""
    by_name = {type(c).__name__: c for c in realization.rendering_classes}
    los, two_halo, sub = by_name["LineOfSight"], by_name["TwoHaloContribution"], by_name["Subhalos"]
    geometry = los._geometry
    planes = []
    for z, dz in zip(los._lens_plane_redshifts, los._delta_z_list):
        model = los._get_mass_function_model(z, dz)
        planes.append(dict(z=float(z), dz=float(dz), volume_mpc3=float(geometry.volume_element_comoving(z, dz)),
                           power_law_index=float(model._index), normalization=float(model._normalization),
                           n_mean=float(model.n_mean), expected_per_bin=_bin_integrals(model)))
    two_model = two_halo._get_mass_function_model(two_halo._lens_cosmo.z_lens, two_halo._delta_z)
    sub_model = sub._get_mass_function_model()
    kpc_per_arcsec = float(sub._lens_cosmo.cosmo.kpc_proper_per_asec(Z_LENS))
    return dict(
        planes=planes,
        two_halo=dict(z=Z_LENS, dz=float(two_halo._delta_z),
                      boost=float(two_halo._kwargs_mass_function["LOS_normalization"]),
                      n_mean=float(two_model.n_mean), expected_per_bin=_bin_integrals(two_model)),
        subhalos=dict(kpc_per_arcsec_zlens=kpc_per_arcsec, area_kpc2=float(np.pi * (0.5 * CONE_ARCSEC * kpc_per_arcsec) ** 2),
                      kwargs={k: v for k, v in sub._kwargs_mass_function.items() if np.isscalar(v)},
                      n_mean=float(sub_model.n_mean), expected_per_bin=_bin_integrals(sub_model)),
    )


def run(name, seconds, max_realisations):
    """Realisations of preset ``name`` for ``seconds`` of wall time (at most ``max_realisations``)."""
    first = PRESETS[name]()
    expected = expectations(first)
    plane_z = np.array([p["z"] for p in expected["planes"]])
    shape = (len(plane_z), len(BIN_EDGES) - 1)
    stats = {k: np.zeros(shape if k.startswith("los") else shape[1:]) for k in ("los_sum", "los_sq", "sub_sum", "sub_sq")}
    times, start = [], time.perf_counter()
    while len(times) < max_realisations and time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        realization = PRESETS[name]()
        times.append(time.perf_counter() - t0)
        m = np.array([h.mass for h in realization.halos])
        z = np.array([h.z for h in realization.halos])
        is_sub = np.array([h.is_subhalo for h in realization.halos], dtype=bool)
        mass_bin = np.clip(np.digitize(np.log10(m), BIN_EDGES) - 1, 0, shape[1] - 1)
        plane = np.abs(z[:, None] - plane_z[None, :]).argmin(axis=1)
        los = np.zeros(shape)
        np.add.at(los, (plane[~is_sub], mass_bin[~is_sub]), 1.0)
        sub = np.bincount(mass_bin[is_sub], minlength=shape[1]).astype(float)
        stats["los_sum"] += los
        stats["los_sq"] += los**2
        stats["sub_sum"] += sub
        stats["sub_sq"] += sub**2
    n = len(times)
    mean = {k: stats[k + "_sum"] / n for k in ("los", "sub")}
    # standard error of the mean from the sample variance of each cell over realisations
    error = {k: np.sqrt(np.maximum(stats[k + "_sq"] / n - mean[k] ** 2, 0.0) / (n - 1)) for k in ("los", "sub")}
    return dict(
        n_realisations=n,
        wall_seconds=time.perf_counter() - start,
        seconds_per_realisation=dict(median=float(np.median(times)), mean=float(np.mean(times)),
                                     p16=float(np.percentile(times, 16)), p84=float(np.percentile(times, 84))),
        los_mean=mean["los"].tolist(), los_error=error["los"].tolist(),
        los_sum=stats["los_sum"].tolist(), los_sq=stats["los_sq"].tolist(),
        sub_mean=mean["sub"].tolist(), sub_error=error["sub"].tolist(),
        sub_sum=stats["sub_sum"].tolist(), sub_sq=stats["sub_sq"].tolist(),
        expected=expected,
    )


def timing(repeats):
    """Seconds per realisation, presets interleaved: the ``CDM``/``WDM`` call, and that plus ``lensing_quantities()``.

    pyHalo computes a halo's concentration and truncation radius when its lensing parameters are
    first asked for, so the second time is the one that includes them (and the sheets).
    """
    keys = ("render", "render_and_lensing_quantities", "render_cpu", "render_and_lensing_quantities_cpu", "halos")
    out = {name: {k: [] for k in keys} for name in PRESETS}
    for _ in range(repeats):
        for name in PRESETS:
            # wall time, and this process's CPU time (less sensitive to other processes sharing the cores)
            t0, c0 = time.perf_counter(), time.process_time()
            realization = PRESETS[name]()
            t1, c1 = time.perf_counter(), time.process_time()
            realization.lensing_quantities()
            t2, c2 = time.perf_counter(), time.process_time()
            for key, value in zip(keys, (t1 - t0, t2 - t0, c1 - c0, c2 - c0, len(realization.halos))):
                out[name][key].append(value)
    return {name: {k: dict(median=float(np.median(v)), min=float(np.min(v)), max=float(np.max(v))) for k, v in d.items()}
            for name, d in out.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="wall time per preset")
    parser.add_argument("--max", type=int, default=1000, help="most realisations per preset")
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--timing", type=int, default=0,
                        help="only time this many realisations per preset (with lensing_quantities) into pyhalo_timing.json")
    args = parser.parse_args()
    np.random.seed(args.seed)
    from importlib.metadata import version
    if args.timing:
        result = dict(repeats=args.timing, machine=platform.processor() or platform.machine(), **timing(args.timing))
        pathlib.Path(__file__).with_name("pyhalo_timing.json").write_text(json.dumps(result, indent=1) + "\n")
        print(json.dumps(result, indent=1))
        return
    out = dict(
        setup=dict(z_lens=Z_LENS, z_source=Z_SOURCE, cone_opening_angle_arcsec=CONE_ARCSEC,
                   log_mlow=LOG_MLOW, log_mhigh=LOG_MHIGH, log_m_hm_wdm=LOG_M_HM, bin_edges_log10_msun=BIN_EDGES.tolist(),
                   versions={**{p: version(p) for p in ("pyhalo", "lenstronomy", "colossus", "astropy", "numpy", "scipy")},
                             "python": platform.python_version()},
                   machine=platform.processor() or platform.machine(), seed=args.seed),
    )
    for name in PRESETS:
        out[name] = run(name, args.seconds, args.max)
        print(name, out[name]["n_realisations"], "realisations,", out[name]["seconds_per_realisation"], flush=True)
    path = pathlib.Path(__file__).with_name("pyhalo_counts.json")
    path.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
