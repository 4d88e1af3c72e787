from django.apps import AppConfig


class NewcomersConfig(AppConfig):
    name = "welkom.newcomers"
    label = "newcomers"
