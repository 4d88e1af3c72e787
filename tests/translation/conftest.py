from tests.translation.package_site import site

__all__ = ["site"]
