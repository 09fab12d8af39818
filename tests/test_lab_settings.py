"""The course's JupyterLab settings (jupyterlab-settings/overrides.json, installed by `make setup`
and binder/postBuild): valid JSON whose every setting exists in the installed JupyterLab's schemas
and has a value that the schema accepts."""

import json
import sys
from pathlib import Path

import jsonschema
import pytest

from course_files import ROOT

OVERRIDES = ROOT / "jupyterlab-settings" / "overrides.json"
SCHEMAS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"


def _overrides():
    return json.loads(OVERRIDES.read_text(encoding="utf-8"))


def test_the_news_pop_up_is_off():
    notification = _overrides()["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false"


@pytest.mark.parametrize("plugin_id", list(_overrides()))
def test_every_override_names_a_setting_of_the_installed_jupyterlab(plugin_id):
    package, plugin = plugin_id.split(":")
    schema_file = SCHEMAS / package / f"{plugin}.json"
    assert schema_file.exists(), f"{plugin_id}: no schema {schema_file} in the installed JupyterLab"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    for name, value in _overrides()[plugin_id].items():
        assert name in schema["properties"], f"{plugin_id} has no setting {name!r}"
        jsonschema.validate(value, schema["properties"][name])
