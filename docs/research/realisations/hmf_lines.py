"""autolens' line-of-sight mass-function lines as hmf makes them, per plane, as JSON (run in the hmf venv).

    /work/venvs/hmf/bin/python docs/research/realisations/hmf_lines.py > docs/research/realisations/hmf_lines.json

The venv: docs/research/abundance/setup_comparison_venv.sh (hmf 3.7.2 with camb 2.0.5; autolens is not
installed there).  ``los.mass_function_ab_from`` is restated below with the same calls: hmf's
``MassFunction`` with Mmin/Mmax = 5.9/10.1 + log10 h, dlog10m = 0.1, the SMT fit, the astropy cosmology
autolens is handed (Planck15 here, the values of autogalaxy's default lensing cosmology), and a
least-squares line of log10(dn/dm h^4) on np.arange(5.9, 10.1, 0.1).  Lines are made with hmf's default
transfer function (CAMB) and with its Eisenstein & Hu (1998) one, to separate the transfer function
from everything else.
"""

import json
import warnings

import numpy as np

Z_LENS, Z_SOURCE, BEFORE, AFTER = 0.5, 2.0, 4, 4


def plane_centres():
    """autolens' ``los_planes_from`` centres (its default 4 + 4 planes)."""
    front = np.linspace(0.0, Z_LENS, BEFORE + 2)[1:-1]
    back = np.linspace(Z_LENS, Z_SOURCE, AFTER + 2)[:-1]
    return np.concatenate((front, back))


def main():
    import camb
    import hmf
    from astropy.cosmology import Planck15
    from hmf.mass_function import fitting_functions

    h = Planck15.h
    log10_mass = np.arange(5.9, 10.1, 0.1)
    out = dict(hmf_version=hmf.__version__, camb_version=camb.__version__, log10_mass=log10_mass.tolist(),
               centres=plane_centres().tolist())
    for label, extra in (("camb", {}), ("eh", dict(transfer_model="EH"))):
        lines, dn_dm = [], []
        for z in plane_centres():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                mf = hmf.MassFunction(Mmin=5.9 + np.log10(h), Mmax=10.1 + np.log10(h), z=float(z),
                                      hmf_model=fitting_functions.SMT, dlog10m=0.1, cosmo_model=Planck15, **extra)
                y = np.log10(mf.dndm * h**4)
                design = np.vstack([log10_mass, np.ones(len(log10_mass))]).T
                lines.append(np.linalg.lstsq(design, y, rcond=None)[0].tolist())
                dn_dm.append((mf.dndm * h**4).tolist())
                if z == plane_centres()[0]:
                    out[f"settings_{label}"] = dict(
                        transfer=type(mf.transfer).__name__, growth=type(mf.growth).__name__, delta_c=mf.delta_c,
                        sigma_8=mf.sigma_8, n=mf.n, Om0=mf.cosmo.Om0, Ob0=mf.cosmo.Ob0, H0=mf.cosmo.H0.value,
                        m_nu=[float(v) for v in mf.cosmo.m_nu.value], lnk_min=mf.lnk_min, lnk_max=mf.lnk_max,
                        dlnk=mf.dlnk, mdef=type(mf.mdef).__name__ if mf.mdef is not None else None,
                        transfer_params={k: repr(v) for k, v in mf.transfer_params.items()})
        out[f"lines_{label}"] = lines
        out[f"dn_dm_{label}"] = dn_dm
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
