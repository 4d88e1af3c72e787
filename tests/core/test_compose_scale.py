"""docker-compose.scale.yml, Welkom on several machines (docs/scaling.md), checked by loading it (no
Docker engine runs here): MinIO, migrations once, two web nodes behind a proxy that health-checks
them, workers per queue, and no folder shared between the app containers."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.core.test_production_image import image_command

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = {"migrate", "web-a", "web-b", "worker", "notifications-worker", "translation-worker", "beat"}


def _compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "docker-compose.scale.yml").read_text())


def _queues(command: list[str]) -> str:
    return command[command.index("-Q") + 1]


def test_the_scale_stack_has_object_storage_two_web_nodes_and_a_proxy():
    services = _compose()["services"]
    assert APP_SERVICES | {"db", "redis", "minio", "bucket", "proxy"} == set(services)
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["WELKOM_STORAGE"] == "s3", name
        assert environment["WELKOM_S3_ENDPOINT_URL"] == "http://minio:9000"
        # Nothing shared through a folder: every file goes to the bucket.
        assert "volumes" not in services[name], name
    for web in ("web-a", "web-b"):
        assert "command" not in services[web] or services[web]["command"] == image_command()
        assert services[web]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert "/api/health/ready" in " ".join(services[web]["healthcheck"]["test"])
        assert services[web]["environment"]["WELKOM_TRUSTED_PROXIES"] == "1"
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    caddyfile = _compose()["configs"]["caddyfile"]["content"]
    assert "reverse_proxy web-a:8000 web-b:8000" in caddyfile
    assert "health_uri /api/health/ready" in caddyfile
    assert "mc anonymous set none" in services["bucket"]["command"][0]


def test_each_queue_has_its_own_workers_and_there_is_one_beat():
    services = _compose()["services"]
    assert _queues(services["worker"]["command"]) == "default"
    assert _queues(services["notifications-worker"]["command"]) == "notifications"
    assert _queues(services["translation-worker"]["command"]) == "translation"
    beats = [name for name, service in services.items() if "beat" in service.get("command", [])]
    assert beats == ["beat"]
