"""Progress bars for long management commands (the project's rule: a long command shows progress).

tqdm redraws its line with a carriage return, so it writes to the command's raw streams: Django's
``OutputWrapper`` would end every redraw with a newline. ``call_command(..., stdout=..., stderr=...)``
still decides where both go."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO, TypeVar, cast

from django.core.management.base import BaseCommand
from tqdm import tqdm

T = TypeVar("T")


def _raw(stream: Any) -> TextIO:
    return cast(TextIO, stream._out)


def progress(command: BaseCommand, iterable: Iterable[T], *, total: int | None, unit: str) -> tqdm[T]:
    """A bar on the command's standard error over ``iterable``."""
    return tqdm(iterable, total=total, unit=unit, file=_raw(command.stderr), dynamic_ncols=True)


def progress_bytes(command: BaseCommand, *, total: int | None, desc: str) -> tqdm[Any]:
    """A bar on the command's standard error counting bytes (a download)."""
    return tqdm(
        total=total, unit="B", unit_scale=True, desc=desc, file=_raw(command.stderr), dynamic_ncols=True
    )


def progress_note(command: BaseCommand, bar: tqdm[Any], text: str) -> None:
    """A line on the command's standard output that does not break the bar."""
    bar.write(text, file=_raw(command.stdout))
