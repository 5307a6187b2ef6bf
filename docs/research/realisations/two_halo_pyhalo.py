"""pyHalo's two-halo factor B for its CDM preset's host against ``agj.two_halo_boost`` on the same cosmology.

Two steps, two environments:

    /work/venvs/pyhalo/bin/python docs/research/realisations/two_halo_pyhalo.py pyhalo   # pyHalo 1.5.2, lenstronomy 1.14.2
    PYTHONPATH=. .venv/bin/python docs/research/realisations/two_halo_pyhalo.py package

The first writes ``two_halo_pyhalo.json`` next to this script: pyHalo's B
(``two_halo_enhancement_factor`` with its default ``Cosmology()``, host 10^13.3 Msun at z 0.5, the
preset's r_200 from Diemer & Joyce c), its slab depth and the parameters of its colossus and astropy
cosmologies.  The second evaluates the package's B on those parameters, with autogalaxy's
``FlatLambdaCDM`` of pyHalo's astropy parameters for the slab's depth, and prints both.
"""

import json
import sys
import warnings
from pathlib import Path

OUT = Path(__file__).resolve().parent / "two_halo_pyhalo.json"
HOST, Z_LENS, Z_SOURCE, WINDOW = 10**13.3, 0.5, 2.0, 0.02


def pyhalo():
    from pyHalo.Cosmology.cosmology import Cosmology
    from pyHalo.Halos.lens_cosmo import LensCosmo
    from pyHalo.Rendering.two_halo import two_halo_enhancement_factor
    from pyHalo.concentration_models import ConcentrationDiemerJoyce

    cosmo = Cosmology()
    lens_cosmo = LensCosmo(Z_LENS, Z_SOURCE, cosmo)
    c = ConcentrationDiemerJoyce(lens_cosmo.cosmo.astropy, scatter=False).nfw_concentration(HOST, Z_LENS)
    r200_kpc = lens_cosmo.NFW_params_physical(HOST, c, Z_LENS)[2]
    boost = two_halo_enhancement_factor(Z_LENS, WINDOW, lens_cosmo, HOST, r200_kpc * 1e-3, True)
    astropy, colossus = cosmo.astropy, cosmo._colossus_cosmo
    OUT.write_text(json.dumps(dict(
        B=float(boost), r_max=float(cosmo.D_C_transverse(Z_LENS + WINDOW) - cosmo.D_C_transverse(Z_LENS)),
        astropy=dict(H0=float(astropy.H0.value), Om0=float(astropy.Om0), Ob0=float(astropy.Ob0),
                     Tcmb0=float(astropy.Tcmb0.value), Neff=float(astropy.Neff)),
        colossus=dict(h=colossus.h, Om0=colossus.Om0, Ob0=colossus.Ob0, sigma8=colossus.sigma8, ns=colossus.ns,
                      Tcmb0=colossus.Tcmb0, Neff=colossus.Neff, relspecies=colossus.relspecies),
    ), indent=1) + "\n")
    print(OUT.read_text())


def package():
    import jax

    jax.config.update("jax_enable_x64", True)
    from autogalaxy.cosmology import FlatLambdaCDM
    from autolens.lens.los import comoving_distance_mpc_from

    import autogalaxy_jaxnfw as agj

    reference = json.loads(OUT.read_text())
    cosmology = agj.Cosmology(**reference["colossus"], name="pyhalo")
    lensing = FlatLambdaCDM(**reference["astropy"])
    r_max = comoving_distance_mpc_from(Z_LENS + WINDOW, lensing) - comoving_distance_mpc_from(Z_LENS, lensing)
    boost = agj.two_halo_boost(HOST, Z_LENS, cosmology=cosmology, lensing_cosmology=lensing, window=WINDOW)
    print(f"r_max: package {r_max:.10f} Mpc, pyHalo {reference['r_max']:.10f} Mpc")
    print(f"B: package {boost:.10f}, pyHalo {reference['B']:.10f}, relative difference {boost / reference['B'] - 1:.2e}")


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    {"pyhalo": pyhalo, "package": package}[sys.argv[1]]()
