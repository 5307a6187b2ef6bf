"""(ii) The package, colossus, hmf and halox against the quadrature reference, for the same models.

For each code X the table gives max |package / X - 1| and max |X / reference - 1| on the same
points: when the package is at the reference's precision the two columns agree, and the
difference from X is X's own error.  colossus runs with its defaults (interpolated sigma,
'eisenstein98' spectrum); hmf and halox values come from ``external_values.py`` (their own
environment).  Planck 2015.  Run from the repository root:

    PYTHONPATH=. python docs/research/abundance/compare_codes.py /tmp/external.json
"""

import json
import sys

import jax

jax.config.update("jax_enable_x64", True)

import numpy as np  # noqa: E402
from colossus.cosmology import cosmology as colossus_cosmology  # noqa: E402
from colossus.lss import bias as colossus_bias  # noqa: E402
from colossus.lss import mass_function as colossus_mf  # noqa: E402

import autogalaxy_jaxnfw as agj  # noqa: E402
from autogalaxy_jaxnfw.reference import REF_PLANCK15  # noqa: E402
from autogalaxy_jaxnfw.reference import mass_function as reference  # noqa: E402

MODELS = [("press74", "fof"), ("sheth99", "fof"), ("jenkins01", "fof"), ("warren06", "fof"), ("angulo12", "fof"),
          ("tinker08", "200m"), ("tinker08", "200c"), ("tinker08", "vir"), ("watson13", "fof"), ("watson13", "200c"),
          ("despali16", "vir"), ("despali16", "500c")]
BIAS = [("tinker10", "200m"), ("tinker10", "200c"), ("sheth01", "200m"), ("cole89", "200m")]


def rel(a, b):
    ok = np.isfinite(a) & np.isfinite(b) & (b != 0)
    return np.abs(np.asarray(a)[ok] / np.asarray(b)[ok] - 1.0).max(initial=0.0)


def split(a, b, nu):
    """Largest relative difference where nu <= 3 and where nu > 3."""
    a, b = np.asarray(a), np.asarray(b)
    return rel(a[nu <= 3], b[nu <= 3]), rel(a[nu > 3], b[nu > 3])


def main(external_path):
    colossus_cosmology.setCosmology("planck15")
    log_m = np.arange(6.0, 15.51, 0.5)
    M = 10.0**log_m
    print("colossus (defaults) -- columns: nu <= 3 | nu > 3")
    print("| model | mdef | z | package vs colossus | colossus vs reference | package vs reference |")
    print("|---|---|---|---|---|---|")
    for model, mdef in MODELS:
        for z in (0.0, 1.0, 3.0):
            s = agj.mass_function_solution(M, z, mdef, model)
            nu = 1.68647 / np.asarray(s.sigma)
            try:
                col = colossus_mf.massFunction(M, z, mdef=mdef, model=model, q_out="dndlnM")
            except Exception as error:  # noqa: BLE001  (colossus refuses Delta_m outside Tinker's table)
                print(f"| {model} | {mdef} | {z} | colossus: {error} | | |")
                continue
            ref = reference.mass_function(REF_PLANCK15, M, z, mdef, model)
            cells = [split(s.value, col, nu), split(col, ref, nu), split(s.value, ref, nu)]
            print(f"| {model} | {mdef} | {z} | " + " | ".join(f"{a:.1e} / {b:.1e}" for a, b in cells) + " |")
    for model, mdef in BIAS:
        for z in (0.0, 1.0, 3.0):
            b = np.asarray(agj.halo_bias(M, z, mdef, model))
            col = colossus_bias.haloBias(M, z, mdef=mdef, model=model)
            ref = reference.halo_bias(REF_PLANCK15, M, z, mdef, model)
            print(f"| bias {model} | {mdef} | {z} | {rel(b, col):.1e} | {rel(col, ref):.1e} | {rel(b, ref):.1e} |")

    external = json.loads(open(external_path).read())
    assert np.allclose(external["log10_M"], log_m)
    print()
    print("hmf / halox (Tinker 2008 dn/dlnM; halox Tinker 2010 bias) -- columns: nu <= 3 | nu > 3")
    print("| code | quantity | z | package vs code | code vs reference | package vs reference |")
    print("|---|---|---|---|---|---|")
    for key, value in external.items():
        if key.endswith("error"):
            print(f"| {key} | {value} | | | | |")
        if not (key.startswith("hmf_tinker08") or key.startswith("halox_tinker")):
            continue
        code, model, mdef, zkey = key.split("_")
        z = float(zkey[1:])
        value = np.asarray(value)
        s = agj.mass_function_solution(M, z, mdef, "tinker08")
        nu = 1.68647 / np.asarray(s.sigma)
        if model == "tinker10":
            package, ref = np.asarray(agj.halo_bias(M, z, mdef, "tinker10")), reference.halo_bias(REF_PLANCK15, M, z, mdef, "tinker10")
        else:
            package, ref = np.asarray(s.value), reference.mass_function(REF_PLANCK15, M, z, mdef, "tinker08")
        cells = [split(package, value, nu), split(value, ref, nu), split(package, ref, nu)]
        print(f"| {code} | {model} {mdef} | {z} | " + " | ".join(f"{a:.1e} / {b:.1e}" for a, b in cells) + " |")
    for key in [k for k in external if "sigma" in k]:
        z = float(key.split("_z")[1])
        sigma = np.asarray(agj.mass_function_solution(M, z, "200m", "tinker08").sigma)
        print(f"| {key.split('_')[0]} | sigma(M) ({key}) | {z} | {rel(sigma, np.asarray(external[key])):.1e} | | |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/external.json")
