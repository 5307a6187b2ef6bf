"""Numerical arguments normalised at the package's boundary, with the argument's name in every error.

Every public function passes its numerical arguments through :func:`as_float` (or
:func:`as_float64`, for a NumPy path that computes in float64) and checks
their shapes with :func:`broadcast_shapes` before any physics runs:

* Python and NumPy integers become floats in float64 NumPy first, so that ``10**10`` or
  ``10**np.arange(8, 15)`` neither wraps (JAX's float32 default narrows int64 to int32) nor
  overflows (a Python int beyond int64);
* lists, tuples and 0-d arrays become arrays; mixed float32 / float64 inputs take JAX's
  default float type (float64 under ``jax_enable_x64``, float32 otherwise);
* strings, ``None``, booleans, complex numbers and ragged sequences raise ``TypeError``
  naming the argument; shapes that do not broadcast raise ``ValueError`` naming both.

Values are not checked here: a value outside a model's domain is the model's to mask.
"""

import jax
import jax.numpy as jnp
import numpy as np

__all__ = ["as_float", "as_float64", "as_floats", "broadcast_shapes"]


def _kind_error(name, value, detail=""):
    return TypeError(
        f"{name} must be a real number or an array of real numbers; got {type(value).__name__} {value!r:.80}{detail}"
    )


def _checked_float64(value, name):
    """A non-JAX ``value`` as a float64 NumPy array; ``TypeError`` naming ``name`` for anything not real numbers."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        raise _kind_error(name, value)
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise _kind_error(name, value, f" ({error})") from None
    if array.dtype.kind in "iuf":
        # Integers through float64: JAX's float32 default would narrow int64 to int32 and wrap.
        return array.astype(np.float64)
    if array.dtype.kind == "O":
        try:
            return array.astype(np.float64)
        except (ValueError, TypeError, OverflowError):
            raise _kind_error(name, value) from None
    raise _kind_error(name, value, f" of dtype {array.dtype}")


def _checked_jax(value, name):
    if not (jnp.issubdtype(value.dtype, jnp.floating) or jnp.issubdtype(value.dtype, jnp.integer)):
        raise _kind_error(name, value, f" of dtype {value.dtype}")
    return jnp.asarray(value, dtype=float)


def as_float(value, name: str) -> jax.Array:
    """``value`` as an array of JAX's default float type, integers converted without wrapping.

    Parameters
    ----------
    value : number, sequence of numbers, NumPy or JAX array (traced included)
    name : str
        The argument's name, for the error message.

    Returns
    -------
    jax.Array or numpy.ndarray
        float64 under ``jax_enable_x64``, float32 otherwise; a JAX array (a tracer included)
        stays a JAX array, anything else becomes a NumPy array (a trace-time constant).

    Raises
    ------
    TypeError
        For anything that is not real-valued numbers: strings, ``None``, booleans, complex
        numbers, ragged or object sequences.
    """
    if isinstance(value, jax.Array):
        return _checked_jax(value, name)
    # NumPy, not jnp: inside a trace jnp.asarray stages a constant as a tracer, and the
    # callers' routers read plain-number inputs (the fixed-redshift series) at trace time.
    return np.asarray(_checked_float64(value, name), dtype=jax.dtypes.canonicalize_dtype(np.float64))


def as_float64(value, name: str):
    """As :func:`as_float`, but a non-JAX ``value`` stays a float64 NumPy array whatever JAX's default.

    For the NumPy paths that compute in float64 NumPy (the profiles' constructors, the
    distances of concrete redshifts): under JAX's float32 default, :func:`as_float` would
    round their inputs to float32 first.  JAX arrays (tracers included) become JAX's default
    float type, as in :func:`as_float`.
    """
    if isinstance(value, jax.Array):
        return _checked_jax(value, name)
    return _checked_float64(value, name)


def as_floats(**named) -> tuple:
    """:func:`as_float` of each keyword argument, checked to broadcast together; in the given order."""
    arrays = tuple(as_float(value, name) for name, value in named.items())
    broadcast_shapes(**dict(zip(named, arrays)))
    return arrays


def broadcast_shapes(**named) -> tuple:
    """The broadcast shape of the named arrays; ``ValueError`` naming them and their shapes if there is none."""
    shapes = {name: tuple(np.shape(value)) for name, value in named.items()}
    try:
        return np.broadcast_shapes(*shapes.values())
    except ValueError:
        shown = ", ".join(f"{name} of shape {shape}" for name, shape in shapes.items())
        raise ValueError(f"The shapes of {shown} do not broadcast against each other.") from None
