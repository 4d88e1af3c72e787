"""The API's URL list: each app contributes its own urls module."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from welkom.core.apis import HealthApi, LiveApi, ReadyApi
from welkom.monitoring.views import metrics

urlpatterns = [
    path("health", HealthApi.as_view(), name="health"),
    path("health/live", LiveApi.as_view(), name="health-live"),
    path("health/ready", ReadyApi.as_view(), name="health-ready"),
    path("metrics", metrics, name="metrics"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("", include("welkom.accounts.urls")),
    path("", include("welkom.newcomers.urls")),
    path("", include("welkom.notifications.urls")),
    path("", include("welkom.journeys.urls")),
    path("", include("welkom.push.urls")),
    path("", include("welkom.modules.urls")),
    path("", include("welkom.language.urls")),
    path("", include("welkom.checklists.urls")),
    path("", include("welkom.translation.urls")),
    path("", include("welkom.chat.urls")),
    path("", include("welkom.audit.urls")),
    path("", include("welkom.privacy.urls")),
    path("", include("welkom.security.urls")),
    path("", include("welkom.arrivals.urls")),
    path("", include("welkom.terms.urls")),
    path("", include("welkom.feedback.urls")),
    path("", include("welkom.speech.urls")),
    path("", include("welkom.sso.urls")),
]
