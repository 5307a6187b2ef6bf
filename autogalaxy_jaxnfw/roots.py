"""Bracketed scalar root finding, vectorised over arrays of independent problems.

Chandrupatla (1997, Adv. Eng. Softw. 28, 145) combines bisection with inverse quadratic
interpolation, accepted only where the interpolant is monotone on the bracket; it keeps
a sign-changing bracket at every step, so it converges for any continuous function, and
superlinearly for smooth ones.  The loop is a bounded ``lax.while_loop``: it stops when
every problem has met its tolerance, or after ``max_iterations`` steps.
"""

import jax
import jax.numpy as jnp

__all__ = ["chandrupatla"]


def chandrupatla(fun, lower, upper, f_lower, f_upper, x_tol=1e-13, max_iterations=60):
    """Roots of the elementwise function ``fun`` between ``lower`` and ``upper``.

    Parameters
    ----------
    fun : callable
        Elementwise map x -> f(x) on arrays of the broadcast shape.
    lower, upper : jax.Array
        Bracket ends; where f does not change sign the result is meaningless and the
        caller masks it.
    f_lower, f_upper : jax.Array
        ``fun`` at the bracket ends (callers need them anyway to test the bracket).
    x_tol : float
        Absolute tolerance on x.
    max_iterations : int
        Upper bound on the number of iterations.

    Returns
    -------
    jax.Array
        The abscissa of smallest |f| in the final bracket.
    """
    eps = jnp.finfo(jnp.result_type(lower)).eps

    def best(state):
        a, b, _, fa, fb, _, _, _ = state
        return jnp.where(jnp.abs(fa) < jnp.abs(fb), a, b)

    def active(state):
        a, b, _, fa, fb, _, _, _ = state
        tol = 2.0 * eps * jnp.abs(best(state)) + x_tol
        bracketed = jnp.sign(fa) != jnp.sign(fb)
        return (tol < 0.5 * jnp.abs(b - a)) & (fa != 0.0) & (fb != 0.0) & bracketed

    def cond(state):
        return jnp.any(active(state)) & (state[-1] < max_iterations)

    def body(state):
        a, b, c, fa, fb, fc, t, it = state
        live = active(state)
        xt = a + t * (b - a)
        ft = fun(xt)
        same = jnp.sign(ft) == jnp.sign(fa)
        c_new, fc_new = jnp.where(same, a, b), jnp.where(same, fa, fb)
        b_new, fb_new = jnp.where(same, b, a), jnp.where(same, fb, fa)
        a_new, fa_new = xt, ft
        # Inverse quadratic interpolation is trusted when it stays monotone on the bracket.
        xi = (a_new - b_new) / (c_new - b_new)
        phi = (fa_new - fb_new) / (fc_new - fb_new)
        iqi = (phi**2 < xi) & ((1.0 - phi) ** 2 < 1.0 - xi)
        t_iqi = fa_new / (fb_new - fa_new) * fc_new / (fb_new - fc_new) + (
            (c_new - a_new) / (b_new - a_new) * fa_new / (fc_new - fa_new) * fb_new / (fc_new - fb_new)
        )
        tol = 2.0 * eps * jnp.abs(jnp.where(jnp.abs(fa_new) < jnp.abs(fb_new), a_new, b_new)) + x_tol
        t_lim = jnp.clip(tol / jnp.abs(b_new - a_new), 0.0, 0.5)
        t_new = jnp.clip(jnp.where(iqi, t_iqi, 0.5), t_lim, 1.0 - t_lim)
        keep = lambda new, old: jnp.where(live, new, old)
        return (keep(a_new, a), keep(b_new, b), keep(c_new, c), keep(fa_new, fa),
                keep(fb_new, fb), keep(fc_new, fc), keep(t_new, t), it + 1)

    shape = jnp.broadcast_shapes(jnp.shape(lower), jnp.shape(upper))
    lower, upper = jnp.broadcast_to(lower, shape), jnp.broadcast_to(upper, shape)
    f_lower, f_upper = jnp.broadcast_to(f_lower, shape), jnp.broadcast_to(f_upper, shape)
    state = (upper, lower, upper, f_upper, f_lower, f_upper, jnp.full(shape, 0.5), 0)
    return best(jax.lax.while_loop(cond, body, state))
