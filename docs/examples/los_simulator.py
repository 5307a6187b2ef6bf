"""
Example: line-of-sight haloes and subhalos to noisy images, one jitted function per batch
=========================================================================================

Simulation-based inference of dark matter needs the same lens simulated many times over
with new dark-matter haloes: ~1000 line-of-sight (LOS) haloes spread over ~8 lens planes
plus tens of subhalos in the lens.  autolens' multi-plane simulator
(``autolens.lens.substructure_util.simulate_substructure``) ray-traces such a population
with one ``jax.lax.scan`` over planes, but expects each halo's lensing parameters already
computed.  Here they are computed *inside* the jitted function from what is drawn -- halo
masses, positions, planes and concentration scatters -- with this package's Ludlow et al.
(2016) relation (``agj.truncated_halo_arrays``), so one compiled function maps masses to
noisy images, is vmapped over realisations and split over every visible device
(``agj.populations.sharding.sharded_vmap``).

Each plane's LOS haloes come with a negative mass sheet cancelling their mean convergence
over the light cone (``LOSSampler``'s sheets do so on average).  The script checks its
first, noise-free image against autolens' ``Tracer`` built halo by halo from this
package's ``NFWTruncatedMCRScatterLudlowSphJax`` and ``MassSheet`` galaxies.

Run from the repository root (to split a CPU into N devices, prefix
``XLA_FLAGS="--xla_force_host_platform_device_count=N --xla_cpu_multi_thread_eigen=false"``;
the second flag avoids a wedge of XLA:CPU's thread pool, PyAutoFit issue #1528)::

    .venv/bin/python docs/examples/los_simulator.py           # 1000 LOS haloes + 20 subhalos, 64 realisations
    .venv/bin/python docs/examples/los_simulator.py --quick   # 60 + 5 haloes, 8 realisations (~30 s)

Outputs (``output/los_simulator/``): ``realisations.png`` and ``summary.json`` (devices,
time per realisation, the largest difference from the Tracer).  Exit status 1 if that
difference exceeds 1e-10 of the image's peak.
"""

import argparse
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

import jax
import jax.numpy as jnp
import numpy as np

import autoarray as aa
import autolens as al
from autolens.lens import los, substructure_util

import autogalaxy_jaxnfw as agj
from example_util import write_summary

NAME = "los_simulator"
Z_LENS, Z_SOURCE = 0.5, 2.0
LENS = (0.0, 0.0, 0.05, -0.05, 1.2)  # Isothermal: centre y, x, ell_comps, Einstein radius
SOURCE = (0.05, 0.1, 0.1, 0.05, 1.0, 0.2, 1.5)  # Sersic: centre y, x, ell_comps, intensity, R_eff, n
MASS_RANGE, MASS_SLOPE = (1.0e7, 1.0e10), -1.9  # Msun; dn/dM ~ M^slope
SUBHALO_RADIUS = 1.5  # arcsec: subhalos within it, around the Einstein ring
EXPOSURE_TIME, SKY, PSF_SIGMA = 1000.0, 0.1, 0.1
SETTINGS = {
    "full": dict(n_los=1000, n_sub=20, realisations=64, pixels=80, pixel_scale=0.05, cone_radius=3.0),
    "quick": dict(n_los=60, n_sub=5, realisations=8, pixels=30, pixel_scale=0.1, cone_radius=2.0),
}


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--quick", action="store_true", help="60 LOS haloes + 5 subhalos, 8 realisations")
    parser.add_argument("--realisations", type=int, default=None, help="override the number of realisations")
    parser.add_argument("--seed", type=int, default=1, help="population and noise seed (default %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("output"), help="output root (default %(default)s)")
    args = parser.parse_args(argv)
    args.settings = dict(SETTINGS["quick" if args.quick else "full"])
    if args.realisations is not None:
        args.settings["realisations"] = args.realisations
    return args


def plane_redshifts():
    """autolens' LOS planes (3 before the lens, the lens, 4 behind it) and the source plane."""
    boundaries, centres = los.los_planes_from(z_lens=Z_LENS, z_source=Z_SOURCE, planes_before_lens=3,
                                              planes_after_lens=4)
    return boundaries, np.append(centres, Z_SOURCE)


def draw_populations(settings: dict, rng: np.random.Generator) -> dict:
    """Masses, centres, planes and scatters of every realisation's haloes (NumPy, the inputs).

    LOS haloes fall in the planes in proportion to their slices' comoving volumes (a cone
    of constant angular radius), with masses from dn/dM ~ M^-1.9 as LOSSampler draws them.
    """
    boundaries, planes = plane_redshifts()
    cosmology = al.cosmo.Planck15()
    volumes = np.diff([los.comoving_volume_mpc3_from(z, cosmology) for z in boundaries])
    n_real, n_los, n_sub = settings["realisations"], settings["n_los"], settings["n_sub"]

    def masses(n):
        return los.sample_halo_masses(n, *MASS_RANGE, A=MASS_SLOPE, B=0.0, seed=int(rng.integers(2**31)))

    def centres(n, radius):
        return los.sample_positions_in_circle(n, radius, seed=int(rng.integers(2**31)))

    return dict(
        los_mass=masses(n_real * n_los).reshape(n_real, n_los),
        los_centres=centres(n_real * n_los, settings["cone_radius"]).reshape(n_real, n_los, 2),
        los_plane=rng.choice(volumes.size, size=(n_real, n_los), p=volumes / volumes.sum()),
        los_scatter=rng.standard_normal((n_real, n_los)),
        sub_mass=masses(n_real * n_sub).reshape(n_real, n_sub),
        sub_centres=centres(n_real * n_sub, SUBHALO_RADIUS).reshape(n_real, n_sub, 2),
        sub_scatter=rng.standard_normal((n_real, n_sub)),
    )


def lens_profile(params):
    """The isothermal lens (centre y, x, ell_comps, Einstein radius)."""
    return al.mp.Isothermal(centre=tuple(params[:2]), ell_comps=tuple(params[2:4]), einstein_radius=params[4])


def source_profile(params):
    """The Sersic source (centre y, x, ell_comps, intensity, effective radius, index)."""
    return al.lp.Sersic(centre=tuple(params[:2]), ell_comps=tuple(params[2:4]), intensity=params[4],
                        effective_radius=params[5], sersic_index=params[6])


def lens_deflections(grid, params):
    """``lens_mass_fn`` of the simulator: the lens's (y, x) deflections on a JAX (n, 2) grid."""
    return lens_profile(params).deflections_yx_2d_from(grid=aa.Grid2DIrregular(values=grid, xp=jnp), xp=jnp).array


def source_image(grid, params):
    """``source_light_fn`` of the simulator: the source's surface brightness on a JAX (n, 2) grid."""
    return source_profile(params).image_2d_from(grid=aa.Grid2DIrregular(values=grid, xp=jnp), xp=jnp).array


def simulator_inputs(settings: dict, halo_profile_cls=agj.TruncatedNFWHalos) -> dict:
    """What ``simulate_substructure`` takes besides the haloes, sheets and noise key."""
    _, planes = plane_redshifts()
    n = settings["pixels"]
    grid = al.Grid2D.uniform(shape_native=(n, n), pixel_scales=settings["pixel_scale"])
    psf = al.Convolver.from_gaussian(shape_native=(11, 11), sigma=PSF_SIGMA, pixel_scales=settings["pixel_scale"],
                                     normalize=True)
    return dict(
        grid=jnp.asarray(grid.array),
        image_shape=(n, n),
        scaling_matrix=substructure_util.precompute_scaling_matrix(planes, al.cosmo.Planck15()),
        lens_mass_fn=lens_deflections,
        lens_mass_params=jnp.asarray(LENS),
        lens_plane_mask=jnp.asarray(np.isclose(planes, Z_LENS), dtype=float),
        source_light_fn=source_image,
        source_light_params=jnp.asarray(SOURCE),
        psf_kernel=jnp.asarray(psf.kernel.native.array),
        exposure_time=EXPOSURE_TIME,
        background_sky_level=SKY,
        halo_profile_cls=halo_profile_cls,
    )


def make_simulator(settings: dict, capacity: int, halo_profile_cls=agj.TruncatedNFWHalos):
    """One realisation, masses to images: LOS and subhalo arrays, sheets, autolens' ray tracing.

    The returned function gives the noisy image, the noise-free one and the number of
    haloes that found no slot.
    """
    _, planes = plane_redshifts()
    lens_index = int(np.argmin(np.abs(planes - Z_LENS)))
    fixed = simulator_inputs(settings, halo_profile_cls)

    def realisation(los_mass, los_centres, los_plane, los_scatter, sub_mass, sub_centres, sub_scatter, key):
        # The Ludlow concentrations, kappa_s, r_s and r_t of every halo, inside the trace.
        los_halos = agj.truncated_halo_arrays(los_mass, los_centres, los_plane, planes, capacity, los_scatter)
        subhalos = agj.truncated_halo_arrays(
            sub_mass, sub_centres, jnp.full(sub_mass.shape, lens_index), planes, sub_mass.shape[0], sub_scatter
        )
        noiseless = substructure_util.simulate_substructure(
            halo_params=jnp.concatenate([los_halos.params, subhalos.params], axis=1),
            halo_mask=jnp.concatenate([los_halos.mask, subhalos.mask], axis=1),
            sheet_kappas=agj.mean_convergence_sheets(los_halos, np.pi * settings["cone_radius"] ** 2),
            prng_key=None,
            **fixed,
        )
        # Poisson noise on the counts, as simulate_substructure draws it given a key; drawn
        # here so that the noise-free image comes out of the same call.
        counts = jax.random.poisson(key, (noiseless + SKY) * EXPOSURE_TIME)
        return counts / EXPOSURE_TIME - SKY, noiseless, los_halos.n_dropped + subhalos.n_dropped

    return realisation


def tracer_image(population: dict, settings: dict):
    """The first realisation's noise-free image from autolens' Tracer, built halo by halo.

    Every halo is a ``NFWTruncatedMCRScatterLudlowSphJax`` galaxy and every plane's sheet a
    ``MassSheet`` galaxy whose convergence is recomputed here, in NumPy, from those
    galaxies' own parameters -- an evaluation independent of the jitted one.
    """
    _, planes = plane_redshifts()
    galaxies, sheets = [], np.zeros(planes.size)
    for kind in ("los", "sub"):
        mass, centres, scatter = (population[f"{kind}_{key}"][0] for key in ("mass", "centres", "scatter"))
        plane = population["los_plane"][0] if kind == "los" else np.full(mass.size, np.argmin(np.abs(planes - Z_LENS)))
        for m, c, s, p in zip(mass, centres, scatter, plane):
            halo = agj.NFWTruncatedMCRScatterLudlowSphJax(
                centre=tuple(c), mass_at_200=m, scatter_sigma=s, redshift_object=planes[p], redshift_source=Z_SOURCE
            )
            galaxies.append(al.Galaxy(redshift=planes[p], mass=halo))
            if kind == "los":
                tau = halo.truncation_radius / halo.scale_radius
                m_total = tau**2 / (tau**2 + 1) ** 2 * ((tau**2 - 1) * np.log(tau) + np.pi * tau - (tau**2 + 1))
                sheets[p] -= 4 * np.pi * halo.kappa_s * halo.scale_radius**2 * m_total / (np.pi * settings["cone_radius"] ** 2)
    galaxies += [al.Galaxy(redshift=z, sheet=al.mp.MassSheet(kappa=k)) for z, k in zip(planes[:-1], sheets[:-1])]
    galaxies += [al.Galaxy(redshift=Z_LENS, mass=lens_profile(LENS)),
                 al.Galaxy(redshift=Z_SOURCE, bulge=source_profile(SOURCE))]
    n = settings["pixels"]
    grid = al.Grid2D.uniform(shape_native=(n, n), pixel_scales=settings["pixel_scale"], over_sample_size=1)
    image = al.Tracer(galaxies=galaxies, cosmology=al.cosmo.Planck15()).image_2d_from(grid=grid).native.array
    psf = simulator_inputs(settings)["psf_kernel"]
    return np.asarray(jax.scipy.signal.fftconvolve(image, psf, mode="same"))


def plot(images: np.ndarray, noiseless: np.ndarray, population: dict, settings: dict, path: Path) -> None:
    """The first realisation without and with noise, and its haloes by plane."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    half = 0.5 * settings["pixels"] * settings["pixel_scale"]
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.3), constrained_layout=True)
    for ax, image, title in ((axes[0], noiseless, "noise-free"), (axes[1], images[0], "noisy realisation")):
        fig.colorbar(ax.imshow(image, extent=(-half, half, -half, half), cmap="magma"), ax=ax, label="counts / s")
        ax.set(title=title, xlabel="x [arcsec]", ylabel="y [arcsec]")
    _, planes = plane_redshifts()
    y, x = population["los_centres"][0].T
    points = axes[2].scatter(x, y, c=planes[population["los_plane"][0]], s=3 * np.log10(population["los_mass"][0]) ** 2,
                             cmap="viridis", alpha=0.7)
    sy, sx = population["sub_centres"][0].T
    axes[2].scatter(sx, sy, marker="+", c="r", label="subhalos")
    fig.colorbar(points, ax=axes[2], label="plane redshift")
    axes[2].set(title="haloes (size ~ log M)", xlabel="x [arcsec]", ylabel="y [arcsec]", aspect="equal")
    axes[2].legend(loc="lower left")
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Simulate the batch, time it and check it; returns 0 if the images equal the Tracer's."""
    args = parse_args(argv)
    settings, out = args.settings, Path(args.out) / NAME
    population = draw_populations(settings, np.random.default_rng(args.seed))
    # Slots per plane: enough for the most crowded plane of the batch.
    capacity = int(max(np.bincount(p).max() for p in population["los_plane"]))
    inputs = [population[key] for key in ("los_mass", "los_centres", "los_plane", "los_scatter", "sub_mass",
                                          "sub_centres", "sub_scatter")]
    keys = jax.random.split(jax.random.PRNGKey(args.seed), settings["realisations"])

    mesh = agj.populations.sharding.device_mesh()
    simulate = agj.populations.sharding.sharded_vmap(make_simulator(settings, capacity), mesh)
    start = time.perf_counter()
    jax.block_until_ready(simulate(*inputs, keys))  # compiles
    compiled = time.perf_counter()
    images, noiseless, dropped = jax.block_until_ready(simulate(*inputs, keys))
    per_realisation = (time.perf_counter() - compiled) / settings["realisations"]

    # The first realisation's noise-free image against autolens' Tracer.
    reference = tracer_image(population, settings)
    noiseless = np.asarray(noiseless[0])
    difference = float(np.max(np.abs(noiseless - reference)) / np.max(np.abs(reference)))

    images = np.asarray(images)
    summary = dict(
        n_devices=int(mesh.size), device_kind=jax.devices()[0].device_kind,
        plane_redshifts=plane_redshifts()[1].tolist(), slots_per_plane=capacity,
        haloes_dropped=int(np.max(dropped)), images_finite=bool(np.all(np.isfinite(images))),
        seconds_to_compile=compiled - start, seconds_per_realisation=per_realisation,
        max_relative_difference_vs_tracer=difference, settings=dict(settings, quick=args.quick, seed=args.seed),
    )
    write_summary(out, summary)
    plot(images, noiseless, population, settings, out / "realisations.png")
    print(f"{settings['realisations']} realisations of {settings['n_los']} LOS haloes over "
          f"{len(summary['plane_redshifts']) - 1} planes + {settings['n_sub']} subhalos on {mesh.size} device(s): "
          f"{per_realisation * 1e3:.1f} ms each after {summary['seconds_to_compile']:.1f} s of compilation")
    print(f"Noise-free image vs autolens' Tracer built halo by halo: max difference {difference:.1e} of the peak")
    ok = difference <= 1e-10 and summary["images_finite"] and summary["haloes_dropped"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
