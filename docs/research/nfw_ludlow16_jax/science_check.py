"""Science check: are the plugin's Ludlow et al. (2016) NFW haloes the haloes they claim to be?

For a set of NFW and cored-NFW (cNFW) haloes, spherical and elliptical, this script builds the
convergence and deflection maps of each halo four ways:

(a) ``plugin``      -- this package's drop-in class (``NFWMCRScatterLudlowJax`` etc.);
(b) ``colossus``    -- c200c from ``colossus.halo.concentration.concentration(M h, '200c', z,
                       model='ludlow16')`` with colossus' ``planck15``, converted to
                       (kappa_s, scale_radius[, core_radius]) by upstream autogalaxy's formula and
                       distances, then evaluated with autogalaxy's plain NFW / NFWSph / cNFW /
                       cNFWSph;
(c) ``highprec``    -- the same as (b) but with c200c from the high-precision NumPy/SciPy solver
                       ``autogalaxy_jaxnfw.reference.concentration_ludlow16`` (REF_PLANCK15,
                       ~1e-12 relative): the ground truth;
(d) ``upstream``    -- upstream autogalaxy's own class (``ag.mp.NFWMCRScatterLudlow`` etc.).

(b), (c) and (d) differ from (a) only through c200c: the conversion to lensing parameters,
the cosmology of the distances (autogalaxy's ``Planck15``, NumPy path) and the profile maths
are the same.  So the map differences measure how the concentration error propagates into
what a lens model actually sees.

Error measures, per pixel of a ``Grid2D`` (default 100 x 100 pixels of 0.05 arcsec):

* convergence: ``|kappa_a - kappa_b| / |kappa_b|`` (kappa > 0 on every pixel of the grid);
* deflection: ``|alpha_a - alpha_b| / max(|alpha_b|, DEFLECTION_FLOOR * max|alpha_b|)`` with
  vector norms, so the error of the vector (direction included) is measured; the floor
  (1e-6 of the map's largest deflection) only matters where |alpha| -> 0 at the halo centre,
  which the default grid, having no pixel at the origin, does not sample.

A fifth construction, ``floor``, is (c) with r_s (and r_c) multiplied by 1 + ``FLOOR_PERTURBATION``
(1e-11, about the plugin's parameter-level error): ``floor_vs_highprec`` is reported, not
thresholded.  It shows how much of a map difference is the profile's own numerics
rather than the concentration: autogalaxy evaluates cNFW convergences (and elliptical cNFW
deflections) through a multi-Gaussian expansion whose least-squares weights amplify a
1e-11 parameter change to ~1e-7 per pixel, while NFW maps are analytic.

Thresholds (the script exits with status 1 if one fails):

* plugin vs high precision <= ``PLUGIN_TOLERANCE`` = 1e-5, per pixel, both maps, every case;
* plugin vs colossus <= ``SLACK_FACTOR`` x (colossus vs high precision) + ``SLACK_ABS``
  (1.05 x + 1e-6): the plugin must be no further from colossus than colossus itself is from the
  truth.  By the triangle inequality the plugin-vs-colossus error can exceed the
  colossus-vs-truth error by at most the plugin-vs-truth error, hence a 5 % relative slack
  plus an absolute 1e-6 (a tenth of the plugin tolerance).

Usage, from the repository root::

    .venv/bin/python docs/research/nfw_ludlow16_jax/science_check.py [--out output/science_check]

Outputs (in ``--out``): one PNG per case with the per-pixel log10 relative-difference maps,
``summary_max_rel_error.png`` (bar chart per case), ``summary.json`` and ``summary.md``.
"""

import argparse
import json
import math
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional, Sequence, Tuple

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[3]

PLUGIN_TOLERANCE = 1.0e-5
"""Largest allowed per-pixel relative error of the plugin's maps against the high-precision maps."""
SLACK_FACTOR = 1.05
"""Relative slack of the plugin-vs-colossus <= colossus-vs-high-precision check."""
SLACK_ABS = 1.0e-6
"""Absolute slack of the same check (a tenth of ``PLUGIN_TOLERANCE``)."""
DEFLECTION_FLOOR = 1.0e-6
"""Denominator floor of the deflection relative error, as a fraction of the map's largest |alpha|."""
FLOOR_PERTURBATION = 1.0e-11
"""Relative change of r_s (and r_c) of the reference that defines the ``floor`` construction."""
LOG10_FLOOR = 1.0e-17
"""Relative differences are clipped here before taking log10 in the figures (identical pixels)."""

DEFAULT_SHAPE = (100, 100)
DEFAULT_PIXEL_SCALE = 0.05  # arcsec: an HST-like pixel, a 5" x 5" field
DEFAULT_ELL_COMPS = (0.1, -0.05)  # axis ratio ~0.8: a typical lensing halo

COMPARISONS = {
    "plugin_vs_colossus": ("plugin", "colossus"),
    "plugin_vs_highprec": ("plugin", "highprec"),
    "colossus_vs_highprec": ("colossus", "highprec"),
    "upstream_vs_highprec": ("upstream", "highprec"),
    "floor_vs_highprec": ("floor", "highprec"),
}
"""Every comparison reported, as (tested, reference) pairs of the four constructions."""


@dataclass(frozen=True)
class Case:
    """One halo configuration.

    Parameters
    ----------
    family : str
        ``"nfw"`` or ``"cnfw"`` (cored NFW, Penarrubia et al. 2012 normalisation as upstream).
    spherical : bool
        Spherical (``...Sph`` classes) or elliptical with ``ell_comps``.
    mass_at_200 : float
        M200c in Msun (physical, as the profile classes take it).
    redshift_object, redshift_source : float
        Lens and source redshifts.
    scatter_sigma : float
        Offset from the mean relation in units of 0.15 dex in log10 c.
    f_c : float or None
        Core radius over scale radius (cNFW only).
    ell_comps : tuple of float
        Elliptical components (ignored for spherical cases).
    """

    family: str
    spherical: bool
    mass_at_200: float
    redshift_object: float
    redshift_source: float
    scatter_sigma: float = 0.0
    f_c: Optional[float] = None
    ell_comps: Tuple[float, float] = DEFAULT_ELL_COMPS

    @property
    def name(self) -> str:
        """A short, file-name-safe label, e.g. ``NFWSph_M1e13_zl0.5_zs1.0_s+0``."""
        kind = {"nfw": "NFW", "cnfw": "cNFW"}[self.family] + ("Sph" if self.spherical else "Ell")
        log_m = math.log10(self.mass_at_200)
        mass = f"1e{log_m:g}"
        name = f"{kind}_M{mass}_zl{self.redshift_object:g}_zs{self.redshift_source:g}_s{self.scatter_sigma:+g}"
        if self.f_c is not None:
            name += f"_fc{self.f_c:g}"
        return name


def default_cases() -> Tuple[Case, ...]:
    """The 16 cases of the full check.

    Every family x shape combination sees several masses (1e9 - 10^14.5 Msun), all three
    lens redshifts, all three source redshifts and all three scatter values; the cNFW
    cases alternate f_c = 0.01 and 0.05.
    """
    spec = [
        # family, spherical, M200 [Msun], z_l, z_s, scatter, f_c
        ("nfw", True, 1e9, 0.2, 1.0, 0.0, None),
        ("nfw", True, 1e11, 0.5, 2.0, 1.0, None),
        ("nfw", True, 1e13, 0.5, 1.0, 0.0, None),
        ("nfw", True, 10**14.5, 1.0, 3.0, -1.0, None),
        ("nfw", False, 1e9, 0.5, 2.0, -1.0, None),
        ("nfw", False, 1e11, 0.2, 1.0, 0.0, None),
        ("nfw", False, 1e13, 1.0, 2.0, 1.0, None),
        ("nfw", False, 10**14.5, 0.2, 3.0, 0.0, None),
        ("cnfw", True, 1e9, 1.0, 3.0, 1.0, 0.05),
        ("cnfw", True, 1e11, 0.5, 1.0, 0.0, 0.01),
        ("cnfw", True, 1e13, 0.2, 2.0, -1.0, 0.05),
        ("cnfw", True, 10**14.5, 0.5, 3.0, 0.0, 0.01),
        ("cnfw", False, 1e9, 0.2, 2.0, 0.0, 0.01),
        ("cnfw", False, 1e11, 1.0, 2.0, -1.0, 0.05),
        ("cnfw", False, 1e13, 0.5, 2.0, 0.0, 0.01),
        ("cnfw", False, 10**14.5, 1.0, 3.0, 1.0, 0.05),
    ]
    return tuple(Case(f, s, m, zl, zs, sc, fc) for f, s, m, zl, zs, sc, fc in spec)


# -------------------------------------------------------------------------------------------------
# Concentrations
# -------------------------------------------------------------------------------------------------


def _colossus_planck15():
    from colossus.cosmology import cosmology as col_cosmology

    # setCosmology is global state in colossus; re-set it every time so nothing else in the
    # process can leave another cosmology active.
    return col_cosmology.setCosmology("planck15")


def concentration_colossus(mass_h: float, redshift: float) -> float:
    """c200c from colossus' Ludlow et al. (2016) model (its interpolation tables), planck15.

    Parameters
    ----------
    mass_h : float
        M200c in Msun/h.
    redshift : float
        Halo redshift.
    """
    from colossus.halo import concentration as col_conc

    _colossus_planck15()
    c, valid = col_conc.concentration(mass_h, "200c", redshift, model="ludlow16", range_return=True)
    if not valid:
        raise ValueError(f"colossus: no Ludlow16 concentration for M={mass_h:g} Msun/h, z={redshift}")
    return float(c)


def concentration_highprec(mass_h: float, redshift: float) -> float:
    """c200c from the high-precision reference (REF_PLANCK15, colossus' definition, ~1e-12).

    Parameters
    ----------
    mass_h : float
        M200c in Msun/h.
    redshift : float
        Halo redshift.
    """
    from autogalaxy_jaxnfw import reference

    c, valid = reference.concentration_ludlow16(reference.REF_PLANCK15, mass_h, redshift)
    if not valid:
        raise ValueError(f"reference: no Ludlow16 concentration for M={mass_h:g} Msun/h, z={redshift}")
    return float(c)


def colossus_h() -> float:
    """h of colossus' planck15 (the Msun -> Msun/h conversion upstream and the plugin use)."""
    return float(_colossus_planck15().h)


# -------------------------------------------------------------------------------------------------
# Profiles
# -------------------------------------------------------------------------------------------------


def lensing_parameters_from_concentration(case: Case, concentration: float) -> dict:
    """(kappa_s, scale_radius[, core_radius]) from an unscattered c200c, exactly as upstream.

    Re-implements upstream autogalaxy's ``mcr_util.kappa_s_and_scale_radius_for_ludlow`` and
    ``kappa_s_scale_radius_and_core_radius_for_ludlow`` with the concentration passed in, so
    the references differ from upstream and from the plugin only through c200c.  Distances
    and densities come from autogalaxy's ``Planck15`` on the NumPy path (fixed-step Simpson,
    the same arithmetic the JAX path does).

    Parameters
    ----------
    case : Case
        The halo.
    concentration : float
        c200c before the scatter step.

    Returns
    -------
    dict
        ``kappa_s``, ``scale_radius`` [arcsec], ``concentration`` (after scatter) and, for cNFW,
        ``core_radius`` [arcsec].
    """
    from autogalaxy.cosmology.model import Planck15

    cosmology = Planck15()
    z_l, z_s, mass = case.redshift_object, case.redshift_source, case.mass_at_200
    rho_crit = cosmology.critical_density(z_l, xp=np)  # Msun / kpc^3
    sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_0=z_l, redshift_1=z_s, xp=np
    )  # Msun / kpc^2
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=z_l, xp=np)

    c = 10.0 ** (np.log10(concentration) + 0.15 * case.scatter_sigma)
    radius_at_200 = (mass / (200.0 * rho_crit * (4.0 * np.pi / 3.0))) ** (1.0 / 3.0)  # kpc
    scale_radius_kpc = radius_at_200 / c
    if case.family == "nfw":
        de_c = 200.0 / 3.0 * (c**3 / (np.log(1.0 + c) - c / (1.0 + c)))
        rho_s = rho_crit * de_c
    else:
        from scipy.integrate import quad

        f_c = case.f_c
        # The enclosed mass of rho_0 r_s^3 / ((r + f_c r_s)(r + r_s)^2) within c r_s, by quadrature
        # (the plugin's default; upstream's closed form has (1 + f_c)^2 for (1 - f_c)^2).
        norm = quad(lambda x: x * x / ((x + f_c) * (x + 1.0) ** 2), 0.0, c, epsabs=0.0, epsrel=1e-13, points=[f_c, 1.0])[0]
        rho_s = mass / (4 * np.pi * scale_radius_kpc**3 * norm)
    params = dict(
        kappa_s=float(rho_s * scale_radius_kpc / sigma_crit),
        scale_radius=float(scale_radius_kpc / kpc_per_arcsec),
        concentration=float(c),
    )
    if case.family == "cnfw":
        params["core_radius"] = case.f_c * params["scale_radius"]
    return params


def plain_profile(case: Case, params: dict):
    """autogalaxy's plain NFW / NFWSph / cNFW / cNFWSph with the given lensing parameters."""
    import autogalaxy as ag

    kwargs = dict(centre=(0.0, 0.0), kappa_s=params["kappa_s"], scale_radius=params["scale_radius"])
    if case.family == "cnfw":
        kwargs["core_radius"] = params["core_radius"]
    if not case.spherical:
        kwargs["ell_comps"] = case.ell_comps
    cls = {
        ("nfw", True): ag.mp.NFWSph,
        ("nfw", False): ag.mp.NFW,
        ("cnfw", True): ag.mp.cNFWSph,
        ("cnfw", False): ag.mp.cNFW,
    }[(case.family, case.spherical)]
    return cls(**kwargs)


def _mcr_kwargs(case: Case) -> dict:
    kwargs = dict(
        centre=(0.0, 0.0),
        mass_at_200=case.mass_at_200,
        scatter_sigma=case.scatter_sigma,
        redshift_object=case.redshift_object,
        redshift_source=case.redshift_source,
    )
    if case.family == "cnfw":
        kwargs["f_c"] = case.f_c
    if not case.spherical:
        kwargs["ell_comps"] = case.ell_comps
    return kwargs


def plugin_profile(case: Case):
    """This package's drop-in class for the case."""
    import autogalaxy_jaxnfw as agj

    cls = {
        ("nfw", True): agj.NFWMCRScatterLudlowSphJax,
        ("nfw", False): agj.NFWMCRScatterLudlowJax,
        ("cnfw", True): agj.cNFWMCRScatterLudlowSphJax,
        ("cnfw", False): agj.cNFWMCRScatterLudlowJax,
    }[(case.family, case.spherical)]
    # The check is of the default (upstream-compatible) cosmology pairing, whatever a caller
    # may have set module-wide with set_cosmology.
    with agj.use_cosmology(None):
        return cls(**_mcr_kwargs(case))


def upstream_profile(case: Case):
    """Upstream autogalaxy's own mass-concentration class for the case."""
    import autogalaxy as ag

    cls = {
        ("nfw", True): ag.mp.NFWMCRScatterLudlowSph,
        ("nfw", False): ag.mp.NFWMCRScatterLudlow,
        ("cnfw", True): ag.mp.cNFWMCRScatterLudlowSph,
        ("cnfw", False): ag.mp.cNFWMCRScatterLudlow,
    }[(case.family, case.spherical)]
    return cls(**_mcr_kwargs(case))


def profile_parameters(profile) -> dict:
    """kappa_s, scale_radius (and core_radius) of a built profile, as Python floats."""
    params = dict(kappa_s=float(profile.kappa_s), scale_radius=float(profile.scale_radius))
    if getattr(profile, "core_radius", None) is not None:
        params["core_radius"] = float(profile.core_radius)
    return params


def maps_of(profile, grid) -> Tuple[np.ndarray, np.ndarray]:
    """Convergence (N,) and deflections (N, 2) of ``profile`` on ``grid`` as NumPy arrays."""
    # autogalaxy's cNFWSph evaluates both branches of np.where (sqrt of negative numbers in
    # the branch that is then discarded); the warnings are noise, the results are finite.
    with np.errstate(invalid="ignore", divide="ignore"):
        return _maps_of(profile, grid)


def _maps_of(profile, grid) -> Tuple[np.ndarray, np.ndarray]:
    convergence = np.asarray(profile.convergence_2d_from(grid=grid).array, dtype=float)
    deflections = np.asarray(profile.deflections_yx_2d_from(grid=grid).array, dtype=float)
    return convergence, deflections


# -------------------------------------------------------------------------------------------------
# Error measures
# -------------------------------------------------------------------------------------------------


def convergence_rel_error(tested: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Per-pixel |kappa_a - kappa_b| / |kappa_b| (kappa is positive on every pixel)."""
    return np.abs(tested - reference) / np.abs(reference)


def deflection_rel_error(tested: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Per-pixel |alpha_a - alpha_b| / max(|alpha_b|, DEFLECTION_FLOOR max|alpha_b|), vector norms."""
    norm_ref = np.hypot(reference[:, 0], reference[:, 1])
    denominator = np.maximum(norm_ref, DEFLECTION_FLOOR * norm_ref.max())
    diff = tested - reference
    return np.hypot(diff[:, 0], diff[:, 1]) / denominator


def _stats(rel: np.ndarray) -> dict:
    return dict(max=float(np.max(rel)), median=float(np.median(rel)))


# -------------------------------------------------------------------------------------------------
# The check
# -------------------------------------------------------------------------------------------------


@dataclass
class CaseResult:
    """Everything measured for one case (JSON-serialisable through ``asdict``)."""

    name: str
    case: dict
    concentration: dict  # unscattered c200c per construction
    parameters: dict  # lensing parameters per construction
    parameter_rel_error: dict  # comparison -> parameter -> relative error
    errors: dict  # comparison -> {"convergence": {max, median}, "deflection": {max, median}}
    checks: dict = field(default_factory=dict)  # check name -> bool
    passed: bool = True
    seconds: float = 0.0


def check_case(case: Case, grid, h: float, keep_maps: bool = False):
    """Build the four constructions of one case and compare their maps.

    Parameters
    ----------
    case : Case
        The halo.
    grid : autoarray.Grid2D
        Where the maps are evaluated.
    h : float
        colossus planck15's h, for M [Msun] -> M h [Msun/h].
    keep_maps : bool
        Also return the per-pixel relative-error maps (for the figures).

    Returns
    -------
    CaseResult, dict or None
        The result, and (if ``keep_maps``) comparison -> {"convergence": map, "deflection": map}.
    """
    t0 = time.perf_counter()
    mass_h = case.mass_at_200 * h

    c_colossus = concentration_colossus(mass_h, case.redshift_object)
    c_highprec = concentration_highprec(mass_h, case.redshift_object)
    params_colossus = lensing_parameters_from_concentration(case, c_colossus)
    params_highprec = lensing_parameters_from_concentration(case, c_highprec)

    params_floor = dict(params_highprec)
    for name in ("scale_radius", "core_radius"):
        if name in params_floor:
            params_floor[name] *= 1.0 + FLOOR_PERTURBATION

    plugin = plugin_profile(case)
    upstream = upstream_profile(case)
    profiles = {
        "plugin": plugin,
        "colossus": plain_profile(case, params_colossus),
        "highprec": plain_profile(case, params_highprec),
        "upstream": upstream,
        "floor": plain_profile(case, params_floor),
    }
    parameters = {key: profile_parameters(p) for key, p in profiles.items()}
    # Back out each class's unscattered c200c from its scattered one, for the report.
    concentration = {
        "colossus": c_colossus,
        "highprec": c_highprec,
        "floor": c_highprec / (1.0 + FLOOR_PERTURBATION),
    }
    for key, profile in (("plugin", plugin), ("upstream", upstream)):
        c_scattered = _scattered_concentration_of(profile, case)
        concentration[key] = float(10.0 ** (np.log10(c_scattered) - 0.15 * case.scatter_sigma))

    maps = {key: maps_of(p, grid) for key, p in profiles.items()}

    errors, rel_maps, parameter_rel_error = {}, {}, {}
    for comparison, (tested, reference) in COMPARISONS.items():
        conv = convergence_rel_error(maps[tested][0], maps[reference][0])
        defl = deflection_rel_error(maps[tested][1], maps[reference][1])
        errors[comparison] = {"convergence": _stats(conv), "deflection": _stats(defl)}
        rel_maps[comparison] = {"convergence": conv, "deflection": defl}
        parameter_rel_error[comparison] = {
            name: abs(parameters[tested][name] / parameters[reference][name] - 1.0)
            for name in parameters[reference]
        }
        parameter_rel_error[comparison]["concentration"] = abs(
            concentration[tested] / concentration[reference] - 1.0
        )

    result = CaseResult(
        name=case.name,
        case=asdict(case),
        concentration=concentration,
        parameters=parameters,
        parameter_rel_error=parameter_rel_error,
        errors=errors,
    )
    apply_thresholds(result)
    result.seconds = time.perf_counter() - t0
    return result, (rel_maps if keep_maps else None)


def _scattered_concentration_of(profile, case: Case) -> float:
    """c200c after scatter of a mass-parameterised profile, from r_200 / r_s.

    Neither class stores c; r_s [arcsec] and r_200 [kpc] with kpc/arcsec recover it.
    """
    from autogalaxy.cosmology.model import Planck15

    cosmology = Planck15()
    rho_crit = cosmology.critical_density(case.redshift_object, xp=np)
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift=case.redshift_object, xp=np)
    radius_at_200 = (case.mass_at_200 / (200.0 * rho_crit * (4.0 * np.pi / 3.0))) ** (1.0 / 3.0)
    return float(radius_at_200 / (float(profile.scale_radius) * kpc_per_arcsec))


def apply_thresholds(result: CaseResult) -> None:
    """Fill ``result.checks`` and ``result.passed`` from the stated thresholds."""
    checks = {}
    for quantity in ("convergence", "deflection"):
        plugin_truth = result.errors["plugin_vs_highprec"][quantity]["max"]
        plugin_colossus = result.errors["plugin_vs_colossus"][quantity]["max"]
        colossus_truth = result.errors["colossus_vs_highprec"][quantity]["max"]
        checks[f"{quantity}: plugin vs highprec <= {PLUGIN_TOLERANCE:g}"] = bool(plugin_truth <= PLUGIN_TOLERANCE)
        checks[
            f"{quantity}: plugin vs colossus <= {SLACK_FACTOR:g} x colossus vs highprec + {SLACK_ABS:g}"
        ] = bool(plugin_colossus <= SLACK_FACTOR * colossus_truth + SLACK_ABS)
    result.checks = checks
    result.passed = all(checks.values())


def run_science_check(
    cases: Optional[Sequence[Case]] = None,
    shape_native: Tuple[int, int] = DEFAULT_SHAPE,
    pixel_scales: float = DEFAULT_PIXEL_SCALE,
    out_dir: Optional[Path] = None,
    figures: bool = True,
    verbose: bool = True,
) -> dict:
    """Run the check on ``cases`` and (optionally) write figures, JSON and markdown.

    Parameters
    ----------
    cases : sequence of Case, optional
        Defaults to :func:`default_cases`.
    shape_native : tuple of int
        Grid shape in pixels.
    pixel_scales : float
        Pixel size in arcsec.
    out_dir : Path, optional
        Where outputs go; nothing is written if ``None``.
    figures : bool
        Write the PNG figures (needs ``out_dir``).
    verbose : bool
        Print a line per case.

    Returns
    -------
    dict
        The summary (also written as ``summary.json``): settings, thresholds, per-case
        results and ``passed``.
    """
    import autogalaxy as ag

    cases = default_cases() if cases is None else tuple(cases)
    grid = ag.Grid2D.uniform(shape_native=shape_native, pixel_scales=pixel_scales)
    h = colossus_h()
    t0 = time.perf_counter()

    results = []
    for case in cases:
        result, rel_maps = check_case(case, grid, h, keep_maps=figures and out_dir is not None)
        results.append(result)
        if verbose:
            e = result.errors
            print(
                f"  {result.name:<38s} plugin/hp {_worst(e['plugin_vs_highprec']):.1e}  "
                f"colossus/hp {_worst(e['colossus_vs_highprec']):.1e}  "
                f"({result.seconds:.1f} s){'' if result.passed else '  FAIL'}",
                flush=True,
            )
        if rel_maps is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            plot_case(result, rel_maps, shape_native, pixel_scales, out_dir)

    summary = dict(
        description=(
            "Per-pixel relative errors of Ludlow et al. (2016) NFW/cNFW convergence and deflection "
            "maps: plugin = autogalaxy_jaxnfw class, colossus = colossus ludlow16 c200c, highprec = "
            "autogalaxy_jaxnfw.reference c200c (ground truth), upstream = autogalaxy's own class."
        ),
        grid=dict(shape_native=list(shape_native), pixel_scales=pixel_scales),
        error_definitions=dict(
            convergence="|k_a - k_b| / |k_b|",
            deflection=f"|a_a - a_b| / max(|a_b|, {DEFLECTION_FLOOR:g} * max|a_b|) (vector norms)",
        ),
        thresholds=dict(
            plugin_vs_highprec_max=PLUGIN_TOLERANCE,
            plugin_vs_colossus_max=f"<= {SLACK_FACTOR:g} * colossus_vs_highprec_max + {SLACK_ABS:g}",
        ),
        cases=[asdict(r) for r in results],
        passed=all(r.passed for r in results),
        seconds=time.perf_counter() - t0,
    )
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "summary.json").write_text(json.dumps(summary, indent=2))
        (out_dir / "summary.md").write_text(markdown_table(summary))
        if figures:
            plot_summary(results, out_dir)
    return summary


def _worst(error: dict) -> float:
    return max(error["convergence"]["max"], error["deflection"]["max"])


# -------------------------------------------------------------------------------------------------
# Reporting
# -------------------------------------------------------------------------------------------------


def markdown_table(summary: dict) -> str:
    """The summary as a markdown document with one table row per case."""
    lines = [
        "# Science check: Ludlow et al. (2016) NFW / cNFW profiles",
        "",
        f"Grid: {summary['grid']['shape_native'][0]} x {summary['grid']['shape_native'][1]} pixels of "
        f"{summary['grid']['pixel_scales']}\". Per-pixel relative errors; max / median over the grid.",
        f"Convergence: {summary['error_definitions']['convergence']}; deflection: "
        f"{summary['error_definitions']['deflection']}.",
        f"Thresholds: plugin vs highprec <= {PLUGIN_TOLERANCE:g}; plugin vs colossus <= "
        f"{SLACK_FACTOR:g} x colossus vs highprec + {SLACK_ABS:g}.",
        "",
        f"'floor' = the reference with r_s (r_c) x (1 + {FLOOR_PERTURBATION:g}): the profile's own "
        "numerical response to a parameter change of the plugin's size (reported, not thresholded).",
        "'params' = largest relative difference of kappa_s, scale_radius (core_radius) and c200c.",
        "",
        "| case | c (highprec) | plugin vs hp: params | kappa max / med | alpha max / med "
        "| plugin vs colossus: kappa max | alpha max | colossus vs hp: kappa max | alpha max "
        "| upstream vs hp: kappa max | alpha max | floor: kappa max | alpha max | pass |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in summary["cases"]:
        e = r["errors"]

        def mm(comparison, quantity):
            return f"{e[comparison][quantity]['max']:.1e} / {e[comparison][quantity]['median']:.1e}"

        def mx(comparison, quantity):
            return f"{e[comparison][quantity]['max']:.1e}"

        params = max(r["parameter_rel_error"]["plugin_vs_highprec"].values())
        lines.append(
            f"| {r['name']} | {r['concentration']['highprec']:.4f} | {params:.1e} "
            f"| {mm('plugin_vs_highprec', 'convergence')} | {mm('plugin_vs_highprec', 'deflection')} "
            f"| {mx('plugin_vs_colossus', 'convergence')} | {mx('plugin_vs_colossus', 'deflection')} "
            f"| {mx('colossus_vs_highprec', 'convergence')} | {mx('colossus_vs_highprec', 'deflection')} "
            f"| {mx('upstream_vs_highprec', 'convergence')} | {mx('upstream_vs_highprec', 'deflection')} "
            f"| {mx('floor_vs_highprec', 'convergence')} | {mx('floor_vs_highprec', 'deflection')} "
            f"| {'yes' if r['passed'] else '**NO**'} |"
        )
    lines += ["", f"All passed: {summary['passed']}. Runtime {summary['seconds']:.1f} s.", ""]
    return "\n".join(lines)


def print_table(summary: dict) -> None:
    """A compact console table: worst (max over kappa and alpha) per-pixel error per comparison."""
    header = (f"{'case':<38s} {'c_hp':>7s} {'params':>8s} {'plug/hp':>8s} {'plug/col':>8s} {'col/hp':>8s} "
              f"{'upst/hp':>8s} {'floor':>8s}  pass")
    print(header)
    print("-" * len(header))
    for r in summary["cases"]:
        e = r["errors"]
        params = max(r["parameter_rel_error"]["plugin_vs_highprec"].values())
        print(
            f"{r['name']:<38s} {r['concentration']['highprec']:7.3f} {params:8.1e} "
            f"{_worst(e['plugin_vs_highprec']):8.1e} {_worst(e['plugin_vs_colossus']):8.1e} "
            f"{_worst(e['colossus_vs_highprec']):8.1e} {_worst(e['upstream_vs_highprec']):8.1e} "
            f"{_worst(e['floor_vs_highprec']):8.1e}  {'ok' if r['passed'] else 'FAIL'}"
        )
    print("Map columns: max over the grid of the per-pixel relative error, worst of convergence and\n"
          "deflection; hp = high-precision reference, col = colossus, upst = upstream autogalaxy;\n"
          "params = plugin vs hp for kappa_s, r_s (r_c), c; floor = hp maps with r_s (r_c) x (1 + "
          f"{FLOOR_PERTURBATION:g}), i.e. the profile's own numerical noise (not thresholded).")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only; no display is needed or assumed
    import matplotlib.pyplot as plt

    return plt


def plot_case(result: CaseResult, rel_maps: dict, shape_native, pixel_scales: float, out_dir: Path) -> Path:
    """2 x 2 maps of log10 per-pixel relative difference for one case.

    Rows: convergence, deflection; columns: plugin vs colossus, plugin vs high precision.
    """
    plt = _pyplot()
    ny, nx = shape_native
    half_y, half_x = ny * pixel_scales / 2.0, nx * pixel_scales / 2.0
    extent = (-half_x, half_x, -half_y, half_y)
    columns = [
        ("plugin_vs_colossus", "plugin vs colossus"),
        ("plugin_vs_highprec", "plugin vs high-precision ref."),
    ]
    rows = [("convergence", "convergence $\\kappa$"), ("deflection", "deflection $\\vec\\alpha$")]

    fig, axes = plt.subplots(2, 2, figsize=(10, 9), constrained_layout=True)
    for i, (quantity, quantity_label) in enumerate(rows):
        for j, (comparison, comparison_label) in enumerate(columns):
            ax = axes[i, j]
            rel = rel_maps[comparison][quantity].reshape(ny, nx)
            image = np.log10(np.maximum(rel, LOG10_FLOOR))
            # Array row 0 is the top (largest y) of an autoarray grid, hence origin="upper".
            im = ax.imshow(image, extent=extent, origin="upper", cmap="viridis")
            ax.set_title(f"{quantity_label}: {comparison_label}\nmax {rel.max():.2e}, median {np.median(rel):.2e}",
                         fontsize=10)
            ax.set_xlabel("x [arcsec]")
            ax.set_ylabel("y [arcsec]")
            fig.colorbar(im, ax=ax, label="log$_{10}$ relative difference")
    case = result.case
    subtitle = (
        f"M200c = {case['mass_at_200']:.3g} Msun, z_lens = {case['redshift_object']:g}, "
        f"z_source = {case['redshift_source']:g}, scatter = {case['scatter_sigma']:+g}"
        + (f", f_c = {case['f_c']:g}" if case["f_c"] is not None else "")
        + ("" if case["spherical"] else f", ell_comps = {tuple(case['ell_comps'])}")
        + f"\nc200c: high-precision {result.concentration['highprec']:.6f}, "
        f"colossus {result.concentration['colossus']:.6f}, plugin {result.concentration['plugin']:.6f}"
        f"\nprofile's numerical floor (reference with r_s x (1 + {FLOOR_PERTURBATION:g})): max "
        f"{result.errors['floor_vs_highprec']['convergence']['max']:.1e} (kappa), "
        f"{result.errors['floor_vs_highprec']['deflection']['max']:.1e} (alpha)"
    )
    fig.suptitle(f"{result.name}\n{subtitle}", fontsize=11)
    path = out_dir / f"case_{result.name}.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def plot_summary(results: Sequence[CaseResult], out_dir: Path) -> Path:
    """Grouped bars: max per-pixel relative error vs the high-precision maps, per case."""
    plt = _pyplot()
    series = [
        ("plugin_vs_highprec", "plugin (autogalaxy_jaxnfw)", "tab:blue"),
        ("colossus_vs_highprec", "colossus ludlow16", "tab:orange"),
        ("upstream_vs_highprec", "upstream autogalaxy", "tab:green"),
        ("floor_vs_highprec", f"numerical floor: reference with r_s x (1+{FLOOR_PERTURBATION:g})", "tab:gray"),
    ]
    names = [r.name for r in results]
    x = np.arange(len(results))
    width = 0.2
    fig, axes = plt.subplots(2, 1, figsize=(max(10, 0.75 * len(results) + 3), 10), sharex=True,
                             constrained_layout=True)
    for ax, quantity in zip(axes, ("convergence", "deflection")):
        for k, (comparison, label, colour) in enumerate(series):
            values = [max(r.errors[comparison][quantity]["max"], LOG10_FLOOR) for r in results]
            ax.bar(x + (k - 1.5) * width, values, width, label=label, color=colour)
        ax.axhline(PLUGIN_TOLERANCE, color="k", ls="--", lw=1, label=f"plugin tolerance {PLUGIN_TOLERANCE:g}")
        ax.set_yscale("log")
        ax.set_ylabel(f"max per-pixel relative error\nof the {quantity} map")
        ax.set_title(f"{quantity}: error against the high-precision Ludlow16 reference")
        ax.grid(axis="y", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncol=3, fontsize=9)
    axes[-1].set_xticks(x)
    axes[-1].set_xticklabels(names, rotation=60, ha="right", fontsize=8)
    axes[-1].set_xlabel("case (profile, M200c [Msun], z_lens, z_source, scatter, f_c)")
    path = out_dir / "summary_max_rel_error.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point; returns the exit status (0 if every threshold holds)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("output/science_check"),
                        help="output folder (default: output/science_check)")
    parser.add_argument("--shape", type=int, default=DEFAULT_SHAPE[0],
                        help="grid side in pixels (default: %(default)s)")
    parser.add_argument("--pixel-scale", type=float, default=DEFAULT_PIXEL_SCALE,
                        help="pixel size in arcsec (default: %(default)s)")
    parser.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    args = parser.parse_args(argv)

    print(f"Science check: {len(default_cases())} cases on a {args.shape} x {args.shape} grid "
          f"of {args.pixel_scale}\" pixels")
    summary = run_science_check(
        shape_native=(args.shape, args.shape),
        pixel_scales=args.pixel_scale,
        out_dir=args.out,
        figures=not args.no_figures,
    )
    print()
    print_table(summary)
    print()
    print(f"Outputs in {args.out}/: summary.json, summary.md"
          + ("" if args.no_figures else ", summary_max_rel_error.png and case_<name>.png per case"))
    print(f"Total {summary['seconds']:.1f} s. " + ("ALL THRESHOLDS HOLD." if summary["passed"] else "THRESHOLD EXCEEDED."))
    return 0 if summary["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
