"""The project's promises: one source of pins, Binder without postBuild, README links that work."""

from __future__ import annotations

import importlib.metadata as metadata
import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from packaging.requirements import Requirement

from helpers.environment import pinned_versions
from helpers.paths import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
COURSE_PACKAGES = ("jupyterlab", "ipywidgets", "plotly", "pandas", "numpy", "ipykernel", "jupyterlab-widgets")


def requirement_lines(name: str) -> list[str]:
    lines = (REPO_ROOT / name).read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_environment_yml_installs_the_pinned_file_and_the_package() -> None:
    environment = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    dependencies = environment["dependencies"]
    conda = [item for item in dependencies if isinstance(item, str)]
    assert conda == ["python=3.11", "pip"], "conda packages would bypass the pins in requirements.txt"
    (pip_section,) = [item["pip"] for item in dependencies if isinstance(item, dict)]
    assert pip_section == ["-r requirements.txt", "-e ."]


def test_every_requirement_is_pinned_exactly() -> None:
    includes = {"-r requirements.txt", "-r ../requirements.txt", "-r deploy/requirements-hub.txt"}
    for file in ("requirements.txt", "requirements-test.txt", "deploy/requirements-hub.txt"):
        for line in requirement_lines(file):
            if line in includes:
                continue
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), f"{file}: {line!r} is not an exact pin"
    assert requirement_lines("requirements-test.txt")[:2] == ["-r requirements.txt", "-r deploy/requirements-hub.txt"]
    assert requirement_lines("deploy/requirements-hub.txt")[0] == "-r ../requirements.txt"


def test_no_package_is_pinned_twice() -> None:
    seen: dict[str, str] = {}
    for file in ("requirements.txt", "requirements-test.txt", "deploy/requirements-hub.txt"):
        for line in requirement_lines(file):
            if line.startswith("-r"):
                continue
            name = Requirement(line).name.lower().replace("_", "-")
            assert name not in seen, f"{name} is pinned in {seen.get(name)} and {file}"
            seen[name] = file


def test_pins_cover_the_course_packages_and_plotly_is_pinned_to_a_minor() -> None:
    pins = pinned_versions()
    for name in COURSE_PACKAGES:
        assert name in pins, f"{name} is not pinned in requirements.txt"
    assert re.fullmatch(r"7\.1\.\d+", pins["plotly"])


def test_package_ranges_admit_the_pins() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    pins = pinned_versions()
    for dependency in project["dependencies"]:
        requirement = Requirement(dependency)
        pinned = pins[requirement.name.lower()]
        assert requirement.specifier.contains(pinned), f"pyproject {dependency} excludes the pin {pinned}"
    plotly = next(Requirement(d) for d in project["dependencies"] if d.startswith("plotly"))
    assert not plotly.specifier.contains("7.2.0"), "plotly must stay on one minor (its JSON changes)"


def test_installed_versions_are_the_pinned_ones() -> None:
    pins = (pinned_versions(REPO_ROOT / "requirements-test.txt") | pinned_versions()
            | pinned_versions(REPO_ROOT / "deploy" / "requirements-hub.txt"))
    wrong = {}
    for name, version in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong[name] = "missing"
            continue
        if installed != version:
            wrong[name] = installed
    assert not wrong, f"installed versions differ from the pins: {wrong}"


def test_binder_builds_from_the_root_without_post_build() -> None:
    for name in ("binder", ".binder"):
        assert not (REPO_ROOT / name).exists(), f"a {name}/ folder makes Binder ignore environment.yml"
    assert not (REPO_ROOT / "postBuild").exists()


def markdown_links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", text)


def test_readme_relative_links_exist() -> None:
    relative = [link for link in markdown_links(README) if not re.match(r"[a-z]+:", link) and not link.startswith("#")]
    assert relative, "the README should link to the course files"
    for link in relative:
        assert (REPO_ROOT / link.split("#")[0]).exists(), f"README links to missing {link}"


def test_binder_badge_opens_the_start_page_in_jupyterlab() -> None:
    badges = [link for link in markdown_links(README) if "mybinder.org/v2/" in link]
    assert badges, "README needs a Binder badge"
    for badge in badges:
        query = parse_qs(urlparse(badge).query)
        assert query["labpath"] == ["notebooks/00-start-here.ipynb"]
        assert (REPO_ROOT / query["labpath"][0]).is_file()
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert any(image.endswith("badge_logo.svg") for image in images)


def test_readme_quick_start_is_two_commands_after_cloning() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", section, flags=re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert commands[:1] and commands[0].startswith("git clone")
    assert commands[1:] == ["python3 course.py lab", "python3 course.py test"]


def test_ci_calls_the_readme_test_command() -> None:
    script = (REPO_ROOT / ".ci" / "run").read_text()
    assert "python3 course.py test" in script
    assert "apt-get install -y chromium" in script


@pytest.mark.parametrize("name", ["LICENSE", "LICENSE-CONTENT.md", "CITATION.cff", "environment.yml", "pyproject.toml"])
def test_project_files_exist(name: str) -> None:
    assert (REPO_ROOT / name).is_file()
