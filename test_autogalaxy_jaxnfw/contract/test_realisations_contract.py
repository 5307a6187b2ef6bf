"""The contract over the realisation entry points (issue 24), fuzzed by hypothesis.

* ``DarkMatterParameters``: every traced field (the cosmology's h, Om0, Ob0, sigma8, ns and m_wdm
  of a warm cosmology, sigma_sub, subhalo_slope, host_mass) drawn over valid, boundary
  (sigma_sub = 0, m_wdm = inf in a warm cosmology, slopes -1 and -2.5) and invalid values through
  ONE program, ``jax.jit(jax.vmap(...))`` of ``realisation_tables`` + ``draw_realisation``
  (float64 and float32) and the Jacobian of the expected counts and sheets over 6 lanes (a point
  with boundary values, an interior point +- a step along one field, three invalid points),
  compiled once for the module; ``realiser`` (the public ``jax.jit`` of ``realise``) once more,
  against the lanes.  Valid: ``complete`` iff every plane's count fits its slots, valid slots ==
  the drawn counts, finite fields in them (NaN elsewhere), expected counts and sheets == the
  NumPy path of ``expected_counts`` / ``expected_sheets`` to 1e-12, finite gradients == central
  differences; invalid traced: every slot invalid, NaN counts and sheets, zero gradients;
  ``halo_samples``: finite stand-ins where invalid.  ``expected_counts`` / ``expected_sheets``
  themselves traced (jit, vmap, grad) with every invalid value of the subhalo fields, at a
  concrete cosmology (a second, small program).  Concrete: every invalid value of every field
  raises naming it, through one of five entry points.
* Input kinds of the scalar fields (Python int, NumPy int64 / float32 / float64, 0-d arrays, JAX
  float32 / float64): the float64 value; lists, strings, None, arrays: ``TypeError`` naming it.
* ``RealisationConfig``: valid fields construct (hashable); each field's values outside its
  domain and of a wrong kind, drawn beside a valid rest, and unknown names raise naming the
  field.  No compilation.
* ``two_halo_boost``: valid concrete arguments give a finite B > 0; every invalid argument an
  error naming it; a traced one ``TypeError`` naming it; input kinds.

Assertions are against the contract, the NumPy path, finite differences and the documented
relations between the outputs, never numbers produced by the code under test.
"""

import functools
import math
import re

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.populations.planes import EMPTY_SLOT_MASS
from test_autogalaxy_jaxnfw.contract import registry

CONTRACT = settings(settings.get_profile(registry.PROFILE))
FEW = settings(CONTRACT, max_examples=max(1, CONTRACT.max_examples // 2))
MANY = settings(CONTRACT, max_examples=CONTRACT.max_examples * 10)
"""Valid configurations compile nothing: ten times the examples."""

# A small layout: 3 planes, 1 arcsec, 1e8-1e10 Msun (a few slots per plane).
CONFIG = agj.RealisationConfig(z_lens=0.5, z_source=1.5, cone_radius=1.0, m_min=1e8, m_max=1e10, planes_before_lens=1,
                               planes_after_lens=1)
BASE = agj.planck15.replace(m_wdm=4.0)
COSMOLOGY = ("h", "Om0", "Ob0", "sigma8", "ns", "m_wdm")
FIELDS = COSMOLOGY + ("sigma_sub", "subhalo_slope", "host_mass")

# The interior of each field's domain drawn for valid points (log: log-uniform).
INTERIOR = {"h": (0.62, 0.74), "Om0": (0.27, 0.34), "Ob0": (0.044, 0.052), "sigma8": (0.77, 0.86), "ns": (0.93, 0.99),
            "m_wdm": (1.0, 30.0, "log"), "sigma_sub": (1e-3, 0.08, "log"), "subhalo_slope": (-1.98, -1.82),
            "host_mass": (1e12, 1e14, "log")}
# Valid values on or near the edge of a domain: no subhaloes, the cold limit of a warm
# cosmology, a flat and a steep subhalo slope (its domain: finite, the power law representable
# over the mass range: |slope + 1| <= ln(float max) / 2 / ln 100 = 77 here).
BOUNDARY = {"sigma_sub": (0.0,), "m_wdm": (math.inf,), "subhalo_slope": (-1.0, -2.5)}
INVALID = {**registry.COSMOLOGY_FIELDS, "sigma_sub": (-0.01, -math.inf, math.nan, math.inf),
           # +-200: regression, an infinite subhalo count marked valid.
           "subhalo_slope": (math.nan, math.inf, -math.inf, 200.0, -200.0),
           "host_mass": (0.0, -1e13, math.nan, math.inf)}
# The layout's slots: the expected counts at a high abundance + 8 Poisson deviations + 8, several
# times the counts of any interior point (an interior draw that overflowed would fail the test).
LAYOUT_PARAMETERS = agj.DarkMatterParameters(BASE.replace(Om0=0.34, Ob0=0.044, sigma8=0.86, h=0.62, m_wdm=math.inf),
                                             sigma_sub=0.08, subhalo_slope=-1.98, host_mass=1e14)
LANES = 6
"""A point with boundary values, an interior point +- a step along one field, three invalid points
(a cosmology field, a subhalo or host field, any field: each alone outside its domain)."""
INVALID_LANES = (3, 4, 5)
RTOL_EAGER = 1e-12


def _parameters(x):
    """DarkMatterParameters of the vector x (FIELDS' order); a traced m_wdm keeps the cosmology warm."""
    cosmology = BASE.replace(**dict(zip(COSMOLOGY, (x[i] for i in range(len(COSMOLOGY))))))
    return agj.DarkMatterParameters(cosmology, x[6], x[7], x[8])


def _concrete(x):
    """The same parameters with Python floats: the NumPy (eager) path; m_wdm = inf is the cold cosmology."""
    return _parameters([float(v) for v in x])


@pytest.fixture(scope="module")
def layout():
    return agj.realisation_layout(CONFIG, LAYOUT_PARAMETERS, n_sigma=8.0)


@pytest.fixture(scope="module")
def program(layout):
    return build_program(layout)


def build_program(layout):
    """Per lane (key, x): the float64 and float32 realisations, the expected counts and sheets and the
    Jacobian of (sum of counts, sum of sheets) w.r.t. x: one ``jit(vmap(...))`` for the module.

    The expected counts and sheets are the realisation's (``realisation_tables``: the abundance
    tables of ``expected_counts`` / ``expected_sheets``, NaN where invalid); those functions are
    checked against them through their NumPy path.  The float32 draw reads the float64 tables cast
    to float32, as ``realisation_tables(..., dtype=float32)`` makes them.  Differentiating the
    public functions themselves in this program (two more traced cosmologies) took 44 s to
    compile instead of 30 s (2-core machine, cold cache).
    """

    def sums(x):
        tables = agj.realisation_tables(_parameters(x), layout)
        counts = jnp.where(tables.valid, tables.cdf.cumulative[:, -1], jnp.nan)
        return jnp.stack([jnp.sum(counts), jnp.sum(tables.sheets)]), (tables, counts)

    def one(key, x):
        jacobian, (tables, counts) = jax.jacrev(sums, has_aux=True)(x)
        tables = jax.lax.stop_gradient(tables)
        tables32 = tables._replace(cdf=type(tables.cdf)(*(a.astype(jnp.float32) for a in tables.cdf)),
                                   sheets=tables.sheets.astype(jnp.float32))
        drawn = agj.draw_realisation(key, tables, layout)
        drawn32 = agj.draw_realisation(key, tables32, layout, jnp.float32)
        return drawn, drawn32, counts, tables.sheets, jacobian

    return jax.jit(jax.vmap(one))


@pytest.fixture(scope="module")
def realiser(layout):
    return agj.realiser(layout)


def _floats(data, field, interior=False):
    low, high, *log = INTERIOR[field]
    if log:
        value = 10.0 ** data.draw(st.floats(math.log10(low), math.log10(high)))
    else:
        value = data.draw(st.floats(low, high))
    if not interior and field in BOUNDARY and data.draw(st.booleans()):
        value = data.draw(st.sampled_from(BOUNDARY[field]))
    return value


def _draw_point(data, interior=False):
    return np.array([_floats(data, field, interior) for field in FIELDS])


def _draw_lanes(data):
    boundary, interior = _draw_point(data), _draw_point(data, interior=True)
    k = data.draw(st.integers(0, len(FIELDS) - 1))
    step = 1e-4 * abs(interior[k])
    plus, minus = interior.copy(), interior.copy()
    plus[k] += step
    minus[k] -= step
    invalid, bad = [], []
    for fields in (COSMOLOGY, FIELDS[len(COSMOLOGY):], FIELDS):
        point = _draw_point(data)
        field = data.draw(st.sampled_from(fields))
        point[FIELDS.index(field)] = data.draw(st.sampled_from(INVALID[field]))
        invalid.append(point)
        bad.append(f"{field}={point[FIELDS.index(field)]}")
    x = np.stack([boundary, plus, minus, *invalid])
    keys = jax.random.split(jax.random.key(data.draw(st.integers(0, 2**31 - 1))), LANES)
    return keys, x, k, step, bad


def _lane(tree, i):
    return jax.tree_util.tree_map(lambda a: np.asarray(a[i]), tree)


def _check_valid_realisation(drawn, layout, where):
    capacity = np.asarray(layout.capacities + (layout.subhalo_capacity,))
    assert bool(drawn.complete) == bool(np.all(drawn.counts <= capacity)), f"{where}: complete {drawn.complete}"
    valid = drawn.valid
    if drawn.complete:
        assert valid.sum() == drawn.counts.sum(), f"{where}: {valid.sum()} valid slots for counts {drawn.counts}"
        rows = np.where(drawn.is_subhalo, layout.n_planes, drawn.plane_index)
        np.testing.assert_array_equal(np.bincount(rows[valid], minlength=layout.n_planes + 1), drawn.counts)
    else:
        assert not valid.any(), f"{where}: an incomplete realisation has valid slots"
    mass = drawn.mass.astype(float)
    assert np.all((mass[valid] >= CONFIG.m_min * (1 - 1e-5)) & (mass[valid] <= CONFIG.m_max * (1 + 1e-5))), where
    for name in ("concentration", "truncation_radius"):
        value = getattr(drawn, name)
        assert np.all(np.isfinite(value[valid]) & (value[valid] > 0.0)), f"{where}: {name} {value[valid]}"
    radius = np.hypot(*np.moveaxis(drawn.centres[valid].astype(float), -1, 0))
    cone = np.asarray(layout.cone_radii)[drawn.plane_index[valid]]
    assert np.all(radius <= cone * (1 + 1e-6)), f"{where}: centres outside the cone"
    assert np.all(np.isfinite(drawn.scatter_sigma[valid])), where
    for name in ("mass", "concentration", "truncation_radius", "scatter_sigma"):
        assert np.all(np.isnan(getattr(drawn, name)[~valid])), f"{where}: {name} in invalid slots"
    assert np.all(np.isnan(drawn.centres[~valid])), where


def _check_invalid_realisation(drawn, where):
    assert not bool(drawn.complete) and not drawn.valid.any(), f"{where}: {drawn.valid.sum()} valid slots"
    assert np.all(drawn.counts == 0), f"{where}: counts {drawn.counts}"
    for name in ("mass", "concentration", "truncation_radius", "scatter_sigma", "centres", "expected", "sheets"):
        assert np.all(np.isnan(getattr(drawn, name))), f"{where}: {name} {getattr(drawn, name)}"


@settings(FEW)
@given(data=st.data())
def test__dark_matter_parameters__valid_boundary_invalid_through_one_program(data, layout, program, realiser):
    keys, x, k, step, bad = _draw_lanes(data)
    drawn, drawn32, counts, sheets, jacobian = program(keys, jnp.asarray(x))
    n = layout.n_planes
    for i in (0, 1, 2):
        where = f"lane {i}, x = {dict(zip(FIELDS, x[i]))}"
        d, d32, c, s, jac = (_lane(t, i) for t in (drawn, drawn32, counts, sheets, jacobian))
        # (a): valid, finite, the documented signs; the realisation carries the same expectations.
        assert bool(d.complete) or i == 0, f"{where}: an interior point overflows the layout ({d.counts})"
        assert np.all(np.isfinite(c)) and np.all(c[:n] > 0.0) and c[n] >= 0.0, f"{where}: counts {c}"
        assert (c[n] == 0.0) == (x[i, 6] == 0.0), f"{where}: subhaloes {c[n]} at sigma_sub {x[i, 6]}"
        assert np.all(np.isfinite(s)) and np.all(s < 0.0), f"{where}: sheets {s}"
        np.testing.assert_array_equal(d.expected, c, err_msg=where)
        np.testing.assert_array_equal(d.sheets, s, err_msg=where)
        assert np.all(np.isfinite(jac)), f"{where}: Jacobian {jac}"
        _check_valid_realisation(d, layout, where)
        _check_valid_realisation(d32, layout, where + " (float32)")
        assert d32.mass.dtype == np.float32 and d32.expected.dtype == np.float32
        np.testing.assert_allclose(d32.expected, c, rtol=1e-7, err_msg=where)  # one float32 rounding
        np.testing.assert_allclose(d32.sheets, s, rtol=1e-7, err_msg=where)
    # The NumPy path (concrete parameters; m_wdm = inf is the cold cosmology there) == the jit lanes.
    for i in (0, 1):
        p = _concrete(x[i])
        np.testing.assert_allclose(np.asarray(agj.expected_counts(p, layout)), np.asarray(counts[i]), rtol=RTOL_EAGER,
                                   err_msg=f"lane {i}")
        np.testing.assert_allclose(np.asarray(agj.expected_sheets(p, layout)), np.asarray(sheets[i]), rtol=RTOL_EAGER,
                                   err_msg=f"lane {i}")
    # Gradients == the central difference along field k (lanes 1, 2: the interior point +- step),
    # against the mean of the two Jacobians (the derivative at the midpoint to O(step^2)).
    values = np.stack([np.sum(np.asarray(counts), axis=1), np.sum(np.asarray(sheets), axis=1)], axis=1)
    difference = (values[1] - values[2]) / (2.0 * step)
    midpoint = 0.5 * (np.asarray(jacobian)[1, :, k] + np.asarray(jacobian)[2, :, k])
    for j, output in enumerate(("counts", "sheets")):
        scale = abs(values[1, j]) / abs(x[1, k])  # a derivative's scale, for one that vanishes
        np.testing.assert_allclose(midpoint[j], difference[j], rtol=2e-5, atol=1e-9 * scale,
                                   err_msg=f"d(sum of {output})/d{FIELDS[k]}")
    # (b): the invalid lanes, traced.
    for i, what in zip(INVALID_LANES, bad):
        where = f"invalid lane {what}"
        _check_invalid_realisation(_lane(drawn, i), where)
        _check_invalid_realisation(_lane(drawn32, i), where + " (float32)")
        assert np.all(np.isnan(np.asarray(counts[i]))) and np.all(np.isnan(np.asarray(sheets[i]))), where
        np.testing.assert_array_equal(np.asarray(jacobian[i]), 0.0, err_msg=where)
    # jit (the public realiser, unbatched) == the vmapped lanes, valid and invalid.
    for i in (0, INVALID_LANES[0]):
        single = realiser(keys[i], _parameters(jnp.asarray(x[i])))
        for name, value in single._asdict().items():
            value, vmapped = np.asarray(value), np.asarray(getattr(drawn, name)[i])
            if value.dtype.kind == "f":
                np.testing.assert_allclose(value, vmapped, rtol=1e-12, err_msg=f"realiser, lane {i}: {name}")
            else:
                np.testing.assert_array_equal(value, vmapped, err_msg=f"realiser, lane {i}: {name}")
    # halo_samples: finite stand-ins in invalid slots, its masks the realisation's.
    los, subhalos = agj.halo_samples(drawn, layout)
    split = sum(layout.capacities)
    np.testing.assert_array_equal(np.concatenate([los.valid, subhalos.valid], axis=1), np.asarray(drawn.valid))
    for sample in (los, subhalos):
        mass, valid = np.asarray(sample.mass_at_200), np.asarray(sample.valid)
        assert np.all(np.isfinite(mass)) and np.all(mass[~valid] == EMPTY_SLOT_MASS)
        assert np.all(np.isfinite(np.asarray(sample.centres))) and np.all(np.isfinite(np.asarray(sample.scatter_sigma)))
    np.testing.assert_array_equal(np.concatenate([los.mass_at_200, subhalos.mass_at_200], axis=1)[np.asarray(drawn.valid)],
                                  np.asarray(drawn.mass)[np.asarray(drawn.valid)])
    assert np.asarray(los.mass_at_200).shape[1] == split


ENTRY_POINTS = ("expected_counts", "expected_sheets", "realisation_tables", "realise", "realisation_layout")


def _call(entry, parameters, layout):
    if entry == "realise":
        return agj.realise(jax.random.key(0), parameters, layout)
    if entry == "realisation_layout":
        return agj.realisation_layout(CONFIG, parameters)
    return getattr(agj, entry)(parameters, layout)


INVALID_PAIRS = [(field, value) for field in FIELDS for value in INVALID[field]]


@pytest.mark.parametrize("field, bad", INVALID_PAIRS, ids=[f"{f}={v}" for f, v in INVALID_PAIRS])
@settings(FEW)
@given(data=st.data())
def test__dark_matter_parameters__concrete_invalid_raises_naming_the_field(field, bad, data, layout):
    entry = data.draw(st.sampled_from(ENTRY_POINTS))
    x = _draw_point(data, interior=True)
    x[FIELDS.index(field)] = bad
    # A cosmology outside its domain is refused where it is made; the other fields where they are used.
    with pytest.raises((ValueError, TypeError)) as error:
        _call(entry, _concrete(x), layout)
    assert re.search(rf"\b{field}\b", str(error.value)), f"{entry} with {field}={bad}: {error.value}"


SUBHALO_FIELDS = FIELDS[len(COSMOLOGY):]
SUBHALO_PAIRS = [(field, value) for field in SUBHALO_FIELDS for value in INVALID[field]]


@pytest.fixture(scope="module")
def subhalo_program(layout):
    """expected_counts, expected_sheets and their Jacobians w.r.t. (sigma_sub, subhalo_slope, host_mass) at a
    concrete cosmology, jit(vmap(...)) over lanes: the public functions themselves, traced."""

    def one(y, cosmology):
        def both(y):
            p = agj.DarkMatterParameters(cosmology, y[0], y[1], y[2])
            return agj.expected_counts(p, layout), agj.expected_sheets(p, layout)

        return both(y), jax.jacrev(both)(y)

    return jax.jit(jax.vmap(one, in_axes=(0, None)))


@settings(FEW)
@given(data=st.data())
def test__dark_matter_parameters__traced_subhalo_fields_public_functions(data, layout, subhalo_program):
    """Every value outside the domain of sigma_sub, subhalo_slope and host_mass, each in its own lane
    beside a valid one, traced through expected_counts and expected_sheets: NaN, zero gradients."""
    point = _draw_point(data, interior=True)
    cosmology = _concrete(point).cosmology
    valid = point[len(COSMOLOGY):]
    lanes = [valid]
    for field, bad in SUBHALO_PAIRS:
        lanes.append(valid.copy())
        lanes[-1][SUBHALO_FIELDS.index(field)] = bad
    (counts, sheets), (d_counts, d_sheets) = subhalo_program(jnp.asarray(np.stack(lanes)), cosmology)
    p = agj.DarkMatterParameters(cosmology, *(float(v) for v in valid))
    np.testing.assert_allclose(np.asarray(counts[0]), np.asarray(agj.expected_counts(p, layout)), rtol=RTOL_EAGER)
    np.testing.assert_allclose(np.asarray(sheets[0]), np.asarray(agj.expected_sheets(p, layout)), rtol=RTOL_EAGER)
    assert np.all(np.isfinite(np.asarray(d_counts[0]))) and np.all(np.isfinite(np.asarray(d_sheets[0])))
    for i, (field, bad) in enumerate(SUBHALO_PAIRS, start=1):
        where = f"traced {field}={bad}"
        assert np.all(np.isnan(np.asarray(counts[i]))) and np.all(np.isnan(np.asarray(sheets[i]))), where
        np.testing.assert_array_equal(np.asarray(d_counts[i]), 0.0, err_msg=where)
        np.testing.assert_array_equal(np.asarray(d_sheets[i]), 0.0, err_msg=where)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test__dark_matter_parameters__cosmology_of_a_wrong_kind_named(entry, layout):
    with pytest.raises(TypeError, match="cosmology"):
        _call(entry, agj.DarkMatterParameters(cosmology="planck15"), layout)


# --- Input kinds of the scalar parameters (the NumPy path) ---

EXACT = {"sigma_sub": 0.0625, "subhalo_slope": -1.875, "host_mass": 2.0**43}
INTEGRAL = {"sigma_sub": 0, "subhalo_slope": -2, "host_mass": 10**13}
KINDS = {
    "python_int": lambda f: INTEGRAL[f], "numpy_int64": lambda f: np.int64(INTEGRAL[f]),
    "numpy_float32": lambda f: np.float32(EXACT[f]), "numpy_float64": lambda f: np.float64(EXACT[f]),
    "0d_array": lambda f: np.asarray(EXACT[f]), "jax_float32": lambda f: jnp.asarray(EXACT[f], jnp.float32),
    "jax_float64": lambda f: jnp.asarray(EXACT[f]),
}


def _expected(field, value, layout):
    return np.asarray(agj.expected_counts(agj.DarkMatterParameters(BASE, **{**EXACT, field: value}), layout))


@pytest.fixture(scope="module")
def float64_counts(layout):
    """expected_counts with each field at a Python float (cached: one eager evaluation per value)."""
    cache = {}

    def counts(field, value):
        if (field, value) not in cache:
            cache[field, value] = _expected(field, value, layout)
        return cache[field, value]

    return counts


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("field", sorted(EXACT))
def test__input_kinds__give_the_float64_value(field, kind, layout, float64_counts):
    value = KINDS[kind](field)
    reference = float64_counts(field, float(value))
    assert np.all(np.isfinite(reference)), reference
    np.testing.assert_allclose(_expected(field, value, layout), reference, rtol=1e-15, atol=0.0)


@pytest.mark.parametrize("kind", ["list", "string", "none", "array"])
@pytest.mark.parametrize("field", sorted(EXACT))
def test__input_kinds__non_scalar_refused_naming_the_field(field, kind, layout):
    value = {"list": [EXACT[field]], "string": str(EXACT[field]), "none": None,
             "array": np.full(3, EXACT[field])}[kind]
    with pytest.raises(TypeError, match=rf"\b{field}\b"):
        agj.expected_counts(agj.DarkMatterParameters(BASE, **{**EXACT, field: value}), layout)


# --- RealisationConfig: no compilation ---

MODEL_PAIRS = (("sheth99", "fof"), ("tinker08", "200m"), ("tinker08", "200c"), ("despali16", "vir"), ("press74", "fof"))
# The kinds of number the configuration takes: Python and NumPy floats, float32 and int where exact.
NUMBER_KINDS = (float, np.float64, lambda v: np.float32(v) if np.float32(v) == v else v,
                lambda v: int(v) if v == int(v) else v)


@st.composite
def valid_configs(draw):
    kind = lambda: draw(st.sampled_from(NUMBER_KINDS))  # noqa: E731
    z_lens = draw(st.sampled_from((0.5, 1.0))) if draw(st.booleans()) else draw(st.floats(0.05, 1.5))
    z_source = z_lens + (draw(st.sampled_from((1.0, 1.5))) if draw(st.booleans()) else draw(st.floats(0.1, 3.0)))
    m_min = 10.0 ** draw(st.sampled_from((6, 7))) if draw(st.booleans()) else 10.0 ** draw(st.floats(5.0, 9.0))
    m_max = m_min * 10.0 ** draw(st.sampled_from((1, 2, 4)) if draw(st.booleans()) else st.floats(0.5, 5.0))
    cone_radius = draw(st.sampled_from((0.5, 2.0, 3.0))) if draw(st.booleans()) else draw(st.floats(0.1, 10.0))
    model, mdef = draw(st.sampled_from(MODEL_PAIRS))
    return dict(
        z_lens=kind()(z_lens), z_source=kind()(z_source), cone_radius=kind()(cone_radius), m_min=kind()(m_min),
        m_max=kind()(m_max),
        planes_before_lens=draw(st.sampled_from((0, 1, 4, np.int64(2)))),
        planes_after_lens=draw(st.sampled_from((0, 3, np.int32(5)))), model=model, mdef=mdef,
        warm=draw(st.sampled_from((None, "lovell20", "schneider12", agj.Turnover(2.0, 1.0, -1.3)))),
        subhalo_turnover=draw(st.sampled_from(("lovell20_subhalo", "lovell14_subhalo", agj.Turnover(4.2, 2.5, -0.2)))),
        host_scaling=draw(st.sampled_from(("pyhalo", "gilman20"))),
        relation=draw(st.sampled_from((None, agj.Relation(model="ludlow16")))),
        halo_cosmology=draw(st.sampled_from((None, agj.planck15, agj.wmap9))),
        scatter=draw(st.sampled_from((True, False, np.bool_(True)))),
        cone=draw(st.sampled_from(("autolens", "double_cone"))),
        two_halo_boost=draw(st.sampled_from((0.0, 0, 1.5))) if draw(st.booleans()) else draw(st.floats(0.0, 5.0)),
        two_halo_window=(z_source - z_lens) * draw(st.floats(0.001, 0.999)),
        truncation_los=draw(st.sampled_from(("workspace", "TRUNCATION_R50", "TRUNCATION_RN",
                                             agj.Truncation("MULTIPLE_RS", tau=5.0)))),
        truncation_subhalos=draw(st.sampled_from(("workspace", "TRUNCATION_ROCHE_GILMAN2020", "TRUNCATION_R200",
                                                  agj.Truncation("TRUNCATION_ROCHE", norm=2.0)))),
    )


# The fields checked here, named (a field added later needs its own bad values).
CONFIG_FIELDS = ("z_lens", "z_source", "cone_radius", "m_min", "m_max", "planes_before_lens", "planes_after_lens", "model",
                 "mdef", "warm", "subhalo_turnover", "host_scaling", "relation", "halo_cosmology", "lensing_cosmology",
                 "scatter", "cone", "two_halo_boost", "two_halo_window", "truncation_los", "truncation_subhalos")
NOT_A_NUMBER = ("0.5", None, True, [0.5], np.asarray([0.5]), 1j)


def _bad_values(draw, field, config):
    """Values of ``field`` outside its domain given the rest of ``config``, or of a wrong kind."""
    z_lens, z_source, m_min, m_max = (config[f] for f in ("z_lens", "z_source", "m_min", "m_max"))
    numbers = {
        "z_lens": (0.0, -0.1, math.nan, math.inf, z_source, z_source * draw(st.floats(1.0, 3.0))),
        "z_source": (z_lens, z_lens * draw(st.floats(0.0, 1.0)), -1.0, math.nan, math.inf),
        "cone_radius": (0.0, -1.0, math.nan, math.inf),
        "m_min": (0.0, -1e6, math.nan, m_max, m_max * draw(st.floats(1.0, 1e3))),
        "m_max": (m_min, m_min * draw(st.floats(0.0, 1.0)), math.inf, math.nan),
        "two_halo_boost": (-1e-3, -1.0, math.nan, math.inf),
        "two_halo_window": (0.0, -0.02, math.nan, math.inf, z_source - z_lens, (z_source - z_lens) * 2.0),
    }
    if field in numbers:
        return numbers[field] + NOT_A_NUMBER
    return {
        "planes_before_lens": (-1, 2.5, math.nan, math.inf, "2", None, True, [2]),
        "planes_after_lens": (-3, 0.5, math.nan, "1", None, False),
        "model": ("bogus", 3, None, "Sheth99"),
        "mdef": ("200x", None, 200, "fofx"),
        "warm": ("bogus", 1.0, "sharp_k", "lovell20_subhalox", True),
        "subhalo_turnover": ("bogus", 2.0, "lovell21", True),
        "host_scaling": ("bogus", 1.0, None),
        "relation": ("ludlow16", 3, agj.planck15),
        "halo_cosmology": ("planck15", 3, True),
        "lensing_cosmology": ("Planck15", 3, agj.planck15),
        "scatter": ("yes", None, 1, 0.0),
        "cone": ("cylinder", None, 3, "Autolens"),
        "truncation_los": ("TRUNCATION_ROCHE", "bogus", None, 50.0, "TRUNCATION_GALACTICUS", "MULTIPLE_RS"),
        "truncation_subhalos": ("bogus", 3, None, "MULTIPLE_RS", "TRUNCATION_GALACTICUS_KEELEY24", "truncation_r50"),
    }[field]


@settings(MANY)
@given(config=valid_configs())
def test__realisation_config__valid_fields_construct(config):
    made = agj.RealisationConfig(**config)
    for field, value in config.items():
        assert getattr(made, field) is value or getattr(made, field) == value, field
    assert made == agj.RealisationConfig(**config) and hash(made) == hash(agj.RealisationConfig(**config))


_EXAMPLE = dict(z_lens=0.5, z_source=2.0, m_min=1e6, m_max=1e10, model="sheth99")
CONFIG_PAIRS = [(field, i) for field in CONFIG_FIELDS for i in range(len(_bad_values(lambda _: 1.0, field, _EXAMPLE)))]


@pytest.mark.parametrize("field, index", CONFIG_PAIRS, ids=[f"{f}-{i}" for f, i in CONFIG_PAIRS])
@settings(FEW)
@given(config=valid_configs(), data=st.data())
def test__realisation_config__field_outside_domain_raises_naming_it(field, index, config, data):
    bad = _bad_values(data.draw, field, config)[index]
    config[field] = bad
    with pytest.raises((TypeError, ValueError)) as error:
        agj.RealisationConfig(**config)
    assert re.search(rf"\b{field}\b", str(error.value)), f"{field}={bad!r}: {error.value}"


@settings(CONTRACT)
@given(name=st.sampled_from(("truncation_radius_typo", "zlens", "m_wdm", "sigma_sub")))
def test__realisation_config__unknown_field_named(name):
    with pytest.raises(TypeError, match=name):
        agj.RealisationConfig(**{name: 1.0})


# --- Truncation: concrete only (a static model of the configuration) ---

TRUNCATION_FIELDS = ("overdensity", "norm", "m_power", "nu", "tau", "host_concentration", "host_core")
TRUNCATION_INVALID = {
    "model": ("bogus", None, 3, "TRUNCATION_GALACTICUS", "truncation_r50"),
    "overdensity": (0.0, -50.0, math.nan, math.inf, "50", None),
    "norm": (0.0, -1.4, math.nan, math.inf, [1.4]),
    "m_power": (math.nan, math.inf, "1/3", None),
    "nu": (math.nan, -math.inf, "2/3"),
    "tau": (0.0, -5.0, math.nan, math.inf, "5"),
    "host_concentration": (0.0, -6.0, math.nan, True),
    "host_core": (0.0, -0.25, 1.0, math.nan),
}
TRUNCATION_PAIRS = [(name, value) for name, values in TRUNCATION_INVALID.items() for value in values]


@st.composite
def valid_truncations(draw):
    model = draw(st.sampled_from(agj.populations.truncation.TRUNCATION_MODELS))
    free = {} if model in ("TRUNCATION_R50", "TRUNCATION_R200", "TRUNCATION_ROCHE_GILMAN2020") else dict(
        overdensity=draw(st.floats(1.0, 1e3)), norm=draw(st.floats(0.1, 10.0)), m_power=draw(st.floats(-1.0, 1.0)),
        nu=draw(st.floats(-1.0, 2.0)))
    tau = draw(st.floats(0.5, 50.0)) if model == "MULTIPLE_RS" or draw(st.booleans()) else None
    return dict(model=model, tau=tau, host_concentration=draw(st.floats(1.0, 30.0)),
                host_core=draw(st.sampled_from((0.1, 0.25, 0.5, 2.0))), **free)


@settings(MANY)
@given(fields=valid_truncations())
def test__truncation__valid_fields_construct_and_resolve(fields):
    made = agj.Truncation(**fields)
    assert made == agj.Truncation(**fields) and hash(made) == hash(agj.Truncation(**fields))
    resolved = made.parameters
    assert resolved.kind in ("workspace", "rn", "roche", "multiple_rs") and resolved.parameters == resolved


@pytest.mark.parametrize("field, value", TRUNCATION_PAIRS, ids=[f"{f}={v!r}" for f, v in TRUNCATION_PAIRS])
@settings(FEW)
@given(fields=valid_truncations())
def test__truncation__field_outside_domain_raises_naming_it(field, value, fields):
    fields = {**fields, "model": "TRUNCATION_RN" if field != "model" else fields["model"], field: value}
    if field == "tau":
        fields["model"] = "MULTIPLE_RS"
    with pytest.raises((TypeError, ValueError)) as error:
        agj.Truncation(**fields)
    assert re.search(rf"\b{field}\b", str(error.value)), f"{field}={value!r}: {error.value}"


# --- two_halo_boost: concrete only ---

TWO_HALO_INVALID = {
    "host_mass": (0.0, -1e13, math.nan, math.inf, 1e18, "1e13", None, True),  # 1e18: beyond the bias' tables
    "z_lens": (-0.1, -1.0, math.nan, math.inf, "0.5", None),
    "window": (0.0, -0.02, math.nan, math.inf, "0.02"),
    "r_min": (0.0, -0.5, math.nan, math.inf),
}


@settings(FEW)
@given(host_mass=st.floats(11.0, 15.0), z_lens=st.floats(0.0, 2.0), window=st.sampled_from((0.02, 0.05, 1e-4)),
       lazar=st.booleans())
def test__two_halo_boost__valid_finite_and_positive(host_mass, z_lens, window, lazar):
    boost = agj.two_halo_boost(10.0**host_mass, z_lens, window=window, lazar=lazar)
    assert isinstance(boost, float) and math.isfinite(boost) and boost > 0.0, (host_mass, z_lens, window, boost)


TWO_HALO_PAIRS = [(name, value) for name, values in TWO_HALO_INVALID.items() for value in values]


@pytest.mark.parametrize("name, bad", TWO_HALO_PAIRS, ids=[f"{n}={v!r}" for n, v in TWO_HALO_PAIRS])
def test__two_halo_boost__invalid_concrete_raises_naming_it(name, bad):
    with pytest.raises((TypeError, ValueError)) as error:
        agj.two_halo_boost(**{"host_mass": 1e13, "z_lens": 0.5, name: bad})
    assert re.search(rf"\b{name}\b", str(error.value)), f"{name}={bad!r}: {error.value}"


@pytest.mark.parametrize("name", ["host_mass", "z_lens", "window", "r_min"])
def test__two_halo_boost__traced_argument_named(name):
    arguments = {"host_mass": 1e13, "z_lens": 0.5, "window": 0.02, "r_min": 0.5}
    with pytest.raises(TypeError, match=name):
        jax.jit(lambda v: agj.two_halo_boost(**{**arguments, name: v}))(arguments[name])


@functools.lru_cache(maxsize=None)
def _two_halo_float64():
    return agj.two_halo_boost(2.0**43, 0.5)


@pytest.mark.parametrize("kind", ["python_int", "numpy_int64", "jax_float32"])  # 0.4 s a call: the int and float32 hazards
def test__two_halo_boost__input_kinds(kind):
    value = {"python_int": 2**43, "numpy_int64": np.int64(2**43), "jax_float32": jnp.asarray(2.0**43, jnp.float32)}[kind]
    assert agj.two_halo_boost(value, 0.5) == _two_halo_float64()
