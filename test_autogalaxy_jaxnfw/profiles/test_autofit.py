"""autofit persistence: every sibling's model through autofit's JSON, and a finished search through af.Aggregator."""

import os

import numpy as np
import pytest

import autofit as af
from autofit.mapper.model_object import ModelObject
from autonerves import conf

import autogalaxy_jaxnfw as agj


@pytest.mark.parametrize("name", sorted(agj.SIBLINGS))
def test__af_model__json_round_trip(name):
    cls = agj.SIBLINGS[name]
    model = af.Model(cls)
    model.redshift_object, model.redshift_source = 0.5, 1.5
    loaded = ModelObject.from_dict(model.dict())
    assert loaded.cls is cls
    assert loaded.prior_count == model.prior_count
    assert [type(p) for p in loaded.priors_ordered_by_id] == [type(p) for p in model.priors_ordered_by_id]
    unit = np.linspace(0.2, 0.8, model.prior_count)
    original, restored = model.instance_from_unit_vector(unit), loaded.instance_from_unit_vector(unit)
    assert type(restored) is cls
    assert restored.kappa_s == original.kappa_s and restored.scale_radius == original.scale_radius


class _Analysis(af.Analysis):
    def log_likelihood_function(self, instance):
        return -float(sum(halo.kappa_s for halo in instance.halos))


def test__aggregator__loads_a_finished_search_as_plugin_instances(tmp_path, monkeypatch):
    for variable in ("PYAUTO_SKIP_VISUALIZATION", "PYAUTO_FAST_PLOTS", "PYAUTO_SKIP_LATENTS"):
        monkeypatch.setenv(variable, "1")
    monkeypatch.setattr(conf.instance, "output_path", str(tmp_path / "output"))
    halos = {name.lower(): af.Model(cls, redshift_object=0.5, redshift_source=1.5) for name, cls in agj.SIBLINGS.items()}
    model = af.Collection(halos=af.Collection(halos))
    af.Drawer(name="halos", total_draws=3).fit(model=model, analysis=_Analysis())

    aggregator = af.Aggregator.from_database(os.fspath(tmp_path / "database.sqlite"))
    aggregator.add_directory(directory=os.fspath(tmp_path / "output"))
    fits = list(aggregator)
    assert len(fits) == 1
    instance = fits[0].instance
    assert [type(halo) for halo in instance.halos] == list(agj.SIBLINGS.values())
    assert all(np.isfinite(halo.kappa_s) and halo.kappa_s > 0 for halo in instance.halos)
