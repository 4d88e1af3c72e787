"""The bench's own settings: the product's (make run's, with DEBUG off) plus a URLconf that adds the
bare view the home's calls are compared with. Nothing here is part of the product."""

from config.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.home.urls"
