"""(iii) Derivatives (automatic, jax.grad) against central finite differences.

ln dn/d ln M (Tinker et al. 2008, "200c"), ln b (Tinker et al. 2010, "200c"), ln n(1e9, 1e15)
and ln M_0.5 (the median mass between 1e9 and 1e15) with respect to ln M, z and the cosmology's
fields; the finite differences step each variable by 1e-5 of its value (1e-4 for ln M and z)
with concrete cosmologies (tables built in NumPy), the derivatives trace the cosmology (tables
rebuilt in the trace).  Run from the repository root:

    PYTHONPATH=. python docs/research/abundance/gradients.py
"""

import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

import autogalaxy_jaxnfw as agj  # noqa: E402

FIELDS = ("h", "Om0", "Ob0", "sigma8", "ns", "Tcmb0", "Neff")


def observables(ln_m, z, values):
    cosmology = agj.planck15.replace(**dict(zip(FIELDS, values)))
    m = jnp.exp(ln_m)
    return jnp.stack([
        jnp.log(agj.mass_function(m, z, "200c", "tinker08", cosmology=cosmology)),
        jnp.log(agj.halo_bias(m, z, "200c", "tinker10", cosmology=cosmology)),
        jnp.log(agj.number_density(1e9, 1e15, z, "200c", "tinker08", cosmology=cosmology)),
        jnp.log(agj.mass_at_number_fraction(0.5, 1e9, 1e15, z, "200c", "tinker08", cosmology=cosmology)),
    ])


NAMES = ("ln dn/dlnM", "ln b", "ln n(1e9,1e15)", "ln M_0.5")


def main():
    values = np.array([getattr(agj.planck15, f) for f in FIELDS])
    jac = jax.jit(jax.jacfwd(observables, argnums=(0, 1, 2)))
    concrete = jax.jit(lambda ln_m, z: observables(ln_m, z, values))
    print("| M [Msun/h] | z | variable | " + " | ".join(NAMES) + " |")
    print("|---|---|---|" + "---|" * len(NAMES))
    worst = 0.0
    for m, z in [(1e8, 0.5), (1e12, 0.5), (3e14, 2.0)]:
        d_m, d_z, d_c = jac(np.log(m), z, values)
        rows = [("ln M", d_m, lambda s: concrete(np.log(m) + s, z), 1e-4), ("z", d_z, lambda s: concrete(np.log(m), z + s), 1e-4)]  # noqa: B023
        for i, name in enumerate(FIELDS):
            step = 1e-5 * values[i]
            rows.append((name, d_c[:, i], lambda s, i=i: observables(np.log(m), z, values + s * np.eye(len(FIELDS))[i]), step))  # noqa: B023
        for name, auto, fun, step in rows:
            fd = (np.asarray(fun(step)) - np.asarray(fun(-step))) / (2 * step)
            auto = np.asarray(auto)
            err = np.abs(auto - fd) / np.maximum(np.abs(fd), 1e-3)
            worst = max(worst, err.max())
            print(f"| {m:.0e} | {z} | {name} | " + " | ".join(f"{a:+.4e} ({e:.0e})" for a, e in zip(auto, err)) + " |")
    print(f"\nlargest |auto - FD| / max(|FD|, 1e-3): {worst:.1e}")


if __name__ == "__main__":
    main()
