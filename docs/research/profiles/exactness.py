"""Per-radius relative error of the single-halo maps against mpmath, before (autogalaxy) and after (plugin).

For each spherical single-halo class the plugin's sibling and autogalaxy's own profile with the
same kappa_s, r_s (and r_t) are evaluated at r = x r_s on the x axis, and compared with the
80-digit closed forms of ``autogalaxy_jaxnfw.reference.nfw_lensing``.  Also the radial
derivative d kappa / dr at r = r_s (1 +- 1e-9) (``jax.grad`` through each class's JAX path).

Run: ``python docs/research/profiles/exactness.py`` (prints Markdown tables, ~1 min).
"""

import jax
import jax.numpy as jnp
import mpmath as mp
import numpy as np

import autogalaxy as ag

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.reference import nfw_lensing as ref

HALO = dict(mass_at_200=2e10, redshift_object=0.45, redshift_source=1.3)
OFFSETS = [-1e-6, -1e-9, -1e-12, 0.0, 1e-12, 1e-9, 1e-6]
SMALL = [1e-12, 1e-9, 1e-6, 1e-4, 1e-2]
CASES = [
    ("NFWMCRLudlowSph / NFWMCRScatterLudlowSph", agj.NFWMCRLudlowSphJax, None),
    ("NFWTruncatedMCRLudlowSph / NFWTruncatedMCRScatterLudlowSph", agj.NFWTruncatedMCRLudlowSphJax, "truncated"),
]
MAPS = {"kappa": "convergence_2d_from", "alpha": "deflections_yx_2d_from", "psi": "potential_2d_from"}


def _upstream_twin(halo, truncated):
    if truncated:
        return ag.mp.NFWTruncatedSph(kappa_s=halo.kappa_s, scale_radius=halo.scale_radius, truncation_radius=halo.truncation_radius)
    return ag.mp.NFWSph(kappa_s=halo.kappa_s, scale_radius=halo.scale_radius)


def _exact(name, x, halo, tau):
    r_s, kappa_s = mp.mpf(float(halo.scale_radius)), mp.mpf(float(halo.kappa_s))
    with mp.workdps(ref.DIGITS):
        value = ref.closed_form(name, x, tau)
        scale = {"kappa": 2 * kappa_s, "alpha": 4 * kappa_s * r_s * x, "psi": 2 * kappa_s * r_s**2}[name]
        return scale * value


def _map(profile, method, radius):
    values = np.asarray(getattr(profile, method)(ag.Grid2DIrregular([[0.0, radius]])))
    return values[0, 1] if values.ndim == 2 else values[0]


def _relative_errors(profile, halo, tau, xs, name):
    errors = []
    for x in xs:
        radius = float(halo.scale_radius) * x
        x_exact = mp.mpf(radius) / mp.mpf(float(halo.scale_radius))
        with np.errstate(all="ignore"):
            value = _map(profile, MAPS[name], radius)
        exact = _exact(name, x_exact, halo, tau)
        errors.append(float(abs(value / exact - 1)) if np.isfinite(value) else np.inf)
    return errors


def _derivative_errors(profile, halo, tau):
    r_s, kappa_s = float(halo.scale_radius), float(halo.kappa_s)

    def kappa(r):
        grid = ag.Grid2DIrregular(jnp.stack([jnp.zeros(1), r[None]], axis=-1))
        return jnp.asarray(profile.convergence_2d_from(grid, xp=jnp).array)[0]

    errors = []
    for d in (-1e-9, 1e-9):
        r = r_s * (1.0 + d)
        value = float(jax.grad(kappa)(jnp.asarray(r)))
        with mp.workdps(ref.DIGITS):
            x, h = mp.mpf(r) / r_s, mp.mpf(r) / r_s * mp.mpf("1e-15")
            exact = 2 * kappa_s / r_s * (ref.closed_form("kappa", x + h, tau) - ref.closed_form("kappa", x - h, tau)) / (2 * h)
        errors.append(float(abs(value / exact - 1)) if np.isfinite(value) else np.inf)
    return max(errors)


def _row(label, errors):
    return f"| {label} | " + " | ".join(f"{e:.0e}" if np.isfinite(e) else "NaN/inf" for e in errors) + " |"


def main():
    for title, cls, truncated in CASES:
        halo = cls(**HALO)
        tau = None if truncated is None else float(halo.truncation_radius) / float(halo.scale_radius)
        before = _upstream_twin(halo, truncated)
        print(f"\n### {title} (tau = {tau if tau else 'inf'})\n")
        print("| map, code | " + " | ".join(f"r/r_s - 1 = {o:+.0e}" for o in OFFSETS) + " | " + " | ".join(f"r/r_s = {x:.0e}" for x in SMALL) + " | d kappa/dr at r_s(1 +- 1e-9) |")
        print("|---" * (len(OFFSETS) + len(SMALL) + 2) + "|")
        xs = [1.0 + o for o in OFFSETS] + SMALL
        for name in MAPS:
            for label, profile in (("before (autogalaxy)", before), ("after (plugin)", halo)):
                errors = _relative_errors(profile, halo, tau, xs, name)
                derivative = _derivative_errors(profile, halo, tau) if name == "kappa" else None
                print(_row(f"{name}, {label}", errors) + (f" {derivative:.0e} |" if derivative is not None else "  |"))


if __name__ == "__main__":
    main()
