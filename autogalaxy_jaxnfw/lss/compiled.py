"""The boundary of an abundance function: inputs normalised and checked, one compiled program for concrete ones."""

import jax

from autogalaxy_jaxnfw.cosmology.parameters import checked_cosmology
from autogalaxy_jaxnfw.numerics.inputs import as_floats
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = ["compiled_for_concrete"]


def compiled_for_concrete(core, check_strings):
    """``call(mdef, model, cosmology, **arrays)`` running ``core(*arrays, mdef=, model=, cosmology=)``.

    The arrays are normalised by :func:`~autogalaxy_jaxnfw.numerics.inputs.as_floats` (before
    any ``jit`` could narrow an integer) in the order given, ``check_strings(model, mdef)`` and
    the cosmology's type are checked, and then concrete inputs run one compiled program per
    (definition, model, cosmology, shapes), as the mass function and the concentrations do.
    Dispatched op by op, every call would dispatch each primitive of the series and the fit, and
    trace and compile a Newton loop again.  Traced inputs run ``core`` inside the caller's trace.
    """
    jitted = jax.jit(core, static_argnames=("mdef", "model", "cosmology"))

    def call(mdef, model, cosmology, **arrays):
        check_strings(model, mdef)
        cosmology = checked_cosmology(cosmology)
        arrays = as_floats(**arrays)
        if is_traced(cosmology, arrays):
            return core(*arrays, mdef=mdef, model=model, cosmology=cosmology)
        return jitted(*arrays, mdef=mdef, model=model, cosmology=cosmology)

    return call
