"""Every field of ``RealisationConfig`` outside its domain or of the wrong kind: an error naming the field."""

import math

import pytest

import autogalaxy_jaxnfw as agj

BAD = [
    ("z_lens", -0.1), ("z_lens", math.nan), ("z_lens", 3.0), ("z_lens", "0.5"), ("z_source", 0.2), ("z_source", math.inf),
    ("cone_radius", 0.0), ("cone_radius", math.nan), ("cone_radius", "3"), ("m_min", 0.0), ("m_min", 1e11),
    ("m_min", math.nan), ("m_max", 1e5), ("m_max", math.inf), ("planes_before_lens", -1), ("planes_before_lens", 2.5),
    ("planes_after_lens", -1), ("model", "bogus"), ("model", 3), ("mdef", "200x"), ("mdef", None), ("warm", "bogus"),
    ("warm", 1.0), ("subhalo_turnover", "bogus"), ("host_scaling", "bogus"), ("relation", "ludlow16"), ("relation", 3),
    ("halo_cosmology", "planck15"), ("lensing_cosmology", "Planck15"), ("cone", "cylinder"), ("two_halo_boost", -1.0),
    ("two_halo_boost", math.nan), ("two_halo_boost", None), ("two_halo_window", 0.0), ("two_halo_window", 5.0),
    ("scatter", "yes"), ("scatter", None), ("truncation_los", "TRUNCATION_ROCHE"), ("truncation_los", "bogus"),
    ("truncation_los", None), ("truncation_subhalos", "MULTIPLE_RS"), ("truncation_subhalos", 3),
    ("truncation_subhalos", "TRUNCATION_GALACTICUS"),
    # Found by contract/test_realisations_contract.py: int() of these raised without the field's
    # name (or accepted a bool); the sharp-k route was accepted here and refused at the layout.
    ("planes_before_lens", math.nan), ("planes_before_lens", math.inf), ("planes_before_lens", None),
    ("planes_before_lens", [2]), ("planes_after_lens", True), ("planes_after_lens", 2.0), ("warm", "sharp_k"),
]


@pytest.mark.parametrize("field, value", BAD, ids=[f"{f}={v!r}" for f, v in BAD])
def test__realisation_config__field_outside_domain_raises_naming_it(field, value):
    with pytest.raises((TypeError, ValueError), match=field):
        agj.RealisationConfig(**{field: value})


def test__realisation_config__defaults_and_presets_are_valid():
    agj.RealisationConfig()
    agj.RealisationConfig(model="tinker08", mdef="200m", warm=None, subhalo_turnover=agj.Turnover(2.0, 1.0, -1.3),
                          host_scaling="gilman20", relation=agj.Relation(model="diemer19", mass_definition="200c"),
                          halo_cosmology=agj.planck15, scatter=False, cone="double_cone", two_halo_boost=1.2,
                          truncation_los=agj.Truncation("MULTIPLE_RS", tau=3.0),
                          truncation_subhalos="TRUNCATION_ROCHE_GILMAN2020")
    agj.RealisationConfig(truncation_los="TRUNCATION_R50", truncation_subhalos=agj.Truncation("TRUNCATION_RN", overdensity=100))
