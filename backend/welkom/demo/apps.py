from django.apps import AppConfig


class DemoConfig(AppConfig):
    """``manage.py seed_demo``: the demo organisation. It fills every app, so it sits on top of them
    all (beside ``welkom.api``) and no app needs to know about the demo."""

    name = "welkom.demo"
    label = "demo"
    verbose_name = "Demo data"
