"""The production settings refuse to start without their required variables, pass Django's
deployment checks, and the Docker stack's files agree with each other."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from .server import ROOT, production_env

DOCKER = ROOT / "docker"
REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"]
DATABASE = "postgres://intranet@127.0.0.1:5432/intranet"
# Read by the settings but not for an operator to set: the image sets the paths, DEBUG is
# always False in production, TEST_DATABASE_NAME belongs to the tests.
NOT_FOR_OPERATORS = {"DEBUG", "INTRANET_VAR_DIR", "MEDIA_ROOT", "STATIC_ROOT", "TEST_DATABASE_NAME"}
# compose.yaml builds DATABASE_URL from the POSTGRES_* values.
BUILT_BY_COMPOSE = {"DATABASE_URL"}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", REQUIRED)
def test_a_missing_required_variable_is_named(missing):
    env = production_env(DATABASE)
    del env[missing]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set in production" in result.stderr


def test_an_empty_required_variable_counts_as_missing():
    result = manage("check", env=production_env(DATABASE, SECRET_KEY="  "))
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY must be set" in result.stderr


def test_sqlite_is_refused():
    result = manage("check", env=production_env("sqlite:////tmp/db.sqlite3"))
    assert result.returncode != 0
    assert "DATABASE_URL must name a PostgreSQL" in result.stderr


def test_the_deployment_checks_pass():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(DATABASE))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_s3_media_is_chosen_by_the_bucket_setting():
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']['BACKEND']))"
    )
    local = manage("shell", "-c", script, env=production_env(DATABASE))
    assert (
        json.loads(local.stdout.splitlines()[-1]) == "django.core.files.storage.FileSystemStorage"
    )
    bucket = production_env(DATABASE, AWS_STORAGE_BUCKET_NAME="ines-media")
    s3 = manage("shell", "-c", script, env=bucket)
    try:
        import storages  # noqa: F401
    except ImportError:
        assert s3.returncode != 0
        assert 'pip install "intranet-ledningssystem[s3]"' in s3.stderr
    else:
        assert json.loads(s3.stdout.splitlines()[-1]) == "storages.backends.s3.S3Storage"


# --- docker/ -----------------------------------------------------------------------------------


def env_example_names() -> set[str]:
    text = (DOCKER / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def settings_variables() -> set[str]:
    """Environment variables the settings modules read."""
    names: set[str] = set()
    pattern = re.compile(
        r"""(?:environ\.get|environ\[|env_bool|env_list|required)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
    )
    for module in ("base.py", "production.py"):
        names |= set(pattern.findall((ROOT / "intranet/settings" / module).read_text()))
    return names


def test_env_example_names_every_setting():
    named = env_example_names()
    compose = (DOCKER / "compose.yaml").read_text(encoding="utf-8")
    in_compose = set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", compose))
    assert in_compose - named == set(), "compose.yaml uses variables .env.example lacks"
    missing = settings_variables() - named - NOT_FOR_OPERATORS - BUILT_BY_COMPOSE
    assert missing == set(), "settings read variables docker/.env.example does not name"
    # Every setting an operator may set reaches the containers.
    unused = {name for name in named if f"${{{name}" not in compose}
    assert unused == set(), "docker/.env.example names variables compose.yaml never passes on"


def compose_config(*extra: str) -> dict:
    if shutil.which("docker-compose") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("docker-compose is missing: run tests/production/setup.sh")
        pytest.skip("docker-compose is missing: run tests/production/setup.sh")
    result = subprocess.run(
        ["docker-compose", "-f", str(DOCKER / "compose.yaml"), *extra, "config"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # docker-compose prints YAML; Debian's docker-compose runs on the system Python with PyYAML.
    converted = subprocess.run(
        [
            "/usr/bin/python3",
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))",
        ],
        input=result.stdout,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(converted.stdout)


def test_the_compose_stack_is_complete():
    config = compose_config("--env-file", str(DOCKER / ".env.example"))
    services = config["services"]
    assert set(services) >= {"web", "worker", "beat", "postgres", "redis", "elasticsearch"}
    for name in ("web", "worker", "beat", "postgres", "redis", "elasticsearch"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no health check"
    assert set(config["volumes"]) >= {"pgdata", "media", "esdata", "redisdata"}
    web = services["web"]
    assert "media:/app/media" in " ".join(
        f"{volume['source']}:{volume['target']}" if isinstance(volume, dict) else volume
        for volume in web["volumes"]
    )
    assert web["environment"]["DJANGO_SETTINGS_MODULE"] == "intranet.settings.production"
    assert web["environment"]["DATABASE_URL"].startswith("postgres://intranet:@postgres:5432/")
    # Only the web service is reachable from outside the stack.
    assert [name for name, service in services.items() if service.get("ports")] == ["web"]
    assert services["worker"]["command"][:3] == ["celery", "-A", "tasks"]
    assert "beat" in services["beat"]["command"]


def test_the_compose_file_is_valid_without_a_settings_file():
    assert "web" in compose_config()["services"]


def test_the_image_runs_gunicorn_as_an_unprivileged_user():
    dockerfile = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    stages = re.findall(r"^FROM .+ AS (\w+)", dockerfile, flags=re.MULTILINE)
    assert len(stages) >= 2, "a multi-stage build"
    final = dockerfile.split(f"AS {stages[-1]}", 1)[1]
    user = re.findall(r"^USER (\S+)", final, flags=re.MULTILINE)
    assert user and user[-1] not in {"root", "0"}
    assert re.search(r'^CMD \["gunicorn"', final, flags=re.MULTILINE)
    assert "collectstatic" in dockerfile and "msgfmt" in dockerfile
    # Everything the image installs is in its build context.
    for copied in re.findall(r"^COPY (?!--from)(\S+)", dockerfile, flags=re.MULTILINE):
        assert (ROOT / copied).exists(), copied
