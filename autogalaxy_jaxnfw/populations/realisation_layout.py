"""What a dark-matter realisation is drawn from: the model's parameters, the static configuration, the slots.

:class:`DarkMatterParameters` holds what may be traced (differentiated, vmapped): the cosmology of
the mass function (``m_wdm`` included), sigma_sub, the subhalo mass function's slope and the host's
mass.  :class:`RealisationConfig` holds what the compiled program is built for: the lens and source
redshifts, the planes (autolens' ``los.los_planes_from``), the light cone (constant angular radius
in front of the lens; behind it autolens' shrinking radius, He et al. 2022, or pyHalo's double cone,
with pyHalo's two-halo term near the lens: :mod:`.cone_volumes`), the mass range, the mass
function's fit and the warm-dark-matter turnovers, the concentration ``Relation``.
:func:`~.realisation.realisation_layout` fixes the slots: per plane, the expected count at reference parameters
plus ``n_sigma`` Poisson deviations plus a margin, so that the arrays of every realisation have
static shapes; a realisation that draws more than a plane holds is flagged, never cut.

The geometry (plane volumes, cone radii, the lens plane's kpc per arcsec) is evaluated once, in
NumPy, with the lensing cosmology (autogalaxy's Planck15 by default, autolens' choice); the
derivatives with respect to the cosmology are those of the abundances at fixed geometry.
"""

from dataclasses import dataclass
from typing import Any, NamedTuple, Tuple

import numpy as np

from autogalaxy_jaxnfw.cosmology.parameters import Cosmology, planck15
from autogalaxy_jaxnfw.halo.relation_choice import Relation
from autogalaxy_jaxnfw.lss.mass_function import check_model
from autogalaxy_jaxnfw.lss.sharp_k_mass_function import SharpKModel
from autogalaxy_jaxnfw.lss.subhalo_mass_function import host_scaling_parameters
from autogalaxy_jaxnfw.lss.warm_routes import warm_route
from autogalaxy_jaxnfw.lss.warm_turnover import turnover
from autogalaxy_jaxnfw.profiles.halo_cosmology import HaloCosmology
from autogalaxy_jaxnfw.populations.cone_volumes import CONES
from autogalaxy_jaxnfw.populations.planes import PlaneLayout
from autogalaxy_jaxnfw.populations.truncation import resolve_truncation

__all__ = ["DarkMatterParameters", "RealisationConfig", "RealisationLayout"]


class DarkMatterParameters(NamedTuple):
    """The traceable parameters of a realisation (a pytree; any field may be traced).

    Attributes
    ----------
    cosmology : Cosmology
        Of the line-of-sight mass function; its ``m_wdm`` [keV] sets both half-mode masses
        (a traced ``m_wdm`` needs a cosmology made warm, e.g. ``planck15.replace(m_wdm=6.0)``).
    sigma_sub : float
        Subhalo abundance at 1e8 Msun of a 1e13 Msun host at z = 0.5 [kpc^-2], >= 0
        (:mod:`autogalaxy_jaxnfw.lss.subhalo_mass_function`).
    subhalo_slope : float
        Logarithmic slope of dN/dm of subhaloes (pyHalo's -1.9), finite.
    host_mass : float
        M200c of the host [Msun], > 0.

    The three numbers are scalars (Python or NumPy numbers, 0-d arrays, tracers): a list, an
    array or a string raises ``TypeError`` naming the field (``jax.vmap`` for many parameters).
    """

    cosmology: Cosmology = planck15
    sigma_sub: Any = 0.025
    subhalo_slope: Any = -1.9
    host_mass: Any = 1.0e13


@dataclass(frozen=True)
class RealisationConfig:
    """The static configuration of a realisation (hashable).

    Attributes
    ----------
    z_lens, z_source : float
        Main lens and source redshifts, 0 < z_lens < z_source.
    cone_radius : float
        Angular radius of the light cone in front of the lens [arcsec] (autolens'
        ``cone_radius_arcsec``; pyHalo's ``cone_opening_angle`` is the diameter); subhaloes are
        drawn within it at the lens.
    m_min, m_max : float
        Mass range of haloes and subhaloes [Msun], 0 < m_min < m_max.
    planes_before_lens, planes_after_lens : int
        As autolens' ``los_planes_from`` (the lens redshift is a plane).
    model, mdef : str
        The mass function's fit and its definition (:func:`~autogalaxy_jaxnfw.mass_function`);
        Sheth & Tormen (1999) by default, as autolens and pyHalo, whose masses are then read as
        M200c, as both codes do.
    warm : str or Turnover
        Turnover of line-of-sight haloes for a warm cosmology (route (a) of
        :mod:`autogalaxy_jaxnfw.lss.warm_routes`; Lovell 2020's field haloes by default).
    subhalo_turnover : str or Turnover
        Turnover of subhaloes (Lovell 2020's subhaloes by default).
    host_scaling : str or HostScaling
        The subhalo abundance's host scaling (:data:`~autogalaxy_jaxnfw.lss.subhalo_mass_function.HOST_SCALINGS`).
    relation : Relation or None
        The haloes' c(M) (None: Ludlow et al. 2016, 200c).
    halo_cosmology : HaloCosmology, Cosmology or None
        Of the concentrations and lensing parameters, as :func:`~autogalaxy_jaxnfw.profiles.nfw_parameters.nfw_parameters_from`.
    lensing_cosmology : autogalaxy LensingCosmology or None
        Of the geometry (None: autogalaxy's Planck15).
    cone : str
        ``"autolens"`` (autolens' cone, the default) or ``"double_cone"`` (pyHalo's):
        :mod:`.cone_volumes`.
    two_halo_boost : float
        pyHalo's two-halo factor B >= 0 (0: none): the lens plane gains B times the cone's volume
        between z_lens and z_lens + ``two_halo_window`` (:func:`~.cone_volumes.two_halo_volume`);
        ``agj.two_halo_boost(host_mass, z_lens)`` computes pyHalo's (:mod:`.two_halo`).
    two_halo_window : float
        That slab's depth in redshift (pyHalo's plane spacing, 0.02), > 0.
    scatter : bool
        Draw each halo's log-normal concentration offset (0.15 dex units); False: the mean relation.
    truncation_los, truncation_subhalos : str or Truncation
        The truncation radii of line-of-sight haloes and of subhaloes (pyHalo's
        ``truncation_model_fieldhalos`` and ``truncation_model_subhalos``): ``"workspace"``
        (r_t = 2 r_200, the default), pyHalo's ``"TRUNCATION_RN"`` / ``"TRUNCATION_R50"`` /
        ``"TRUNCATION_R200"``, ``"TRUNCATION_ROCHE"`` / ``"TRUNCATION_ROCHE_GILMAN2020"``
        (subhaloes only) or an :class:`~autogalaxy_jaxnfw.Truncation` (``MULTIPLE_RS`` needs its
        tau): :mod:`.truncation`.  The sheets use the line-of-sight haloes' model.
    """

    z_lens: float = 0.5
    z_source: float = 2.0
    cone_radius: float = 3.0
    m_min: float = 1.0e6
    m_max: float = 1.0e10
    planes_before_lens: int = 4
    planes_after_lens: int = 4
    model: str = "sheth99"
    mdef: str = "fof"
    warm: Any = "lovell20"
    subhalo_turnover: Any = "lovell20_subhalo"
    host_scaling: Any = "pyhalo"
    relation: Any = None
    halo_cosmology: Any = None
    lensing_cosmology: Any = None
    scatter: bool = True
    cone: str = "autolens"
    two_halo_boost: float = 0.0
    two_halo_window: float = 0.02
    truncation_los: Any = "workspace"
    truncation_subhalos: Any = "workspace"

    def __post_init__(self):
        for name in ("z_lens", "z_source", "cone_radius", "m_min", "m_max", "two_halo_boost", "two_halo_window"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise TypeError(f"{name} must be a real number; got {value!r}")
        _named("model and mdef", check_model, self.model, self.mdef)
        if isinstance(_named("warm", warm_route, self.warm), SharpKModel):
            raise ValueError("warm must be None or a turnover (route (a)) for realisations; got the sharp-k route")
        _named("subhalo_turnover", turnover, self.subhalo_turnover)
        _named("host_scaling", host_scaling_parameters, self.host_scaling)
        _named("truncation_los", resolve_truncation, self.truncation_los, False)
        _named("truncation_subhalos", resolve_truncation, self.truncation_subhalos, True)
        if self.relation is not None and not isinstance(self.relation, Relation):
            raise TypeError(f"relation must be None or an agj.Relation; got {self.relation!r}")
        if self.halo_cosmology is not None and not isinstance(self.halo_cosmology, (HaloCosmology, Cosmology)):
            raise TypeError(f"halo_cosmology must be None, an agj.HaloCosmology or an agj.Cosmology; got {self.halo_cosmology!r}")
        if self.lensing_cosmology is not None and not hasattr(self.lensing_cosmology, "angular_diameter_distance_kpc_z1z2"):
            raise TypeError(f"lensing_cosmology must be None or an autogalaxy cosmology; got {self.lensing_cosmology!r}")
        if not isinstance(self.scatter, (bool, np.bool_)):
            raise TypeError(f"scatter must be True or False; got {self.scatter!r}")
        z_lens, z_source = float(self.z_lens), float(self.z_source)
        if not (np.isfinite(z_lens) and np.isfinite(z_source) and 0.0 < z_lens < z_source):
            raise ValueError(f"z_lens and z_source must be finite with 0 < z_lens < z_source; got {self.z_lens}, {self.z_source}")
        if not (np.isfinite(self.cone_radius) and self.cone_radius > 0.0):
            raise ValueError(f"cone_radius must be finite and > 0 arcsec; got {self.cone_radius}")
        if not (np.isfinite(self.m_max) and 0.0 < self.m_min < self.m_max):
            raise ValueError(f"m_min and m_max must satisfy 0 < m_min < m_max (finite) [Msun]; got {self.m_min}, {self.m_max}")
        if self.cone not in CONES:
            raise ValueError(f"cone must be one of {CONES}; got {self.cone!r}")
        if not (np.isfinite(self.two_halo_boost) and self.two_halo_boost >= 0.0):
            raise ValueError(f"two_halo_boost must be finite and >= 0; got {self.two_halo_boost}")
        if not (np.isfinite(self.two_halo_window) and 0.0 < self.two_halo_window < z_source - z_lens):
            raise ValueError(f"two_halo_window must be in (0, z_source - z_lens); got {self.two_halo_window}")
        for name in ("planes_before_lens", "planes_after_lens"):
            value = getattr(self, name)
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"{name} must be an integer >= 0; got {value!r}")
            if value < 0:
                raise ValueError(f"{name} must be an integer >= 0; got {value}")


def _named(name, check, *values):
    """``check(*values)``, its error naming the configuration's field."""
    try:
        return check(*values)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{name}: {error}") from None


@dataclass(frozen=True)
class RealisationLayout:
    """The static geometry and slots of a realisation (hashable: the compiled program's structure).

    Attributes
    ----------
    config : RealisationConfig
    redshifts : tuple of float
        Lens planes (autolens' centres), the lens among them.
    lens_plane : int
        Index of the lens plane.
    cone_radii : tuple of float
        Angular radius of the cone at each plane [arcsec].
    volumes : tuple of float
        Comoving volume of each plane's slice of the cone [Mpc^3].
    kpc_per_arcsec_lens : float
        Physical kpc per arcsec at the lens (the subhaloes' area).
    capacities : tuple of int
        Slots for line-of-sight haloes on each plane.
    subhalo_capacity : int
        Slots for subhaloes (on the lens plane).
    """

    config: RealisationConfig
    redshifts: Tuple[float, ...]
    lens_plane: int
    cone_radii: Tuple[float, ...]
    volumes: Tuple[float, ...]
    kpc_per_arcsec_lens: float
    capacities: Tuple[int, ...]
    subhalo_capacity: int

    @property
    def n_planes(self) -> int:
        return len(self.redshifts)

    @property
    def cone_areas(self) -> np.ndarray:
        """pi r^2 of each plane's cone [arcsec^2]."""
        return np.pi * np.asarray(self.cone_radii) ** 2

    @property
    def subhalo_area_kpc2(self) -> float:
        """The subhaloes' projected area at the lens [kpc^2]."""
        return float(np.pi * (self.config.cone_radius * self.kpc_per_arcsec_lens) ** 2)

    @property
    def plane_layout(self) -> PlaneLayout:
        """The :class:`PlaneLayout` of the tracer and simulator: line-of-sight slots, plus the subhaloes' on the lens plane."""
        capacities = list(self.capacities)
        capacities[self.lens_plane] += self.subhalo_capacity
        return PlaneLayout(self.redshifts, self.config.z_source, tuple(capacities))

    @property
    def plane_of_slot(self) -> np.ndarray:
        """Plane of each line-of-sight slot, then of each subhalo slot."""
        los = np.repeat(np.arange(self.n_planes), self.capacities)
        return np.concatenate([los, np.full(self.subhalo_capacity, self.lens_plane)]).astype(np.int32)

    @property
    def rank_of_slot(self) -> np.ndarray:
        """Rank of each slot among its plane's line-of-sight slots (or among the subhalo slots)."""
        offsets = np.concatenate([[0], np.cumsum(self.capacities)])[:-1]
        los = np.arange(sum(self.capacities)) - np.repeat(offsets, self.capacities)
        return np.concatenate([los, np.arange(self.subhalo_capacity)]).astype(np.int32)

