"""The profiles' arguments at the boundary: normalised, and errors naming the argument (issue 22).

* A sibling on Diemer & Joyce (2019) in 200m, outside its range, reported Ludlow et al.'s range
  and c limits: the message names the relation used, its documented domain and ``mass_at_200``.
* Python / NumPy ints, 0-d arrays and lists give the float halo; strings, ``None``, ragged
  lists and a preset's name for a cosmology are refused naming the argument; shapes that do not
  broadcast name the arguments.
"""

import re

import numpy as np
import pytest
from autogalaxy import exc

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw.halo.model_domains import MODEL_DOMAINS, MODEL_NAMES
from autogalaxy_jaxnfw.profiles import nfw_parameters_from


@pytest.mark.parametrize(
    "relation",
    [
        agj.Relation(model="diemer19", mass_definition="200m"),
        agj.Relation(model="ishiyama21", mass_definition="vir"),
        agj.Relation(),
    ],
    ids=lambda relation: relation.label,
)
def test__undefined_concentration__message_names_the_relation_its_range_and_mass_at_200(relation):
    cls = agj.with_relation(agj.NFWMCRLudlowSphJax, relation)
    with pytest.raises(exc.ModelParameterException) as error:
        cls(mass_at_200=1e2)
    message = str(error.value)
    assert re.search(r"\bmass_at_200\b", message), message
    assert MODEL_NAMES[relation.model] in message, message
    assert MODEL_DOMAINS[relation.model] in message, message
    assert relation.mass_definition in message, message
    others = [MODEL_NAMES[m] for m in MODEL_NAMES if m != relation.model]
    assert not any(name in message for name in others), message


# Boundary normalisation of the constructors' numerical arguments (issue 22): ints, 0-d arrays
# and NumPy scalars give the float halo; anything that is not real numbers is refused naming the
# argument; shapes that do not broadcast name the arguments.
@pytest.mark.parametrize("mass", [10**10, np.int64(10**10), np.array(1e10), np.float32(2.0**33)], ids=type)
def test__constructor__integer_and_array_masses_give_the_float_halo(mass):
    halo = agj.NFWMCRLudlowSphJax(mass_at_200=mass)
    expected = agj.NFWMCRLudlowSphJax(mass_at_200=float(mass))
    assert halo.kappa_s == pytest.approx(expected.kappa_s, rel=1e-14)
    assert halo.scale_radius == pytest.approx(expected.scale_radius, rel=1e-14)


def test__parameters__list_of_masses_equals_each_mass():
    params = nfw_parameters_from([1e10, 1e11])
    for i, mass in enumerate((1e10, 1e11)):
        assert params.kappa_s[i] == pytest.approx(nfw_parameters_from(mass).kappa_s, rel=1e-12)


@pytest.mark.parametrize(
    "cls, argument, value",
    [
        (agj.NFWMCRLudlowSphJax, "mass_at_200", "1e10"),
        (agj.NFWMCRLudlowSphJax, "redshift_object", None),
        (agj.NFWMCRScatterLudlowSphJax, "scatter_sigma", [0.1, [0.2]]),
        (agj.cNFWMCRLudlowSphJax, "f_c", "0.01"),
        (agj.NFWMCRWarmLudlowSphJax, "inverse_m_wdm", "0.5"),
        (agj.KaplinghatCoredNFWMCRLudlowSphJax, "sigma_over_m", "3"),
    ],
)
def test__constructor__argument_of_the_wrong_kind_named(cls, argument, value):
    with pytest.raises(TypeError, match=rf"\b{argument}\b"):
        cls(**{argument: value})


def test__constructor__warm_particle_must_be_one_number():
    with pytest.raises(ValueError, match=r"\binverse_m_wdm\b"):
        agj.NFWMCRWarmLudlowSphJax(inverse_m_wdm=[0.1, 0.2])


def test__parameters__shape_mismatch_names_the_arguments():
    with pytest.raises(ValueError) as error:
        nfw_parameters_from(np.full(3, 1e10), redshift_object=np.full(2, 0.5))
    assert re.search(r"\bmass_at_200\b", str(error.value)) and re.search(r"\bredshift_object\b", str(error.value))


def test__parameters__cosmology_name_instead_of_a_cosmology_named():
    with pytest.raises(TypeError, match=r"\bcosmology\b.*planck15"):
        nfw_parameters_from(1e10, cosmology="planck15")
