"""The subhaloes' distances from the host's centre (r3d) for the Roche truncation (:mod:`.truncation`).

pyHalo's subhaloes carry r3d only with its ``PROJECTED_NFW`` spatial
distribution (with ``UNIFORM``, its CDM preset's default, r3d is None and the Roche model fails);
there it draws r3d independently of the projected position, from the mass profile of a cored NFW
host, rho ~ 1 / ((r + r_c)(r + r_s)^2), between 10^-3 of the rendering radius and the host's
r_200, by inverse-transform sampling on 20,000 points.  :func:`host_radii` draws r3d the same
way, exactly: with x = r / r_s, f = r_c / r_s, c the host's concentration and P(x, f) the cored
enclosed-mass integral (:func:`~autogalaxy_jaxnfw.profiles.cored_normalisation.cored_nfw_normalisation`),
r3d = x r_s solves

    P(x, f) = P(x_min, f) + u [P(c, f) - P(x_min, f)],    u ~ U(0, 1),

with x_min = 10^-3 R_cone / r_s (R_cone the cone's radius at the lens in kpc) and r_s =
r_200,host / c, r_200,host of the realisation's host mass at the lens redshift (the halo
cosmology's rho_crit), solved in ln x by Chandrupatla's bracketing method to a few roundings in
JAX's default float (float64 under x64), and differentiated in the host mass implicitly.  Rounding
of P moves u by ~1e-16, a relative 1e-16 (x + f)(1 + x)^2 / x^3 of r3d: above 2.5e-8 only below
x = 10^-3, where a draw falls with probability ~1e-9.

As in pyHalo, r3d is not tied to the projected position (a subhalo may have r3d below its
projected radius): what it reproduces is pyHalo's distribution of r_t.  The package's subhaloes
stay uniform in area, where pyHalo's ``PROJECTED_NFW`` draws them from the projected cored NFW
(nearly uniform inside a few arcsec when r_c = 0.25 r_s is tens of kpc).  The host's concentration and core are the Roche model's
``host_concentration`` (6, pyHalo's preset ``c_host``) and ``host_core`` (0.25, its ``r_tidal``).
"""

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.numerics.roots import chandrupatla, with_implicit_derivative
from autogalaxy_jaxnfw.populations.truncation import Truncation
from autogalaxy_jaxnfw.profiles.cored_normalisation import cored_nfw_normalisation
from autogalaxy_jaxnfw.profiles.halo_cosmology import resolve_cosmology
from autogalaxy_jaxnfw.profiles.lensing_quantities import lensing_quantities, radius_at_200

__all__ = ["host_r200_kpc", "host_radii"]

_HOST_RADIUS_MIN = 1.0e-3  # of the cone's radius at the lens: pyHalo's inner end of the r3d grid


def host_r200_kpc(host_mass, layout):
    """r_200 [kpc] of the host (M200c ``host_mass`` [Msun]) at the lens, with the halo cosmology's rho_crit."""
    config = layout.config
    lensing = resolve_cosmology(config.halo_cosmology, "halo_cosmology").lensing
    rho_crit = float(lensing_quantities(lensing, config.z_lens, config.z_source, np)[0])  # Msun / kpc^3
    return radius_at_200(host_mass, rho_crit)


def host_radii(key, shape, host_mass, truncation: Truncation, layout, dtype=float):
    """r3d [kpc]: distances from the host's centre drawn from its cored NFW mass profile (module docstring).

    Parameters
    ----------
    key : jax.Array
        PRNG key.
    shape : tuple of int
        Of the draw.
    host_mass : float or array
        The host's M200c [Msun], may be traced; not finite and > 0 gives NaN.
    truncation : Truncation
        Its ``host_concentration`` and ``host_core``.
    layout : RealisationLayout
        The lens redshift, the cone's radius at the lens and its kpc per arcsec, the halo cosmology.
    dtype : dtype
        Of the uniform numbers and of the result (the root is found in JAX's default float).

    Returns
    -------
    (r3d, converged)
        NaN and False where the host mass is invalid or the root finder did not converge.
    """
    c, f = float(truncation.host_concentration), float(truncation.host_core)
    work = jnp.asarray(0.0).dtype  # float64 under x64: the inverse near x_min needs it
    host = jnp.asarray(host_mass, work)
    ok = jnp.isfinite(host) & (host > 0.0)
    r_s = host_r200_kpc(jnp.where(ok, host, 1.0e13), layout) / c
    u = jax.random.uniform(key, shape, dtype).astype(work)
    r_min = _HOST_RADIUS_MIN * layout.config.cone_radius * layout.kpc_per_arcsec_lens
    ln_x_min = jnp.broadcast_to(jnp.log(r_min / r_s), shape)
    ln_c = float(np.log(c))
    p_c = float(cored_nfw_normalisation(c, f, xp=np))
    p = lambda ln_x: cored_nfw_normalisation(jnp.exp(ln_x), f)  # noqa: E731

    def residual(ln_x, args):
        ln_lo, q = args
        p_lo = p(ln_lo)
        return p(ln_x) - p_lo - q * (p_c - p_lo)

    def solve(args):
        ln_lo, q = args
        fun = lambda ln_x: residual(ln_x, args)  # noqa: E731
        tol = 4.0 * float(jnp.finfo(work).eps)
        return chandrupatla(fun, ln_lo, jnp.full(shape, ln_c, work), fun(ln_lo), fun(jnp.full(shape, ln_c, work)),
                            x_tol=tol)

    result = with_implicit_derivative(solve, residual)((ln_x_min, u))
    valid = ok & result.converged & (ln_x_min < ln_c)
    r3d = jnp.exp(result.root) * r_s
    return jnp.where(valid, r3d, jnp.nan).astype(dtype), valid
