from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "welkom.core"
    label = "core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from welkom.core.answers import connection_created as answers_connection
        from welkom.core.postgresql import connection_created as fast_list_dumper

        # Bulk inserts on PostgreSQL escape their arrays in C (welkom/core/postgresql.py).
        connection_created.connect(fast_list_dumper, dispatch_uid="core.fast_list_dumper")
        # The fingerprints of cached answers hash rows in SQL (welkom/core/answers.py).
        connection_created.connect(answers_connection, dispatch_uid="core.answers_fingerprint")
