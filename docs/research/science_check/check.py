"""One case's constructions, their comparisons and thresholds; the whole run."""

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional, Sequence, Tuple

import numpy as np

from . import cases as cases_module
from . import concentrations, maps, references, report

PLUGIN_TOLERANCE = 1.0e-5
"""Largest allowed per-pixel relative error of the plugin's maps against the high-precision maps."""
SLACK_FACTOR = 1.05
"""Relative slack of the plugin-vs-colossus <= colossus-vs-high-precision check."""
SLACK_ABS = 1.0e-6
"""Absolute slack of the same check (a tenth of ``PLUGIN_TOLERANCE``)."""
FLOOR_PERTURBATION = 1.0e-11
"""Relative change of r_s (and r_c) of the reference that defines the ``floor`` construction."""

DEFAULT_SHAPE = (100, 100)
DEFAULT_PIXEL_SCALE = 0.05  # arcsec: an HST-like pixel, a 5" x 5" field

COMPARISONS = {
    "plugin_vs_colossus": ("plugin", "colossus"),
    "plugin_vs_highprec": ("plugin", "highprec"),
    "colossus_vs_highprec": ("colossus", "highprec"),
    "upstream_vs_highprec": ("upstream", "highprec"),
    "floor_vs_highprec": ("floor", "highprec"),
}
"""Every comparison reported, as (tested, reference) pairs; one with a missing construction is None."""


@dataclass
class CaseResult:
    """Everything measured for one case (JSON-serialisable through ``asdict``)."""

    name: str
    case: dict
    concentration: dict  # unscattered c200c per construction
    parameters: dict  # lensing parameters per construction
    parameter_rel_error: dict  # comparison -> parameter -> relative error
    errors: dict  # comparison -> {"convergence": {max, median}, "deflection": {max, median}} or None
    checks: dict = field(default_factory=dict)  # check name -> bool
    passed: bool = True
    seconds: float = 0.0


def _stats(rel: np.ndarray) -> dict:
    return dict(max=float(np.max(rel)), median=float(np.median(rel)))


def _construction(case, profile, h):
    """(M200c, unscattered c200c, parameters) of a built class.

    A class on a relation in another definition holds that definition's mass: its M200c and
    c200c are the plugin's functions' (the maps are the class's own).
    """
    relation = getattr(type(profile), "relation", None)
    if relation is not None and not relation.is_200c:
        mass_200, c = concentrations.plugin(case, h)
        return mass_200, c, maps.profile_parameters(profile)
    mass_200 = float(getattr(profile, "mass_at_200", case.mass_at_200))
    # Neither class stores c: r_200 [kpc] / (r_s [arcsec] x kpc/arcsec) recovers it.
    units = references.lens_units(case)
    c_scattered = references.radius_at_200(case, mass_200) / (float(profile.scale_radius) * units["kpc_per_arcsec"])
    return mass_200, float(10.0 ** (np.log10(c_scattered) - 0.15 * case.scatter_sigma)), maps.profile_parameters(profile)


def check_case(case, grid, h: float, keep_maps: bool = False):
    """Build the constructions of one case and compare their maps.

    Returns the ``CaseResult`` and, if ``keep_maps``, comparison -> {"convergence": map,
    "deflection": map} of per-pixel relative errors (for the figures).
    """
    t0 = time.perf_counter()
    m_col, c_col = concentrations.colossus(case, h)
    m_hp, c_hp = concentrations.highprec(case, h)
    params = {
        "colossus": references.lensing_parameters(case, m_col, c_col),
        "highprec": references.lensing_parameters(case, m_hp, c_hp),
    }
    concentration = {"colossus": c_col, "highprec": c_hp}
    built = {key: references.reference_maps(case, p, grid) for key, p in params.items()}

    plugin = maps.plugin_profile(case)
    _, concentration["plugin"], params["plugin"] = _construction(case, plugin, h)
    built["plugin"] = maps.maps_of(plugin, grid)

    upstream = maps.upstream_profile(case)
    if upstream is not None:
        _, concentration["upstream"], params["upstream"] = _construction(case, upstream, h)
        built["upstream"] = maps.maps_of(upstream, grid)
    if case.family not in cases_module.RADIAL_FAMILIES:  # quadrature references have no profile floor
        params["floor"] = dict(params["highprec"])
        for name in ("scale_radius", "core_radius"):
            if name in params["floor"]:
                params["floor"][name] *= 1.0 + FLOOR_PERTURBATION
        concentration["floor"] = c_hp / (1.0 + FLOOR_PERTURBATION)
        built["floor"] = references.reference_maps(case, params["floor"], grid)

    errors, rel_maps, parameter_rel_error = {}, {}, {}
    for comparison, (tested, reference) in COMPARISONS.items():
        if tested not in built:
            errors[comparison] = None
            continue
        conv = maps.convergence_rel_error(built[tested][0], built[reference][0])
        defl = maps.deflection_rel_error(built[tested][1], built[reference][1])
        errors[comparison] = {"convergence": _stats(conv), "deflection": _stats(defl)}
        rel_maps[comparison] = {"convergence": conv, "deflection": defl}
        parameter_rel_error[comparison] = {
            name: abs(params[tested][name] / params[reference][name] - 1.0)
            for name in ("kappa_s", "scale_radius", "core_radius", "truncation_radius")
            if name in params[reference] and name in params[tested]
        }
        parameter_rel_error[comparison]["concentration"] = abs(concentration[tested] / concentration[reference] - 1.0)

    result = CaseResult(case.name, asdict(case), concentration, params, parameter_rel_error, errors)
    apply_thresholds(result)
    result.seconds = time.perf_counter() - t0
    return result, (rel_maps if keep_maps else None)


def apply_thresholds(result: CaseResult) -> None:
    """Fill ``result.checks`` and ``result.passed`` from the stated thresholds."""
    checks = {}
    for quantity in ("convergence", "deflection"):
        plugin_truth = result.errors["plugin_vs_highprec"][quantity]["max"]
        plugin_colossus = result.errors["plugin_vs_colossus"][quantity]["max"]
        colossus_truth = result.errors["colossus_vs_highprec"][quantity]["max"]
        checks[f"{quantity}: plugin vs highprec <= {PLUGIN_TOLERANCE:g}"] = bool(plugin_truth <= PLUGIN_TOLERANCE)
        checks[f"{quantity}: plugin vs colossus <= {SLACK_FACTOR:g} x colossus vs highprec + {SLACK_ABS:g}"] = bool(
            plugin_colossus <= SLACK_FACTOR * colossus_truth + SLACK_ABS
        )
    result.checks = checks
    result.passed = all(checks.values())


def run_science_check(
    cases: Optional[Sequence] = None,
    shape_native: Tuple[int, int] = DEFAULT_SHAPE,
    pixel_scales: float = DEFAULT_PIXEL_SCALE,
    out_dir: Optional[Path] = None,
    figures: bool = True,
    verbose: bool = True,
) -> dict:
    """Run the check on ``cases`` (default: every case) and optionally write figures, JSON and markdown.

    Returns the summary (also written as ``summary.json``): settings, thresholds, per-case
    results and ``passed``.
    """
    import autogalaxy as ag

    cases = cases_module.default_cases() if cases is None else tuple(cases)
    # Point values at pixel centres (no 4 x 4 over-sampling of the convergence): the radial
    # references are evaluated where the profiles are.
    grid = ag.Grid2D.uniform(shape_native=shape_native, pixel_scales=pixel_scales, over_sample_size=1)
    h = concentrations.colossus_h()
    t0 = time.perf_counter()
    results = []
    for case in cases:
        result, rel_maps = check_case(case, grid, h, keep_maps=figures and out_dir is not None)
        results.append(result)
        if verbose:
            e = result.errors
            print(f"  {result.name:<44s} plugin/hp {report.worst(e['plugin_vs_highprec']):.1e}  "
                  f"colossus/hp {report.worst(e['colossus_vs_highprec']):.1e}  "
                  f"({result.seconds:.1f} s){'' if result.passed else '  FAIL'}", flush=True)
        if rel_maps is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            report.plot_case(result, rel_maps, shape_native, pixel_scales, out_dir, FLOOR_PERTURBATION)

    summary = dict(
        description=(
            "Per-pixel relative errors of the convergence and deflection maps of the plugin's haloes "
            "(NFW, cored NFW, truncated NFW, gNFW, two SIDM models; Ludlow16, DJ19, Ishiyama21; masses in "
            "any definition; warm dark matter): plugin = autogalaxy_jaxnfw, colossus = colossus' c, "
            "highprec = autogalaxy_jaxnfw.reference (ground truth), upstream = autogalaxy's own class."
        ),
        grid=dict(shape_native=list(shape_native), pixel_scales=pixel_scales),
        error_definitions=dict(
            convergence="|k_a - k_b| / |k_b|",
            deflection=f"|a_a - a_b| / max(|a_b|, {maps.DEFLECTION_FLOOR:g} * max|a_b|) (vector norms)",
        ),
        thresholds=dict(
            plugin_vs_highprec_max=PLUGIN_TOLERANCE,
            plugin_vs_colossus_max=f"<= {SLACK_FACTOR:g} * colossus_vs_highprec_max + {SLACK_ABS:g}",
        ),
        floor_perturbation=FLOOR_PERTURBATION,
        cases=[asdict(r) for r in results],
        passed=all(r.passed for r in results),
        seconds=time.perf_counter() - t0,
    )
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "summary.json").write_text(json.dumps(summary, indent=2))
        (out_dir / "summary.md").write_text(report.markdown_table(summary))
        if figures:
            report.plot_summary(results, out_dir, PLUGIN_TOLERANCE, FLOOR_PERTURBATION)
    return summary

