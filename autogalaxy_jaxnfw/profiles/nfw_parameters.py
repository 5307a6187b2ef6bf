"""Lensing parameters of NFW and cored-NFW haloes from M200c, through Ludlow et al. (2016).

A halo of mass M200c [Msun] at redshift z_l, lensing a source at z_s, has

    r_200 = (3 M200c / (4 pi 200 rho_crit(z_l)))^(1/3)                         [kpc]
    log10 c = log10 c_L16(M200c h, z_l) + 0.15 scatter_sigma
    r_s = r_200 / c                                                            [kpc]

and, for the NFW profile (Navarro, Frenk & White 1997, ApJ 490, 493),

    rho_s = rho_crit (200 / 3) c^3 / (ln(1 + c) - c / (1 + c))                 [Msun / kpc^3]

or, for the cored NFW profile rho = rho_0 r_s^3 / ((r + r_c)(r + r_s)^2) with
r_c = f_c r_s (Penarrubia et al. 2012, ApJ 759, L42),

    rho_0 = M200c / (4 pi r_s^3 P(c, f_c)),

with P the normalisation of :func:`penarrubia_normalisation`.  The dimensionless
parameters of autogalaxy's profiles are then

    kappa_s = rho_s r_s / Sigma_crit(z_l, z_s),    scale_radius = r_s / (kpc / arcsec),
    core_radius = f_c scale_radius                                              [arcsec].

c_L16 is :func:`autogalaxy_jaxnfw.concentration_ludlow16` (Ludlow et al. 2016, MNRAS 460,
1214), evaluated in colossus' units (Msun/h).  Every convention follows upstream
autogalaxy's ``mass.dark.mcr_util`` (the 0.15 dex scatter step, rho_crit, Sigma_crit and
kpc / arcsec from autogalaxy's cosmology), so the results differ from upstream only by the
accuracy of the concentration.

Two execution paths, chosen by the inputs:

* NumPy path (Python / NumPy numbers, no JAX arrays among the inputs or the cosmology):
  returns NumPy floats and raises :class:`autogalaxy.exc.ModelParameterException` (a
  ``ValueError`` and an autofit ``FitException``, so a NumPy-path search resamples) for
  unphysical input or an undefined concentration.
* JAX path (any input a JAX array or tracer): no Python branching on values; invalid
  entries come out as NaN (which autofit's ``Fitness`` resamples), and every operation
  that could create a NaN or an infinity is evaluated at a harmless stand-in value
  ("double where"), so derivatives are finite everywhere (zero where invalid).
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
from autogalaxy import exc

from autogalaxy_jaxnfw.concentration import concentration_ludlow16_with_mask
from autogalaxy_jaxnfw.profiles.halo_cosmology import CosmologyLike, resolve_cosmology

__all__ = [
    "CONCENTRATION_RANGE",
    "SCATTER_DEX",
    "NFWParameters",
    "cnfw_parameters_from",
    "nfw_parameters_from",
    "penarrubia_normalisation",
]

SCATTER_DEX = 0.15
"""Upstream's log10-concentration step per unit of ``scatter_sigma`` [dex]."""

CONCENTRATION_RANGE = (1.0e-3, 1.0e6)
"""Concentrations (after scatter) outside which ln(1 + c) - c / (1 + c) loses its digits to
cancellation (low end) or the profile is a point mass (high end); reached only for
|scatter_sigma| of order 20."""

# Stand-ins at which invalid entries are evaluated before being masked to NaN.
_SAFE_MASS = 1.0e12
_SAFE_REDSHIFT = 0.5
_SAFE_CONCENTRATION = 5.0
_SAFE_F_C = 0.01


class NFWParameters(NamedTuple):
    """Lensing parameters of a mass-parameterised halo.

    Attributes
    ----------
    kappa_s : float or array
        rho_s r_s / Sigma_crit (NFW) or rho_0 r_s / Sigma_crit (cNFW), dimensionless.
    scale_radius : float or array
        r_s in arcsec.
    radius_at_200 : float or array
        r_200 in kpc (physical).
    concentration : float or array
        c200c after the scatter step.
    core_radius : float, array or None
        r_c = f_c r_s in arcsec for cored haloes, ``None`` for NFW.
    """

    kappa_s: object
    scale_radius: object
    radius_at_200: object
    concentration: object
    core_radius: object = None


def penarrubia_normalisation(concentration, f_c, xp=jnp):
    """Dimensionless mass normalisation P(c, f_c) of the cored NFW profile, as upstream has it.

    M200c = 4 pi rho_0 r_s^3 P(c, f_c) for rho = rho_0 r_s^3 / ((r + f_c r_s)(r + r_s)^2)
    (Penarrubia et al. 2012, ApJ 759, L42), with upstream autogalaxy's expression
    (``mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow``)::

        P = [f_c^2 ln(1 + c / f_c) + (1 - 2 f_c) ln(1 + c)] / (1 + f_c)^2 - c / ((1 + c)(1 - f_c))

    Reproduced verbatim so the profiles stay drop-in.  Note that the enclosed-mass integral
    int_0^c x^2 / ((x + f_c)(x + 1)^2) dx of that density has (1 - f_c)^2 in the first
    denominator; with (1 + f_c)^2, P is already ~7% low at f_c = 0.01 and turns negative
    near f_c ~ 0.2, which is where upstream warns and where this package rejects f_c.

    Parameters
    ----------
    concentration : float or array
        c200c = r_200 / r_s.
    f_c : float or array
        r_c / r_s, > 0 and != 1.
    xp : module
        ``numpy`` or ``jax.numpy``.
    """
    return (
        f_c**2 * xp.log(1.0 + concentration / f_c) + (1.0 - 2.0 * f_c) * xp.log(1.0 + concentration)
    ) / (1.0 + f_c) ** 2 - concentration / ((1.0 + concentration) * (1.0 - f_c))


def _is_numpy_path(values, cosmology) -> bool:
    leaves = jax.tree_util.tree_leaves((values, cosmology.concentration))
    return not any(isinstance(leaf, jax.Array) for leaf in leaves)


def _lensing_quantities(lensing, z_l, z_s, xp):
    """rho_crit(z_l) [Msun / kpc^3], Sigma_crit(z_l, z_s) [Msun / kpc^2] and kpc / arcsec at z_l."""

    def scalar(z_l, z_s):
        return (
            lensing.critical_density(z_l, xp=xp),
            lensing.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
                redshift_0=z_l, redshift_1=z_s, xp=xp
            ),
            lensing.kpc_per_arcsec_from(redshift=z_l, xp=xp),
        )

    if np.ndim(z_l) == 0 and np.ndim(z_s) == 0:
        return scalar(z_l, z_s)
    # autogalaxy's distance integrals take scalar redshifts only (an array one is summed
    # into a single, wrong integral on the JAX path), so map over the redshifts.
    z_l, z_s = xp.broadcast_arrays(z_l, z_s)
    if xp is np:
        columns = zip(*(scalar(a, b) for a, b in zip(z_l.ravel(), z_s.ravel())))
        return tuple(np.reshape(np.array(column, dtype=float), z_l.shape) for column in columns)
    return tuple(q.reshape(z_l.shape) for q in jax.vmap(scalar)(z_l.ravel(), z_s.ravel()))


def _halo_parameters(xp, mass_at_200, scatter_sigma, redshift_object, redshift_source, f_c, cosmology):
    """The parameters (NaN where invalid) and a dict of named validity masks, in check order."""
    mass, scatter = xp.asarray(mass_at_200, dtype=float), xp.asarray(scatter_sigma, dtype=float)
    # Redshifts given as plain numbers (fixed in a model, as usual) are constants of a JAX
    # trace: the distance integrals are then done once in NumPy instead of in every call.
    static_redshifts = cosmology.concentration.is_concrete() and not any(
        isinstance(z, jax.Array) for z in (redshift_object, redshift_source)
    )
    zp = np if static_redshifts else xp
    z_l, z_s = zp.asarray(redshift_object, dtype=float), zp.asarray(redshift_source, dtype=float)

    ok = {
        "mass_at_200": xp.isfinite(mass) & (mass > 0.0),
        "scatter_sigma": xp.isfinite(scatter),
        "redshift_object": zp.isfinite(z_l) & (z_l >= 0.0),
        "redshift_source": zp.isfinite(z_s) & (z_s > z_l),
    }
    mass = xp.where(ok["mass_at_200"], mass, _SAFE_MASS)
    scatter = xp.where(ok["scatter_sigma"], scatter, 0.0)
    z_l = zp.where(ok["redshift_object"], z_l, _SAFE_REDSHIFT)
    # Sigma_crit is infinite for z_s = z_l and negative below it.
    z_s = zp.where(ok["redshift_source"], z_s, z_l + _SAFE_REDSHIFT)
    if f_c is not None:
        f_c = xp.asarray(f_c, dtype=float)
        # f_c <= 0 puts a log of a non-positive number in P(c, f_c); f_c = 1 divides by zero.
        ok["f_c"] = xp.isfinite(f_c) & (f_c > 0.0) & (f_c != 1.0)
        f_c = xp.where(ok["f_c"], f_c, _SAFE_F_C)

    conc_cosmo, lensing = cosmology.concentration, cosmology.lensing
    # A concrete cosmology is a static argument there: its sigma(R) series is built once.
    c_mean, ok["concentration"] = concentration_ludlow16_with_mask(mass * conc_cosmo.h, z_l, conc_cosmo)
    c_mean, ok["concentration"] = xp.asarray(c_mean), xp.asarray(ok["concentration"])
    c_mean = xp.where(ok["concentration"], c_mean, _SAFE_CONCENTRATION)
    # Range-checked in log space: 10^x itself overflows, with an infinite derivative.
    log_c = xp.log10(c_mean) + SCATTER_DEX * scatter
    log_c_range = np.log10(CONCENTRATION_RANGE)
    ok["scattered_concentration"] = (log_c > log_c_range[0]) & (log_c < log_c_range[1])
    concentration = 10.0 ** xp.where(ok["scattered_concentration"], log_c, np.log10(_SAFE_CONCENTRATION))

    rho_crit, sigma_crit, kpc_per_arcsec = _lensing_quantities(lensing, z_l, z_s, zp)

    radius_at_200 = (mass / (200.0 * rho_crit * (4.0 * np.pi / 3.0))) ** (1.0 / 3.0)  # kpc
    scale_radius_kpc = radius_at_200 / concentration
    if f_c is None:
        m_c = xp.log(1.0 + concentration) - concentration / (1.0 + concentration)
        rho_s = rho_crit * (200.0 / 3.0) * concentration**3 / m_c
    else:
        norm = penarrubia_normalisation(concentration, f_c, xp=xp)
        ok["penarrubia_normalisation"] = norm > 0.0
        norm = xp.where(ok["penarrubia_normalisation"], norm, 1.0)
        rho_s = mass / (4.0 * np.pi * scale_radius_kpc**3 * norm)

    scale_radius = scale_radius_kpc / kpc_per_arcsec
    params = NFWParameters(
        kappa_s=rho_s * scale_radius_kpc / sigma_crit,
        scale_radius=scale_radius,
        radius_at_200=radius_at_200,
        concentration=concentration,
        core_radius=None if f_c is None else f_c * scale_radius,
    )
    valid = np.bool_(True)
    for mask in ok.values():
        valid = valid & mask
    params = NFWParameters(*(None if p is None else xp.where(valid, p, np.nan) for p in params))
    return params, ok, c_mean


def _raise_for_invalid(ok, inputs, c_mean):
    def show(value):
        return np.array2string(np.asarray(value), precision=6)

    messages = {
        "mass_at_200": lambda: f"mass_at_200 must be finite and > 0 [Msun]; got {show(inputs['mass_at_200'])}.",
        "scatter_sigma": lambda: f"scatter_sigma must be finite; got {show(inputs['scatter_sigma'])}.",
        "redshift_object": lambda: f"redshift_object must be finite and >= 0; got {show(inputs['redshift_object'])}.",
        "redshift_source": lambda: (
            "redshift_source must be finite and above redshift_object (Sigma_crit is infinite "
            f"or negative otherwise); got redshift_source={show(inputs['redshift_source'])}, "
            f"redshift_object={show(inputs['redshift_object'])}."
        ),
        "f_c": lambda: f"f_c = r_core / r_s must be finite, > 0 and != 1; got {show(inputs['f_c'])}.",
        "concentration": lambda: (
            "The Ludlow et al. (2016) concentration is undefined for "
            f"mass_at_200={show(inputs['mass_at_200'])} Msun at redshift_object="
            f"{show(inputs['redshift_object'])}: the mass is outside the sigma(R) table "
            "(about 2e4 to 2e16 Msun/h) or the model has no solution with 1 <= c <= 100 "
            "(see autogalaxy_jaxnfw.concentration_ludlow16_with_mask)."
        ),
        "scattered_concentration": lambda: (
            f"scatter_sigma={show(inputs['scatter_sigma'])} puts the concentration, "
            f"c200c={show(c_mean)} x 10^({SCATTER_DEX} scatter_sigma), outside the supported "
            f"range {CONCENTRATION_RANGE}."
        ),
        "penarrubia_normalisation": lambda: (
            f"f_c={show(inputs['f_c'])} gives a non-positive cored-NFW mass normalisation "
            "P(c, f_c) (penarrubia_normalisation, upstream's expression) at c200c="
            f"{show(c_mean)} x 10^({SCATTER_DEX} scatter_sigma); it is positive only for "
            "f_c below roughly 0.15-0.25."
        ),
    }
    for name, mask in ok.items():
        if not np.all(mask):
            raise exc.ModelParameterException(messages[name]())


def _numpy_scalar(value):
    return None if value is None else np.asarray(value, dtype=float)[()]


def _parameters_from(mass_at_200, scatter_sigma, redshift_object, redshift_source, f_c, cosmology):
    cosmology = resolve_cosmology(cosmology)
    inputs = dict(
        mass_at_200=mass_at_200,
        scatter_sigma=scatter_sigma,
        redshift_object=redshift_object,
        redshift_source=redshift_source,
        f_c=f_c,
    )
    if not _is_numpy_path(tuple(inputs.values()), cosmology):
        return _halo_parameters(jnp, *inputs.values(), cosmology)[0]
    params, ok, c_mean = _halo_parameters(np, *inputs.values(), cosmology)
    _raise_for_invalid(ok, inputs, c_mean)
    return NFWParameters(*(_numpy_scalar(p) for p in params))


def nfw_parameters_from(
    mass_at_200,
    scatter_sigma=0.0,
    redshift_object=0.5,
    redshift_source=1.0,
    cosmology: CosmologyLike = None,
) -> NFWParameters:
    """NFW kappa_s, scale radius and r_200 for a halo of mass M200c on the Ludlow et al. (2016) relation.

    Parameters
    ----------
    mass_at_200 : float or array
        M200c in Msun (physical, not Msun/h; converted with the concentration cosmology's h).
    scatter_sigma : float or array
        Offset from the mean relation in units of 0.15 dex in log10 c.
    redshift_object : float or array
        Lens (halo) redshift z_l >= 0.
    redshift_source : float or array
        Source redshift z_s > z_l.
    cosmology : HaloCosmology, Cosmology or None
        ``None`` uses the active pairing (:func:`~autogalaxy_jaxnfw.profiles.get_cosmology`,
        upstream's split by default); a ``Cosmology`` means one consistent cosmology.

    Returns
    -------
    NFWParameters
        ``core_radius`` is ``None``.  NumPy floats on the NumPy path; JAX arrays, NaN where
        invalid, on the JAX path.

    Raises
    ------
    autogalaxy.exc.ModelParameterException
        (A ``ValueError``), on the NumPy path only, for non-finite or non-positive mass,
        negative redshift, redshift_source <= redshift_object, or an undefined concentration.
    """
    return _parameters_from(mass_at_200, scatter_sigma, redshift_object, redshift_source, None, cosmology)


def cnfw_parameters_from(
    mass_at_200,
    scatter_sigma=0.0,
    f_c=0.01,
    redshift_object=0.5,
    redshift_source=1.0,
    cosmology: CosmologyLike = None,
) -> NFWParameters:
    """Cored-NFW kappa_s, scale and core radii, and r_200, on the Ludlow et al. (2016) relation.

    Parameters are those of :func:`nfw_parameters_from` plus

    f_c : float or array
        Core radius over scale radius, r_c / r_s; must give a positive
        :func:`penarrubia_normalisation` (Penarrubia et al. 2012), i.e. roughly
        0 < f_c < 0.2 for typical concentrations.

    Returns
    -------
    NFWParameters
        With ``kappa_s = rho_0 r_s / Sigma_crit`` and ``core_radius = f_c scale_radius``.

    Raises
    ------
    autogalaxy.exc.ModelParameterException
        On the NumPy path, as :func:`nfw_parameters_from`, and for f_c outside the range
        where the normalisation is positive.
    """
    return _parameters_from(mass_at_200, scatter_sigma, redshift_object, redshift_source, f_c, cosmology)
