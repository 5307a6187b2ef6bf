"""docs/examples/dark_matter_constraint.py --quick: its counts, gradient and posterior against independent references.

The example runs once (a fresh interpreter, as in test_examples.py); the references are written
here from the published formulas: the subhalo mass function of pyHalo's convention (Gilman et al.
2020 sec. 3.1) with Lovell (2020) turnovers, the half-mode mass of Viel et al. (2005) eq. 7 and
Schneider et al. (2012) eq. 9, and colossus' Tinker et al. (2008) mass function and distances for
the line of sight, integrated by scipy.
"""

import numpy as np
import pytest
from scipy import integrate

from test_autogalaxy_jaxnfw.face.test_examples import run_example

pytestmark = pytest.mark.slow

NAME = "dark_matter_constraint"
C_KM_S = 299792.458
RHO_CRIT_0 = 2.77536627e11  # Msun h^2 / Mpc^3
#: What the example's summary says its model is, as these references write it.
SUBHALO_TURNOVER, FIELD_TURNOVER = (4.2, 2.5, -0.2), (2.3, 0.8, -1.0)  # Lovell 2020 (alpha, beta, gamma)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("constraint")
    return run_example(NAME, out), out / NAME


@pytest.fixture(scope="module")
def colossus_planck15():
    from colossus.cosmology import cosmology

    return cosmology.setCosmology("planck15")


def half_mode_mass(m_wdm, h=0.6774, om0=0.3089, ob0=0.0486):
    """M_hm [Msun/h]: T(k_hm) = 1/2 of Viel et al. (2005) eq. 7 (nu = 1.12), S12 eq. 9."""
    if np.isinf(m_wdm):
        return 0.0
    nu = 1.12
    alpha = 0.049 * m_wdm**-1.11 * ((om0 - ob0) / 0.25) ** 0.11 * (h / 0.7) ** 1.22  # Mpc/h
    k_hm = (2.0 ** (nu / 5.0) - 1.0) ** (0.5 / nu) / alpha
    return 4.0 * np.pi / 3.0 * om0 * RHO_CRIT_0 * (np.pi / k_hm) ** 3


def turnover(m, m_hm, parameters):
    alpha, beta, gamma = parameters
    return (1.0 + (alpha * m_hm / m) ** beta) ** gamma


def cell_area_kpc2(summary, cosmo):
    """One cell's area at the lens [kpc^2] from colossus' angular-diameter distance."""
    z_lens = summary["settings"]["redshifts"][0]
    kpc_per_arcsec = cosmo.angularDiameterDistance(z_lens) / cosmo.h * 1e3 * np.pi / 648000.0
    return (summary["sensitivity"]["cell_width_arcsec"] * kpc_per_arcsec) ** 2


def subhalo_count(summary, cosmo, m_wdm, sigma_sub):
    """sum over cells of area x int_thr^M_max sigma_sub F (m/m0)^s / m0 T(m) dm, by quad in ln m."""
    model = summary["model"]
    z_lens = summary["settings"]["redshifts"][0]
    host = 10.0 ** (0.55 * np.log10(model["m_host"] / 1e13) + 0.37 * np.log10(z_lens + 0.5))
    m_hm = half_mode_mass(m_wdm) / cosmo.h  # Msun

    def per_ln_m(ln_m):
        m = np.exp(ln_m)
        return sigma_sub * host * (m / 1e8) ** model["slope"] * m / 1e8 * turnover(m, m_hm, SUBHALO_TURNOVER)

    total = sum(integrate.quad(per_ln_m, np.log(t), np.log(model["m_max"]), epsrel=1e-11)[0]
                for t in summary["thresholds_msun"] if t is not None and t < model["m_max"])
    return cell_area_kpc2(summary, cosmo) * total


@pytest.fixture(scope="module")
def line_of_sight_table(run, colossus_planck15):
    """Per cell and redshift node, Simpson's rule in ln M of colossus' dn/dlnM from the cell's threshold; volume weights."""
    from colossus.lss import mass_function

    summary, cosmo = run[0], colossus_planck15
    z_lens, z_source = summary["settings"]["redshifts"]
    m_max = summary["model"]["m_max"] * cosmo.h
    thresholds = np.array([t * cosmo.h for t in summary["thresholds_msun"] if t is not None and t < summary["model"]["m_max"]])
    ln_m = np.linspace(np.log(thresholds), np.log(m_max), 65, axis=-1)  # (cells, 65)
    z = np.concatenate([np.linspace(0.0, z_lens, 81), np.linspace(z_lens, z_source, 81)])
    chi = np.array([cosmo.comovingDistance(0.0, zi) for zi in z])  # Mpc/h
    chi_l, chi_s = cosmo.comovingDistance(0.0, z_lens), cosmo.comovingDistance(0.0, z_source)
    radius = np.where(z <= z_lens, chi, chi_l * (chi_s - chi) / (chi_s - chi_l))
    solid_angle = (summary["sensitivity"]["cell_width_arcsec"] * np.pi / 648000.0) ** 2
    volume = solid_angle * radius**2 * C_KM_S / 100.0 / cosmo.Ez(z)  # dV/dz per cell
    dn = np.array([mass_function.massFunction(np.exp(ln_m).ravel(), zi, mdef="200c", model="tinker08", q_out="dndlnM")
                   .reshape(ln_m.shape) for zi in z])  # (z, cells, 65)
    return z, volume, ln_m, dn


def line_of_sight_count(table, m_wdm):
    z, volume, ln_m, dn = table
    per_z = integrate.simpson(dn * turnover(np.exp(ln_m), half_mode_mass(m_wdm), FIELD_TURNOVER),
                              x=np.broadcast_to(ln_m, dn.shape), axis=-1).sum(-1)
    half = len(z) // 2  # in front of the lens, then behind it
    return sum(integrate.simpson((volume * per_z)[part], x=z[part]) for part in (slice(0, half), slice(half, None)))


def total_count(summary, table, cosmo, m_wdm, sigma_sub):
    return subhalo_count(summary, cosmo, m_wdm, sigma_sub) + line_of_sight_count(table, m_wdm)


def test__dark_matter_constraint__runs_with_figures_and_sensitivity_format(run):
    summary, out = run
    assert summary["exit_status"] == 0
    for figure in ("expected_counts.png", "posterior.png"):
        assert (out / figure).stat().st_size > 0
    # subhalo_sensitivity.py's format: one row of increases per mass, one entry per position.
    sensitivity = summary["sensitivity"]
    assert len(sensitivity["log_evidence_increase"]) == len(sensitivity["log10_masses"])
    assert all(len(row) == len(sensitivity["centres_y"]) == len(summary["thresholds_msun"])
               for row in sensitivity["log_evidence_increase"])


def test__dark_matter_constraint__sensitivity_matches_nested_sampling_cell(run):
    """subhalo_sensitivity.py --quick at (0.68", 0.72"): +3.9 / -0.4 at 10^8.75 Msun, +354 / +291 at 10^10.25 (seeds 1 / 2)."""
    summary, _ = run
    check = summary["sensitivity"]["check_at_subhalo_sensitivity_cell"]["log_evidence_increase"]
    assert check["8.75"] < summary["sensitivity"]["threshold"] < check["10.25"]
    assert 0.7 * 291.0 < check["10.25"] < 1.3 * 354.0


def test__dark_matter_constraint__subhalo_counts_equal_quad(run, colossus_planck15):
    summary, cosmo = run[0], colossus_planck15
    counts, fiducial = summary["expected_counts"], summary["model"]["fiducial"]
    assert summary["cell_area_kpc2"] == pytest.approx(cell_area_kpc2(summary, cosmo), rel=1e-5)
    for case, m_wdm in (("fiducial", fiducial["m_wdm"]), ("cdm", np.inf)):
        reference = subhalo_count(summary, cosmo, m_wdm, fiducial["sigma_sub"])
        assert counts[case]["subhalo"] == pytest.approx(reference, rel=1e-5), case


def test__dark_matter_constraint__line_of_sight_counts_equal_colossus(run, line_of_sight_table):
    summary = run[0]
    counts, fiducial = summary["expected_counts"], summary["model"]["fiducial"]
    for case, m_wdm in (("fiducial", fiducial["m_wdm"]), ("cdm", np.inf)):
        reference = line_of_sight_count(line_of_sight_table, m_wdm)
        assert counts[case]["line_of_sight"] == pytest.approx(reference, rel=2e-3), case


def test__dark_matter_constraint__cold_limit_is_cdm(run):
    counts = run[0]["expected_counts"]
    assert counts["cold_limit"]["m_wdm"] >= 1e6
    for part in ("subhalo", "line_of_sight", "total"):
        assert counts["cold_limit"][part] == pytest.approx(counts["cdm"][part], rel=1e-9)
    assert counts["fiducial"]["total"] < counts["cdm"]["total"]


def test__dark_matter_constraint__gradients_equal_reference_finite_differences(run, line_of_sight_table, colossus_planck15):
    summary, cosmo = run[0], colossus_planck15
    fiducial, gradient = summary["model"]["fiducial"], summary["gradient"]
    step = 1e-3 * fiducial["m_wdm"]
    up, down = (total_count(summary, line_of_sight_table, cosmo, fiducial["m_wdm"] + s, fiducial["sigma_sub"])
                for s in (step, -step))
    assert gradient["d_total_d_m_wdm"] == pytest.approx((up - down) / (2.0 * step), rel=2e-3)
    # N_sub is linear in sigma_sub, N_los does not depend on it.
    subhalo = summary["expected_counts"]["fiducial"]["subhalo"]
    assert gradient["d_total_d_sigma_sub"] == pytest.approx(subhalo / fiducial["sigma_sub"], rel=1e-10)


def test__dark_matter_constraint__grid_and_newton_posteriors_agree(run):
    summary = run[0]
    for label, result in summary["posterior"].items():
        grid, newton = result["grid"], result["newton"]
        assert newton["converged"], label
        assert abs(grid["map"] - newton["map"]) <= grid["spacing"], label
        assert newton["laplace_sigma"] == pytest.approx(grid["curvature_sigma"], rel=0.05), label
        # The fiducial 1/m_wdm lies inside the posterior's central 99%.
        u, density = np.asarray(grid["u"]), np.asarray(grid["density"])
        cdf = np.concatenate([[0.0], np.cumsum(0.5 * (density[1:] + density[:-1]) * np.diff(u))])
        assert 0.005 < np.interp(1.0 / summary["model"]["fiducial"]["m_wdm"], u, cdf) < 0.995, label


def test__dark_matter_constraint__fixed_sigma_sub_map_matches_observed_rate(run, line_of_sight_table, colossus_planck15):
    """With a flat prior and sigma_sub fixed, the maximum is where n_lenses N(u) equals the count detected."""
    summary, cosmo = run[0], colossus_planck15
    u_map = summary["posterior"]["fixed"]["newton"]["map"]
    expected = total_count(summary, line_of_sight_table, cosmo, 1.0 / u_map, summary["model"]["fiducial"]["sigma_sub"])
    observed = summary["observed"]
    assert observed["total"] == sum(observed["per_lens"])
    assert summary["settings"]["n_lenses"] * expected == pytest.approx(observed["total"], rel=2e-3)
