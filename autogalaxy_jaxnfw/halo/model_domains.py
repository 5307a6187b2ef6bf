"""Each concentration model's paper and the domain where it is defined, as error messages quote them.

The domains restate those of :mod:`autogalaxy_jaxnfw.halo.concentration`'s docstring: the
Lagrangian radii the model reads must lie inside the sigma(R) table, and its equation for c
must have a root in the stated range.
"""

__all__ = ["MODEL_DOMAINS", "MODEL_NAMES"]

MODEL_NAMES = {"diemer19": "Diemer & Joyce (2019)", "ishiyama21": "Ishiyama et al. (2021)", "ludlow16": "Ludlow et al. (2016)"}
"""Each model's paper, as error messages name it."""
MODEL_DOMAINS = {
    "ludlow16": (
        "the Lagrangian radii of M200c and f M200c (f = 0.02) inside the sigma(R) table, 1e-3 to 40 Mpc/h "
        "(about 2e4 < M200c < 2e16 Msun/h for planck15), and a root of its eqs. 6-7 with 1 <= c200c <= 100"
    ),
    "diemer19": (
        "the Lagrangian radius R_L and kappa R_L (kappa = 0.41 median, 0.42 mean) inside the sigma(R) table, "
        "1e-3 to 60 Mpc/h (about 5e3 < M200c < 8e16 Msun/h for planck15), and a root of G(x) on its rising "
        "branch with 0.1 <= x = c200c / C(alpha_eff) <= 1000"
    ),
    "ishiyama21": (
        "the Lagrangian radius R_L and kappa R_L (kappa of the parameter set, 0.38 to 2.4) inside the sigma(R) "
        "table, 1e-3 to 60 Mpc/h (about 4e2 to 8e16 Msun/h in its native definition across the sets, "
        "planck15), and a root of G(x) on its rising branch with 0.1 <= x <= 1000"
    ),
}
"""Where each model is defined (the module docstring's domains), as error messages quote it."""
