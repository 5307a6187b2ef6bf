"""Expected numbers of line-of-sight haloes and subhaloes of a realisation, their cumulatives, and the sheets.

Per lens plane p the expected count of line-of-sight haloes between m_min and m_max is

    N_p = V_p int dn/d ln M T(M) d ln M,

V_p the comoving volume of the plane's slice of the cone (autolens' geometry,
:mod:`.realisation_layout`), dn/d ln M the cold fit (:func:`~autogalaxy_jaxnfw.mass_function`) at
the plane's redshift on the cold spectrum and T the warm turnover (Lovell 2020 eq. 2, at the
half-mode mass of ``m_wdm``; 1 for cold dark matter), integrated by the abundance integrals' rule
(:mod:`autogalaxy_jaxnfw.lss.abundance_integrals`: the same nodes and weights, so for cold dark
matter N_p / V_p is :func:`~autogalaxy_jaxnfw.number_density` to rounding).  The subhaloes'
expected count is pyHalo's d^2N / dm dA (:mod:`autogalaxy_jaxnfw.lss.subhalo_mass_function`)
integrated over mass by the same rule and over the cone's area at the lens.  Each plane's
negative sheet is minus its haloes' expected projected mass over the cone's area,

    kappa_p = -(V_p / A_p) int dn/d ln M T(M) <m_proj(M)> d ln M,

with m_proj the truncated NFW's total projected mass over Sigma_crit
(:func:`~autogalaxy_jaxnfw.populations.plane_sheets.projected_mass`, the haloes' own parameters and the
configuration's line-of-sight truncation, :mod:`.truncation`) averaged
over the log-normal concentration scatter by Gauss-Hermite quadrature.

Everything is differentiable in the :class:`~.realisation_layout.DarkMatterParameters`.
Validity: the cosmology in its domain (``m_wdm`` > 0), sigma_sub >= 0, the slope finite with the
power law representable over the mass range, the host mass > 0, the fit calibrated at every node,
the tables finite; a concrete parameter outside raises ``ValueError``
naming it, a traced one gives NaN with ``valid`` False and zero derivatives.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.parameters import require_cosmology
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.cosmology.tables import tables_for
from autogalaxy_jaxnfw.lss.abundance_integrals import AbundanceIntegral
from autogalaxy_jaxnfw.lss.mass_function import check_model, mass_function_at
from autogalaxy_jaxnfw.lss.sharp_k_mass_function import SharpKModel
from autogalaxy_jaxnfw.lss.subhalo_mass_function import (
    M_PIVOT,
    check_host,
    check_shape,
    check_sigma_sub,
    host_factor,
    host_scaling_parameters,
    subhalo_half_mode_mass,
    turnover_of_ln_m,
)
from autogalaxy_jaxnfw.lss.warm_routes import warm_route
from autogalaxy_jaxnfw.lss.warm_turnover import check_turnover, warm_factor_with_mask
from autogalaxy_jaxnfw.numerics.domain import require
from autogalaxy_jaxnfw.numerics.inputs import as_float
from autogalaxy_jaxnfw.populations.panel_inverse import CdfTable, cdf_table, ln_mass_nodes, rule_integral
from autogalaxy_jaxnfw.populations.plane_sheets import projected_mass
from autogalaxy_jaxnfw.populations.realisation_layout import DarkMatterParameters, RealisationLayout
from autogalaxy_jaxnfw.populations.truncation import resolve_truncation, truncation_radius
from autogalaxy_jaxnfw.profiles.halo_cosmology import resolve_cosmology
from autogalaxy_jaxnfw.profiles.nfw_parameters import nfw_parameters_from
from autogalaxy_jaxnfw.settings.conventions import get_conventions

__all__ = ["SCATTER_NODES", "abundance_tables", "expected_counts", "expected_counts_with_mask", "expected_sheets",
           "expected_sheets_with_mask"]

SCATTER_NODES = 7
"""Gauss-Hermite nodes of the sheets' average over the concentration scatter (a smooth integrand)."""
_HERMITE_X, _HERMITE_W = np.polynomial.hermite_e.hermegauss(SCATTER_NODES)
_HERMITE_W = _HERMITE_W / _HERMITE_W.sum()


def _checked(parameters: DarkMatterParameters, layout: RealisationLayout):
    """Safe parameters (stand-ins where invalid), their validity and the LOS route; concrete invalid values raise."""
    config = layout.config
    check_model(config.model, config.mdef)
    route = warm_route(config.warm)
    if isinstance(route, SharpKModel):
        raise ValueError("warm must be a turnover (route (a)) for realisations; got the sharp-k route")
    if route is not None:
        check_turnover(route)
    cosmology = require_cosmology(parameters.cosmology, "parameters.cosmology")
    sigma_sub, slope, host = (_scalar(getattr(parameters, name), name) for name in ("sigma_sub", "subhalo_slope", "host_mass"))
    ok = check_sigma_sub(sigma_sub)
    # The slope in the mask too: a traced NaN slope runs at the stand-in (no NaN derivative).  Its
    # domain: the power law (m / 1e8 Msun)^(slope + 1) representable in JAX's float over
    # [m_min, m_max] (a slope of +200 over 1e6-1e10 Msun would overflow to an infinite count).
    ln_span = max(abs(np.log(config.m_min / M_PIVOT)), abs(np.log(config.m_max / M_PIVOT)))
    limit = float(np.log(jnp.finfo(float).max)) / 2.0 / ln_span
    ok = ok & require("subhalo_slope", slope, jnp.isfinite(slope) & (jnp.abs(slope + 1.0) <= limit),
                      f"finite with |subhalo_slope + 1| <= {limit:.4g} (the power law representable over [m_min, m_max])")
    ok = ok & require("host_mass", host, check_host(host, 0.5), "finite and > 0 Msun")
    cosmology, cosmology_ok = valid_or_stand_in(cosmology)
    ok = ok & cosmology_ok
    safe = lambda x, v: jnp.where(ok, x, v)  # noqa: E731
    return (cosmology, safe(sigma_sub, 0.0), safe(slope, -1.9), safe(host, 1e13)), ok, route


def _scalar(value, name):
    """A scalar field of :class:`DarkMatterParameters` in JAX's default float; ``TypeError`` naming it otherwise."""
    value = as_float(value, name)
    if np.ndim(value) != 0:
        raise TypeError(f"{name} must be a scalar (one realisation's parameter; jax.vmap for many); got shape {np.shape(value)}")
    return jnp.asarray(value, dtype=float)


def abundance_tables(parameters: DarkMatterParameters, layout: RealisationLayout):
    """dN / d ln m at the rule's nodes: per plane (line of sight, whole plane) and for the subhaloes.

    In JAX's default float (float64 under x64): the outputs of the functions below are cast to
    their ``dtype``, so that float32 draws rest on accurate tables.

    Returns
    -------
    (ln_nodes, los, subhalos, valid)
        ln m [Msun] at the nodes (N_PANELS * N_NODES,), the line-of-sight dN / d ln m per plane
        (n_planes, nodes) and the subhaloes' (nodes,), both in counts per unit ln m over the whole
        plane or cone (zeros where not valid), and the validity.
    """
    config = layout.config
    (cosmology, sigma_sub, slope, host), ok, route = _checked(parameters, layout)
    ln_lo, ln_hi = jnp.asarray(np.log(config.m_min), float), jnp.asarray(np.log(config.m_max), float)
    ln_m = ln_mass_nodes(ln_lo, ln_hi)
    # The cold fit runs on the cold spectrum; a warm cosmology enters through the turnover.
    cold = cosmology if cosmology.dark_matter == "cold" else cosmology.replace(m_wdm=float("inf"))
    h = cosmology.h
    mass_h = jnp.exp(ln_m) * h
    z = jnp.asarray(layout.redshifts, float)[:, None]
    dn, in_table, calibrated, _ = mass_function_at(tables_for(cold), cold, mass_h, z, config.mdef, config.model, "dndlnM")
    ok = ok & jnp.all(in_table & calibrated)
    if route is not None and cosmology.dark_matter != "cold":
        factor, factor_ok = warm_factor_with_mask(mass_h, cosmology, route)
        ok = ok & jnp.all(factor_ok)
        dn = dn * jnp.where(factor_ok, factor, 1.0)
    elif cosmology.dark_matter != "cold":
        raise ValueError("warm must be a turnover for a warm cosmology; got None")
    los = dn * h**3 * jnp.asarray(layout.volumes, float)[:, None]
    m_hm, hm_ok = subhalo_half_mode_mass(cosmology)
    shape_ok, turnover = check_shape(slope, jnp.where(hm_ok, m_hm, 0.0), config.subhalo_turnover)
    ok = ok & hm_ok & shape_ok
    amplitude = sigma_sub * host_factor(host, config.z_lens, host_scaling_parameters(config.host_scaling))
    per_ln_m = jnp.exp((slope + 1.0) * (ln_m - np.log(M_PIVOT)))
    subhalos = amplitude * per_ln_m * turnover_of_ln_m(ln_m, jnp.where(hm_ok, m_hm, 0.0), turnover) * layout.subhalo_area_kpc2
    # Overflow of the amplitude (a sigma_sub or host mass near the float's range) is no count.
    ok = ok & jnp.all(jnp.isfinite(los)) & jnp.all(jnp.isfinite(subhalos))
    zero = lambda x: jnp.where(ok, x, 0.0)  # noqa: E731
    return ln_m, zero(los), zero(subhalos), ok


def expected_counts_with_mask(parameters: DarkMatterParameters, layout: RealisationLayout, dtype=float) -> AbundanceIntegral:
    """:class:`~autogalaxy_jaxnfw.lss.abundance_integrals.AbundanceIntegral` of :func:`expected_counts`."""
    ln_m, los, subhalos, ok = abundance_tables(parameters, layout)
    lo, hi = (jnp.asarray(np.log(m), ln_m.dtype) for m in (layout.config.m_min, layout.config.m_max))
    counts = jnp.concatenate([rule_integral(lo, hi, los), rule_integral(lo, hi, subhalos)[None]])
    return AbundanceIntegral(jnp.where(ok, counts, jnp.nan).astype(dtype), ok)


def expected_counts(parameters: DarkMatterParameters, layout: RealisationLayout, dtype=float):
    """Expected line-of-sight haloes on each plane, then subhaloes, between m_min and m_max.

    Parameters
    ----------
    parameters : DarkMatterParameters
        May be traced.
    layout : RealisationLayout
        The geometry (its slots do not enter).
    dtype : dtype
        Of the computation.

    Returns
    -------
    jax.Array, shape (n_planes + 1,)
        NaN where not valid.
    """
    return expected_counts_with_mask(parameters, layout, dtype).value


def cdf_tables(parameters: DarkMatterParameters, layout: RealisationLayout, dtype=float, abundance=None):
    """The :class:`~.panel_inverse.CdfTable` of every plane then of the subhaloes (n_planes + 1 rows), and the validity.

    ``abundance``: :func:`abundance_tables` of the same arguments when already computed.
    """
    ln_m, los, subhalos, ok = abundance_tables(parameters, layout) if abundance is None else abundance
    rows = jnp.concatenate([los, subhalos[None]])
    n = rows.shape[0]
    lo = jnp.full((n,), np.log(layout.config.m_min), rows.dtype)
    hi = jnp.full((n,), np.log(layout.config.m_max), rows.dtype)
    return CdfTable(*(a.astype(dtype) for a in cdf_table(lo, hi, rows))), ok


@functools.lru_cache(maxsize=32)
def mean_projected_mass(layout: RealisationLayout, halo_cosmology, conventions, dtype: str) -> np.ndarray:
    """<m_proj> of the sheets' integrand at the rule's nodes, per plane [arcsec^2], shape (n_planes, nodes).

    The projected mass of a halo of each node's mass on each plane (the configuration's relation
    and line-of-sight truncation, ``halo_cosmology`` resolved, ``conventions`` as
    :func:`~autogalaxy_jaxnfw.get_conventions`), averaged over the concentration scatter by
    Gauss-Hermite quadrature: a function of the static configuration alone, evaluated once per
    layout (a traced realisation would otherwise solve a concentration per plane, scatter node and
    mass node at every call).  NaN where the relation has no value.
    """
    config = layout.config
    scatter = _HERMITE_X if config.scatter else np.zeros(1)
    weights = _HERMITE_W if config.scatter else np.ones(1)
    with jax.ensure_compile_time_eval():
        ln_m = ln_mass_nodes(jnp.asarray(np.log(config.m_min), dtype), jnp.asarray(np.log(config.m_max), dtype))
        # Plane x scatter x node.
        shape = (layout.n_planes, len(scatter), ln_m.shape[0])
        mass = jnp.broadcast_to(jnp.exp(ln_m), shape)
        offsets = jnp.broadcast_to(jnp.asarray(scatter, dtype)[None, :, None], shape)
        redshift = np.broadcast_to(np.asarray(layout.redshifts)[:, None, None], shape)
        params = nfw_parameters_from(mass, offsets, redshift, config.z_source, halo_cosmology, config.relation)
        r_t = truncation_radius(resolve_truncation(config.truncation_los, subhalos=False), params, mass)
        projected = projected_mass(params.kappa_s, params.scale_radius, r_t)
        mean = np.asarray(jnp.sum(jnp.asarray(weights, dtype)[None, :, None] * projected, axis=1), dtype)
    mean.flags.writeable = False
    return mean


def expected_sheets_with_mask(parameters: DarkMatterParameters, layout: RealisationLayout, dtype=float,
                              abundance=None) -> AbundanceIntegral:
    """:class:`~autogalaxy_jaxnfw.lss.abundance_integrals.AbundanceIntegral` of :func:`expected_sheets` (``abundance`` as :func:`cdf_tables`)."""
    config = layout.config
    ln_m, los, _, ok = abundance_tables(parameters, layout) if abundance is None else abundance
    dtype, out_dtype = ln_m.dtype, dtype
    # Resolved here, not in the cache: the defaults of the process (halo cosmology, conventions) are keys.
    halo_cosmology = resolve_cosmology(config.halo_cosmology, "halo_cosmology")
    mean_projected = jnp.asarray(mean_projected_mass(layout, halo_cosmology, get_conventions(), jnp.dtype(dtype).name))
    lo, hi = jnp.asarray(np.log(config.m_min), dtype), jnp.asarray(np.log(config.m_max), dtype)
    sheets = -rule_integral(lo, hi, los * mean_projected) / jnp.asarray(layout.cone_areas, dtype)
    return AbundanceIntegral(jnp.where(ok, sheets, jnp.nan).astype(out_dtype), ok)


def expected_sheets(parameters: DarkMatterParameters, layout: RealisationLayout, dtype=float):
    """Each plane's negative convergence sheet, minus its haloes' expected convergence over the cone.

    Parameters and returns as :func:`expected_counts` (shape (n_planes,): kappa <= 0 of the
    sheet, Sigma_crit of the plane and the source; NaN where not valid).
    """
    return expected_sheets_with_mask(parameters, layout, dtype).value
