"""Answers kept as the JSON the API gives (for cached answers, welkom.core.answers).

A cached answer kept as Python data is unpickled into dicts and rendered to JSON again on every
read: for a timeline of some 10 KB, about 0.5 ms of the read's CPU (bench/README.md). Kept as the
bytes ``JSONRenderer`` gives, a read takes them as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response


@dataclass(frozen=True)
class RenderedJSON:
    """An answer as the API's JSON renderer writes it."""

    content: bytes

    @classmethod
    def of(cls, data: Any) -> RenderedJSON:
        return cls(JSONRenderer().render(data))


class RenderedResponse(Response):
    """A response whose body is an answer rendered before (``RenderedJSON``), with the headers DRF
    gives a JSON answer. Asked for JSON with parameters (``; indent=2``) or another format, it is
    rendered as DRF renders any answer."""

    def __init__(self, rendered: RenderedJSON, status: int | None = None) -> None:
        super().__init__(data=None, status=status)
        self.rendered = rendered

    @property
    def rendered_content(self) -> Any:
        renderer = getattr(self, "accepted_renderer", None)
        media_type = getattr(self, "accepted_media_type", "") or ""
        if type(renderer) is not JSONRenderer or ";" in media_type:
            self.data = json.loads(self.rendered.content)
            return super().rendered_content
        if renderer.charset is None:
            self["Content-Type"] = self.content_type or renderer.media_type
        else:
            self["Content-Type"] = self.content_type or f"{renderer.media_type}; charset={renderer.charset}"
        return self.rendered.content
