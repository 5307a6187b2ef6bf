"""(i) Each mass function and bias model against the quadrature reference on the dense grid.

log10 M = 6 ... 15.5 (Msun/h, step 0.25), z in {0, 0.5, 1, 2, 3, 4, 6}, four cosmologies.
Prints the largest relative error per model, overall and where nu = 1.68647 / sigma <= 4
(dn/d ln M above ~1e-4 of its peak value's scale), and the integrals' precision against
adaptive quadrature.  Run from the repository root:

    PYTHONPATH=. python docs/research/abundance/precision.py
"""

import jax

jax.config.update("jax_enable_x64", True)

import numpy as np  # noqa: E402
from scipy import integrate  # noqa: E402

import autogalaxy_jaxnfw as agj  # noqa: E402
from autogalaxy_jaxnfw.reference import REF_PLANCK13, REF_PLANCK15, REF_PLANCK18, REF_WMAP9  # noqa: E402
from autogalaxy_jaxnfw.reference import mass_function as reference  # noqa: E402

COSMOLOGIES = [(agj.planck15, REF_PLANCK15), (agj.planck18, REF_PLANCK18), (agj.wmap9, REF_WMAP9), (agj.planck13, REF_PLANCK13)]
MODELS = [("press74", "fof"), ("sheth99", "fof"), ("jenkins01", "fof"), ("warren06", "fof"), ("angulo12", "fof"),
          ("tinker08", "200m"), ("tinker08", "200c"), ("tinker08", "vir"), ("watson13", "fof"), ("watson13", "200c"),
          ("despali16", "vir"), ("despali16", "200m"), ("despali16", "500c")]
BIAS = [("tinker10", "200m"), ("tinker10", "500c"), ("sheth01", "200m"), ("cole89", "200m")]
M = 10.0 ** np.arange(6.0, 15.51, 0.25)
Z = (0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0)


def errors(package, expected, sigma):
    ok = np.isfinite(expected)
    err = np.abs(package[ok] / expected[ok] - 1.0)
    nu = 1.68647 / sigma[ok]
    return err.max(initial=0.0), err[nu <= 4.0].max(initial=0.0), int(ok.sum())


def main():
    print("| model | mdef | max rel. error (all) | max rel. error (nu <= 4) | points |")
    print("|---|---|---|---|---|")
    for model, mdef in MODELS:
        worst, worst_low, count = 0.0, 0.0, 0
        for cosmology, ref in COSMOLOGIES:
            for z in Z:
                s = agj.mass_function_solution(M, z, mdef, model, "dndlnM", cosmology)
                e = errors(np.asarray(s.value), reference.mass_function(ref, M, z, mdef, model), np.asarray(s.sigma))
                worst, worst_low, count = max(worst, e[0]), max(worst_low, e[1]), count + e[2]
        print(f"| {model} | {mdef} | {worst:.2e} | {worst_low:.2e} | {count} |")
    print()
    print("| bias model | mdef | max rel. error | points |")
    print("|---|---|---|---|")
    for model, mdef in BIAS:
        worst, count = 0.0, 0
        for cosmology, ref in COSMOLOGIES:
            for z in Z:
                b = np.asarray(agj.halo_bias(M, z, mdef, model, cosmology))
                expected = reference.halo_bias(ref, M, z, mdef, model)
                ok = np.isfinite(expected)
                worst, count = max(worst, np.abs(b[ok] / expected[ok] - 1).max(initial=0.0)), count + ok.sum()
        print(f"| {model} | {mdef} | {worst:.2e} | {count} |")
    print()
    print("| integral | model | z | M1 - M2 | rel. error vs scipy.quad (epsrel 1e-13) |")
    print("|---|---|---|---|---|")
    for model, mdef in [("tinker08", "200m"), ("press74", "fof"), ("despali16", "vir")]:
        dn = jax.jit(lambda ln_m, z: agj.mass_function(jax.numpy.exp(ln_m), z, mdef, model))  # noqa: B023
        both = jax.jit(lambda a, b, z: (agj.number_density(a, b, z, mdef, model), agj.mass_density(a, b, z, mdef, model)))  # noqa: B023
        for z in (0.0, 3.0, 6.0):
            for lo, hi in [(1e6, 1e16), (1e13, 1e16), (1e6, 1e9), (1e3, 5e16)]:
                n, rho = both(lo, hi, z)
                quad = lambda w: integrate.quad(lambda x: np.exp(w * x) * float(dn(x, z)), np.log(lo), np.log(hi), epsabs=0, epsrel=1e-13, limit=500)[0]  # noqa: E731, B023
                print(f"| n, rho | {model} | {z} | {lo:.0e} - {hi:.0e} | {abs(n / quad(0) - 1):.1e}, {abs(rho / quad(1) - 1):.1e} |")


if __name__ == "__main__":
    main()
