from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.core import selectors

CheckSerializer = inline_serializer(
    "HealthCheck", {"ok": serializers.BooleanField(), "detail": serializers.CharField()}
)


class HealthApi(APIView):
    """Database, broker and worker, each with ok and a short detail. 503 when any is down."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        responses={
            200: inline_serializer(
                "Health",
                {
                    "status": serializers.ChoiceField(choices=["ok", "degraded"]),
                    "database": CheckSerializer,
                    "broker": CheckSerializer,
                    "worker": CheckSerializer,
                },
            )
        },
        operation_id="health",
    )
    def get(self, request: Request) -> Response:
        checks = {
            "database": selectors.health_database(),
            "broker": selectors.health_broker(),
            "worker": selectors.health_worker(),
        }
        ok = all(check.ok for check in checks.values())
        body: dict[str, object] = {"status": "ok" if ok else "degraded"}
        body.update({name: {"ok": check.ok, "detail": check.detail} for name, check in checks.items()})
        return Response(body, status=200 if ok else 503)


class LiveApi(APIView):
    """Liveness: the process answers. Checks nothing else (a restart would not fix the database)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        responses={200: inline_serializer("Live", {"status": serializers.ChoiceField(choices=["ok"])})},
        operation_id="health_live",
    )
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})


class ReadyApi(APIView):
    """Readiness of a web node: it reaches the database and the broker. 503 when it does not, so a
    load balancer sends it no requests."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        responses={
            200: inline_serializer(
                "Ready",
                {
                    "status": serializers.ChoiceField(choices=["ok", "not_ready"]),
                    "database": CheckSerializer,
                    "broker": CheckSerializer,
                },
            )
        },
        operation_id="health_ready",
    )
    def get(self, request: Request) -> Response:
        checks = {"database": selectors.health_database(), "broker": selectors.health_broker()}
        ok = all(check.ok for check in checks.values())
        body: dict[str, object] = {"status": "ok" if ok else "not_ready"}
        body.update({name: {"ok": check.ok, "detail": check.detail} for name, check in checks.items()})
        return Response(body, status=200 if ok else 503)
