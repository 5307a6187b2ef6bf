"""Expected haloes of pyHalo's CDM / WDM presets on the package's cones, against pyHalo's Monte Carlo means.

Run from the repository root: ``python docs/research/realisations/double_cone_counts.py``; writes
``double_cone_counts.json`` next to this script (docs/research/realisations.md reads it).  The model is
realisation_benchmark.py's (pyHalo's presets: 3 arcsec radius, 1e6-1e10 Msun, sigma_sub 0.025, host
10^13.3 Msun, WDM half-mode mass 10^7.5 Msun with pyHalo's turnover); the cones are autolens' and
pyHalo's double cone with its two-halo factor B = 1.16356 (pyHalo's number for this host,
realisations_pyhalo.md), on autolens' planes, 4, 16 and 40 on each side of the lens.  pyHalo's means
and standard errors come from ``pyhalo_counts.json``.
"""

import json
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
import numpy as np  # noqa: E402

import autogalaxy_jaxnfw as agj  # noqa: E402
from autogalaxy_jaxnfw.populations.cone_volumes import geometry  # noqa: E402
from autogalaxy_jaxnfw.populations.realisation_layout import RealisationLayout  # noqa: E402

HERE = Path(__file__).resolve().parent
TWO_HALO_B = 1.16356


def main():
    turnover = agj.Turnover(1.95 ** (1.0 / 0.8), 0.8, -1.0)
    pyhalo = json.loads((HERE / "pyhalo_counts.json").read_text())
    out = {}
    for name, cosmology in (("CDM", agj.planck15), ("WDM", agj.planck15.replace(m_wdm=6.806))):
        parameters = agj.DarkMatterParameters(cosmology=cosmology, sigma_sub=0.025, subhalo_slope=-1.9, host_mass=10**13.3)
        rows = []
        for cone, boost, planes in (("autolens", 0.0, 4), ("double_cone", TWO_HALO_B, 4), ("double_cone", TWO_HALO_B, 16),
                                    ("double_cone", TWO_HALO_B, 40)):
            config = agj.RealisationConfig(z_lens=0.5, z_source=2.0, cone_radius=3.0, m_min=1e6, m_max=1e10, warm=turnover,
                                           subhalo_turnover=turnover, cone=cone, two_halo_boost=boost,
                                           planes_before_lens=planes, planes_after_lens=planes)
            shape = geometry(config)
            expected = np.asarray(agj.expected_counts(parameters, RealisationLayout(config, *shape, (0,) * len(shape[0]), 0)))
            rows.append(dict(cone=cone, two_halo_boost=boost, planes_each_side=planes, los=float(expected[:-1].sum()),
                             subhalos=float(expected[-1])))
        los_mean, sub_mean = (float(np.sum(pyhalo[name][key])) for key in ("los_mean", "sub_mean"))
        los_error, sub_error = (float(np.sqrt(np.sum(np.square(pyhalo[name][key])))) for key in ("los_error", "sub_error"))
        out[name] = dict(ours=rows, pyhalo=dict(los=los_mean, los_error=los_error, subhalos=sub_mean, subhalos_error=sub_error,
                                                n_realisations=pyhalo[name]["n_realisations"]))
        print(name, json.dumps(out[name]), flush=True)
    (HERE / "double_cone_counts.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
