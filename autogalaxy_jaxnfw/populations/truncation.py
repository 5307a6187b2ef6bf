"""Truncation radii of a realisation's haloes: the workspace's 2 r_200, or pyHalo's analytic models.

A :class:`Truncation` names one model and holds its parameters; :class:`~.realisation_layout.RealisationConfig`
takes one for the line-of-sight haloes (``truncation_los``) and one for the subhaloes
(``truncation_subhalos``), as pyHalo's presets take ``truncation_model_fieldhalos`` and
``truncation_model_subhalos`` (pyHalo 1.5, ``truncation_models.py`` and ``Halos/tidal_truncation.py``,
the source of the conventions below).  Every radius is physical [kpc] first, then divided by the
kpc per arcsec of the halo's plane (the halo cosmology's, as r_s and r_200 are), as pyHalo
converts its ``r_trunc`` at the halo's redshift.

``"workspace"``
    r_t = 2 r_200, the workspace's convention (:class:`~autogalaxy_jaxnfw.NFWTruncatedMCRScatterLudlowSphJax`;
    in kpc under :func:`~autogalaxy_jaxnfw.upstream_conventions`, as
    :func:`~autogalaxy_jaxnfw.profiles.nfw_parameters.nfw_parameters_from` gives it).  The default.
``"TRUNCATION_RN"`` (``overdensity`` N, 50 by default), ``"TRUNCATION_R50"``, ``"TRUNCATION_R200"``
    pyHalo's ``TruncationRN``: the radius of a sphere of mass M200c at mean density N rho_crit(z),

        r_t = (3 M200c / (4 pi N rho_crit(z)))^(1/3) = r_200 (200 / N)^(1/3)        [kpc],

    rho_crit(z) = 3 H(z)^2 / (8 pi G) physical (pyHalo: lenstronomy's ``rhoc_z``, h^2 cancelling
    between its M h and its (Mpc/h)); the same rho_crit as r_200, so the ratio is exact.  It is
    not the NFW's own r_N (the radius where the NFW's mean enclosed density is N rho_crit, which
    lies further out for N < 200: :func:`~.los_sheets.truncation_tau` solves for that one);
    pyHalo's CDM preset truncates line-of-sight haloes at N = 50.
``"TRUNCATION_ROCHE"``, ``"TRUNCATION_ROCHE_GILMAN2020"`` (``norm``, ``m_power``, ``nu``)
    pyHalo's ``TruncationRoche``, subhaloes only (Cyr-Racine et al. 2016, PRD 94, 043505, for a
    subhalo in an isothermal host; Gilman et al. 2020, MNRAS 491, 6077, with these defaults):

        r_t = norm (m / 10^7 Msun)^m_power (r3d / 50 kpc)^nu                          [kpc],

    norm = 1.4 kpc, m_power = 1/3, nu = 2/3, m the subhalo's mass (the realisation's, in the
    relation's definition, as pyHalo's ``halo.mass``), r3d its distance from the host's centre
    [kpc].  pyHalo rounds this r_t to 10^-3 kpc (``np.round(r_t, 3)``); the package does not
    (the rounding is a step function, with zero derivative).
``"MULTIPLE_RS"`` (``tau``, required)
    pyHalo's ``Multiple_RS``: r_t = tau r_s.

pyHalo's Galacticus truncations (``TRUNCATION_GALACTICUS``, its CDM preset's default for subhaloes,
and the ``_KEELEY24``, ``_ZINFALL`` and ``_CDM_APPROX`` variants) interpolate tables of bound mass
from Galacticus' orbits and cannot be written in closed form; ``TRUNCATION_MEAN_DENSITY`` with
scatter, ``SPLASHBACK`` (colossus' splashback fits) and ``BOUND_MASS_PDF`` are random or tabulated
too.  None of them is here.

The subhaloes' r3d of the Roche model: :mod:`.host_radii`.

Subhaloes' r_N and tau r_s use their parameters at the lens redshift, where the package evaluates
subhaloes; pyHalo evaluates a subhalo's concentration and r_N at its infall redshift.
"""

import math
from dataclasses import dataclass
from typing import Optional

import jax.numpy as jnp
import numpy as np

__all__ = ["TRUNCATION_MODELS", "Truncation", "resolve_truncation", "truncation_radius"]

TRUNCATION_MODELS = ("workspace", "TRUNCATION_RN", "TRUNCATION_R50", "TRUNCATION_R200", "TRUNCATION_ROCHE",
                     "TRUNCATION_ROCHE_GILMAN2020", "MULTIPLE_RS")
"""The names a :class:`Truncation` (or a configuration's string) takes: the workspace's, then pyHalo's."""

_ALIASES = {"TRUNCATION_R50": ("TRUNCATION_RN", {"overdensity": 50.0}),
            "TRUNCATION_R200": ("TRUNCATION_RN", {"overdensity": 200.0}),
            "TRUNCATION_ROCHE_GILMAN2020": ("TRUNCATION_ROCHE", {"norm": 1.4, "m_power": 1.0 / 3.0, "nu": 2.0 / 3.0})}
_M_ROCHE, _R_ROCHE = 1.0e7, 50.0  # Msun, kpc: the Roche form's pivots


@dataclass(frozen=True)
class Truncation:
    """A truncation model and its parameters (static, hashable); defaults are pyHalo 1.5's.

    Attributes
    ----------
    model : str
        One of :data:`TRUNCATION_MODELS` (module docstring); ``"TRUNCATION_R50"``,
        ``"TRUNCATION_R200"`` and ``"TRUNCATION_ROCHE_GILMAN2020"`` are ``"TRUNCATION_RN"`` with
        N = 50, 200 and ``"TRUNCATION_ROCHE"`` with Gilman et al. (2020)'s parameters, as in pyHalo
        (those names fix their parameters).
    overdensity : float
        N of ``TRUNCATION_RN`` (pyHalo's ``LOS_truncation_factor``), > 0.
    norm : float
        Roche normalisation [kpc] (pyHalo's ``RocheNorm``), > 0.
    m_power, nu : float
        Roche exponents of the mass and of r3d (pyHalo's ``m_power`` and ``RocheNu``), finite.
    tau : float or None
        r_t / r_s of ``MULTIPLE_RS`` (pyHalo's ``tau``; required there), > 0.
    host_concentration : float
        c200c of the host whose cored NFW mass profile r3d follows (pyHalo's preset ``c_host``), > 0.
    host_core : float
        The host's core radius over its r_s (pyHalo's ``r_tidal``), > 0 and != 1.
    """

    model: str = "workspace"
    overdensity: float = 50.0
    norm: float = 1.4
    m_power: float = 1.0 / 3.0
    nu: float = 2.0 / 3.0
    tau: Optional[float] = None
    host_concentration: float = 6.0
    host_core: float = 0.25

    def __post_init__(self):
        if isinstance(self.model, str) and self.model.startswith("TRUNCATION_GALACTICUS"):
            raise ValueError(f"model {self.model!r} interpolates pyHalo's Galacticus tables: no closed form, not "
                             f"available (one of {TRUNCATION_MODELS})")
        if self.model not in TRUNCATION_MODELS:
            raise ValueError(f"model must be one of {TRUNCATION_MODELS}; got {self.model!r}")
        for name in ("overdensity", "norm", "m_power", "nu", "host_concentration", "host_core"):
            _real(name, getattr(self, name))
        for name in ("overdensity", "norm", "host_concentration", "host_core"):
            if not getattr(self, name) > 0.0:
                raise ValueError(f"{name} must be > 0; got {getattr(self, name)}")
        if self.host_core == 1.0:
            raise ValueError("host_core must not be 1 (the cored profile's normalisation is 0/0 there)")
        if self.tau is not None:
            _real("tau", self.tau)
            if not self.tau > 0.0:
                raise ValueError(f"tau must be > 0; got {self.tau}")
        elif self.model == "MULTIPLE_RS":
            raise ValueError("tau must be given for MULTIPLE_RS (r_t = tau r_s)")
        fixed = _ALIASES.get(self.model, (None, {}))[1]
        for name, value in fixed.items():
            if getattr(self, name) != getattr(Truncation, name) and getattr(self, name) != value:
                raise ValueError(f"{name} is fixed by {self.model} ({value}); use {_ALIASES[self.model][0]} to set it")

    @property
    def kind(self) -> str:
        """``"workspace"``, ``"rn"``, ``"roche"`` or ``"multiple_rs"``."""
        model, _ = _ALIASES.get(self.model, (self.model, {}))
        return {"workspace": "workspace", "TRUNCATION_RN": "rn", "TRUNCATION_ROCHE": "roche",
                "MULTIPLE_RS": "multiple_rs"}[model]

    @property
    def parameters(self) -> "Truncation":
        """This truncation with an alias's fixed parameters filled in."""
        return self.__class__(**{**vars(self), **_ALIASES.get(self.model, (None, {}))[1]})


def _real(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not math.isfinite(value):
        raise TypeError(f"{name} must be a finite real number; got {value!r}")


def resolve_truncation(truncation, subhalos: bool) -> Truncation:
    """``truncation`` (a :class:`Truncation` or a model's name) with its parameters filled in.

    Raises ``ValueError`` for an unknown name, for ``MULTIPLE_RS`` named without tau, and for the
    Roche model on line-of-sight haloes (``subhalos`` False: they have no host).
    """
    if isinstance(truncation, str):
        truncation = Truncation(truncation)
    if not isinstance(truncation, Truncation):
        raise TypeError(f"must be a model's name or an agj.Truncation; got {truncation!r}")
    if truncation.kind == "roche" and not subhalos:
        raise ValueError(f"{truncation.model} needs a host (subhaloes only)")
    return truncation.parameters


def truncation_radius(truncation: Truncation, params, mass, host_radius=None):
    """r_t [arcsec] of haloes with the lensing parameters ``params`` (module docstring).

    Parameters
    ----------
    truncation : Truncation
        Resolved (:func:`resolve_truncation`).
    params : NFWParameters
        Of the haloes (:func:`~autogalaxy_jaxnfw.profiles.nfw_parameters.nfw_parameters_from`):
        its r_200 [kpc], r_s [arcsec], kpc / arcsec and 2 r_200.
    mass : array
        The haloes' masses [Msun] (the Roche form's m).
    host_radius : array or None
        r3d [kpc] (the Roche model's; :func:`~.host_radii.host_radii`).

    Returns
    -------
    array
        NaN where ``params`` are (and, for the Roche model, where m or r3d is not > 0).
    """
    kind = truncation.kind
    if kind == "workspace":
        return params.truncation_radius
    if kind == "rn":
        return params.radius_at_200 * (200.0 / truncation.overdensity) ** (1.0 / 3.0) / params.kpc_per_arcsec
    if kind == "multiple_rs":
        return truncation.tau * params.scale_radius
    ok = (mass > 0.0) & (host_radius > 0.0)
    # Powers of the ratios through exp(log): derivatives finite at the stand-ins too.
    mass, host_radius = jnp.where(ok, mass, _M_ROCHE), jnp.where(ok, host_radius, _R_ROCHE)
    kpc = truncation.norm * jnp.exp(truncation.m_power * jnp.log(mass / _M_ROCHE)
                                    + truncation.nu * jnp.log(host_radius / _R_ROCHE))
    return jnp.where(ok, kpc / params.kpc_per_arcsec, jnp.nan)
