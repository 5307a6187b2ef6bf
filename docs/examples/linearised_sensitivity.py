"""The subhalo sensitivity map of subhalo_sensitivity.py by a linearised refit, on a fine grid
(imported by dark_matter_constraint.py, not run on its own).

subhalo_sensitivity.py simulates, for every (mass, position) cell, imaging with a subhalo
there and compares the nested-sampling evidences of the smooth model and of the smooth model
plus a subhalo: minutes per cell.  Here the same lens, source, imaging and smooth model
(``example_util``; the smooth model frees the Einstein radius, as that example's base model
does) give, without noise, the expected log-likelihood increase

    Delta ln L = |P r|^2 / 2,   r = (I_sub - I_smooth) / sigma   over the mask,

with P the projection orthogonal to the derivatives of the smooth model's blurred image with
respect to its free parameters: the smooth model refitted to first order (the Fisher-matrix
limit of the two fits; no Occam factor).  At (0.68", 0.72") it gives 3.0 and 340 for
M200c = 10^8.75 and 10^10.25 Msun, where subhalo_sensitivity.py --quick's nested-sampling
fits give +3.9 / -0.4 and +354 / +291 (seeds 1 / 2, docs/research/workflows.md).

The subhalo is this package's ``NFWMCRLudlowSphJax``.  Its deflection is radial, so each
mass's profile is evaluated once on a radial grid and interpolated (in ln r) to every
position.  The output has the format of subhalo_sensitivity.py's ``summary.json``
(``log10_masses``, ``log_evidence_increase`` per mass and position, ``centres_y``,
``centres_x``, ``threshold``) plus the cells' width.
"""

from typing import Sequence

import numpy as np
from scipy.signal import fftconvolve

import autolens as al

import autogalaxy_jaxnfw as agj
from example_util import IMAGING, LENS, MASK_RADIUS, REDSHIFT_LENS, REDSHIFT_SOURCE, SOURCE

#: The smooth model's free parameters (subhalo_sensitivity.py's base model: the Einstein radius).
FREE_PARAMETERS = ("einstein_radius",)
_RADII = np.geomspace(1e-4, 10.0, 600)  # arcsec: the radial grid of the deflection profiles
_STEP = 1e-4  # central-difference step of the smooth model's derivatives
#: Background sky and PSF of example_util.simulate_imaging's defaults.
_SKY, _PSF_SIGMA, _PSF_SIZE = 0.1, 0.1, 11


class _Imaging:
    """The noiseless blurred images, noise map and mask of example_util's simulated imaging."""

    def __init__(self):
        n, scale = IMAGING["shape_native"], IMAGING["pixel_scale"]
        self.grid = al.Grid2D.uniform(shape_native=(n, n), pixel_scales=scale)
        self.yx = np.asarray(self.grid.array)
        self.shape = (n, n)
        self.kernel = np.asarray(al.Convolver.from_gaussian(
            shape_native=(_PSF_SIZE, _PSF_SIZE), sigma=_PSF_SIGMA, pixel_scales=scale, normalize=True).kernel.native.array)
        self.mask = np.hypot(self.yx[:, 0], self.yx[:, 1]).reshape(self.shape) <= MASK_RADIUS
        self.smooth = self.image({})
        exposure = IMAGING["exposure_time"]
        # The photon-level noise of example_util.simulate_imaging.
        self.sigma = np.sqrt((self.smooth + _SKY) * exposure) / exposure

    def image(self, lens_changes: dict, perturber_deflections=0.0) -> np.ndarray:
        """Blurred images of the lens (``LENS`` updated by ``lens_changes``) plus perturbers' deflections (..., pixels, 2)."""
        alpha = np.asarray(al.mp.Isothermal(**dict(LENS, **lens_changes)).deflections_yx_2d_from(grid=self.grid).array)
        traced = self.yx - alpha - perturber_deflections
        leading = traced.shape[:-2]
        flat = al.Grid2DIrregular(traced.reshape(-1, 2))
        image = np.asarray(al.lp.Sersic(**SOURCE).image_2d_from(grid=flat).array).reshape(leading + self.shape)
        kernel = self.kernel.reshape((1,) * len(leading) + self.kernel.shape)
        return fftconvolve(image, kernel, mode="same", axes=(-2, -1))

    def refit_basis(self) -> np.ndarray:
        """Orthonormal columns spanning the noise-weighted derivatives of the smooth image."""
        columns = []
        for name in FREE_PARAMETERS:
            up, down = (self.image({name: LENS[name] + sign * _STEP}) for sign in (1.0, -1.0))
            columns.append(((up - down) / (2.0 * _STEP) / self.sigma)[self.mask])
        return np.linalg.qr(np.array(columns).T)[0]


def deflection_profiles(log10_masses: Sequence[float]) -> np.ndarray:
    """|alpha|(r) [arcsec] of each mass's subhalo on the radial grid, shape (masses, radii)."""
    radial = al.Grid2DIrregular([(0.0, r) for r in _RADII])
    profiles = []
    for log10_mass in log10_masses:
        subhalo = agj.NFWMCRLudlowSphJax(centre=(0.0, 0.0), mass_at_200=10.0**log10_mass,
                                         redshift_object=REDSHIFT_LENS, redshift_source=REDSHIFT_SOURCE)
        profiles.append(np.asarray(subhalo.deflections_yx_2d_from(grid=radial).array)[:, 1])
    return np.array(profiles)


def _deflections(profile: np.ndarray, yx: np.ndarray, centres_y, centres_x) -> np.ndarray:
    """Deflections (positions, pixels, 2) of one mass's subhalo at each centre."""
    dy, dx = yx[None, :, 0] - np.asarray(centres_y)[:, None], yx[None, :, 1] - np.asarray(centres_x)[:, None]
    r = np.maximum(np.hypot(dy, dx), _RADII[0])
    size = np.interp(np.log(r), np.log(_RADII), profile) / r
    return np.stack([size * dy, size * dx], axis=-1)


def sensitivity_map(log10_masses: Sequence[float], cells: int, half_width: float, threshold: float,
                    check_centre=(0.68, 0.72), check_log10_masses=(8.75, 10.25)) -> dict:
    """Delta ln L for every mass and every cell centre of a ``cells`` x ``cells`` grid over [-half_width, half_width]^2.

    Returns subhalo_sensitivity.py's summary format plus ``cell_width_arcsec`` and
    ``check_at_subhalo_sensitivity_cell`` (Delta ln L at ``check_centre`` for
    ``check_log10_masses``, that example's cell).
    """
    imaging = _Imaging()
    basis = imaging.refit_basis()

    def increase(images):
        residual = ((images - imaging.smooth) / imaging.sigma)[..., imaging.mask]
        residual = residual - (residual @ basis) @ basis.T
        return 0.5 * np.sum(residual**2, axis=-1)

    width = 2.0 * half_width / cells
    centres = -half_width + width * (np.arange(cells) + 0.5)
    centres_y, centres_x = (c.ravel() for c in np.meshgrid(centres, centres, indexing="ij"))  # y slowest
    profiles = deflection_profiles(log10_masses)
    rows = [increase(imaging.image({}, _deflections(p, imaging.yx, centres_y, centres_x))) for p in profiles]
    check = {f"{m:g}": float(increase(imaging.image({}, _deflections(p, imaging.yx, [check_centre[0]], [check_centre[1]])))[0])
             for m, p in zip(check_log10_masses, deflection_profiles(check_log10_masses))}
    return dict(
        log10_masses=[float(m) for m in log10_masses],
        log_evidence_increase=[row.tolist() for row in rows],
        centres_y=centres_y.tolist(),
        centres_x=centres_x.tolist(),
        threshold=threshold,
        cell_width_arcsec=width,
        statistic="expected log-likelihood increase after a linearised refit of the smooth model (no noise)",
        free_parameters=list(FREE_PARAMETERS),
        check_at_subhalo_sensitivity_cell=dict(centre=list(check_centre), log_evidence_increase=check),
    )


def threshold_masses(sensitivity: dict) -> np.ndarray:
    """The smallest detectable mass [Msun] per position of a sensitivity map (inf where none is).

    log10 of the increase is interpolated linearly in log10 M between the two grid masses that
    bracket the threshold; where the lightest mass is already detected, its mass.
    """
    log10_masses = np.asarray(sensitivity["log10_masses"])
    increase = np.asarray(sensitivity["log_evidence_increase"]).T  # (positions, masses)
    target = np.log10(sensitivity["threshold"])
    thresholds = np.full(increase.shape[0], np.inf)
    for k, row in enumerate(increase):
        above = np.nonzero(row >= sensitivity["threshold"])[0]
        if above.size == 0:
            continue
        i = above[0]
        if i == 0:
            thresholds[k] = 10.0 ** log10_masses[0]
            continue
        lo, hi = np.log10(np.maximum(row[i - 1:i + 1], 1e-300))
        thresholds[k] = 10.0 ** (log10_masses[i - 1] + (target - lo) / (hi - lo) * (log10_masses[i] - log10_masses[i - 1]))
    return thresholds
