"""The hub configurations the guide ships (docs/hub/): Zero to JupyterHub and The Littlest
JupyterHub.

``docs/hub/config.yaml`` is merged into the z2jh chart's default values, as helm merges them, and
validated against the values schema of the chart version it names (both vendored in docs/hub/,
with their source and licence; see docs/hub/README.md). It must also say what the guide says:
the image from repo2docker with an explicit tag, the memory figures of the sizing section, an
idle culler, and nbgitpuller bringing the course in. The guide's TLJH commands install the
course's pinned requirements with a pinned TLJH.
"""

import copy
import json
import re

import jsonschema
import pytest
import yaml

from course_files import ROOT, load_tool

HUB = ROOT / "docs" / "hub"
CHART_VERSION = "4.4.0"
SCHEMA = HUB / f"z2jh-{CHART_VERSION}-values.schema.json"
DEFAULTS = HUB / f"z2jh-{CHART_VERSION}-values.yaml"
GUIDE = ROOT / "docs" / "instructors.md"

links = load_tool("links")


def helm_merge(defaults, values):
    """Helm's merge of user values into a chart's defaults: maps key by key, the rest replaced."""
    merged = copy.deepcopy(defaults)
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def schema_errors(values):
    schema = json.loads(SCHEMA.read_text())
    defaults = yaml.safe_load(DEFAULTS.read_text())
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in validator.iter_errors(helm_merge(defaults, values))]


def config():
    return yaml.safe_load((HUB / "config.yaml").read_text())


def test_the_schema_is_the_named_chart_version_with_its_licence():
    readme = (HUB / "README.md").read_text()
    assert f"tag `{CHART_VERSION}`" in readme and "zero-to-jupyterhub-k8s" in readme
    assert "BSD 3-Clause" in (HUB / "z2jh-LICENSE").read_text()
    schema = json.loads(SCHEMA.read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert {"hub", "singleuser", "cull", "proxy"} <= set(schema["properties"])
    # The chart's defaults are valid on their own (the vendored pair belongs together).
    assert schema_errors({}) == []


def test_config_is_valid_for_the_chart_version_it_names():
    header = (HUB / "config.yaml").read_text().splitlines()[0]
    assert f"chart \"jupyterhub\" {CHART_VERSION}" in header
    assert f"--version={CHART_VERSION}" in (HUB / "config.yaml").read_text()
    assert schema_errors(config()) == []


@pytest.mark.parametrize("path, value, expected", [
    (("singleuser", "memry"), {"limit": "1G"}, "'memry' was unexpected"),
    (("cull", "timeout"), "an hour", "is not of type 'integer'"),
    (("singleuser", "cpu", "limit"), "1 core", "is not of type 'number', 'null'"),
])
def test_a_wrong_value_is_rejected(path, value, expected):
    values = config()
    node = values
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    errors = schema_errors(values)
    assert any(expected in error for error in errors), errors


def test_config_says_what_the_guide_says():
    values = config()
    single = values["singleuser"]
    assert single["image"]["tag"] and single["image"]["tag"] != "latest"
    assert single["defaultUrl"] == "/lab"
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    command = " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert (f"gitpuller {links.repo_url(links.DEFAULT_REPO)} {links.DEFAULT_BRANCH} "
            f"/home/jovyan/{links.repo_folder(links.DEFAULT_REPO)} || true") in command
    guide = GUIDE.read_text()
    assert f"chart version {CHART_VERSION}" in guide
    section = guide.split("### 2b.")[1].split("## 3.")[0]
    for key in ("guarantee", "limit"):
        assert f"{key}: {single['memory'][key]}" in section, f"memory {key} differs from 2b"
        assert f"{key}: {single['cpu'][key]}" in section, f"cpu {key} differs from 2b"


def test_tljh_commands_install_the_pinned_requirements_with_a_pinned_tljh():
    section = GUIDE.read_text().split("### 2a.")[1].split("### 2b.")[0]
    bootstrap = re.search(r"curl -L https://tljh\.jupyter\.org/bootstrap\.py \| sudo -E python3 -"
                          r"(.*?)```", section, re.S)
    assert bootstrap, "the guide has no TLJH bootstrap command"
    command = bootstrap.group(1)
    assert re.search(r"--version \d+\.\d+\.\d+", command), "pin TLJH's version"
    url = re.search(r"--user-requirements-txt-url (\S+)", command).group(1)
    assert url.startswith(f"https://raw.githubusercontent.com/{links.DEFAULT_REPO}/")
    assert url.endswith("/binder/requirements.txt")
    assert "tljh-config set services.cull.timeout" in section
