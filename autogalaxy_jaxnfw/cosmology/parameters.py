"""Flat LCDM cosmology as a frozen JAX pytree, with colossus' presets.

Every numerical field is a pytree leaf, so any of them can be traced (``jax.grad``
with respect to ``Om0`` or ``sigma8`` works).  ``relspecies`` and ``name`` are static
metadata: changing them changes the compiled program, not just its inputs.

The relativistic content follows colossus (Diemer 2018, ApJS 239, 35, sec. 2.1): photons
from the CMB temperature, neutrinos as ``Neff`` massless species,
Omega_nu = 7/8 (4/11)^(4/3) Neff Omega_gamma, and the cosmological constant fills the
rest of a flat universe, Omega_de = 1 - Omega_m - Omega_r.
"""

from dataclasses import dataclass, field, fields, replace

import jax
import numpy as np

from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = [
    "Cosmology",
    "checked_cosmology",
    "planck13",
    "planck15",
    "planck18",
    "require_cosmology",
    "wmap9",
]

# Omega_gamma h^2 per K^4: 4 sigma_SB T^4 / c^3 divided by the critical density for h = 1.
_OMEGA_GAMMA_H2_PER_K4 = 4.4814665013636476e-07
# 7/8 (4/11)^(4/3): one massless neutrino species relative to the photons.
_NEUTRINO_PER_PHOTON = 0.22710731766


@jax.tree_util.register_dataclass
@dataclass(frozen=True)
class Cosmology:
    """Parameters of a flat LCDM cosmology (colossus conventions).

    Parameters
    ----------
    h : float
        Hubble constant in units of 100 km/s/Mpc.
    Om0 : float
        Matter density today in units of the critical density (baryons included).
    Ob0 : float
        Baryon density today in units of the critical density.
    sigma8 : float
        Linear rms density fluctuation in top-hat spheres of radius 8 Mpc/h at z = 0.
    ns : float
        Spectral index of the primordial power spectrum.
    Tcmb0 : float
        CMB temperature today in K.
    Neff : float
        Effective number of massless neutrino species.
    m_wdm : float
        Mass of a thermal-relic warm-dark-matter particle in keV, > 0; ``inf`` (the default)
        is cold dark matter.  The linear power spectrum is the cold one times the Viel et al.
        (2005) suppression (:mod:`autogalaxy_jaxnfw.cosmology.warm_dark_matter`).
    relspecies : bool
        Whether photons and neutrinos contribute to the energy budget (static).
    name : str
        A label (static).
    dark_matter : {"cold", "warm"}
        Which spectrum the programs compute (static): "cold" ignores ``m_wdm``, "warm" applies
        the suppression.  Set from ``m_wdm`` when the cosmology is made (or ``replace`` changes
        ``m_wdm``): "cold" for a plain ``inf``, "warm" otherwise, a traced ``m_wdm`` included.
        A cold cosmology traced as a whole (``jax.grad`` with respect to it) thus keeps the
        cold programs, and its ``m_wdm`` derivative is 0, the derivative at ``m_wdm = inf``.
    """

    h: float
    Om0: float
    Ob0: float
    sigma8: float
    ns: float
    Tcmb0: float = 2.7255
    Neff: float = 3.046
    m_wdm: float = float("inf")
    relspecies: bool = field(default=True, metadata=dict(static=True))
    name: str = field(default="custom", metadata=dict(static=True))
    dark_matter: str = field(default=None, metadata=dict(static=True))

    def __post_init__(self):
        for name in _LEAF_NAMES:
            value = getattr(self, name)
            if isinstance(value, (list, tuple, str, bytes)):
                raise TypeError(_field_kind_message(name, value))
        if self.dark_matter is None:
            cold = _is_number(self.m_wdm) and np.isinf(self.m_wdm) and self.m_wdm > 0
            object.__setattr__(self, "dark_matter", "cold" if cold else "warm")
        if self.dark_matter not in ("cold", "warm"):
            raise ValueError(f"dark_matter must be 'cold' or 'warm', got {self.dark_matter!r}")
        # JAX rebuilds the dataclass from tracers and placeholders too: check numbers only.
        if all(_is_number(v) for v in self.leaves()):
            _check_parameters(self)

    @property
    def Ogamma0(self):
        """Photon density today in units of the critical density."""
        if not self.relspecies:
            return 0.0 * self.h
        return _OMEGA_GAMMA_H2_PER_K4 * self.Tcmb0**4 / self.h**2

    @property
    def Or0(self):
        """Photon plus neutrino density today in units of the critical density."""
        return self.Ogamma0 * (1.0 + _NEUTRINO_PER_PHOTON * self.Neff)

    @property
    def Ode0(self):
        """Dark-energy (Lambda) density today; closes a flat universe."""
        return 1.0 - self.Om0 - self.Or0

    def leaves(self):
        """The numerical fields as a tuple, in declaration order."""
        return tuple(getattr(self, name) for name in _LEAF_NAMES)

    def replace(self, **changes):
        """A copy with some fields changed (``dataclasses.replace``); ``dark_matter`` follows a new ``m_wdm``."""
        if "m_wdm" in changes:
            changes.setdefault("dark_matter", None)
        return replace(self, **changes)

    def is_concrete(self):
        """True unless a field is a JAX tracer (inside ``jit``/``grad``/``vmap`` over it)."""
        return not is_traced(self.leaves())

    def as_static(self):
        """This cosmology with Python floats: hashable, usable as a static ``jit`` argument."""
        leaves = self.leaves()
        if all(type(v) is float for v in leaves):
            return self
        for name, value in zip(_LEAF_NAMES, leaves):
            if np.ndim(value) != 0:
                raise TypeError(_field_kind_message(name, value))
        return replace(self, **{n: float(v) for n, v in zip(_LEAF_NAMES, leaves)})


_LEAF_NAMES = tuple(f.name for f in fields(Cosmology) if not f.metadata)


def _field_kind_message(name, value):
    return (
        f"Cosmology field {name} must be a real number (each field is a scalar); got "
        f"{type(value).__name__} {value!r:.80}. For many cosmologies, jax.vmap over a function of one."
    )


def _is_number(value):
    return isinstance(value, (int, float, np.floating, np.integer))


def _check_parameters(cosmo):
    """Raise ValueError for parameters outside the flat-LCDM model's domain."""
    # The same domain as the traced mask (traced_domain.cosmology_valid): every field but m_wdm finite.
    problems = [
        f"{name} must be finite, got {getattr(cosmo, name)}"
        for name in _LEAF_NAMES
        if name != "m_wdm" and np.isinf(getattr(cosmo, name))
    ]
    if not 0.0 < cosmo.h:
        problems.append(f"h must be > 0, got {cosmo.h}")
    if not 0.0 < cosmo.Ob0 < cosmo.Om0 <= 1.0:
        problems.append(f"need 0 < Ob0 < Om0 <= 1 (EH98 needs baryons), got Ob0={cosmo.Ob0}, Om0={cosmo.Om0}")
    if not 0.0 < cosmo.sigma8:
        problems.append(f"sigma8 must be > 0, got {cosmo.sigma8}")
    if not 0.0 < cosmo.Tcmb0:
        problems.append(f"Tcmb0 must be > 0 K, got {cosmo.Tcmb0}")
    if not 0.0 <= cosmo.Neff:
        problems.append(f"Neff must be >= 0, got {cosmo.Neff}")
    if not 0.0 < cosmo.m_wdm:
        problems.append(f"m_wdm must be > 0 keV (inf for cold dark matter), got {cosmo.m_wdm}")
    if cosmo.dark_matter == "cold" and not np.isinf(cosmo.m_wdm):
        problems.append(f"dark_matter='cold' needs m_wdm = inf, got {cosmo.m_wdm}")
    if not np.isfinite(cosmo.ns):
        problems.append(f"ns must be finite, got {cosmo.ns}")
    if not problems and cosmo.Ode0 < 0.0:
        problems.append(f"Om0 + Or0 = {cosmo.Om0 + cosmo.Or0} exceeds 1: a flat universe needs Ode0 >= 0")
    if problems:
        raise ValueError(f"Invalid cosmology {cosmo.name!r}: " + "; ".join(problems) + ".")


def require_cosmology(cosmology, name="cosmology"):
    """``cosmology`` itself; ``TypeError`` naming ``name`` if it is not a :class:`Cosmology` (a preset's name, say)."""
    if not isinstance(cosmology, Cosmology):
        hint = f" (the preset: agj.{cosmology})" if isinstance(cosmology, str) and cosmology in _PRESET_NAMES else ""
        raise TypeError(
            f"{name} must be an autogalaxy_jaxnfw Cosmology such as agj.planck15{hint}; got {type(cosmology).__name__} {cosmology!r:.80}"
        )
    return cosmology


def checked_cosmology(cosmology, name="cosmology"):
    """``cosmology`` for a public function's compiled programs: a concrete one as Python floats, a traced one as is.

    Raises
    ------
    TypeError
        If ``cosmology`` is not a :class:`Cosmology`, naming ``name``, or a concrete field is
        not a scalar.
    ValueError
        If a concrete field lies outside the model's domain (as at construction).
    """
    require_cosmology(cosmology, name)
    return cosmology if is_traced(cosmology) else cosmology.as_static()


# colossus 1.4 ``cosmology.cosmologies``: flat, Tcmb0 = 2.7255 K, Neff = 3.046.
planck13 = Cosmology(h=0.6777, Om0=0.3071, Ob0=0.0483, sigma8=0.8288, ns=0.9611, name="planck13")
planck15 = Cosmology(h=0.6774, Om0=0.3089, Ob0=0.0486, sigma8=0.8159, ns=0.9667, name="planck15")
planck18 = Cosmology(h=0.6766, Om0=0.3111, Ob0=0.0490, sigma8=0.8102, ns=0.9665, name="planck18")
wmap9 = Cosmology(h=0.6932, Om0=0.2865, Ob0=0.0463, sigma8=0.8200, ns=0.9608, name="wmap9")

_PRESET_NAMES = ("planck13", "planck15", "planck18", "wmap9")
