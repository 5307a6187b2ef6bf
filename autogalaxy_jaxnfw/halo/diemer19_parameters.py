"""Parameter sets of the Diemer & Joyce (2019) form: DJ19's own and Ishiyama et al. (2021)'s.

Each set is a :class:`Diemer19Parameters` pytree (any field may be traced) valid in one mass
definition, its native one.  DJ19 Table 2 gives the median and mean fits (200c);
Ishiyama et al. (2021, MNRAS 506, 4210, Table 2) refit the form to the Uchuu simulations
for concentrations from NFW fits (``c_type="fit"``: 500c, 200c and vir) and from Vmax
(``c_type="vmax"``: 200c and vir), for all halos and for relaxed ones.  The numbers are
those colossus 1.4 uses.
"""

from typing import NamedTuple

import jax

__all__ = ["DIEMER19", "Diemer19Parameters", "ISHIYAMA21", "ishiyama21_native_definitions"]


class Diemer19Parameters(NamedTuple):
    """kappa (n_eff at kappa R_L), a_0, a_1 (A), b_0, b_1 (B) and c_alpha (C) of DJ19 eqs. 12-15."""

    kappa: jax.Array
    a_0: jax.Array
    a_1: jax.Array
    b_0: jax.Array
    b_1: jax.Array
    c_alpha: jax.Array


DIEMER19 = {
    "median": Diemer19Parameters(0.41, 2.45, 1.82, 3.20, 2.30, 0.21),
    "mean": Diemer19Parameters(0.42, 2.37, 1.74, 3.39, 1.82, 0.20),
}
"""DJ19 Table 2, by statistic; native definition 200c."""

ISHIYAMA21 = {
    ("fit", "all", "500c"): Diemer19Parameters(1.83, 1.95, 1.17, 3.57, 0.91, 0.26),
    ("fit", "relaxed", "500c"): Diemer19Parameters(0.38, 1.44, 3.41, 2.86, 2.99, 0.42),
    ("fit", "all", "200c"): Diemer19Parameters(1.19, 2.54, 1.33, 4.04, 1.21, 0.22),
    ("fit", "relaxed", "200c"): Diemer19Parameters(0.60, 2.14, 2.63, 1.69, 6.36, 0.37),
    ("fit", "all", "vir"): Diemer19Parameters(1.64, 2.67, 1.23, 3.92, 1.30, -0.19),
    ("fit", "relaxed", "vir"): Diemer19Parameters(1.22, 2.52, 1.87, 2.13, 4.19, -0.017),
    ("vmax", "all", "200c"): Diemer19Parameters(1.10, 2.30, 1.64, 1.72, 3.60, 0.32),
    ("vmax", "relaxed", "200c"): Diemer19Parameters(1.79, 2.15, 2.06, 0.88, 9.24, 0.51),
    ("vmax", "all", "vir"): Diemer19Parameters(0.76, 2.34, 1.82, 1.83, 3.52, -0.18),
    ("vmax", "relaxed", "vir"): Diemer19Parameters(2.40, 2.27, 1.80, 0.56, 13.24, 0.079),
}
"""Ishiyama et al. (2021) Table 2, by (c_type, halo_sample, mass definition)."""


def ishiyama21_native_definitions(c_type, halo_sample):
    """The mass definitions with an Ishiyama et al. (2021) fit for ``c_type`` and ``halo_sample``, in colossus' order."""
    return tuple(mdef for (kind, sample, mdef) in ISHIYAMA21 if kind == c_type and sample == halo_sample)
