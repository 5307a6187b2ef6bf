"""The numerical building blocks against closed forms and SciPy."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy.optimize import brentq

from autogalaxy_jaxnfw.numerics.chebyshev import chebyshev_coefficients, chebyshev_evaluate, chebyshev_nodes
from autogalaxy_jaxnfw.numerics.roots import chandrupatla, with_implicit_derivative
from autogalaxy_jaxnfw.numerics.tracing import is_traced, uses_jax


def test__chebyshev__interpolates_an_entire_function_to_rounding():
    coefficients = chebyshev_coefficients(np.exp(chebyshev_nodes(-1.0, 2.0, 24)))
    x = np.linspace(-1.0, 2.0, 101)
    np.testing.assert_allclose(chebyshev_evaluate(coefficients, -1.0, 2.0, x), np.exp(x), rtol=5e-14)


def test__chandrupatla__root_equals_brentq():
    a = jnp.array([0.5, 1.0, 2.0])

    def fun(x):
        return jnp.cos(x) - a * x

    lower, upper = jnp.zeros(3), jnp.full(3, 2.0)
    result = chandrupatla(fun, lower, upper, fun(lower), fun(upper))
    expected = [brentq(lambda x, a=a: np.cos(x) - a * x, 0.0, 2.0, xtol=1e-15) for a in [0.5, 1.0, 2.0]]
    assert bool(jnp.all(result.converged))
    np.testing.assert_allclose(result.root, expected, rtol=1e-12)


def test__implicit_derivative__equals_the_analytic_derivative():
    def residual(x, a):
        return x**3 - a

    def solve(a):
        lower, upper = jnp.asarray(0.0), jnp.asarray(10.0)
        return chandrupatla(lambda x: residual(x, a), lower, upper, residual(lower, a), residual(upper, a))

    cube_root = with_implicit_derivative(solve, residual)
    assert float(cube_root(8.0).root) == pytest.approx(2.0, rel=1e-12)
    assert float(jax.grad(lambda a: cube_root(a).root)(8.0)) == pytest.approx(1.0 / 12.0, rel=1e-10)


def test__tracing__tells_traced_from_concrete():
    assert not is_traced(1.0, np.ones(2), jnp.ones(2))
    assert jax.jit(lambda x: jnp.asarray(is_traced(x)))(1.0)
    assert uses_jax(jnp.ones(2)) and not uses_jax(np.ones(2), 1.0)
