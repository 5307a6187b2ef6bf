"""The abundance layer against pyHalo's CDM and WDM presets, from pyHalo's recorded Monte Carlo.

docs/research/realisations/pyhalo_counts.json holds what pyHalo 1.5.2 itself produced (its
script runs in pyHalo's own environment, so pyHalo is not needed here): the mean counts of
line-of-sight haloes per lens plane and per mass bin and of subhaloes per mass bin over its
realisations (z_lens 0.5, z_source 2, 6 arcsec double cone, 1e6-1e10 Msun; WDM with m_hm =
10^7.5 Msun), their standard errors, pyHalo's own expected counts, and the geometry it used
(each plane's comoving volume, the two-halo boost on the lens plane, the cone's area at the
lens), which enters here as input: the test is of the abundances, not of the geometry
(docs/research/realisations_pyhalo.md recomputes the volumes).

pyHalo fits a straight line to log10 dn/dM of colossus' Sheth-Tormen at 10 masses on each plane
and draws from that power law (times the turnover for WDM).  So:

* the package's Sheth-Tormen put through the same fit agrees with pyHalo's expected counts to
  SYSTEMATIC (colossus' interpolated sigma against the package's: <= 2.5e-3 in dn/d ln M at
  a point, 3e-4 after the fit) and with the Monte Carlo within 5 standard errors plus it;
* the package's exact integrals differ from the Monte Carlo by pyHalo's power law (up to about
  1% per decade of mass), measured here as exact minus fitted, plus the same 5 sigma and
  SYSTEMATIC;
* subhaloes: ``subhalo_number`` over the cone's area within 5 sigma.
"""

import json
from pathlib import Path

import numpy as np
import pytest

import autogalaxy_jaxnfw as agj

DATA = json.loads((Path(__file__).parents[2] / "docs/research/realisations/pyhalo_counts.json").read_text())
EDGES = 10.0 ** np.array(DATA["setup"]["bin_edges_log10_msun"])
Z_LENS = DATA["setup"]["z_lens"]
M_HM = 10.0 ** DATA["setup"]["log_m_hm_wdm"]
COSMOLOGY = agj.Cosmology(h=0.675, Om0=0.049 + 0.26, Ob0=0.049, sigma8=0.81, ns=0.965, name="pyhalo")
# pyHalo's (1 + 1.95 (m_hm / m)^0.8)^-1 as L20's form (alpha m_hm / m)^beta, for field haloes and subhaloes.
TURNOVER = agj.Turnover(1.95 ** (1 / 0.8), 0.8, -1.0)
SYSTEMATIC = 1e-3
N_SIGMA = 5.0
NODES, WEIGHTS = np.polynomial.legendre.leggauss(32)


def _per_bin(function):
    """int over each mass bin of function(m) dm [Msun], Gauss-Legendre in ln m; function maps (..., bins, nodes)."""
    ln_lo, ln_hi = np.log(EDGES[:-1])[:, None], np.log(EDGES[1:])[:, None]
    m = np.exp(0.5 * (ln_lo + ln_hi) + 0.5 * (ln_hi - ln_lo) * NODES)
    return np.sum(function(m) * m * 0.5 * (ln_hi - ln_lo) * WEIGHTS, axis=-1)


def _turnover(m, warm):
    return np.asarray(agj.turnover_factor(m, M_HM, TURNOVER)) if warm else 1.0


def _expected(name):
    """The package's expected counts on pyHalo's planes: exact and through pyHalo's fit (planes, bins)."""
    run, warm, h = DATA[name], name == "WDM", COSMOLOGY.h
    planes = run["expected"]["planes"]
    z = np.array([p["z"] for p in planes])
    volume = np.array([p["volume_mpc3"] for p in planes])
    lens = int(np.argmin(np.abs(z - Z_LENS)))
    # the two-halo term: the lens plane's slab again, times pyHalo's boost
    volume[lens] *= 1.0 + run["expected"]["two_halo"]["boost"]
    if warm:
        warm_cosmology = COSMOLOGY.replace(m_wdm=_m_wdm_of_half_mode_mass(M_HM))
        dn_dm = lambda m: np.asarray(agj.mass_function(m * h, z[:, None, None], "fof", "sheth99", "dndlnM", warm_cosmology, warm=TURNOVER)) * h**3 / m  # noqa: E731
        exact = _per_bin(dn_dm)
    else:
        exact = np.asarray(agj.number_density(EDGES[:-1] * h, EDGES[1:] * h, z[:, None], "fof", "sheth99", COSMOLOGY)) * h**3
    m_fit = np.logspace(np.log10(EDGES[0]), np.log10(EDGES[-1]), 10)
    dn_fit = np.asarray(agj.mass_function(m_fit * h, z[:, None], "fof", "sheth99", "dndlnM", COSMOLOGY)) * h**3 / m_fit
    index, intercept = np.polyfit(np.log10(m_fit / 1e8), np.log10(dn_fit).T, 1)
    fitted = _per_bin(lambda m: 10.0 ** intercept[:, None, None] * (m / 1e8) ** index[:, None, None] * _turnover(m, warm))
    return exact * volume[:, None], fitted * volume[:, None]


def _m_wdm_of_half_mode_mass(m_hm):
    """m_wdm [keV] with half-mode mass m_hm [Msun]: M_hm is a power of m_wdm (Viel et al. 2005 eq. 7)."""
    from autogalaxy_jaxnfw.cosmology.warm_dark_matter import half_mode_mass

    at = [float(half_mode_mass(COSMOLOGY.replace(m_wdm=m), xp=np)) / COSMOLOGY.h for m in (1.0, 2.0)]
    return (m_hm / at[0]) ** (np.log(2.0) / np.log(at[1] / at[0]))


@pytest.fixture(scope="module", params=["CDM", "WDM"])
def preset(request):
    name = request.param
    run = DATA[name]
    exact, fitted = _expected(name)
    error = np.array(run["los_error"])
    # a cell no realisation filled has no sample variance: its Poisson error at the expected count instead
    error = np.where(error > 0, error, np.sqrt(fitted / run["n_realisations"]))
    return dict(name=name, run=run, exact=exact, fitted=fitted, mean=np.array(run["los_mean"]), error=error)


def _assert_within(ours, mean, error, allowance, what):
    excess = np.abs(ours - mean) - (N_SIGMA * error + allowance)
    assert np.all(excess <= 0), f"{what}: ours {ours}, pyHalo {mean} +- {error}, allowance {allowance}"


def test__los_expected__fitted_line_matches_pyhalos_own_expected_counts(preset):
    planes = preset["run"]["expected"]["planes"]
    theirs = np.array([p["expected_per_bin"] for p in planes])
    lens = int(np.argmin(np.abs(np.array([p["z"] for p in planes]) - Z_LENS)))
    theirs[lens] += preset["run"]["expected"]["two_halo"]["expected_per_bin"]
    np.testing.assert_allclose(preset["fitted"], theirs, rtol=SYSTEMATIC)


def test__los_fitted_line__matches_monte_carlo_per_plane_and_per_mass_bin(preset):
    fitted, mean, error = preset["fitted"], preset["mean"], preset["error"]
    per_plane = np.sqrt(np.sum(error**2, axis=1))
    per_bin = np.sqrt(np.sum(error**2, axis=0))
    _assert_within(fitted.sum(1), mean.sum(1), per_plane, SYSTEMATIC * fitted.sum(1), f"{preset['name']} per plane")
    _assert_within(fitted.sum(0), mean.sum(0), per_bin, SYSTEMATIC * fitted.sum(0), f"{preset['name']} per mass bin")


def test__los_exact__differs_from_monte_carlo_by_pyhalos_power_law_only(preset):
    exact, fitted, mean, error = preset["exact"], preset["fitted"], preset["mean"], preset["error"]
    per_bin = np.sqrt(np.sum(error**2, axis=0))
    power_law = np.abs(exact.sum(0) - fitted.sum(0))
    _assert_within(exact.sum(0), mean.sum(0), per_bin, power_law + SYSTEMATIC * exact.sum(0), f"{preset['name']} exact per bin")
    # the power law's error is what separates them: a few percent at most, not a model difference
    assert np.all(power_law < 0.03 * exact.sum(0))


def test__subhalos__match_monte_carlo_per_mass_bin(preset):
    warm = preset["name"] == "WDM"
    subhalos = preset["run"]["expected"]["subhalos"]
    kwargs = subhalos["kwargs"]
    per_kpc2 = agj.subhalo_number(EDGES[:-1], EDGES[1:], kwargs["sigma_sub"], kwargs["host_m200"], Z_LENS,
                                  slope=kwargs["power_law_index"], m_hm=M_HM if warm else 0.0,
                                  turnover_parameters=TURNOVER if warm else None, scaling="pyhalo")
    ours = np.asarray(per_kpc2) * subhalos["area_kpc2"]
    np.testing.assert_allclose(ours, subhalos["expected_per_bin"], rtol=1e-6)
    _assert_within(ours, np.array(preset["run"]["sub_mean"]), np.array(preset["run"]["sub_error"]), 0.0, f"{preset['name']} subhaloes")
