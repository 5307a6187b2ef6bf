"""c(M, z) of any relation in any mass definition: the package's colossus-style entry point.

``concentration(M, mdef, z, model=..., cosmology=..., **model_options)`` mirrors colossus'
``halo.concentration.concentration``:

==============  ==========================  ===============================================
model           native definitions          options
==============  ==========================  ===============================================
``diemer19``    200c                        ``statistic="median"`` or ``"mean"``
``ishiyama21``  500c, 200c, vir (``fit``);  ``c_type="fit"`` or ``"vmax"``,
                200c, vir (``vmax``)        ``halo_sample="all"`` or ``"relaxed"``
``ludlow16``    200c                        ``method`` (see :mod:`~autogalaxy_jaxnfw.halo.ludlow16.relation`)
==============  ==========================  ===============================================

In a native definition the relation is evaluated directly; in any other the native mass
whose converted mass is M is solved for (:mod:`~autogalaxy_jaxnfw.halo.nested_solve`),
from the first native definition listed (colossus' choice: 500c for Ishiyama et al.'s
``fit`` sets; 200c for ``vmax``, which colossus cannot convert).  Entries without a
solution are NaN with ``valid = False`` and zero gradients.

``warm="bose16"`` multiplies the model's c200c, evaluated on the cold spectrum of the
cosmology, by the Bose et al. (2016) factor of the cosmology's ``m_wdm``
(:mod:`~autogalaxy_jaxnfw.halo.warm_suppression`).  Bose et al. fit c200c at M200c, so that
product is the warm relation's native form, in 200c; any other definition is reached from it
by the same nested solve (the halo whose converted mass is M has the suppressed c200c).
``warm="none"`` (the default) evaluates the model on the cosmology's own spectrum; DJ19 and
Ishiyama et al. are fits to cold spectra, so a warm cosmology needs ``warm="bose16"`` (a
``ValueError`` for a concrete finite ``m_wdm``, NaN with ``valid = False`` for a traced one).

Domains (NaN with ``valid = False`` outside; colossus: any M, z, cosmology where computable):
every model needs M > 0, z >= 0, both finite, and a cosmology in its domain
(:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.cosmology_valid`);

* ``ludlow16``: the Lagrangian radii of M and f M (f = 0.02) inside the sigma table (1e-3 to
  40 Mpc/h; about 2e4 < M200c < 2e16 Msun/h for planck15), and a root of L16 eqs. 6-7 with 1 <= c <= 100;
* ``diemer19``, ``ishiyama21``: R_L and kappa R_L inside the sigma table (1e-3 to 60 Mpc/h;
  about 5e3 < M < 8e16 Msun/h for DJ19's kappa = 0.41, 4e2 < M < 1e16 for Ishiyama et
  al.'s larger kappa, planck15) and G^-1 on its ascending branch with 0.1 <= x <= 1000.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy_jaxnfw.cosmology.parameters import checked_cosmology, planck15
from autogalaxy_jaxnfw.cosmology.traced_domain import valid_or_stand_in
from autogalaxy_jaxnfw.cosmology.sigma import LN_R_MAX, LN_R_MIN, RHO_CRIT_0
from autogalaxy_jaxnfw.halo.diemer19 import diemer19_solution
from autogalaxy_jaxnfw.halo.diemer19_parameters import DIEMER19, ISHIYAMA21, ishiyama21_native_definitions
from autogalaxy_jaxnfw.halo.ludlow16.relation import METHODS, concentration_ludlow16_solution
from autogalaxy_jaxnfw.halo.mass_definitions import SAFE_CONCENTRATION, SAFE_MASS, parse_mass_definition
from autogalaxy_jaxnfw.halo.nested_solve import solve_nested
from autogalaxy_jaxnfw.halo.warm_suppression import bose16_suppression
from autogalaxy_jaxnfw.cosmology.spread import LN_R_SPREAD
from autogalaxy_jaxnfw.numerics.inputs import as_floats
from autogalaxy_jaxnfw.numerics.tracing import is_traced

__all__ = ["MODELS", "ConcentrationSolution", "concentration", "concentration_solution", "concentration_with_mask"]

MODELS = {
    "diemer19": {"statistic": ("median", "mean")},
    "ishiyama21": {"c_type": ("fit", "vmax"), "halo_sample": ("all", "relaxed")},
    "ludlow16": {"method": (None,) + METHODS},
}
"""Each model's options and their allowed values (the first is the default)."""
WARM = ("none", "bose16")
"""How a warm cosmology enters: the model on its spectrum, or cold times Bose et al. (2016)."""


class ConcentrationSolution(NamedTuple):
    """c in the requested definition and why it is (not) defined; broadcast shape of (M, z).

    Attributes
    ----------
    c : jax.Array
        Concentration; NaN where ``valid`` is False.
    valid : jax.Array of bool
        ``input_valid & solved``.
    input_valid : jax.Array of bool
        M finite and > 0, z finite and >= 0, the cosmology's fields in their domain
        (:func:`~autogalaxy_jaxnfw.cosmology.traced_domain.cosmology_valid`), and, for a model
        calibrated on cold spectra with ``warm="none"``, a cold ``m_wdm`` (``inf``).
    solved : jax.Array of bool
        The relation is defined at the (native) mass and, in a non-native definition, the
        native mass was found.
    native_mass : jax.Array
        The mass in the relation's native definition (M itself in a native one), Msun/h.
    """

    c: jax.Array
    valid: jax.Array
    input_valid: jax.Array
    solved: jax.Array
    native_mass: jax.Array


def resolve_options(model, model_options):
    """The model's options with defaults filled in; ValueError for unknown names or values."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {tuple(MODELS)}; got {model!r}")
    allowed = MODELS[model]
    unknown = set(model_options) - set(allowed)
    if unknown:
        raise ValueError(f"model {model!r} takes the options {tuple(allowed)}; got {sorted(unknown)}")
    chosen = {name: model_options.get(name, values[0]) for name, values in allowed.items()}
    for name, value in chosen.items():
        if value not in allowed[name]:
            raise ValueError(f"option {name!r} of model {model!r} must be one of {allowed[name]}; got {value!r}")
    return chosen


def _lagrangian_ln_mass(ln_radius, cosmology):
    return jnp.log(4.0 / 3.0 * np.pi * cosmology.Om0 * RHO_CRIT_0) + 3.0 * ln_radius


def _native_relation(model, options, native_mdef):
    """``(native(M, z, cosmology) -> (c, valid), ln_mass_range(cosmology))`` in ``native_mdef``."""
    if model == "ludlow16":
        def native(M, z, cosmology):
            solution = concentration_ludlow16_solution(M, z, cosmology, options["method"])
            return solution.concentration, solution.valid

        return native, lambda cosmology: tuple(_lagrangian_ln_mass(r, cosmology) for r in LN_R_SPREAD)
    if model == "diemer19":
        parameters = DIEMER19[options["statistic"]]
    else:
        parameters = ISHIYAMA21[(options["c_type"], options["halo_sample"], native_mdef)]

    def native(M, z, cosmology):
        solution = diemer19_solution(M, z, parameters, cosmology)
        return solution.concentration, solution.valid

    ln_kappa = float(np.log(parameters.kappa))
    ln_r_range = (LN_R_MIN - min(0.0, ln_kappa), LN_R_MAX - max(0.0, ln_kappa))
    return native, lambda cosmology: tuple(_lagrangian_ln_mass(r, cosmology) for r in ln_r_range)


def _bose16_relation(model, options):
    """The model's cold c200c times Bose et al. (2016, eq. 17): the warm relation, native in 200c."""
    def native(M, z, cosmology):
        cold = _solution(M, z, "200c", model, options, cosmology.replace(m_wdm=float("inf")))
        # Double where: the cold c is NaN where it is undefined, which would poison the product's derivative.
        c_cold = jnp.where(cold.valid, cold.c, SAFE_CONCENTRATION)
        return c_cold * bose16_suppression(cold.native_mass, z, cosmology), cold.valid

    return native


def _native_definitions(model, options):
    if model == "ishiyama21":
        return ishiyama21_native_definitions(options["c_type"], options["halo_sample"])
    return ("200c",)


def _calibrated_spectrum(model, cosmology, warm):
    """Whether the model is used on the spectra it describes: cold ones, unless it is Ludlow16 or bose16."""
    if warm == "bose16" or model == "ludlow16" or cosmology.dark_matter == "cold":
        return True
    return jnp.isposinf(cosmology.m_wdm)


def _solution(M, z, mdef, model, options, cosmology, warm="none"):
    calibrated = _calibrated_spectrum(model, cosmology, warm)
    cosmology, cosmology_ok = valid_or_stand_in(cosmology)
    M, z = jnp.asarray(M, dtype=float), jnp.asarray(z, dtype=float)
    z_ok = jnp.isfinite(z) & (z >= 0.0)
    input_valid = jnp.isfinite(M) & (M > 0.0) & z_ok & cosmology_ok & calibrated
    natives = _native_definitions(model, dict(options))
    wanted = parse_mass_definition(mdef)
    direct = [n for n in natives if parse_mass_definition(n) == wanted]
    native, ln_mass_range = _native_relation(model, dict(options), direct[0] if direct else natives[0])
    if warm == "bose16":
        natives, native = ("200c",), _bose16_relation(model, options)
        direct = ["200c"] if wanted == parse_mass_definition("200c") else []
        M = jnp.where(input_valid, M, SAFE_MASS)
    if direct:
        c, solved = native(M, z, cosmology)
        native_mass = jnp.broadcast_to(M, jnp.shape(c))
    else:
        M_safe = jnp.where(input_valid, M, SAFE_MASS)
        z_safe = jnp.where(input_valid, z, 0.0)
        nested = solve_nested(native, M_safe, z_safe, mdef, natives[0], cosmology, ln_mass_range(cosmology))
        c, solved, native_mass = nested.c, nested.solved, nested.native_mass
    valid = input_valid & solved
    return ConcentrationSolution(jnp.where(valid, c, jnp.nan), valid, input_valid, solved, native_mass)


# Concrete inputs: one compiled program per (definition, model, options, cosmology).
_jitted_solution = jax.jit(_solution, static_argnames=("mdef", "model", "options", "cosmology", "warm"))


def concentration_solution(
    M, mdef, z, model="diemer19", cosmology=planck15, *, warm="none", **model_options
) -> ConcentrationSolution:
    """Concentration of a c-M relation in any mass definition, with its validity.

    Parameters
    ----------
    M : array_like
        Halo mass in ``mdef``, Msun/h (colossus' convention), > 0.
    mdef : str
        ``"200c"``, ``"500c"``, ``"vir"``, ``"200m"``, any ``"<Delta>c"`` or ``"<Delta>m"``.
    z : array_like
        Redshift, >= 0; broadcast against ``M``.
    model : {"diemer19", "ishiyama21", "ludlow16"}
    cosmology : Cosmology
        May be traced.
    warm : {"none", "bose16"}
        ``"bose16"``: the model's cold c200c times the Bose et al. (2016) factor of the
        cosmology's ``m_wdm`` (1 for cold dark matter); see the module docstring.
        ``"none"`` with a warm cosmology is for ``ludlow16`` only.
    **model_options
        ``statistic`` (diemer19), ``c_type`` and ``halo_sample`` (ishiyama21), ``method``
        (ludlow16); see :data:`MODELS`.

    Returns
    -------
    ConcentrationSolution

    Raises
    ------
    TypeError
        For ``M`` or ``z`` not real numbers, or ``cosmology`` not a :class:`Cosmology`.
    ValueError
        For an unknown model, option, option value, mass definition or ``warm``, shapes of
        ``M`` and ``z`` that do not broadcast, or ``warm="none"`` with a model calibrated on
        cold spectra and a concrete warm ``m_wdm`` (use ``warm="bose16"``).  Values outside
        the domain are NaN with ``valid = False`` (concrete or traced).
    """
    parse_mass_definition(mdef)
    if warm not in WARM:
        raise ValueError(f"warm must be one of {WARM}; got {warm!r}")
    options = tuple(sorted(resolve_options(model, model_options).items()))
    M, z = as_floats(M=M, z=z)
    cosmology = checked_cosmology(cosmology)
    calibrated = _calibrated_spectrum(model, cosmology, warm)
    if calibrated is not True and not is_traced(calibrated) and not calibrated:
        raise ValueError(
            f"model {model!r} is calibrated on cold spectra; with a warm cosmology (m_wdm = {cosmology.m_wdm} keV) "
            "choose warm='bose16' (its cold relation times Bose et al. 2016), or model='ludlow16'"
        )
    if is_traced(cosmology) or is_traced(M, z):
        return _solution(M, z, mdef, model, options, cosmology, warm)
    return _jitted_solution(M, z, mdef=mdef, model=model, options=options, cosmology=cosmology, warm=warm)


def concentration_with_mask(M, mdef, z, model="diemer19", cosmology=planck15, *, warm="none", **model_options):
    """(c, valid): see :func:`concentration_solution`."""
    solution = concentration_solution(M, mdef, z, model, cosmology, warm=warm, **model_options)
    return solution.c, solution.valid


def concentration(M, mdef, z, model="diemer19", cosmology=planck15, *, warm="none", **model_options):
    """c(M [Msun/h] in ``mdef``, z) of ``model``, as colossus' ``concentration``; NaN where undefined.

    See :func:`concentration_solution` for the parameters.
    """
    return concentration_solution(M, mdef, z, model, cosmology, warm=warm, **model_options).c
