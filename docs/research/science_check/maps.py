"""The plugin's and upstream's profile classes for a case, their maps, and the per-pixel error measures."""

import math
from typing import Optional, Tuple

import numpy as np

DEFLECTION_FLOOR = 1.0e-6
"""Denominator floor of the deflection relative error, as a fraction of the map's largest |alpha|."""

_CLASSES = {
    # family, spherical, scattered -> class name (the plugin's adds "Jax")
    ("nfw", True, True): "NFWMCRScatterLudlowSph",
    ("nfw", False, True): "NFWMCRScatterLudlow",
    ("cnfw", True, True): "cNFWMCRScatterLudlowSph",
    ("cnfw", False, True): "cNFWMCRScatterLudlow",
    ("tnfw", True, False): "NFWTruncatedMCRLudlowSph",
    ("tnfw", True, True): "NFWTruncatedMCRScatterLudlowSph",
    ("gnfw", True, False): "gNFWMCRLudlow",  # with ell_comps = (0, 0)
    ("kaplinghat", True, False): "KaplinghatCoredNFWMCRLudlowSph",
    ("yang24", True, False): "YangSIDMMCRLudlowSph",
}
UPSTREAM_MAPS_BY_SCIPY = ("gnfw", "kaplinghat", "yang24")
"""Families whose upstream maps integrate per pixel with SciPy (seconds per 100 pixels): not evaluated."""


def class_name(case) -> Optional[str]:
    """The upstream class name of a Ludlow16, M200c, cold case (None for the other relations)."""
    if case.relation != "ludlow16" or case.mdef != "200c" or math.isfinite(case.m_wdm):
        return None
    scattered = case.scatter_sigma != 0.0 or case.family in ("nfw", "cnfw")
    return _CLASSES[(case.family, case.spherical, scattered)]


def _mcr_kwargs(case) -> dict:
    kwargs = dict(centre=(0.0, 0.0), mass_at_200=case.mass_at_200, redshift_object=case.redshift_object,
                  redshift_source=case.redshift_source, **case.extra)
    if case.scatter_sigma != 0.0 or case.family in ("nfw", "cnfw"):
        kwargs["scatter_sigma"] = case.scatter_sigma
    if case.family == "cnfw":
        kwargs["f_c"] = case.f_c
    if not case.spherical:
        kwargs["ell_comps"] = case.ell_comps
    return kwargs


def plugin_profile(case):
    """This package's class for the case.

    The mass-definition and warm cases use ``NFWMCRLudlowMassDefinitionSphJax`` (subclassed for
    the definition) and ``NFWMCRWarmLudlowSphJax``; DJ19 and Ishiyama21 the spherical NFW
    sibling on their relation (``agj.with_relation``), the mass in the case's definition.
    """
    import autogalaxy_jaxnfw as agj

    halo = dict(centre=(0.0, 0.0), redshift_object=case.redshift_object, redshift_source=case.redshift_source)
    # The check is of the default (upstream-compatible) cosmology pairing, whatever a caller
    # may have set module-wide with set_cosmology.
    with agj.use_cosmology(None):
        if case.relation != "ludlow16":
            relation = agj.Relation(model=case.relation, mass_definition=case.mdef)
            return agj.with_relation(agj.NFWMCRLudlowSphJax, relation)(mass_at_200=case.mass_at_200, **halo)
        if case.mdef != "200c":
            cls = type("MassDefinitionHalo", (agj.NFWMCRLudlowMassDefinitionSphJax,), {"mass_definition": case.mdef})
            return cls(mass=case.mass_at_200, **halo)
        if math.isfinite(case.m_wdm):
            return agj.NFWMCRWarmLudlowSphJax(mass_at_200=case.mass_at_200, inverse_m_wdm=1.0 / case.m_wdm, **halo)
        return getattr(agj, class_name(case) + "Jax")(**_mcr_kwargs(case))


def upstream_profile(case):
    """Upstream autogalaxy's own class for the case (its own conventions), or None (see module notes)."""
    import autogalaxy as ag

    name = class_name(case)
    if name is None or case.family in UPSTREAM_MAPS_BY_SCIPY:
        return None
    return getattr(ag.mp, name)(**_mcr_kwargs(case))


def profile_parameters(profile) -> dict:
    """kappa_s, scale_radius (and core_radius, truncation_radius) of a built profile, as floats."""
    params = dict(kappa_s=float(profile.kappa_s), scale_radius=float(profile.scale_radius))
    for name in ("core_radius", "truncation_radius"):
        if getattr(profile, name, None) is not None:
            params[name] = float(getattr(profile, name))
    return params


def maps_of(profile, grid) -> Tuple[np.ndarray, np.ndarray]:
    """Convergence (N,) and deflections (N, 2) of ``profile`` on ``grid`` as NumPy arrays."""
    with np.errstate(invalid="ignore", divide="ignore"):  # upstream's discarded np.where branches
        convergence = np.asarray(profile.convergence_2d_from(grid=grid).array, dtype=float)
        deflections = np.asarray(profile.deflections_yx_2d_from(grid=grid).array, dtype=float)
    return convergence, deflections


def convergence_rel_error(tested: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Per-pixel |kappa_a - kappa_b| / |kappa_b| (kappa is positive on every pixel)."""
    return np.abs(tested - reference) / np.abs(reference)


def deflection_rel_error(tested: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Per-pixel |alpha_a - alpha_b| / max(|alpha_b|, DEFLECTION_FLOOR max|alpha_b|), vector norms."""
    norm_ref = np.hypot(reference[:, 0], reference[:, 1])
    denominator = np.maximum(norm_ref, DEFLECTION_FLOOR * norm_ref.max())
    diff = tested - reference
    return np.hypot(diff[:, 0], diff[:, 1]) / denominator
