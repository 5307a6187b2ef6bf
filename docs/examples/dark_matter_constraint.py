"""
Example: the warm-dark-matter particle mass from the number of detected haloes
==============================================================================

A sensitivity map says which haloes a lens could have revealed; a population model says how
many haloes of each mass there are for a given dark matter.  Together they predict the number
of detectable haloes, and the number actually detected then constrains the dark matter
(Vegetti et al. 2018, MNRAS 481, 3661; Enzi et al. 2021, MNRAS 506, 5848).  This script

1. maps the sensitivity of the lens of subhalo_sensitivity.py (same lens, source, imaging and
   smooth model) on a grid of subhalo masses and positions, by the linearised refit of
   ``linearised_sensitivity.py``, and reads off each cell's smallest detectable M200c;
2. counts the expected detectable haloes per lens, N(m_wdm, sigma_sub) = N_sub + N_los:

   * subhaloes: for every cell, its area at the lens [kpc^2] times the subhalo mass function
     (``agj.subhalo_number``: pyHalo's sigma_sub, host scaling and slope, Lovell 2020's subhalo
     turnover at the half-mode mass of m_wdm) integrated from the cell's threshold to M_MAX;
   * line of sight: the comoving volume of the cell's double cone (pyHalo's geometry: it opens
     from the observer to the lens and closes at the source) times the field mass function
     (Tinker et al. 2008, M200c, times Lovell 2020's field turnover: the package's warm route
     (a)) above the same threshold.  Simplification: a line-of-sight halo counts as detectable
     at its own mass above the lens-plane threshold of the cell it projects onto; Despali et
     al. (2018, MNRAS 475, 5424) map it to an effective lens-plane mass that depends on its
     redshift, which this ignores (no two-halo term near the lens either);

   N is a JAX function of m_wdm and sigma_sub: jax.grad gives both derivatives;
3. simulates a survey of N_LENSES such lenses at the fiducial (m_wdm, sigma_sub) with a fixed
   seed (Poisson counts), and computes the posterior of 1/m_wdm (uniform prior on
   [0, U_MAX] keV^-1) with sigma_sub fixed and marginalised over a log-normal prior, both on a
   grid and by Newton's method on the exact gradient and Hessian (jax) with the Laplace width.

Caveats: the sensitivity is that of a cold (Ludlow 2016) subhalo; warm haloes near the
half-mode mass are less concentrated and so harder to detect, which this ignores.  Masses are
M200c throughout (the subhalo mass function's masses taken as such).

Run from the repository root::

    .venv/bin/python docs/examples/dark_matter_constraint.py           # 20 x 20 cells of 0.2"
    .venv/bin/python docs/examples/dark_matter_constraint.py --quick   # 10 x 10 cells of 0.4"

Outputs (``output/dark_matter_constraint/``): ``expected_counts.png`` (threshold map and
N(m_wdm) for a few sigma_sub), ``posterior.png`` and ``summary.json``.  Exit status 1 unless
the gradient in m_wdm matches finite differences and the grid and Newton posteriors agree.
"""

import argparse
import sys
from pathlib import Path
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

import autogalaxy_jaxnfw as agj
from example_util import REDSHIFT_LENS, REDSHIFT_SOURCE, write_summary
from linearised_sensitivity import sensitivity_map, threshold_masses

jax.config.update("jax_enable_x64", True)

NAME = "dark_matter_constraint"
COSMOLOGY = agj.planck15
M_HOST = 1.0e13  # Msun: pyHalo's reference host, so the host scaling is 1 at z = 0.5
SLOPE = -1.9
M_MAX = 1.0e10  # Msun: the upper mass of pyHalo's default rendering
MASS_FUNCTION = dict(mdef="200c", model="tinker08")
TURNOVERS = dict(subhalo="lovell20_subhalo", line_of_sight="lovell20")
FIDUCIAL = dict(m_wdm=3.0, sigma_sub=0.025)  # keV, kpc^-2
N_LENSES = 50
U_MAX = 1.0  # keV^-1: the prior's upper limit on 1/m_wdm
SETTINGS = {
    "full": dict(cells=20, half_width=2.0, log10_mass_step=0.125),
    "quick": dict(cells=10, half_width=2.0, log10_mass_step=0.25),
}
_LOS_Z_NODES, _LOS_M_NODES = 16, 64  # Gauss-Legendre nodes per redshift segment and per mass interval
_C_KM_S = 299792.458


class Population(NamedTuple):
    """What N(m_wdm, sigma_sub) needs, fixed by the sensitivity map and the cold mass function."""

    area_kpc2: float  # one cell's area at the lens
    thresholds: np.ndarray  # Msun per cell, clipped to M_MAX (no detectable halo: M_MAX)
    los_masses: np.ndarray  # Msun/h, (cells, nodes)
    los_weights: np.ndarray  # cold counts per node, summed over the cone: (cells, nodes)


def gauss_legendre(lo, hi, n):
    """Nodes and weights of the n-point rule on [lo, hi] (broadcast over arrays of limits)."""
    t, w = np.polynomial.legendre.leggauss(n)
    lo, hi = np.asarray(lo, dtype=float)[..., None], np.asarray(hi, dtype=float)[..., None]
    return 0.5 * (lo + hi) + 0.5 * (hi - lo) * t, 0.5 * (hi - lo) * w


def cone_volume_nodes(solid_angle):
    """Redshift nodes and comoving volume weights [(Mpc/h)^3] of a cell's double cone.

    The transverse comoving size grows as the comoving distance chi to the lens and shrinks
    linearly to zero at the source: per steradian dV = r(chi)^2 dchi, with r = chi in front of
    the lens and chi_l (chi_s - chi) / (chi_s - chi_l) behind.
    """
    lensing = agj.HaloCosmology.consistent(COSMOLOGY).lensing
    h = COSMOLOGY.h

    def chi(z):  # comoving distance [Mpc/h] of a flat universe: (1 + z) D_A
        return np.array([(1.0 + zi) * lensing.angular_diameter_distance_to_earth_in_kpc_from(zi) for zi in z]) * h / 1e3

    chi_l, chi_s = chi([REDSHIFT_LENS, REDSHIFT_SOURCE])
    nodes, weights = (np.concatenate(pair) for pair in zip(gauss_legendre(0.0, REDSHIFT_LENS, _LOS_Z_NODES),
                                                           gauss_legendre(REDSHIFT_LENS, REDSHIFT_SOURCE, _LOS_Z_NODES)))
    chi_z = chi(nodes)
    radius = np.where(nodes <= REDSHIFT_LENS, chi_z, chi_l * (chi_s - chi_z) / (chi_s - chi_l))
    dchi_dz = _C_KM_S / 100.0 / np.array([float(lensing.E(z)) for z in nodes])
    return nodes, solid_angle * weights * radius**2 * dchi_dz


def population_of(thresholds: np.ndarray, cell_width_arcsec: float) -> Population:
    """Cell areas, clipped thresholds and the cold line-of-sight counts per mass node."""
    lensing = agj.HaloCosmology.consistent(COSMOLOGY).lensing
    kpc_per_arcsec = float(lensing.kpc_per_arcsec_from(REDSHIFT_LENS))
    solid_angle = (cell_width_arcsec * np.pi / 648000.0) ** 2
    clipped = np.minimum(thresholds, M_MAX)
    z, volume = cone_volume_nodes(solid_angle)
    h = COSMOLOGY.h
    ln_m, ln_w = gauss_legendre(np.log(clipped * h), np.log(M_MAX * h), _LOS_M_NODES)  # (cells, nodes)
    dn_dlnm = np.asarray(agj.mass_function(np.exp(ln_m)[:, None, :], z[None, :, None], q_out="dndlnM",
                                           cosmology=COSMOLOGY, **MASS_FUNCTION))  # (cells, planes, nodes)
    los_weights = ln_w * np.sum(volume[None, :, None] * dn_dlnm, axis=1)
    return Population((cell_width_arcsec * kpc_per_arcsec) ** 2, clipped, np.exp(ln_m), los_weights)


def _m_wdm_of(inverse_m_wdm):
    """m_wdm = 1 / u [keV], inf (cold) at u = 0 with a finite derivative (double where)."""
    positive = inverse_m_wdm > 0.0
    return jnp.where(positive, 1.0 / jnp.where(positive, inverse_m_wdm, 1.0), jnp.inf)


@jax.jit
def expected_counts(m_wdm, sigma_sub, population: Population):
    """(N_sub, N_los): expected detectable subhaloes and line-of-sight haloes per lens."""
    warm = COSMOLOGY.replace(m_wdm=m_wdm)
    m_hm, _ = agj.subhalo_half_mode_mass(warm)  # Msun
    per_area = agj.subhalo_number(population.thresholds, M_MAX, sigma_sub, M_HOST, REDSHIFT_LENS, SLOPE, m_hm,
                                  TURNOVERS["subhalo"])
    n_los = jnp.sum(population.los_weights * agj.warm_factor(population.los_masses, warm, TURNOVERS["line_of_sight"]))
    return population.area_kpc2 * jnp.sum(per_area), n_los


def expected_total(m_wdm, sigma_sub, population):
    """N(m_wdm, sigma_sub) = N_sub + N_los per lens."""
    return sum(expected_counts(m_wdm, sigma_sub, population))


def sigma_sub_prior(dex: float, nodes: int = 24):
    """Gauss-Hermite nodes [kpc^-2] and log weights of the log-normal prior on sigma_sub (median FIDUCIAL).

    ``dex`` = 0 fixes sigma_sub (every node at the median), with the same number of nodes so
    that both cases share one compiled posterior.
    """
    x, w = np.polynomial.hermite_e.hermegauss(nodes)
    return FIDUCIAL["sigma_sub"] * 10.0 ** (dex * x), np.log(w / np.sum(w))


def log_posterior(u, n_detected, sigma_subs, log_weights, population):
    """log p(u = 1/m_wdm | n) up to a constant: Poisson in the survey's total, sigma_sub marginalised.

    N_sub is linear in sigma_sub, so each u costs one evaluation at sigma_sub = 1; the prior's
    fixed Gauss-Hermite rule keeps the marginal differentiable in u.  The prior on u is uniform.
    """
    n_sub, n_los = expected_counts(_m_wdm_of(u), 1.0, population)
    rate = N_LENSES * (sigma_subs * n_sub + n_los)
    return jax.scipy.special.logsumexp(log_weights + n_detected * jnp.log(rate) - rate)


_log_posterior_on_grid = jax.jit(jax.vmap(log_posterior, in_axes=(0,) + (None,) * 4))
_log_posterior_derivatives = jax.jit(lambda u, *data: (jax.grad(log_posterior)(u, *data), jax.hessian(log_posterior)(u, *data)))


def grid_posterior(data, points: int = 401) -> dict:
    """The normalised posterior of u on a grid over the prior: maximum, mean, width, 95% upper limit.

    ``curvature_sigma`` is (-d^2 ln p / du^2)^(-1/2) at the grid maximum by the grid's second
    difference: what the Laplace width is, computed without derivatives.
    """
    u = np.linspace(0.0, U_MAX, points)
    log_p = np.asarray(_log_posterior_on_grid(jnp.asarray(u), *data))
    p = np.exp(log_p - log_p.max())
    p /= np.trapezoid(p, u)
    mean = np.trapezoid(u * p, u)
    cdf = np.concatenate([[0.0], np.cumsum(0.5 * (p[1:] + p[:-1]) * np.diff(u))])
    du, i = u[1] - u[0], int(np.clip(np.argmax(p), 1, points - 2))
    second = (log_p[i + 1] - 2.0 * log_p[i] + log_p[i - 1]) / du**2
    return dict(u=u.tolist(), density=p.tolist(), spacing=float(du), map=float(u[np.argmax(p)]), mean=float(mean),
                std=float(np.sqrt(np.trapezoid((u - mean) ** 2 * p, u))), upper_95=float(np.interp(0.95, cdf, u)),
                curvature_sigma=float(1.0 / np.sqrt(-second)) if second < 0.0 else None)


def newton_posterior(data, start: float = 0.5 * U_MAX, max_iterations: int = 50) -> dict:
    """Maximum a posteriori of u by Newton's method on jax's gradient and Hessian; Laplace width."""
    lo, u, done = 1e-6, start, False
    for iteration in range(1, max_iterations + 1):
        g, h = (float(v) for v in _log_posterior_derivatives(u, *data))
        # Where the posterior is not concave, a fixed uphill step instead of Newton's.
        step = -g / h if h < 0.0 else 0.05 * U_MAX * np.sign(g)
        new = float(np.clip(u + step, lo, U_MAX))
        done = abs(new - u) < 1e-12
        u = new
        if done:
            break
    h = float(_log_posterior_derivatives(u, *data)[1])
    return dict(map=u, laplace_sigma=float(1.0 / np.sqrt(-h)) if h < 0.0 else None, iterations=iteration,
                converged=bool(done and h < 0.0 and lo < u < U_MAX))


def plot_counts(summary: dict, thresholds: np.ndarray, path: Path) -> None:
    """The smallest detectable mass per cell, and N(m_wdm) per lens for a few sigma_sub."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sensitivity, curves = summary["sensitivity"], summary["expected_counts"]["curves"]
    cells = int(round(np.sqrt(len(sensitivity["centres_y"]))))
    half = 0.5 * cells * sensitivity["cell_width_arcsec"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5), constrained_layout=True)
    image = left.imshow(np.log10(thresholds).reshape(cells, cells), origin="lower", extent=(-half, half, -half, half))
    fig.colorbar(image, ax=left, label=r"log$_{10}$ smallest detectable $M_{200c}$ [$M_\odot$] (blank: none)")
    left.set(xlabel="x [arcsec]", ylabel="y [arcsec]",
             title=f"sensitivity: log-likelihood increase > {sensitivity['threshold']:g}")
    m_wdm = np.asarray(curves["m_wdm"])
    for colour, sigma_sub, total, cdm in zip(("C0", "C1", "C2"), curves["sigma_sub"], curves["total"], curves["cdm"]):
        right.semilogx(m_wdm, total, color=colour, label=rf"$\Sigma_{{sub}}$ = {sigma_sub:g} kpc$^{{-2}}$")
        right.axhline(cdm, color=colour, ls=":", lw=1)
    right.semilogx(m_wdm, curves["line_of_sight"], color="k", ls="--", label="line of sight alone")
    right.axvline(FIDUCIAL["m_wdm"], color="grey", lw=0.8)
    right.set(xlabel=r"$m_{\rm wdm}$ [keV]", ylabel="expected detectable haloes per lens",
              title="dotted: cold dark matter", ylim=(0.0, None))
    right.legend()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_posterior(summary: dict, path: Path) -> None:
    """Grid posteriors of 1/m_wdm and the Gaussians of Newton's maximum and Laplace width."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 4.5), constrained_layout=True)
    for colour, (label, result) in zip(("C0", "C3"), summary["posterior"].items()):
        u, grid, newton = np.asarray(result["grid"]["u"]), result["grid"], result["newton"]
        ax.plot(u, grid["density"], color=colour, label=f"grid, sigma_sub {label.replace('_', ' ')}")
        if newton["laplace_sigma"]:
            # Scaled to the grid's peak: the Laplace approximation describes the peak, not the tail towards cold.
            gauss = max(grid["density"]) * np.exp(-0.5 * ((u - newton["map"]) / newton["laplace_sigma"]) ** 2)
            ax.plot(u, gauss, color=colour, ls="--", label="Newton maximum, Laplace width (peak height)")
    ax.axvline(1.0 / FIDUCIAL["m_wdm"], color="k", lw=0.8, label="fiducial")
    ax.set(xlabel=r"$1/m_{\rm wdm}$ [keV$^{-1}$]", ylabel="posterior density",
           title=f"{summary['observed']['total']} haloes detected in {N_LENSES} lenses")
    ax.legend(fontsize=8)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--quick", action="store_true", help="10 x 10 cells of 0.4\" and 0.25 dex in mass")
    parser.add_argument("--threshold", type=float, default=10.0, help="detection threshold on the log-likelihood increase")
    parser.add_argument("--sigma-sub-dex", type=float, default=0.1, help="width of the log-normal prior on sigma_sub")
    parser.add_argument("--seed", type=int, default=1, help="seed of the simulated counts")
    parser.add_argument("--out", default="output", help="output folder")
    args = parser.parse_args(argv)
    settings = SETTINGS["quick" if args.quick else "full"]
    out = Path(args.out) / NAME

    log10_masses = np.arange(7.0, 11.0 + 1e-9, settings["log10_mass_step"])
    sensitivity = sensitivity_map(log10_masses, settings["cells"], settings["half_width"], args.threshold)
    thresholds = threshold_masses(sensitivity)
    population = population_of(thresholds, sensitivity["cell_width_arcsec"])

    def counts(m_wdm, sigma_sub):
        n_sub, n_los = (float(v) for v in expected_counts(float(m_wdm), float(sigma_sub), population))
        return dict(subhalo=n_sub, line_of_sight=n_los, total=n_sub + n_los)

    fiducial = counts(FIDUCIAL["m_wdm"], FIDUCIAL["sigma_sub"])
    grad = jax.jit(jax.grad(expected_total, argnums=(0, 1)))
    d_m_wdm, d_sigma_sub = (float(g) for g in grad(FIDUCIAL["m_wdm"], FIDUCIAL["sigma_sub"], population))
    step = 1e-3 * FIDUCIAL["m_wdm"]
    fd = (counts(FIDUCIAL["m_wdm"] + step, FIDUCIAL["sigma_sub"])["total"]
          - counts(FIDUCIAL["m_wdm"] - step, FIDUCIAL["sigma_sub"])["total"]) / (2.0 * step)

    m_wdm_curve = np.geomspace(0.5, 30.0, 60)
    sigma_curve = (0.5 * FIDUCIAL["sigma_sub"], FIDUCIAL["sigma_sub"], 2.0 * FIDUCIAL["sigma_sub"])
    n_sub_1, n_los = np.array([[counts(m, 1.0)[k] for m in m_wdm_curve] for k in ("subhalo", "line_of_sight")])
    cdm = counts(np.inf, 1.0)

    rng = np.random.default_rng(args.seed)
    per_lens = rng.poisson(fiducial["total"], size=N_LENSES)
    posterior = {}
    for label, dex in (("fixed", 0.0), ("marginalised", args.sigma_sub_dex)):
        data = (float(per_lens.sum()), *sigma_sub_prior(dex), population)
        grid, newton = grid_posterior(data), newton_posterior(data)
        posterior[label] = dict(sigma_sub_prior_dex=dex, grid=grid, newton=newton, agree=bool(
            newton["converged"] and abs(grid["map"] - newton["map"]) <= grid["spacing"]
            and grid["curvature_sigma"] and abs(newton["laplace_sigma"] / grid["curvature_sigma"] - 1.0) < 0.05))

    summary = dict(
        settings=dict(settings, quick=args.quick, seed=args.seed, sigma_sub_dex=args.sigma_sub_dex, n_lenses=N_LENSES,
                      u_max=U_MAX, redshifts=[REDSHIFT_LENS, REDSHIFT_SOURCE]),
        model=dict(cosmology=COSMOLOGY.name, m_host=M_HOST, slope=SLOPE, m_max=M_MAX, host_scaling="pyhalo",
                   mass_function=MASS_FUNCTION, turnovers=TURNOVERS, fiducial=FIDUCIAL),
        sensitivity=sensitivity,
        thresholds_msun=[None if not np.isfinite(t) else float(t) for t in thresholds],
        cell_area_kpc2=float(population.area_kpc2),
        expected_counts=dict(
            fiducial=fiducial, cdm=dict(counts(np.inf, FIDUCIAL["sigma_sub"]), subhalo_per_sigma_sub=cdm["subhalo"]),
            # At 1e6 keV the half-mode mass is ~1e-10 Msun: the turnovers differ from 1 by < 1e-14.
            cold_limit=dict(counts(1.0e6, FIDUCIAL["sigma_sub"]), m_wdm=1.0e6),
            curves=dict(m_wdm=m_wdm_curve.tolist(), sigma_sub=list(sigma_curve), line_of_sight=n_los.tolist(),
                        total=[(s * n_sub_1 + n_los).tolist() for s in sigma_curve],
                        cdm=[s * cdm["subhalo"] + cdm["line_of_sight"] for s in sigma_curve]),
        ),
        gradient=dict(d_total_d_m_wdm=d_m_wdm, d_total_d_sigma_sub=d_sigma_sub, finite_difference_m_wdm=fd,
                      agree=bool(abs(d_m_wdm / fd - 1.0) < 1e-5)),
        observed=dict(per_lens=per_lens.tolist(), total=int(per_lens.sum())),
        posterior=posterior,
    )
    out.mkdir(parents=True, exist_ok=True)
    plot_counts(summary, thresholds, out / "expected_counts.png")
    plot_posterior(summary, out / "posterior.png")
    write_summary(out, summary)

    print(f"expected detectable haloes per lens at m_wdm = {FIDUCIAL['m_wdm']:g} keV, sigma_sub = {FIDUCIAL['sigma_sub']:g}:"
          f" {fiducial['subhalo']:.3f} subhaloes + {fiducial['line_of_sight']:.3f} line of sight (cold: "
          f"{summary['expected_counts']['cdm']['total']:.3f}); dN/dm_wdm {d_m_wdm:.5g} (finite difference {fd:.5g})")
    print(f"detected {summary['observed']['total']} in {N_LENSES} lenses")
    for label, result in posterior.items():
        grid, newton = result["grid"], result["newton"]
        print(f"1/m_wdm, sigma_sub {label}: grid maximum {grid['map']:.4f} (mean {grid['mean']:.4f} +- {grid['std']:.4f},"
              f" 95% below {grid['upper_95']:.4f}); Newton {newton['map']:.4f} +- {newton['laplace_sigma'] or float('nan'):.4f}")
    ok = summary["gradient"]["agree"] and all(result["agree"] for result in posterior.values())
    print(("Gradient and posteriors agree" if ok else "DISAGREEMENT") + f"; figures and summary.json in {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
