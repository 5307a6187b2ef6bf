"""The haloes of the science check: one ``Case`` per profile family, relation and dark-matter model."""

import math
from dataclasses import dataclass
from typing import Optional, Tuple

DEFAULT_ELL_COMPS = (0.1, -0.05)  # axis ratio ~0.8: a typical lensing halo

FAMILY_LABELS = {
    "nfw": "NFW",
    "cnfw": "cNFW",
    "tnfw": "tNFW",
    "gnfw": "gNFW",
    "kaplinghat": "KTY16",
    "yang24": "Yang24",
}
"""Short labels of the profile families in case names."""

RADIAL_FAMILIES = ("tnfw", "kaplinghat", "yang24")
"""Families whose reference maps are radial integrals at each distinct pixel radius (spherical only)."""


@dataclass(frozen=True)
class Case:
    """One halo configuration.

    Parameters
    ----------
    family : str
        A key of :data:`FAMILY_LABELS`: NFW, cored NFW (enclosed-mass normalisation), truncated
        NFW (r_t = 2 r_200), generalised NFW, Kaplinghat et al. (2016) or Yang et al. (2024) SIDM.
    spherical : bool
        Spherical (``...Sph`` classes) or elliptical with ``ell_comps``.
    mass_at_200 : float
        The halo mass in Msun, in ``mdef`` (M200c unless ``mdef`` says otherwise).
    redshift_object, redshift_source : float
        Lens and source redshifts.
    scatter_sigma : float
        Offset from the mean relation in units of 0.15 dex in log10 c.
    f_c : float or None
        Core radius over scale radius (cNFW only).
    ell_comps : tuple of float
        Elliptical components (ignored for spherical cases).
    relation : str
        The c-M relation: ``"ludlow16"``, ``"diemer19"`` or ``"ishiyama21"`` (its fit / all set).
    mdef : str
        The mass definition of ``mass_at_200`` (colossus' names).
    m_wdm : float
        Thermal-relic warm-dark-matter particle mass in keV; ``inf`` is cold dark matter.
    options : tuple of (str, float)
        Further constructor arguments of the family (inner slope, cross-section, ...).
    """

    family: str
    spherical: bool
    mass_at_200: float
    redshift_object: float
    redshift_source: float
    scatter_sigma: float = 0.0
    f_c: Optional[float] = None
    ell_comps: Tuple[float, float] = DEFAULT_ELL_COMPS
    relation: str = "ludlow16"
    mdef: str = "200c"
    m_wdm: float = math.inf
    options: Tuple[Tuple[str, float], ...] = ()

    @property
    def name(self) -> str:
        """A short, file-name-safe label, e.g. ``NFWSph_M1e13_zl0.5_zs1.0_s+0``."""
        kind = FAMILY_LABELS[self.family] + ("Sph" if self.spherical else "Ell")
        mass = f"1e{math.log10(self.mass_at_200):g}"
        name = f"{kind}_M{mass}_zl{self.redshift_object:g}_zs{self.redshift_source:g}_s{self.scatter_sigma:+g}"
        if self.f_c is not None:
            name += f"_fc{self.f_c:g}"
        if self.relation != "ludlow16":
            name += f"_{self.relation}"
        if self.mdef != "200c":
            name += f"_{self.mdef}"
        if math.isfinite(self.m_wdm):
            name += f"_wdm{self.m_wdm:g}keV"
        return name

    @property
    def extra(self) -> dict:
        """``options`` as constructor keyword arguments."""
        return dict(self.options)


SIDM_KAPLINGHAT = (("sigma_over_m", 3.0), ("t_age", 10.0))
SIDM_YANG = (("sigma_over_m", 30.0), ("velocity_exponent", 1.0), ("velocity_ref", 30.0), ("t_age", 10.0))
GNFW_SLOPE = (("inner_slope", 1.4),)


def nfw_cored_cases() -> Tuple[Case, ...]:
    """The 16 NFW / cNFW cases of 0.4: every family x shape sees several masses (1e9 - 10^14.5
    Msun), all three lens and source redshifts and all three scatter values; the cNFW cases
    alternate f_c = 0.01 and 0.05."""
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


def sibling_family_cases() -> Tuple[Case, ...]:
    """Truncated NFW (the workspace's subhalo, mean and scattered), gNFW and the two SIDM haloes.

    The gNFW halo (an elliptical class) is round, ell_comps = (0, 0): its reference
    convergence is then one radial integral per distinct pixel radius; its elliptical
    evaluation is autogalaxy's, measured in ``docs/research/profiles_assessment.md``.
    """
    return (
        Case("tnfw", True, 1e9, 0.5, 1.0),
        Case("tnfw", True, 1e10, 0.2, 2.0, scatter_sigma=1.0),
        Case("gnfw", True, 1e11, 0.5, 2.0, options=GNFW_SLOPE),
        Case("kaplinghat", True, 1e11, 0.5, 1.5, options=SIDM_KAPLINGHAT),
        Case("yang24", True, 1e11, 0.5, 1.5, options=SIDM_YANG),
    )


def relation_cases() -> Tuple[Case, ...]:
    """Diemer & Joyce (2019), Ishiyama et al. (2021) in M_vir, a mass in M_vir / M_500c, a warm halo."""
    return (
        Case("nfw", True, 1e12, 0.5, 2.0, relation="diemer19"),
        Case("nfw", True, 1e10, 1.0, 3.0, relation="diemer19"),
        Case("nfw", True, 1e12, 0.5, 2.0, relation="ishiyama21", mdef="vir"),
        Case("nfw", True, 1e11, 0.5, 2.0, mdef="vir"),
        Case("nfw", True, 1e13, 0.2, 1.0, mdef="500c"),
        Case("nfw", True, 1e9, 0.5, 1.0, m_wdm=3.0),
    )


def default_cases() -> Tuple[Case, ...]:
    """Every case of the full check."""
    return nfw_cored_cases() + sibling_family_cases() + relation_cases()
