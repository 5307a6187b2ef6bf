"""Numerical building blocks with no physics in them.

Chebyshev series (:mod:`.chebyshev`), bracketed roots with implicit-function derivatives
(:mod:`.roots`), the test of what is known at trace time (:mod:`.tracing`) and the
normalisation of numerical arguments at the package's boundary (:mod:`.inputs`).

Layer 0: imports nothing from the package.
"""

from autogalaxy_jaxnfw.numerics import chebyshev, inputs, roots, tracing

__all__ = ["chebyshev", "inputs", "roots", "tracing"]
