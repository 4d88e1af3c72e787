"""``/api/metrics``: Prometheus' text format, for a scraper that sends ``WELKOM_METRICS_TOKEN``."""

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from welkom.monitoring.metrics import scrape


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not given or not hmac.compare_digest(given.encode(), token.encode()):
        return JsonResponse(
            {
                "detail": "Metrics need the bearer token set in WELKOM_METRICS_TOKEN.",
                "code": "not_authenticated",
            },
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    return HttpResponse(scrape(), content_type=CONTENT_TYPE_LATEST)
