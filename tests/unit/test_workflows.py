"""The GitHub Actions workflows, checked here because no runner can be reached from here: every file is valid
against GitHub's published workflow schema (the copy check-jsonschema ships, so no network), and the release
workflow keeps the rules it was written to (explicit shells, pinned actions, timeouts, the three systems)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
RELEASE = ROOT / ".github" / "workflows" / "release.yml"


def validate(*files: Path) -> subprocess.CompletedProcess[str]:
    """CI's schema check (.ci/run runs it as part of the suite): check-jsonschema against its built-in copy of
    GitHub's workflow schema."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           *map(str, files)], capture_output=True, text=True, timeout=120, check=False)


def steps_of(workflow: dict) -> list[tuple[str, dict]]:
    return [(job_id, step) for job_id, job in workflow["jobs"].items() for step in job.get("steps", [])]


@pytest.fixture(scope="module")
def release() -> dict:
    return YAML(typ="safe").load(RELEASE.read_text(encoding="utf-8"))


def test_every_workflow_is_valid_against_githubs_schema():
    assert RELEASE in WORKFLOWS
    done = validate(*WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_refuses_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    text = RELEASE.read_text(encoding="utf-8").replace("runs-on: ${{ matrix.os }}", "run-on: ${{ matrix.os }}", 1)
    assert text != RELEASE.read_text(encoding="utf-8")
    broken.write_text(text, encoding="utf-8")
    done = validate(broken)
    assert done.returncode == 1 and "run-on" in done.stdout + done.stderr


def test_the_release_builds_on_the_three_systems_from_one_spec(release):
    matrix = release["jobs"]["bundle"]["strategy"]["matrix"]["include"]
    assert {entry["os"] for entry in matrix} == {"windows-latest", "macos-latest", "ubuntu-22.04"}
    scripts = "\n".join(step.get("run", "") for _job, step in steps_of(release))
    assert "packaging/finstack-afas-wizard.spec" in scripts and "bash packaging/build-linux.sh" in scripts
    assert "packaging\\windows\\finstack-afas-wizard.iss" in scripts and "hdiutil create" in scripts
    assert scripts.count("packaging/smoke_test.py") == 1  # Windows and macOS; build-linux.sh runs it on Linux


def test_every_step_says_its_shell_and_every_action_is_pinned_to_a_commit(release):
    for job_id, step in steps_of(release):
        if "run" in step:
            assert step.get("shell") in ("bash", "pwsh"), f"{job_id}: {step.get('name')} has no explicit shell"
        else:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), f"{job_id}: {step['uses']} not pinned"
    for job_id, job in release["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 90, f"{job_id} has no timeout"


def test_signing_steps_are_skipped_with_a_message_when_their_secrets_are_missing(release):
    steps = [step for _job, step in steps_of(release)]
    for system, secret_gate in (("Windows", "steps.signing.outputs.windows"), ("macOS", "steps.signing.outputs.macos")):
        signing = [s for s in steps if f"{secret_gate} == 'true'" in str(s.get("if", ""))]
        skipped = [s for s in steps if f"{secret_gate} != 'true'" in str(s.get("if", ""))]
        assert signing and skipped, system
        assert all("::warning" in s["run"] for s in skipped), system


def test_a_draft_release_only_from_a_version_tag(release):
    job = release["jobs"]["release"]
    assert job["needs"] == "bundle" and "startsWith(github.ref_name, 'v')" in job["if"]
    assert job["permissions"] == {"contents": "write"} and release["permissions"] == {"contents": "read"}
    assert any("gh release create" in step.get("run", "") and "--draft" in step["run"] for step in job["steps"])
