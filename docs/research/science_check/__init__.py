"""Science check: are the plugin's haloes the haloes they claim to be?

For NFW, cored-NFW, truncated-NFW, gNFW and two SIDM haloes (Kaplinghat et al. 2016, Yang et
al. 2024), for Diemer & Joyce (2019) and Ishiyama et al. (2021) concentrations, masses in other
definitions (M_vir, M_500c) and a warm-dark-matter halo, the check builds the convergence and
deflection maps of each halo several ways:

(a) ``plugin``   -- this package's class (``NFWMCRScatterLudlowJax``, ...); for DJ19 and
                    Ishiyama21, which no class takes yet, ``agj.concentration`` (and
                    ``agj.change_mass_definition``) feeding the reference maps;
(b) ``colossus`` -- c from colossus (its tables, nested solve and ``changeMassDefinition``;
                    for warm dark matter, its cold c times the warm / cold ratio of colossus
                    fed the reference's spectrum as a table, so that the table route's own
                    error enters as a ratio);
(c) ``highprec`` -- c from ``autogalaxy_jaxnfw.reference`` (Brent roots and adaptive
                    quadrature, ~1e-12): the ground truth;
(d) ``upstream`` -- upstream autogalaxy's own class with its own conventions (information:
                    not thresholded; not evaluated where upstream integrates per pixel with
                    SciPy, gNFW and SIDM, or has no class);
(e) ``floor``    -- (c) with r_s (and r_c) x (1 + 1e-11): the profile evaluation's own
                    response to a parameter change of the plugin's size (not thresholded).

(b) and (c) turn c into lensing parameters with upstream's formulas (autogalaxy's ``Planck15``
distances, cored haloes normalised by their enclosed mass, r_t = 2 r_200 in arcsec) and into
maps by autogalaxy's plain profiles (NFW, cNFW, gNFW deflections) or by the reference's
high-precision radial integrals (truncated NFW, SIDM, gNFW convergence).  So plugin vs (c)
measures what a lens model sees of the plugin's error, and (b) vs (c) colossus' own.

Errors per pixel of a ``Grid2D`` (default 100 x 100 pixels of 0.05"): convergence
``|k_a - k_b| / |k_b|``; deflection ``|a_a - a_b| / max(|a_b|, 1e-6 max|a_b|)`` (vector norms).

Thresholds (exit status 1 if one fails): plugin vs highprec <= 1e-5 per pixel, both maps,
every case; plugin vs colossus <= 1.05 x (colossus vs highprec) + 1e-6 (by the triangle
inequality the plugin can sit at most its own error further from colossus than colossus is
from the truth).

Usage, from the repository root (``bash scripts/run_science_check.sh`` does this)::

    .venv/bin/python docs/research/science_check [--out output/science_check]

Outputs (in ``--out``): ``case_<name>.png`` per case (log10 relative-difference maps),
``summary_max_rel_error.png``, ``summary.json`` and ``summary.md``.
"""

from . import cases, concentrations, maps
from .cases import Case, default_cases
from .check import PLUGIN_TOLERANCE, SLACK_ABS, SLACK_FACTOR, run_science_check
from .maps import DEFLECTION_FLOOR, deflection_rel_error

__all__ = [
    "Case",
    "cases",
    "concentrations",
    "maps",
    "DEFLECTION_FLOOR",
    "PLUGIN_TOLERANCE",
    "SLACK_ABS",
    "SLACK_FACTOR",
    "default_cases",
    "deflection_rel_error",
    "run_science_check",
]
