"""Every public name has a contract entry; the non-numerical public names keep their contract.

``test__registry__covers_every_public_name`` fails when a name is added to ``agj.__all__``
without an entry in registry.py (a new function must say how it is fuzzed).
"""

import dataclasses
import re

import numpy as np
import pytest

import autogalaxy_jaxnfw as agj
from test_autogalaxy_jaxnfw.contract import registry


def test__registry__covers_every_public_name():
    missing = sorted(set(agj.__all__) - registry.registered_names())
    assert not missing, f"public names without a contract entry in contract/registry.py: {missing}"


def test__registry__has_no_stale_entry():
    stale = sorted(registry.registered_names() - set(agj.__all__))
    assert not stale, f"contract entries for names that are not public: {stale}"


def test__registry__every_entry_names_a_test_file_that_exists():
    """An ``Other`` entry's ``where`` (relative to contract/ or to the test package) is a file."""
    from pathlib import Path

    here = Path(__file__).resolve().parent
    missing = sorted({e.where for e in registry.OTHER.values()
                      if not any((root / e.where.split("::")[0]).is_file() for root in (here, here.parent))})
    assert not missing, f"contract entries pointing at no test file: {missing}"


@pytest.mark.parametrize("name", [n for n, e in registry.OTHER.items() if e.kind == "module"])
def test__module__public_names_resolve(name):
    module = getattr(agj, name)
    for public in getattr(module, "__all__", ()):
        assert hasattr(module, public), f"agj.{name}.__all__ names {public}, which it lacks"


@pytest.mark.parametrize("name", [n for n, e in registry.OTHER.items() if e.kind == "preset"])
def test__preset__valid_cosmology(name):
    preset = getattr(agj, name)
    rebuilt = agj.Cosmology(**{f.name: getattr(preset, f.name) for f in dataclasses.fields(preset)})
    assert rebuilt == preset
    c, valid = agj.concentration_ludlow16_with_mask(np.array([1e10, 1e12]), np.array([0.5, 1.0]), cosmology=preset)
    assert np.all(np.asarray(valid)) and np.all(np.isfinite(np.asarray(c)))


@pytest.mark.parametrize("field, value", [(f, v) for f, vs in registry.COSMOLOGY_FIELDS.items() for v in vs])
def test__cosmology__concrete_field_outside_domain_named(field, value):
    """A concrete cosmology outside its domain is refused at construction, naming the field."""
    with pytest.raises((ValueError, TypeError)) as error:
        agj.planck15.replace(**{field: value})
    assert re.search(rf"\b{field}\b", str(error.value)), f"{field}={value}: {error.value}"


@pytest.mark.parametrize("field", ["h", "Om0", "sigma8"])
@pytest.mark.parametrize("kind", ["python_int", "numpy_int64", "list", "string"])
def test__cosmology__field_kinds(field, kind):
    """Ints become floats; a list or a string is refused naming the field."""
    base = getattr(agj.planck15, field)
    if kind in ("python_int", "numpy_int64"):
        value = 1 if field != "Om0" else 0  # h=1, sigma8=1 valid; Om0=0 invalid
        make = int if kind == "python_int" else np.int64
        try:
            cosmology = agj.planck15.replace(**{field: make(value)})
        except ValueError as error:
            assert field in str(error)
            return
        assert float(getattr(cosmology, field)) == float(value)
        return
    bad = [base, base] if kind == "list" else "0.3"
    with pytest.raises((ValueError, TypeError)) as error:
        agj.planck15.replace(**{field: bad})
    assert field in str(error.value), str(error.value)


@pytest.mark.parametrize("name", [n for n, e in registry.OTHER.items() if e.kind == "named_tuple"])
def test__named_tuple__fields(name):
    cls = getattr(agj, name)
    assert hasattr(cls, "_fields") and len(cls._fields) >= 2


def test__relation__unknown_model_named():
    with pytest.raises(ValueError, match="model"):
        agj.Relation(model="no-such-model")
    with pytest.raises(ValueError, match="warm"):
        agj.Relation(model="ludlow16", warm="no-such-warm")


def test__conventions__context_restores():
    before = agj.get_conventions()
    with agj.upstream_conventions():
        agj.get_conventions()
    assert agj.get_conventions() == before


def test__halo_cosmology__context():
    """use_cosmology (set_cosmology's context form, over a HaloCosmology) gives a finite valid halo and restore the default."""
    import autogalaxy as ag

    grid = ag.Grid2DIrregular([[0.0, 0.0], [0.1, 0.1]])
    default = np.asarray(agj.NFWMCRLudlowSphJax(mass_at_200=1e11).convergence_2d_from(grid).array)
    with agj.use_cosmology(agj.wmap9):
        inside = np.asarray(agj.NFWMCRLudlowSphJax(mass_at_200=1e11).convergence_2d_from(grid).array)
    assert np.all(np.isfinite(inside)) and not np.allclose(inside, default)
    np.testing.assert_array_equal(np.asarray(agj.NFWMCRLudlowSphJax(mass_at_200=1e11).convergence_2d_from(grid).array),
                                  default)
