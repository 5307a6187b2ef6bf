"""Checks of the population entry points' arguments: counts, plane indices and per-halo shapes.

Each raises an exception naming the argument, so a bad input stops at the boundary instead of
surfacing as a JAX shape or dtype error inside the trace.
"""

import operator

import jax.numpy as jnp
import numpy as np

__all__ = ["check_fits", "plane_indices", "positive_count"]


def positive_count(value, name):
    """A positive Python int, or an error naming the argument."""
    try:
        count = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an integer; got {type(value).__name__} {value!r:.60}") from None
    if count < 1:
        raise ValueError(f"{name} must be >= 1; got {count}")
    return count


def plane_indices(plane_index):
    """The plane indices as a JAX integer array; ``TypeError`` naming ``plane_index`` for anything else."""
    dtype = getattr(plane_index, "dtype", None)
    if dtype is None:
        if isinstance(plane_index, (str, bytes, bool)) or plane_index is None:
            raise TypeError(f"plane_index must be integers; got {type(plane_index).__name__} {plane_index!r:.60}")
        try:
            dtype = np.asarray(plane_index).dtype
        except (ValueError, TypeError):
            dtype = np.dtype(object)
    if not np.issubdtype(dtype, np.integer):
        raise TypeError(f"plane_index must be integers; got {type(plane_index).__name__} of dtype {dtype}")
    return jnp.asarray(plane_index)


def check_fits(name, value, shape):
    """``ValueError`` naming ``name`` and mass_at_200 when ``value`` does not broadcast to the haloes' ``shape``."""
    try:
        if np.broadcast_shapes(np.shape(value), shape) == shape:
            return
    except ValueError:
        pass
    raise ValueError(f"{name} of shape {np.shape(value)} does not fit mass_at_200's {shape[0]} haloes "
                     f"(shape {shape} expected)")
