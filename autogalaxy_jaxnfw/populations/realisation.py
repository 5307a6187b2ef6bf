"""One dark-matter realisation -- every line-of-sight halo and subhalo -- in one jitted call.

:func:`realise` maps (PRNG key, :class:`~.realisation_layout.DarkMatterParameters`) to a
:class:`Realisation` in the static slots of a :class:`~.realisation_layout.RealisationLayout`:

1. counts: per lens plane a Poisson draw of the plane's expected count, and one for the subhaloes
   (:mod:`.realisation_abundance`: the mass functions integrated over the cone);
2. masses: the exact inverse of each plane's cumulative count, from uniform numbers
   (:mod:`.panel_inverse`: the abundance integrals' own rule, inverted by Newton's method);
3. positions: uniform in area within the plane's cone (autolens' ``sample_positions_in_circle``),
   the subhaloes within the cone at the lens;
4. concentrations (the configured ``Relation``, with a log-normal offset in units of 0.15 dex
   drawn per halo) from :func:`~autogalaxy_jaxnfw.profiles.nfw_parameters.nfw_parameters_from`,
   and truncation radii by the configuration's models (:mod:`.truncation`; by default r_t = 2 r_200,
   the workspace's convention of :class:`~autogalaxy_jaxnfw.NFWTruncatedMCRScatterLudlowSphJax`),
   the subhaloes' distances from the host's centre drawn for the Roche model (from a key folded
   out of the realisation's, so the other draws do not change with the model);
5. the planes' negative sheets from the same integrals (:func:`~.realisation_abundance.expected_sheets`).

Steps 1-4 draw from :class:`RealisationTables` (the cumulatives and sheets, which depend on the
parameters only): :func:`realisation_tables` once, then :func:`draw_realisation` per key is the fast path for
many realisations at the same parameters; :func:`realise` does both.

Slots fill plane by plane; a plane that draws more haloes than it has slots makes the whole
realisation incomplete (``complete`` False, every slot invalid): nothing is dropped silently.
:func:`~.realisation_samples.halo_samples` hands a realisation to :class:`~autogalaxy_jaxnfw.populations.simulator.PopulationSimulator`.
"""

from typing import NamedTuple, Optional

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.populations.cone_volumes import geometry
from autogalaxy_jaxnfw.populations.host_radii import host_radii
from autogalaxy_jaxnfw.populations.panel_inverse import CdfTable, inverse_cdf
from autogalaxy_jaxnfw.populations.planes import EMPTY_SLOT_MASS
from autogalaxy_jaxnfw.populations.realisation_abundance import (
    abundance_tables,
    cdf_tables,
    expected_counts_with_mask,
    expected_sheets_with_mask,
)
from autogalaxy_jaxnfw.populations.realisation_layout import DarkMatterParameters, RealisationConfig, RealisationLayout
from autogalaxy_jaxnfw.populations.truncation import resolve_truncation, truncation_radius
from autogalaxy_jaxnfw.profiles.nfw_parameters import nfw_parameters_from

__all__ = ["Realisation", "RealisationTables", "draw_realisation", "realisation_layout", "realisation_tables", "realise",
           "realiser"]


class Realisation(NamedTuple):
    """The haloes of one realisation in static slots: line of sight plane by plane, then subhaloes.

    Attributes
    ----------
    mass : jax.Array, shape (S,)
        M200c [Msun] (the relation's definition); NaN in invalid slots, as every per-slot field.
    concentration : jax.Array, shape (S,)
        c of the relation, offset by the scatter.
    truncation_radius : jax.Array, shape (S,)
        r_t [arcsec] of the configuration's models (:mod:`.truncation`; by default 2 r_200, in
        kpc under upstream's conventions, as the simulator's haloes).
    centres : jax.Array, shape (S, 2)
        (y, x) [arcsec].
    scatter_sigma : jax.Array, shape (S,)
        Concentration offset in units of 0.15 dex (0 without scatter).
    plane_index : int array, shape (S,)
        Lens plane of each slot (static; the subhaloes' is the lens plane).
    is_subhalo : bool array, shape (S,)
        Static: the last ``layout.subhalo_capacity`` slots.
    valid : bool array, shape (S,)
        The slot holds a halo of a complete, valid realisation.
    counts : int array, shape (n_planes + 1,)
        Haloes drawn per plane, then subhaloes (also when they overflow the slots).
    expected : jax.Array, shape (n_planes + 1,)
        Their expected numbers (NaN where the parameters are invalid).
    sheets : jax.Array, shape (n_planes,)
        Each plane's negative convergence sheet (NaN where invalid).
    complete : bool array, shape ()
        Every drawn halo has a slot and the parameters are valid.
    r3d : jax.Array, shape (S,)
        Distance from the host's centre [kpc] of subhaloes under a Roche truncation
        (:func:`~.host_radii.host_radii`); NaN elsewhere.
    """

    mass: jax.Array
    concentration: jax.Array
    truncation_radius: jax.Array
    centres: jax.Array
    scatter_sigma: jax.Array
    plane_index: jax.Array
    is_subhalo: jax.Array
    valid: jax.Array
    counts: jax.Array
    expected: jax.Array
    sheets: jax.Array
    complete: jax.Array
    r3d: jax.Array


def realisation_layout(config: RealisationConfig, parameters: Optional[DarkMatterParameters] = None,
                       n_sigma: float = 6.0, margin: int = 8) -> RealisationLayout:
    """The layout of ``config`` with slots for ``parameters``' expected counts + ``n_sigma`` sqrt + ``margin``.

    Parameters
    ----------
    config : RealisationConfig
    parameters : DarkMatterParameters or None
        Concrete reference parameters (None: the defaults); realisations at other parameters
        use the same slots (flagged where a plane overflows: size the slots for the largest
        abundance of a scan).
    n_sigma : float
        Poisson deviations above the expected count (6: an overflow once in ~1e9 planes).
    margin : int
        Slots added to every plane.
    """
    parameters = DarkMatterParameters() if parameters is None else parameters
    redshifts, lens_plane, radii, volumes, kpc_per_arcsec = geometry(config)
    bare = RealisationLayout(config, redshifts, lens_plane, radii, volumes, kpc_per_arcsec,
                             (0,) * len(redshifts), 0)
    expected = expected_counts_with_mask(parameters, bare)
    if not bool(expected.valid):
        raise ValueError(f"parameters give no valid expected counts for the layout: {expected.value}")
    slots = np.ceil(np.asarray(expected.value) + n_sigma * np.sqrt(np.asarray(expected.value)) + margin).astype(int)
    return RealisationLayout(config, redshifts, lens_plane, radii, volumes, kpc_per_arcsec,
                             tuple(int(s) for s in slots[:-1]), int(slots[-1]))


class RealisationTables(NamedTuple):
    """What every realisation at given parameters shares: the cumulatives, the validity, the sheets.

    Attributes
    ----------
    cdf : CdfTable
        Of each plane, then of the subhaloes (:func:`~.realisation_abundance.cdf_tables`).
    valid : jax.Array of bool, shape ()
        The parameters are valid.
    sheets : jax.Array, shape (n_planes,)
        :func:`~.realisation_abundance.expected_sheets` (NaN if not computed or not valid).
    host_mass : jax.Array, shape ()
        The parameters' host M200c [Msun] (the subhaloes' r3d under a Roche truncation).
    """

    cdf: CdfTable
    valid: jax.Array
    sheets: jax.Array
    host_mass: jax.Array


def realisation_tables(parameters: DarkMatterParameters, layout: RealisationLayout, dtype=float,
                       sheets: bool = True) -> RealisationTables:
    """The :class:`RealisationTables` of ``parameters`` (traceable; concrete invalid parameters raise naming them)."""
    abundance = abundance_tables(parameters, layout)  # traced once for both
    cdf, ok = cdf_tables(parameters, layout, dtype, abundance)
    sheet = expected_sheets_with_mask(parameters, layout, dtype, abundance).value if sheets else jnp.full(layout.n_planes, jnp.nan)
    return RealisationTables(cdf, ok, jnp.asarray(sheet, dtype), jnp.asarray(parameters.host_mass, float))


_HOST_RADIUS_STREAM = 24  # folded into the key for the subhaloes' r3d


def draw_realisation(key, tables: RealisationTables, layout: RealisationLayout, dtype=float) -> Realisation:
    """One realisation from shared :class:`RealisationTables` (steps 1-4 of the module; traceable)."""
    config = layout.config
    ok = tables.valid
    expected = jnp.where(ok, tables.cdf.cumulative[:, -1], jnp.nan)
    plane, rank = layout.plane_of_slot, layout.rank_of_slot
    is_subhalo = np.arange(plane.size) >= sum(layout.capacities)
    row = np.where(is_subhalo, layout.n_planes, plane)  # the distribution of each slot
    capacity = np.asarray(layout.capacities + (layout.subhalo_capacity,))
    k_count, k_mass, k_radius, k_angle, k_scatter = jax.random.split(key, 5)
    counts = jax.random.poisson(k_count, jnp.where(ok, tables.cdf.cumulative[:, -1], 0.0), dtype=jnp.int32)
    complete = ok & jnp.all(counts <= capacity)
    filled = jnp.asarray(rank) < counts[row]

    ln_m, converged = inverse_cdf(tables.cdf, jax.random.uniform(k_mass, (plane.size,), dtype), row)
    valid = filled & complete & converged
    mass = jnp.where(valid, jnp.exp(ln_m), EMPTY_SLOT_MASS)
    radius = jnp.asarray(np.asarray(layout.cone_radii)[plane], dtype) * jnp.sqrt(jax.random.uniform(k_radius, (plane.size,), dtype))
    angle = 2.0 * np.pi * jax.random.uniform(k_angle, (plane.size,), dtype)
    centres = jnp.stack([radius * jnp.cos(angle), radius * jnp.sin(angle)], axis=-1)
    scatter = jax.random.normal(k_scatter, (plane.size,), dtype) if config.scatter else jnp.zeros(plane.size, dtype)
    params = nfw_parameters_from(mass, scatter, np.asarray(layout.redshifts)[plane], config.z_source,
                                 config.halo_cosmology, config.relation)
    r_t, r3d, r3d_ok = _truncation_radii(key, params, mass, layout, tables.host_mass, dtype)
    # A drawn subhalo without its r3d (never seen: the root is bracketed) leaves the realisation incomplete.
    complete = complete & jnp.all(r3d_ok | ~filled)
    valid = valid & complete
    nan = lambda x: jnp.where(valid, jnp.asarray(x, dtype), jnp.nan)  # noqa: E731
    return Realisation(
        mass=nan(mass), concentration=nan(params.concentration), truncation_radius=nan(r_t),
        centres=jnp.where(valid[:, None], centres, jnp.nan), scatter_sigma=nan(scatter),
        plane_index=jnp.asarray(plane), is_subhalo=jnp.asarray(is_subhalo), valid=valid, counts=counts,
        expected=expected.astype(dtype), sheets=tables.sheets, complete=complete, r3d=nan(r3d),
    )


def _truncation_radii(key, params, mass, layout: RealisationLayout, host_mass, dtype):
    """r_t of every slot (line of sight, then subhaloes), the subhaloes' r3d (NaN if not drawn) and its validity."""
    config, split = layout.config, sum(layout.capacities)
    los = resolve_truncation(config.truncation_los, subhalos=False)
    subhalos = resolve_truncation(config.truncation_subhalos, subhalos=True)
    r3d = jnp.full(mass.shape, jnp.nan, dtype)
    ok = jnp.ones(mass.shape, bool)
    if subhalos.kind == "roche":
        drawn, drawn_ok = host_radii(jax.random.fold_in(key, _HOST_RADIUS_STREAM), (layout.subhalo_capacity,),
                                     host_mass, subhalos, layout, dtype)
        r3d, ok = r3d.at[split:].set(drawn), ok.at[split:].set(drawn_ok)
    part = lambda tree, s: type(tree)(*(None if v is None else v[s] for v in tree))  # noqa: E731
    if los == subhalos:
        return truncation_radius(los, params, mass, r3d), r3d, ok
    head, tail = slice(None, split), slice(split, None)
    r_t = jnp.concatenate([truncation_radius(los, part(params, head), mass[head]),
                           truncation_radius(subhalos, part(params, tail), mass[tail], r3d[tail])])
    return r_t, r3d, ok


def realise(key, parameters: DarkMatterParameters, layout: RealisationLayout, dtype=float, sheets: bool = True) -> Realisation:
    """Draw one realisation: :func:`realisation_tables` then :func:`draw_realisation` (traceable; :func:`realiser` compiles it).

    Parameters
    ----------
    key : jax.Array
        A PRNG key.
    parameters : DarkMatterParameters
        May be traced; concrete values outside their domain raise ``ValueError`` naming them.
    layout : RealisationLayout
        Static geometry and slots (:func:`~.realisation_layout.realisation_layout`).
    dtype : dtype
        Of the draws and the computation (float64 or float32).
    sheets : bool
        Compute the sheets (NaN otherwise; they do not depend on ``key``).

    Returns
    -------
    Realisation
        Under ``jax.vmap`` over keys alone the tables are computed once for the batch.

    Notes
    -----
    What is traced is what is recomputed at each call.  A cosmology traced as a whole (as
    :func:`realiser` traces ``parameters``) rebuilds the tables of sigma(R) of its spectrum at
    every call; at a fixed cosmology, trace only the dark-matter numbers and the cold
    spectrum's tables stay constants of the compiled program::

        warm = agj.planck15.replace(m_wdm=6.0)  # made warm while concrete: m_wdm may then be traced
        f = jax.jit(lambda key, m_wdm, sigma_sub: agj.realise(
            key, agj.DarkMatterParameters(cosmology=warm.replace(m_wdm=m_wdm), sigma_sub=sigma_sub), layout))
    """
    return draw_realisation(key, realisation_tables(parameters, layout, dtype, sheets), layout, dtype)


def realiser(layout: RealisationLayout, dtype=float, sheets: bool = True):
    """``jax.jit`` of :func:`realise` for ``layout``: ``f(key, parameters) -> Realisation`` (vmap it over keys)."""
    return jax.jit(lambda key, parameters: realise(key, parameters, layout, dtype, sheets))

