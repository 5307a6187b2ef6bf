"""Whether a value is known when a program is traced."""

import jax

__all__ = ["is_traced", "uses_jax"]


def is_traced(*values) -> bool:
    """True if any leaf of ``values`` is a JAX tracer (an argument of ``jit``, ``grad``, ``vmap``).

    Everything else -- Python and NumPy numbers, NumPy arrays, concrete JAX arrays -- has a
    value at trace time, so tables and series can be built from it in NumPy and embedded in
    the program as constants.
    """
    return any(isinstance(leaf, jax.core.Tracer) for leaf in jax.tree_util.tree_leaves(values))


def uses_jax(*values) -> bool:
    """True if any leaf of ``values`` is a JAX array, concrete or traced: the caller takes its JAX path.

    The profiles' NumPy path (Python and NumPy inputs) returns floats and raises on bad input;
    their JAX path returns arrays with NaN where invalid.
    """
    return any(isinstance(leaf, jax.Array) for leaf in jax.tree_util.tree_leaves(values))
