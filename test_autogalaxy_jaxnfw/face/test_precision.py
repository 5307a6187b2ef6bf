"""Precision is the user's: importing the package leaves ``jax_enable_x64`` as it was.

Each check runs in a fresh interpreter (``subprocess``; the test process itself runs with
x64 on, set by the conftest), started without ``JAX_ENABLE_X64`` in its environment.
"""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest


def run_fresh(code: str, **environment) -> dict:
    """The JSON a fresh interpreter prints after running ``code``, without JAX_ENABLE_X64 unless given."""
    env = {k: v for k, v in os.environ.items() if k != "JAX_ENABLE_X64"}
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("x64", [False, True])
def test__import__leaves_jax_enable_x64_as_it_was(x64):
    state = run_fresh(
        f"""
        import json, jax
        jax.config.update("jax_enable_x64", {x64})
        import autogalaxy_jaxnfw
        print(json.dumps(dict(after=bool(jax.config.jax_enable_x64))))
        """
    )
    assert state["after"] is x64


FLOAT32_CASES = """
import json, jax
jax.config.update("jax_enable_x64", {x64})
import autogalaxy as ag
import jax.numpy as jnp
import numpy as np
import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.lensing.nfw_radial import nfw_enclosed_mass, nfw_h_over_x2, truncated_nfw_l, truncated_nfw_m_over_x2

masses = jnp.asarray(np.logspace(6.0, 15.0, 10))
x = jnp.asarray(np.geomspace(1e-4, 1e4, 200))
grid = ag.Grid2D.uniform(shape_native=(6, 6), pixel_scales=0.2, over_sample_size=1)
halo = lambda log_mass: agj.NFWTruncatedMCRLudlowSphJax(centre=(0.03, -0.05), mass_at_200=10.0**log_mass)
deflections = jax.jit(lambda log_mass: halo(log_mass).deflections_yx_2d_from(grid, xp=jnp).array)(jnp.asarray(9.0))

def sidm_maps(name, log_mass):
    sidm = agj.SIBLINGS[name](centre=(0.03, -0.05), mass_at_200=10.0**log_mass)
    return [getattr(sidm, m)(grid, xp=jnp).array for m in ("deflections_yx_2d_from", "convergence_2d_from", "potential_2d_from")]

values = dict(
    concentration=[agj.concentration_ludlow16(masses, z) for z in (0.0, 0.5, 2.0)],
    kernels=[truncated_nfw_m_over_x2(x, 20.0), truncated_nfw_l(x, 20.0), nfw_h_over_x2(x), nfw_enclosed_mass(x)],
    deflections=[deflections],
    **{{name: jax.jit(lambda m, name=name: sidm_maps(name, m))(jnp.asarray(10.0)) for name in {sidm!r}}},
)
print(json.dumps({{k: dict(dtype=str(v[0].dtype), values=[np.asarray(a, dtype=float).tolist() for a in v]) for k, v in values.items()}}))
"""
# The SIDM siblings' deflections, convergence and potential (their cgs constants once overflowed
# float32: NaN maps for Yang et al., no core for Kaplinghat et al.).
SIDM = ("YangSIDMMCRLudlowSphJax", "KaplinghatCoredNFWMCRLudlowSphJax")
# Measured (docs/research/float32.md): ~7e-7 (relation), ~2e-6 (kernels), ~1e-6 (map),
# <= 6e-7 of the peak (SIDM maps); bounds ~10x.
FLOAT32_BOUNDS = dict(concentration=1e-5, kernels=2e-5, deflections=1e-5, **{name: 1e-5 for name in SIDM})
RELATIVE_TO_VALUE = ("concentration", "kernels")  # the maps: relative to their peak


@pytest.mark.slow
def test__float32__relation_kernels_and_maps_within_bounds_of_float64():
    single, double = (run_fresh(FLOAT32_CASES.format(x64=x64, sidm=SIDM)) for x64 in (False, True))
    for name, bound in FLOAT32_BOUNDS.items():
        assert single[name]["dtype"] == "float32" and double[name]["dtype"] == "float64"
        for a, b in zip(single[name]["values"], double[name]["values"]):
            a, b = np.asarray(a), np.asarray(b)
            assert np.all(np.isfinite(a)), name
            error = np.abs(a - b) / (np.abs(b) if name in RELATIVE_TO_VALUE else np.max(np.abs(b)))
            assert np.max(error) < bound, (name, float(np.max(error)))


def test__float32__expansion_maps_warn_naming_the_setting():
    state = run_fresh(
        """
        import json, warnings, jax
        jax.config.update("jax_enable_x64", False)
        import autogalaxy_jaxnfw as agj
        caught = {}
        for name in ("cNFWMCRLudlowSphJax", "NFWTruncatedMCRLudlowSphJax"):
            with warnings.catch_warnings(record=True) as records:
                warnings.simplefilter("always")
                agj.SIBLINGS[name]()
            caught[name] = [str(r.message) for r in records if issubclass(r.category, RuntimeWarning)]
        print(json.dumps(caught))
        """
    )
    assert any("jax_enable_x64" in message and "convergence_2d_from" in message for message in state["cNFWMCRLudlowSphJax"])
    assert state["NFWTruncatedMCRLudlowSphJax"] == []


RELATIONS_CASES = """
import json, jax
jax.config.update("jax_enable_x64", {x64})
import numpy as np
import autogalaxy_jaxnfw as agj

masses = np.logspace(6.0, 15.5, 40)[:, None]
z = np.array([0.0, 1.0, 4.0])  # one program per relation: redshifts broadcast against masses
warm = agj.cosmology.planck15.replace(m_wdm=3.0)
values = {{
    "diemer19 200c": agj.concentration(masses, "200c", z, model="diemer19"),
    "ishiyama21 vir": agj.concentration(masses, "vir", z, model="ishiyama21"),
    "diemer19 vir (nested)": agj.concentration(masses[::4], "vir", z, model="diemer19"),
    "ludlow16 warm": agj.concentration(masses[::4], "200c", z, model="ludlow16", cosmology=warm),
    "200c -> vir": agj.change_mass_definition(masses, 5.0, z, "200c", "vir")[2],
}}
print(json.dumps({{k: dict(dtype=str(v.dtype), values=np.asarray(v, dtype=float).tolist()) for k, v in values.items()}}))
"""
# Measured (docs/research/float32.md): <= 1.3e-6 relative; bound 10x.
RELATIONS_FLOAT32_BOUND = 1e-5


def test__float32__every_relation_finite_and_within_bound_of_float64():
    # Root tolerances below float32's rounding once turned valid haloes into NaN (up to 45 %).
    single, double = (run_fresh(RELATIONS_CASES.format(x64=x64)) for x64 in (False, True))
    for name in double:
        assert single[name]["dtype"] == "float32" and double[name]["dtype"] == "float64", name
        a, b = np.asarray(single[name]["values"]), np.asarray(double[name]["values"])
        assert np.all(np.isfinite(b)) and np.all(np.isfinite(a)), name
        assert np.max(np.abs(a / b - 1.0)) < RELATIONS_FLOAT32_BOUND, (name, float(np.max(np.abs(a / b - 1.0))))
