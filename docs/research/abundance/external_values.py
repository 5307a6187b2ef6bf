"""hmf's and halox's Tinker et al. (2008) mass function and halox's Tinker et al. (2010) bias, as JSON.

Run in the separate environment of ``setup_comparison_venv.sh`` (not the project's):

    /work/venvs/hmf/bin/python docs/research/abundance/external_values.py > /tmp/external.json

Planck 2015 as colossus has it (h = 0.6774, Om0 = 0.3089, Ob0 = 0.0486, sigma8 = 0.8159,
ns = 0.9667, Tcmb0 = 2.7255 K, Neff = 3.046, massless neutrinos).  hmf: its Eisenstein & Hu
(1998) transfer function with the baryon wiggles ("EH_BAO", as colossus' default
'eisenstein98' and the package), its default k grid, SO masses relative to the mean ("200m")
and to the critical density ("200c").  halox: jax-cosmo's Eisenstein & Hu power spectrum, its
trapezoid sigma(R) on 5000 k points, 200c only (its Delta is relative to the critical density).
"""

import json
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
H, OM0, OB0, S8, NS = 0.6774, 0.3089, 0.0486, 0.8159, 0.9667
LOG_M = np.arange(6.0, 15.51, 0.5)
OUT = {"log10_M": LOG_M.tolist()}

try:
    import hmf
    from astropy.cosmology import FlatLambdaCDM

    cosmo = FlatLambdaCDM(H0=100 * H, Om0=OM0, Ob0=OB0, Tcmb0=2.7255, Neff=3.046, m_nu=0.0)
    OUT["hmf_version"] = hmf.__version__
    for mdef, model in [("200m", "SOMean"), ("200c", "SOCritical")]:
        for z in (0.0, 1.0):
            mf = hmf.MassFunction(
                z=z, Mmin=6.0, Mmax=15.75, dlog10m=0.5, hmf_model="Tinker08", mdef_model=model,
                mdef_params={"overdensity": 200}, transfer_model="EH_BAO", sigma_8=S8, n=NS, cosmo_model=cosmo,
            )
            OUT[f"hmf_tinker08_{mdef}_z{z:g}"] = np.interp(LOG_M, np.log10(mf.m), np.asarray(mf.dndlnm)).tolist()
            OUT[f"hmf_sigma_{mdef}_z{z:g}"] = np.interp(LOG_M, np.log10(mf.m), np.asarray(mf.sigma)).tolist()
except Exception as error:  # noqa: BLE001
    OUT["hmf_error"] = repr(error)

try:
    import halox
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax_cosmo as jc

    cosmo = jc.Cosmology(Omega_c=OM0 - OB0, Omega_b=OB0, h=H, n_s=NS, sigma8=S8, Omega_k=0.0, w0=-1.0, wa=0.0)
    OUT["halox_version"] = getattr(halox, "__version__", "?")
    M = 10.0**LOG_M
    for z in (0.0, 1.0):
        OUT[f"halox_tinker08_200c_z{z:g}"] = np.asarray(halox.hmf.tinker08_mass_function(M, z, cosmo, delta_c=200.0)).tolist()
        OUT[f"halox_tinker10_200c_z{z:g}"] = np.asarray(halox.bias.tinker10_bias(M, z, cosmo, delta_c=200.0)).tolist()
        OUT[f"halox_sigma_z{z:g}"] = np.asarray(halox.lss.sigma_M(M, z, cosmo)).tolist()
except Exception as error:  # noqa: BLE001
    OUT["halox_error"] = repr(error)

json.dump(OUT, sys.stdout)
