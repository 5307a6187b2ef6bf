"""A batch of traced cosmologies, each with one field outside its domain, for the abundance layer's contract.

Each member is a base cosmology with one field changed; the last member is the base itself.
The batch runs through a function under ``jax.vmap`` in one compiled program with its
gradient: every invalid member must give NaN with ``valid = False`` and zero derivatives
with respect to every field (the function evaluates at a valid stand-in, double where), the
base member the concrete cosmology's value.
"""

import dataclasses
import math

import jax
import jax.numpy as jnp
import numpy as np

# h = 0 is the long profile's finding (issue #22); the rest cover every field's domain.
CASES = [
    ("h", 0.0), ("h", math.nan), ("Om0", 1.2), ("Ob0", 0.0), ("sigma8", 0.0), ("ns", math.nan),
    ("Tcmb0", 0.0), ("Neff", -1.0), ("m_wdm", -1.0), ("m_wdm", math.nan),
]
# A fit calibrated on cold spectra: a traced finite m_wdm is outside its domain too.
COLD_CASES = CASES + [("m_wdm", 3.0)]
_LEAVES = ("h", "Om0", "Ob0", "sigma8", "ns", "Tcmb0", "Neff", "m_wdm")


def batch(base, cases):
    """``base`` with each case's field changed, one member per case plus ``base``, stacked (warm programs)."""
    members = [dict(zip(_LEAVES, base.leaves())) for _ in range(len(cases) + 1)]
    for member, (name, value) in zip(members, cases):
        member[name] = value
    stacked = {name: jnp.array([m[name] for m in members]) for name in _LEAVES}
    return dataclasses.replace(base, **stacked, dark_matter="warm")


def check(function, base, cases, concrete, rtol):
    """Assert the contract for ``function(cosmology) -> (value, valid)`` on ``batch(base, cases)``."""

    def total(cosmology):
        # The plain sum: every member's value gets cotangent 1, NaN or not, as in a user's loss.
        value, valid = jax.vmap(function)(cosmology)
        return jnp.sum(value), (value, valid)

    (_, (value, valid)), grads = jax.jit(jax.value_and_grad(total, has_aux=True))(batch(base, cases))
    value, valid = np.asarray(value), np.asarray(valid)
    for k, case in enumerate(cases):
        assert not valid[k].any() and np.isnan(value[k]).all(), (case, value[k], valid[k])
        for name in _LEAVES:
            g = float(np.asarray(getattr(grads, name))[k])
            assert g == 0.0, (case, name, g)
    assert valid[-1].all()
    np.testing.assert_allclose(value[-1], concrete, rtol=rtol)
    assert all(np.isfinite(np.asarray(getattr(grads, name))[-1]) for name in _LEAVES)
