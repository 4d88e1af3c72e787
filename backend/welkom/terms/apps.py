from django.apps import AppConfig


class TermsConfig(AppConfig):
    name = "welkom.terms"
    label = "terms"

    def ready(self) -> None:
        from welkom.content.loader import ContentKind, register
        from welkom.terms.content import sync_terms

        register(ContentKind(name="terms", folder="terms", sync=sync_terms, order=40))
