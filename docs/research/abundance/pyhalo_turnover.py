"""pyHalo's warm-dark-matter turnovers and subhalo counts, written to pyhalo_turnover.json.

Run with the pyHalo environment of setup_pyhalo.sh (it does not import this package):

    /work/venvs/pyhalo/bin/python docs/research/abundance/pyhalo_turnover.py

For each of pyHalo's presets (``mass_function_models.preset_mass_function_models``) it records
the parameters (a, b, c) and pyHalo's factor (1 + a (m_c / m)^b)^c on a mass grid, and for
the subhalo presets the mean number and mass of WDMPowerLaw between 1e6 and 1e10 Msun with
pyHalo's sigma_sub normalisation (``Rendering.subhalos.normalization_sigmasub``).
"""

import importlib.metadata
import json
from pathlib import Path

import numpy as np
from pyHalo.mass_function_models import preset_mass_function_models
from pyHalo.Rendering.MassFunctions.mass_function_base import CDMPowerLaw, WDMPowerLaw
from pyHalo.Rendering.subhalos import normalization_sigmasub

MASSES = np.geomspace(1e5, 1e12, 57)
LOG_MC = 8.0
SUBHALO = dict(sigma_sub=0.025, host_m200=10**13.3, zlens=0.5, kpc_per_asec_zlens=6.5, cone_opening_angle=6.0,
               plaw_index=-1.9, m_pivot=1e8, host_scaling_factor=0.55, redshift_scaling_factor=0.37)


def main():
    out = dict(pyhalo=importlib.metadata.version("pyhalo"), masses=MASSES.tolist(), log_mc=LOG_MC, presets={}, subhalo=SUBHALO)
    normalization = normalization_sigmasub(**SUBHALO)
    out["subhalo"]["normalization"] = normalization
    out["subhalo"]["area_kpc2"] = np.pi * (SUBHALO["kpc_per_asec_zlens"] * 0.5 * SUBHALO["cone_opening_angle"]) ** 2
    for name in ("LOVELL2020", "SHMF_LOVELL2020", "LOVELL2014", "SHMF_LOVELL2014"):
        _, kwargs = preset_mass_function_models(name)
        a, b, c = kwargs["a_wdm"], kwargs["b_wdm"], kwargs["c_wdm"]
        factor = WDMPowerLaw._turnover(MASSES, LOG_MC, a, b, c)
        model = WDMPowerLaw(6.0, 10.0, -1.9, False, normalization, LOG_MC, a, b, c)
        out["presets"][name] = dict(a=a, b=b, c=c, factor=factor.tolist(), n_mean=model.n_mean, first_moment=model.first_moment)
    cold = CDMPowerLaw(6.0, 10.0, -1.9, False, normalization)
    out["subhalo"]["cold_n_mean"] = cold.n_mean
    out["subhalo"]["cold_first_moment"] = cold.first_moment
    path = Path(__file__).with_name("pyhalo_turnover.json")
    path.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
