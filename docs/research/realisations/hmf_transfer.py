"""Where hmf's default SMT dn/dm departs from its Eisenstein & Hu (1998) one, at z = 0.5 (run in the hmf venv).

    /work/venvs/hmf/bin/python docs/research/realisations/hmf_transfer.py

hmf 3.7.2's default transfer function is CAMB, for the cold-dark-matter-plus-baryon field ("cb") of the
astropy cosmology (Planck15: one 0.06 eV neutrino) normalised by the total matter's sigma_8.  Each row
changes one thing against hmf's EH98 (which the package's line reproduces to <= 8e-4): CAMB with
neutrinos massless (the transfer function alone), CAMB on the total matter, CAMB on "cb" (the default).
Masses 10^5.9-10^10 Msun, autolens' grid.
"""

import warnings

import numpy as np


def main():
    import hmf
    from astropy.cosmology import Planck15
    from hmf.mass_function import fitting_functions

    warnings.simplefilter("ignore")
    h = Planck15.h
    massless = Planck15.clone(m_nu=0.0, name="Planck15, massless neutrinos")

    def smt(cosmology, **options):
        mf = hmf.MassFunction(Mmin=5.9 + np.log10(h), Mmax=10.1 + np.log10(h), z=0.5, dlog10m=0.1,
                              hmf_model=fitting_functions.SMT, cosmo_model=cosmology, **options)
        return mf.dndm * h**4, mf.sigma

    dn_eh, sigma_eh = smt(Planck15, transfer_model="EH")
    rows = (("EH98, neutrinos massless", massless, dict(transfer_model="EH")),
            ("CAMB, neutrinos massless", massless, {}),
            ("CAMB, total matter", Planck15, dict(transfer_params=dict(matter_species="tot"))),
            ("CAMB, cb (hmf's default)", Planck15, {}))
    for label, cosmology, options in rows:
        dn, sigma = smt(cosmology, **options)
        print(f"| {label} | {np.min(sigma / sigma_eh):.5f}-{np.max(sigma / sigma_eh):.5f} "
              f"| {np.min(dn / dn_eh):.5f}-{np.max(dn / dn_eh):.5f} |")


if __name__ == "__main__":
    main()
