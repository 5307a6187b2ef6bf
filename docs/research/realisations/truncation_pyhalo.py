"""pyHalo's analytic truncation radii against the package's (populations/truncation.py), halo by halo.

Two steps, two environments:

    /work/venvs/pyhalo/bin/python docs/research/realisations/truncation_pyhalo.py pyhalo   # pyHalo 1.5.2
    PYTHONPATH=. .venv/bin/python docs/research/realisations/truncation_pyhalo.py package

The first writes ``truncation_pyhalo_input.json``: pyHalo's cosmology, r_t of its classes
(``TruncationRN`` at N = 50, 100, 200; ``TruncationRoche`` with Gilman et al. 2020's parameters;
``Multiple_RS`` at tau = 5) on a grid of masses, redshifts, concentrations and r3d; the haloes of
one CDM preset realisation (10^7-10^10 Msun) with ``TRUNCATION_R50`` for the line of sight and
``TRUNCATION_ROCHE_GILMAN2020`` with ``PROJECTED_NFW`` for the subhaloes (mass, z, c, r3d, r_t of
each halo); and the percentiles of 20,000 r3d drawn by ``ProjectedNFW`` (host 10^13.3 Msun, c_host
6, core 0.25 r_s, 3 arcsec) with their Kolmogorov-Smirnov distance from the exact cumulative (scipy's
quad of the cored NFW's r^2 rho).  The second evaluates the package's r_t for the same haloes (the same M, z and c: the
concentration enters through the scatter that puts the package's relation on pyHalo's c; pyHalo's
cosmology as a ``HaloCosmology``), draws 20,000 r3d with :func:`~autogalaxy_jaxnfw.populations.host_radii.host_radii` (the same
percentiles and distance),
prints the relative differences and writes them to ``truncation_pyhalo.json``.

As in ``pyhalo_counts.py``, empty stand-ins for three lenstronomy profiles that pyHalo 1.5.2 imports
and lenstronomy 1.14.2 lacks (globular clusters, core-collapsed SIDM haloes; never rendered here)
are registered before pyHalo is imported, and one for ``mcfit`` when it is not installed (pyHalo
imports its Hankel transform for correlation multipoles only).
"""

import json
import sys
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
INPUT, OUT = HERE / "truncation_pyhalo_input.json", HERE / "truncation_pyhalo.json"
Z_LENS, Z_SOURCE, LOG_M_HOST, C_HOST, CORE, CONE_RADIUS, TAU = 0.5, 2.0, 13.3, 6.0, 0.25, 3.0, 5.0
MASSES = np.geomspace(1e6, 1e10, 9)
REDSHIFTS = np.array([0.1, 0.5, 1.2, 1.9])
R3D = np.array([5.0, 20.0, 50.0, 150.0, 400.0])  # kpc
N_R3D = 20000
PERCENTILES = [1, 5, 25, 50, 75, 95, 99]
LOG_M_LOW = 7.0  # the preset's 10^6 gives 5721 haloes; 10^7 keeps the json small


def pyhalo():
    import types

    for name, cls in [("king", "King"), ("core_collapsed_halo", "CoreCollapsedHalo"),
                      ("core_collapsed_halo_bh", "CoreCollapsedHaloBH")]:
        module = types.ModuleType("lenstronomy.LensModel.Profiles." + name)
        setattr(module, cls, type(cls, (), {}))
        sys.modules[module.__name__] = module
    try:
        import mcfit  # noqa: F401
    except ImportError:
        sys.modules["mcfit"] = types.ModuleType("mcfit")
        sys.modules["mcfit"].Hankel = type("Hankel", (), {})
    from pyHalo.Cosmology.cosmology import Cosmology
    from pyHalo.Halos.lens_cosmo import LensCosmo
    from pyHalo.Halos.tidal_truncation import Multiple_RS, TruncationRN, TruncationRoche
    from pyHalo.preset_models import preset_model_from_name
    from pyHalo.Rendering.SpatialDistributions.nfw import ProjectedNFW
    from pyHalo.truncation_models import truncation_models

    np.random.seed(24)
    cosmo = Cosmology()
    lens_cosmo = LensCosmo(Z_LENS, Z_SOURCE, cosmo)
    m, z = np.meshgrid(MASSES, REDSHIFTS, indexing="ij")
    m, z = m.ravel(), z.ravel()
    c = 4.0 + 10.0 * np.random.rand(m.size)
    rn = {n: [TruncationRN(lens_cosmo, n).truncation_radius(mi, zi) for mi, zi in zip(m, z)] for n in (50, 100, 200)}
    roche_class, roche_kwargs = truncation_models("TRUNCATION_ROCHE_GILMAN2020")
    roche = roche_class(**roche_kwargs)
    mr, r3d = (a.ravel() for a in np.meshgrid(MASSES, R3D, indexing="ij"))
    rs = np.array([lens_cosmo.NFW_params_physical(mi, ci, zi)[1] for mi, ci, zi in zip(m, c, z)])
    grid = dict(mass=m.tolist(), z=z.tolist(), c=c.tolist(), rn={str(n): v for n, v in rn.items()},
                roche_mass=mr.tolist(), roche_r3d=r3d.tolist(),
                roche=[float(roche.truncation_radius(mi, ri)) for mi, ri in zip(mr, r3d)],
                rs=rs.tolist(), multiple_rs=[float(Multiple_RS(lens_cosmo, TAU).truncation_radius(r)) for r in rs],
                roche_default=float(TruncationRoche().truncation_radius(1e8, 30.0)))

    realization = preset_model_from_name("CDM")(
        Z_LENS, Z_SOURCE, sigma_sub=0.025, log_mlow=LOG_M_LOW, log_mhigh=10.0, log_m_host=LOG_M_HOST,
        cone_opening_angle_arcsec=2 * CONE_RADIUS, truncation_model_subhalos="TRUNCATION_ROCHE_GILMAN2020",
        truncation_model_fieldhalos="TRUNCATION_R50", subhalo_spatial_distribution="PROJECTED_NFW", c_host=C_HOST,
        r_tidal=CORE)
    halos = realization.halos
    haloes = dict(mass=[h.mass for h in halos], z=[h.z for h in halos], c=[h.c for h in halos],
                  subhalo=[bool(h.is_subhalo) for h in halos], r3d=[h.r3d if h.is_subhalo else 0.0 for h in halos],
                  r_t=[h.profile_args[1] for h in halos])
    haloes = {k: [v if isinstance(v, bool) else float(f"{v:.12g}") for v in vs] for k, vs in haloes.items()}

    spatial = ProjectedNFW.from_Mhost(10**LOG_M_HOST, Z_LENS, CONE_RADIUS, CORE, lens_cosmo, c_host=C_HOST)
    r3d_draws = np.asarray(spatial.draw(N_R3D)[2], float)
    kpc_per_arcsec = float(cosmo.kpc_proper_per_asec(Z_LENS))
    host_r200 = float(lens_cosmo.nfwParam_physical(10**LOG_M_HOST, C_HOST, Z_LENS)[2] * 1e3)
    exact = _exact_cdf(1e-3 * CONE_RADIUS * kpc_per_arcsec, host_r200)
    astropy, colossus = cosmo.astropy, cosmo._colossus_cosmo
    INPUT.write_text(json.dumps(dict(
        grid=grid, haloes=haloes, r3d_percentiles=np.percentile(r3d_draws, PERCENTILES).tolist(),
        r3d_ks_vs_exact=_ks(r3d_draws, exact), kpc_per_arcsec_lens=kpc_per_arcsec, host_r200=host_r200,
        astropy=dict(H0=float(astropy.H0.value), Om0=float(astropy.Om0), Ob0=float(astropy.Ob0),
                     Tcmb0=float(astropy.Tcmb0.value), Neff=float(astropy.Neff)),
        colossus=dict(h=colossus.h, Om0=colossus.Om0, Ob0=colossus.Ob0, sigma8=colossus.sigma8, ns=colossus.ns,
                      Tcmb0=colossus.Tcmb0, Neff=colossus.Neff, relspecies=colossus.relspecies),
    )) + "\n")
    print(f"{len(halos)} haloes ({sum(haloes['subhalo'])} subhaloes) -> {INPUT.name}")


def _exact_cdf(r_min, r_200):
    """The cumulative mass fraction of the cored NFW host between r_min and r_200 [kpc], by scipy's quad."""
    from scipy import integrate

    r_s = r_200 / C_HOST
    edges = np.geomspace(r_min, r_200, 2001)
    density = lambda r: r**2 / ((r + CORE * r_s) * (r + r_s) ** 2)  # noqa: E731
    cumulative = np.concatenate([[0.0], np.cumsum([integrate.quad(density, a, b, epsrel=1e-12)[0]
                                                   for a, b in zip(edges[:-1], edges[1:])])])
    fraction = cumulative / cumulative[-1]
    cdf = lambda r: np.interp(np.log(r), np.log(edges), fraction)  # noqa: E731
    cdf.percentile = lambda q: np.exp(np.interp(np.asarray(q) / 100.0, fraction, np.log(edges)))
    return cdf


def _ks(draws, cdf):
    from scipy import stats

    test = stats.kstest(draws, cdf)
    return dict(D=float(test.statistic), p=float(test.pvalue), n=int(np.size(draws)))


def _params(agj, mass, c, z, cosmology):
    from autogalaxy_jaxnfw.profiles.nfw_parameters import nfw_parameters_from

    """The package's parameters of haloes (M200c, c200c, z): the scatter that puts the relation's c on c."""
    mass, c, z = (np.asarray(a, float) for a in (mass, c, z))
    mean = nfw_parameters_from(mass, 0.0, z, Z_SOURCE, cosmology).concentration
    scatter = np.log10(c / mean) / 0.15
    params = nfw_parameters_from(mass, scatter, z, Z_SOURCE, cosmology)
    assert np.allclose(params.concentration, c, rtol=1e-12)
    return params


def _stats(ours, theirs):
    relative = np.asarray(ours) / np.asarray(theirs) - 1.0
    return dict(n=int(relative.size), max_abs=float(np.max(np.abs(relative))), median=float(np.median(relative)))


def package():
    import jax

    jax.config.update("jax_enable_x64", True)
    from types import SimpleNamespace

    from autogalaxy.cosmology import FlatLambdaCDM
    import autogalaxy_jaxnfw as agj
    from autogalaxy_jaxnfw.populations.host_radii import host_r200_kpc, host_radii
    from autogalaxy_jaxnfw.populations.truncation import resolve_truncation, truncation_radius

    data = json.loads(INPUT.read_text())
    cosmology = agj.HaloCosmology(agj.Cosmology(**data["colossus"], name="pyhalo"), FlatLambdaCDM(**data["astropy"]))
    kpc = lambda model, params, *args: np.asarray(  # noqa: E731
        truncation_radius(resolve_truncation(model, True), params, *args)) * params.kpc_per_arcsec
    result = {}

    grid = data["grid"]
    params = _params(agj, grid["mass"], grid["c"], grid["z"], cosmology)
    for n, theirs in grid["rn"].items():
        result[f"TRUNCATION_RN N={n}, grid"] = _stats(kpc(agj.Truncation("TRUNCATION_RN", overdensity=float(n)), params, None), theirs)
    result[f"MULTIPLE_RS tau={TAU}, grid"] = _stats(kpc(agj.Truncation("MULTIPLE_RS", tau=TAU), params, None),
                                                  grid["multiple_rs"])
    roche_mass, roche_r3d = np.asarray(grid["roche_mass"]), np.asarray(grid["roche_r3d"])
    roche_params = _params(agj, roche_mass, np.full(roche_mass.size, 10.0), np.full(roche_mass.size, Z_LENS), cosmology)
    ours = kpc("TRUNCATION_ROCHE_GILMAN2020", roche_params, roche_mass, roche_r3d)
    result["TRUNCATION_ROCHE_GILMAN2020, grid (pyHalo rounds to 1e-3 kpc)"] = dict(
        **_stats(ours, grid["roche"]), max_abs_kpc=float(np.max(np.abs(ours - grid["roche"]))),
        rounded_equal=bool(np.all(np.round(ours, 3) == np.asarray(grid["roche"]))))

    haloes = {k: np.asarray(v) for k, v in data["haloes"].items()}
    for subhalo, model in ((False, "TRUNCATION_R50"), (True, "TRUNCATION_ROCHE_GILMAN2020")):
        chosen = haloes["subhalo"] == subhalo
        mass = haloes["mass"][chosen]
        # pyHalo evaluates a subhalo's c at its infall redshift (which may lie behind the source); the
        # Roche form uses neither c nor z, so its haloes are set up at the lens with c = 10.
        z = haloes["z"][chosen] if not subhalo else np.full(mass.size, Z_LENS)
        c = haloes["c"][chosen] if not subhalo else np.full(mass.size, 10.0)
        params = _params(agj, mass, c, z, cosmology)
        ours, theirs = kpc(model, params, mass, haloes["r3d"][chosen]), haloes["r_t"][chosen]
        entry = _stats(ours, theirs)
        if subhalo:
            entry.update(max_abs_kpc=float(np.max(np.abs(ours - theirs))),
                         rounded_equal_fraction=float(np.mean(np.round(ours, 3) == theirs)))
        result[f"{model}, CDM preset realisation's {'subhaloes' if subhalo else 'line-of-sight haloes'}"] = entry

    config = agj.RealisationConfig(z_lens=Z_LENS, z_source=Z_SOURCE, cone_radius=CONE_RADIUS, halo_cosmology=cosmology)
    layout = SimpleNamespace(config=config, kpc_per_arcsec_lens=data["kpc_per_arcsec_lens"])
    truncation = agj.Truncation("TRUNCATION_ROCHE", host_concentration=C_HOST, host_core=CORE)
    ours_r3d, ok = host_radii(jax.random.key(24), (N_R3D,), 10**LOG_M_HOST, truncation, layout)
    ours_r3d = np.asarray(ours_r3d)
    r200 = float(host_r200_kpc(10**LOG_M_HOST, layout))
    exact = _exact_cdf(1e-3 * CONE_RADIUS * data["kpc_per_arcsec_lens"], r200)
    ours_percentiles = np.percentile(ours_r3d, PERCENTILES)
    result["r3d draws (host 10^13.3, c 6, core 0.25 r_s; 20,000 each)"] = dict(
        all_valid=bool(np.all(np.asarray(ok))), host_r200_kpc=dict(package=r200, pyhalo=data["host_r200"],
                                                                    relative=r200 / data["host_r200"] - 1.0),
        percentiles=PERCENTILES, exact=exact.percentile(PERCENTILES).tolist(), package=ours_percentiles.tolist(),
        pyhalo=data["r3d_percentiles"],
        package_over_exact=(ours_percentiles / exact.percentile(PERCENTILES) - 1.0).tolist(),
        pyhalo_over_exact=(np.asarray(data["r3d_percentiles"]) / exact.percentile(PERCENTILES) - 1.0).tolist(),
        ks_package_vs_exact=_ks(ours_r3d, exact), ks_pyhalo_vs_exact=data["r3d_ks_vs_exact"])
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    {"pyhalo": pyhalo, "package": package}[sys.argv[1]]()
