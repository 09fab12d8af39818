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


def test_notebook_arrow_keys_leave_the_outputs_to_their_widgets():
    """Notebook 7 handles keys before the page's widgets do (JupyterLab after them): its
    command-mode arrow-key shortcuts would take a focused slider's keys. The course disables
    each default binding and binds it again for any focus outside a cell's outputs."""
    shortcuts = _overrides()["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    default = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
    for key in ("ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"):
        bindings = [s for s in shortcuts if s["keys"] == [key]]
        assert any(s.get("disabled") and s["selector"] == default for s in bindings), key
        assert any(not s.get("disabled") and s["selector"] ==
                   default + ":not(.jp-OutputArea-output *)" for s in bindings), key


@pytest.mark.parametrize("plugin_id", list(_overrides()))
def test_every_override_names_a_setting_of_the_installed_jupyterlab(plugin_id):
    package, plugin = plugin_id.split(":")
    schema_file = SCHEMAS / package / f"{plugin}.json"
    assert schema_file.exists(), f"{plugin_id}: no schema {schema_file} in the installed JupyterLab"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    for name, value in _overrides()[plugin_id].items():
        assert name in schema["properties"], f"{plugin_id} has no setting {name!r}"
        # the property's schema, with the schema's definitions its "$ref"s point into
        jsonschema.validate(value, dict(schema["properties"][name],
                                        definitions=schema.get("definitions", {})))
