"""The project's own files: the citation agrees with the book's configuration and package, the changelog, the
contributors' guide and the erratum template are there and say what they must."""
import re
from pathlib import Path

import yaml

try:
    import tomllib  # Python >= 3.11
except ModuleNotFoundError:  # Python 3.10
    tomllib = None

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TEMPLATE = ROOT / ".github" / "ISSUE_TEMPLATE" / "erratum.md"


def package_version():
    text = (ROOT / "pyproject.toml").read_text()
    if tomllib is not None:
        return tomllib.loads(text)["project"]["version"]
    return re.search(r'(?m)^version\s*=\s*"([^"]+)"', text).group(1)


def test_citation_agrees_with_the_config_and_the_package():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert str(cff["cff-version"]) == "1.2.0"
    assert cff["title"] == CONFIG["title"], f"CITATION.cff title {cff['title']!r}, _config.yml {CONFIG['title']!r}"
    assert cff["repository-code"] == CONFIG["repository"]["url"], "CITATION.cff and _config.yml name other repositories"
    assert str(cff["version"]) == package_version(), f"CITATION.cff version {cff['version']}, pyproject {package_version()}"
    assert cff["authors"] and all("name" in a or "family-names" in a for a in cff["authors"])
    assert cff["license"] == "MIT" and "CC BY 4.0" in cff["message"]


def test_changelog_has_an_unreleased_section():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(r"(?m)^## \[?Unreleased\]?\s*$", changelog), "CHANGELOG.md has no Unreleased heading"


def test_contributing_names_the_tests_the_weights_tool_and_the_erratum_template():
    guide = (ROOT / "CONTRIBUTING.md").read_text()
    assert "make test" in guide and "tools/pretrained.py" in guide
    assert "(.github/ISSUE_TEMPLATE/erratum.md)" in guide, "CONTRIBUTING.md does not link the erratum template"
    assert TEMPLATE.is_file()


def test_erratum_template_has_front_matter():
    text = TEMPLATE.read_text()
    match = re.match(r"---\n(.*?)\n---\n", text, flags=re.S)
    assert match, f"{TEMPLATE.name} does not start with YAML front matter"
    front = yaml.safe_load(match.group(1))
    assert front.get("name") and front.get("about"), f"{TEMPLATE.name}: front matter needs name and about"
    assert text[match.end():].strip(), f"{TEMPLATE.name} has no body"
