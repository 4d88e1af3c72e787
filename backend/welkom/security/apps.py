from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "welkom.security"
    label = "security"
    verbose_name = "Security (two-factor authentication)"

    def ready(self) -> None:
        from django.contrib import admin

        from welkom.security.admin_login import AdminLoginForm
        from welkom.security.privacy import register

        register()
        admin.site.login_form = AdminLoginForm  # the admin's login asks for the second factor too
