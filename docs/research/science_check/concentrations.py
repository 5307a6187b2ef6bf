"""(M200c, c200c) of a case's halo from the high-precision reference, colossus and the plugin's functions.

Every construction ends in the NFW halo's M200c [Msun] and unscattered c200c, from which the
lensing parameters follow (``references.py``).  A halo whose mass is in another definition is
carried to 200c by each construction's own NFW conversion; colossus' planck15 and the
reference's REF_PLANCK15 are the same cosmology (the check's h converts Msun to Msun/h).
"""

import dataclasses
import math
import tempfile
from pathlib import Path

import numpy as np

TABLE_K = np.logspace(-6, 5, 4401)  # h/Mpc: the warm spectrum's table for colossus


def colossus_planck15():
    """colossus' planck15, set again on every call (colossus keeps the current cosmology globally)."""
    from colossus.cosmology import cosmology as col_cosmology

    return col_cosmology.setCosmology("planck15")


def colossus_h() -> float:
    """h of colossus' planck15 (the Msun -> Msun/h conversion upstream and the plugin use)."""
    return float(colossus_planck15().h)


def _check(value, who, case):
    if not np.isfinite(value):
        raise ValueError(f"{who}: no concentration for {case.name}")
    return float(value)


def highprec(case, h):
    """(M200c [Msun], c200c) from the table-free reference (Brent roots, adaptive quadrature)."""
    from autogalaxy_jaxnfw import reference
    from autogalaxy_jaxnfw.reference import diemer19, mass_definitions, nested

    cosmo = dataclasses.replace(reference.REF_PLANCK15, m_wdm=case.m_wdm)
    z, mass_h = case.redshift_object, case.mass_at_200 * h

    def ludlow16(m):
        return _check(reference.concentration_ludlow16(cosmo, m, z)[0], "reference", case)

    if case.relation == "diemer19":
        return case.mass_at_200, _check(diemer19.concentration_diemer19(cosmo, mass_h, z), "reference", case)
    if case.relation == "ishiyama21":
        c_native = _check(diemer19.concentration_ishiyama21(cosmo, mass_h, z, case.mdef), "reference", case)
        m200, _, c200 = mass_definitions.change_mass_definition(cosmo, mass_h, c_native, z, case.mdef, "200c")
        return m200 / h, c200
    if case.mdef != "200c":
        _, m200 = nested.concentration_in_definition(cosmo, mass_h, z, case.mdef, "200c", ludlow16)
        return m200 / h, ludlow16(m200)
    return case.mass_at_200, ludlow16(mass_h)


def colossus(case, h):
    """(M200c [Msun], c200c) from colossus (its c tables, nested solve and ``changeMassDefinition``)."""
    from colossus.halo import concentration as col_conc
    from colossus.halo import mass_defs

    colossus_planck15()
    z, mass_h = case.redshift_object, case.mass_at_200 * h
    c, valid = col_conc.concentration(mass_h, case.mdef, z, model=case.relation, range_return=True)
    if not valid:
        raise ValueError(f"colossus: no {case.relation} concentration for {case.name}")
    if math.isfinite(case.m_wdm):
        c *= colossus_warm_suppression(case.m_wdm, mass_h, z)
    if case.mdef == "200c":
        return case.mass_at_200, float(c)
    m200, _, c200 = mass_defs.changeMassDefinition(mass_h, c, z, case.mdef, "200c")
    return float(m200) / h, float(c200)


def plugin(case, h):
    """(M200c [Msun], c200c) from ``agj.concentration`` and ``agj.change_mass_definition``.

    For the relations no profile class takes yet (the plugin's classes are Ludlow16's).
    """
    import autogalaxy_jaxnfw as agj

    z, mass_h = case.redshift_object, case.mass_at_200 * h
    options = dict(c_type="fit", halo_sample="all") if case.relation == "ishiyama21" else {}
    c = _check(np.asarray(agj.concentration(mass_h, case.mdef, z, model=case.relation, **options)), "plugin", case)
    if case.mdef == "200c":
        return case.mass_at_200, c
    converted = agj.change_mass_definition(mass_h, c, z, case.mdef, "200c")
    return float(converted.M) / h, float(converted.c)


def _colossus_table_ludlow16(m_wdm, mass_h, z):
    """colossus' Ludlow16 c200c with the reference's spectrum at ``m_wdm`` given as a table.

    The table is T_EH98^2 T_wdm^2 k^ns; colossus normalises it to its sigma8, so sigma8 is set to
    the warm spectrum's own (the cold one's amplitude), sigma integrated without interpolation.
    """
    from colossus.cosmology import cosmology as col_cosmology
    from colossus.halo import concentration as col_conc

    from autogalaxy_jaxnfw import reference

    cosmo = dataclasses.replace(reference.REF_PLANCK15, m_wdm=m_wdm)
    power = TABLE_K**cosmo.ns * (reference.transfer_eh98(cosmo, TABLE_K) * reference.transfer_wdm(cosmo, TABLE_K)) ** 2
    name = f"pk_{m_wdm:g}"
    params = dict(col_cosmology.cosmologies["planck15"], sigma8=float(reference.sigma(cosmo, 8.0)))
    with tempfile.TemporaryDirectory(prefix="science_check_") as directory:
        path = Path(directory) / f"{name}.txt"
        np.savetxt(path, np.array([np.log10(TABLE_K), np.log10(power)]).T)
        col_cosmology.setCosmology(f"science_check_{name}", params=params, persistence="r", interpolation=False)
        try:
            return float(col_conc.modelLudlow16(mass_h, z, ps_args=dict(model=name, path=str(path)))[0])
        finally:
            colossus_planck15()


def colossus_warm_suppression(m_wdm, mass_h, z):
    """c_warm / c_cold of colossus' table route: the route's own table error enters both terms.

    Measured at 3 keV, 1e9 Msun, z = 0.5: 4e-5 (warm) and 2.6e-4 (cold) from the reference, 2.2e-4
    in the ratio (``docs/research/science_check.md``).
    """
    return _colossus_table_ludlow16(m_wdm, mass_h, z) / _colossus_table_ludlow16(math.inf, mass_h, z)
