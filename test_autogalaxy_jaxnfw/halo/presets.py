"""colossus' four presets paired with their references, for the halo tests."""

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import reference as ref

PRESET_PAIRS = [
    (agj.cosmology.planck13, ref.REF_PLANCK13),
    (agj.cosmology.planck15, ref.REF_PLANCK15),
    (agj.cosmology.planck18, ref.REF_PLANCK18),
    (agj.cosmology.wmap9, ref.REF_WMAP9),
]
PRESET_IDS = ["planck13", "planck15", "planck18", "wmap9"]
