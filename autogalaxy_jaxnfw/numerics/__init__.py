"""Numerical building blocks with no physics in them.

Chebyshev series (:mod:`.chebyshev`), bracketed roots with implicit-function derivatives
(:mod:`.roots`) and the test of what is known at trace time (:mod:`.tracing`).

Layer 0: imports nothing from the package.
"""

from autogalaxy_jaxnfw.numerics import chebyshev, roots, tracing

__all__ = ["chebyshev", "roots", "tracing"]
