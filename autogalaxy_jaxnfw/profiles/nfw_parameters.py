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

with P the enclosed-mass integral of :mod:`~autogalaxy_jaxnfw.profiles.cored_normalisation`.
The dimensionless parameters of autogalaxy's profiles are then

    kappa_s = rho_s r_s / Sigma_crit(z_l, z_s),    scale_radius = r_s / (kpc / arcsec),
    core_radius = f_c scale_radius,    truncation_radius = 2 r_200 / (kpc / arcsec)   [arcsec].

c_L16 is :func:`autogalaxy_jaxnfw.concentration_ludlow16` (Ludlow et al. 2016, MNRAS 460,
1214) in colossus' units (Msun/h), or the ``relation``'s c (:class:`~autogalaxy_jaxnfw.Relation`):
then the mass is in its definition, the scatter acts on c there and the halo is converted to
(M200c, c200c) exactly before the steps above.  The scatter step, rho_crit, Sigma_crit and
kpc / arcsec follow upstream's ``mass.dark.mcr_util``; P and the truncation radius follow
:func:`autogalaxy_jaxnfw.get_conventions` (upstream's in :func:`~autogalaxy_jaxnfw.upstream_conventions`).

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

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.halo.relation_choice import DEFAULT_RELATION, Relation
from autogalaxy_jaxnfw.settings.conventions import get_conventions
from autogalaxy_jaxnfw.profiles.cored_normalisation import normalisation_for
from autogalaxy_jaxnfw.profiles.halo_cosmology import CosmologyLike, resolve_cosmology
from autogalaxy_jaxnfw.profiles.lensing_quantities import lensing_quantities, radius_at_200 as radius_at_200_kpc
from autogalaxy_jaxnfw.profiles.parameter_checks import CONCENTRATION_RANGE, SAFE, SCATTER_DEX, raise_for_invalid
from autogalaxy_jaxnfw.numerics.inputs import as_float64, broadcast_shapes
from autogalaxy_jaxnfw.numerics.tracing import is_traced, uses_jax

__all__ = ["NFWParameters", "cnfw_parameters_from", "nfw_parameters_from"]


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
    truncation_radius : float or array
        2 r_200 in arcsec (in kpc under upstream's conventions), for the truncated profiles.
    rho_s : float or array
        rho_s (NFW) or rho_0 (cNFW) in Msun / kpc^3.
    kpc_per_arcsec : float or array
        The angular scale at the halo.
    """

    kappa_s: object
    scale_radius: object
    radius_at_200: object
    concentration: object
    core_radius: object
    truncation_radius: object
    rho_s: object
    kpc_per_arcsec: object


def _halo_parameters(xp, mass_at_200, scatter_sigma, redshift_object, redshift_source, f_c, cosmology, conventions,
                     relation):
    """The parameters (NaN where invalid), a dict of named validity masks in check order, and the mean c."""
    mass, scatter = xp.asarray(mass_at_200, dtype=float), xp.asarray(scatter_sigma, dtype=float)
    # Redshifts given as plain numbers (fixed in a model, as usual) are constants of a JAX
    # trace: the distance integrals are then done once in NumPy instead of in every call.  Only
    # the lensing half enters them (a traced concentration cosmology, e.g. a free m_wdm, does not).
    static_redshifts = not is_traced(tuple(vars(cosmology.lensing).values()), redshift_object, redshift_source)
    zp = np if static_redshifts else xp
    z_l, z_s = zp.asarray(redshift_object, dtype=float), zp.asarray(redshift_source, dtype=float)

    ok = {
        "mass_at_200": xp.isfinite(mass) & (mass > 0.0),
        "scatter_sigma": xp.isfinite(scatter),
        "redshift_object": zp.isfinite(z_l) & (z_l > 0.0),
        "redshift_source": zp.isfinite(z_s) & (z_s > z_l),
    }
    mass = xp.where(ok["mass_at_200"], mass, SAFE["mass"])
    scatter = xp.where(ok["scatter_sigma"], scatter, 0.0)
    z_l = zp.where(ok["redshift_object"], z_l, SAFE["redshift"])
    # Sigma_crit is infinite for z_s = z_l and negative below it.
    z_s = zp.where(ok["redshift_source"], z_s, z_l + SAFE["redshift"])
    if f_c is not None:
        f_c = xp.asarray(f_c, dtype=float)
        # f_c <= 0 puts a log of a non-positive number in P(c, f_c); f_c = 1 is 0/0 there.
        ok["f_c"] = xp.isfinite(f_c) & (f_c > 0.0) & (f_c != 1.0)
        f_c = xp.where(ok["f_c"], f_c, SAFE["f_c"])

    conc_cosmo = cosmology.concentration
    # A concrete cosmology is a static argument there: its sigma(R) series is built once.
    c_mean, ok["concentration"] = relation.concentration_with_mask(mass * conc_cosmo.h, z_l, conc_cosmo)
    c_mean, ok["concentration"] = xp.asarray(c_mean), xp.asarray(ok["concentration"])
    c_mean = xp.where(ok["concentration"], c_mean, SAFE["concentration"])
    # Range-checked in log space: 10^x itself overflows, with an infinite derivative.
    log_c = xp.log10(c_mean) + SCATTER_DEX * scatter
    log_c_range = np.log10(CONCENTRATION_RANGE)
    ok["scattered_concentration"] = (log_c > log_c_range[0]) & (log_c < log_c_range[1])
    concentration = 10.0 ** xp.where(ok["scattered_concentration"], log_c, np.log10(SAFE["concentration"]))
    if not relation.is_200c:  # the same halo through M200c, c200c: what the lensing parameters take
        halo = relation.halo_200c(mass * conc_cosmo.h, concentration, z_l, conc_cosmo)
        mass, concentration, ok["mass_definition"] = (xp.asarray(v) for v in halo)
        mass = mass / conc_cosmo.h

    rho_crit, sigma_crit, kpc_per_arcsec = lensing_quantities(cosmology.lensing, z_l, z_s, zp)

    radius_at_200 = radius_at_200_kpc(mass, rho_crit)
    scale_radius_kpc = radius_at_200 / concentration
    if f_c is None:
        m_c = xp.log1p(concentration) - concentration / (1.0 + concentration)
        rho_s = rho_crit * (200.0 / 3.0) * concentration**3 / m_c
    else:
        norm = normalisation_for(conventions)(concentration, f_c, xp=xp)
        ok["cored_normalisation"] = norm > 0.0
        norm = xp.where(ok["cored_normalisation"], norm, 1.0)
        rho_s = mass / (4.0 * np.pi * scale_radius_kpc**3 * norm)

    scale_radius = scale_radius_kpc / kpc_per_arcsec
    truncation_radius = 2.0 * radius_at_200
    if conventions.truncation_radius == "arcsec":
        truncation_radius = truncation_radius / kpc_per_arcsec
    params = NFWParameters(
        kappa_s=rho_s * scale_radius_kpc / sigma_crit,
        scale_radius=scale_radius,
        radius_at_200=radius_at_200,
        concentration=concentration,
        core_radius=None if f_c is None else f_c * scale_radius,
        truncation_radius=truncation_radius,
        rho_s=rho_s,
        kpc_per_arcsec=kpc_per_arcsec,
    )
    valid = functools.reduce(lambda a, b: a & b, ok.values(), np.bool_(True))
    params = NFWParameters(*(None if p is None else xp.where(valid, p, np.nan) for p in params))
    return params, ok, c_mean


def _parameters_from(mass_at_200, scatter_sigma, redshift_object, redshift_source, f_c, cosmology, relation):
    cosmology = resolve_cosmology(cosmology)
    relation = DEFAULT_RELATION if relation is None else relation
    conventions = get_conventions()
    inputs = dict(mass_at_200=mass_at_200, scatter_sigma=scatter_sigma, redshift_object=redshift_object,
                  redshift_source=redshift_source, f_c=f_c)
    # float64 NumPy for plain numbers: the NumPy path (and the distances of fixed redshifts)
    # computes in float64 whatever JAX's default float type.
    inputs = {name: None if name == "f_c" and value is None else as_float64(value, name)
              for name, value in inputs.items()}
    broadcast_shapes(**{name: value for name, value in inputs.items() if value is not None})
    if uses_jax(tuple(inputs.values()), cosmology.concentration):
        params = _halo_parameters(jnp, *inputs.values(), cosmology, conventions, relation)[0]
        # Materialise the parameters: left alone, XLA fuses their computation (the concentration
        # series, a few hundred flops) into every per-pixel kernel that uses them, which then
        # recomputes it at each pixel.
        return jax.lax.optimization_barrier(params)
    params, ok, c_mean = _halo_parameters(np, *inputs.values(), cosmology, conventions, relation)
    raise_for_invalid(ok, inputs, c_mean, relation)
    return NFWParameters(*(None if p is None else np.asarray(p, dtype=float)[()] for p in params))


def nfw_parameters_from(
    mass_at_200,
    scatter_sigma=0.0,
    redshift_object=0.5,
    redshift_source=1.0,
    cosmology: CosmologyLike = None,
    relation: Relation = None,
) -> NFWParameters:
    """NFW kappa_s, scale radius and r_200 for a halo of mass M200c on the Ludlow et al. (2016) relation.

    Parameters
    ----------
    mass_at_200 : float or array
        M200c (the mass in ``relation.mass_definition``) in Msun, not Msun/h.
    scatter_sigma : float or array
        Offset from the mean relation in units of 0.15 dex in log10 c.
    redshift_object, redshift_source : float or array
        Lens (halo) redshift z_l > 0 and source redshift z_s > z_l.
    cosmology : HaloCosmology, Cosmology or None
        ``None`` uses the process-wide pairing (:func:`~autogalaxy_jaxnfw.profiles.get_cosmology`,
        upstream's split by default); a ``Cosmology`` means one consistent cosmology.
    relation : Relation or None
        The c(M) (:class:`~autogalaxy_jaxnfw.Relation`); ``None``: Ludlow et al. (2016), 200c.

    Returns
    -------
    NFWParameters
        ``core_radius`` is ``None``.  NumPy floats on the NumPy path; JAX arrays, NaN where
        invalid, on the JAX path.

    Raises
    ------
    autogalaxy.exc.ModelParameterException
        (A ``ValueError``), on the NumPy path only, for non-finite or non-positive mass,
        non-positive redshift, redshift_source <= redshift_object, or an undefined
        concentration or change of definition.
    """
    return _parameters_from(mass_at_200, scatter_sigma, redshift_object, redshift_source, None, cosmology, relation)


def cnfw_parameters_from(
    mass_at_200,
    scatter_sigma=0.0,
    f_c=0.01,
    redshift_object=0.5,
    redshift_source=1.0,
    cosmology: CosmologyLike = None,
    relation: Relation = None,
) -> NFWParameters:
    """Cored-NFW kappa_s, scale and core radii, and r_200, on the Ludlow et al. (2016) relation.

    Parameters are those of :func:`nfw_parameters_from` plus

    f_c : float or array
        Core radius over scale radius, r_c / r_s, > 0 and != 1.

    Returns
    -------
    NFWParameters
        With ``kappa_s = rho_0 r_s / Sigma_crit`` and ``core_radius = f_c scale_radius``.

    Raises
    ------
    autogalaxy.exc.ModelParameterException
        On the NumPy path, as :func:`nfw_parameters_from`, for f_c <= 0 or f_c = 1, and, under
        :func:`~autogalaxy_jaxnfw.upstream_conventions`, where upstream's normalisation is
        not positive.
    """
    return _parameters_from(mass_at_200, scatter_sigma, redshift_object, redshift_source, f_c, cosmology, relation)
