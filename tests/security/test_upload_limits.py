"""Uploads stop at the limit of their endpoint: the server reads no more of the body than the limit
(nothing at all when Content-Length already says too much) and keeps no temporary file, and the
answer is a 413 naming the field. The bodies here are generated as they are read, so a test can
count what the server consumed without holding megabytes in memory."""

from __future__ import annotations

import pytest

from tests.checklists.conftest import PDF, make_profile, templates  # noqa: F401 (fixture)
from welkom.checklists.models import ChecklistDocument, ChecklistItem
from welkom.core.uploads import MULTIPART_SLACK

pytestmark = pytest.mark.django_db

BOUNDARY = "welkomTestBoundary7MA4YWxkTrZu0gW"
MB = 1024 * 1024


class StreamedUpload:
    """A multipart body with one file of ``size`` bytes, produced as the server reads it."""

    def __init__(
        self, *, field: str, name: str, size: int, head: bytes = PDF, fields: dict[str, str] | None = None
    ) -> None:
        """``fields``: form fields sent before the file."""
        parts = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            for key, value in (fields or {}).items()
        )
        self.prefix = (
            f'{parts}--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode() + head
        self.suffix = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.filler = size - len(head)
        self.length = len(self.prefix) + self.filler + len(self.suffix)
        self.position = 0

    def _byte_at(self, start: int, count: int) -> bytes:
        out = bytearray()
        prefix, filler = len(self.prefix), self.filler
        while count > 0 and start < self.length:
            if start < prefix:
                piece = self.prefix[start : start + count]
            elif start < prefix + filler:
                piece = b"0" * min(count, prefix + filler - start)
            else:
                offset = start - prefix - filler
                piece = self.suffix[offset : offset + count]
            out += piece
            start += len(piece)
            count -= len(piece)
        return bytes(out)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self.length - self.position
        data = self._byte_at(self.position, size)
        self.position += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:  # Django's LimitedStream may ask for lines
        return self.read(size if size and size > 0 else 65536)


def _post(client, path: str, upload: StreamedUpload, **extra):  # type: ignore[no-untyped-def]
    return client.generic(
        "POST",
        path,
        b"placeholder",  # replaced below: the client only fills wsgi.input when there is data
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        **{"wsgi.input": upload, "CONTENT_LENGTH": str(upload.length), **extra},
    )


@pytest.fixture
def upload_tmp(settings, tmp_path):
    """Where Django would write an upload too big for memory."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.fixture
def item(org_a, templates):  # noqa: F811
    profile = make_profile(org_a)
    return ChecklistItem.objects.get(checklist__profile=profile, template_item__key="rental-contract")


def _too_large(response, field: str = "file") -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 413, response.content[:300]
    body = response.json()
    assert body["code"] == "too_large"
    assert field in body["fields"]


def test_a_document_far_over_the_limit_is_refused_before_it_is_read(client_factory, org_a, item, upload_tmp):
    upload = StreamedUpload(field="file", name="huge.pdf", size=30 * MB)
    response = _post(client_factory(org_a["newcomer"]), f"/api/checklist-items/{item.pk}/documents", upload)
    _too_large(response)
    assert upload.position < MB  # Content-Length said it all: the body was not read
    assert list(upload_tmp.iterdir()) == []
    assert not ChecklistDocument.objects.exists()


def test_a_document_just_over_the_limit_is_cut_off_and_not_kept(
    client_factory, org_a, item, upload_tmp, settings
):
    settings.CHECKLIST_DOCUMENT_MAX_BYTES = 4 * MB
    upload = StreamedUpload(field="file", name="big.pdf", size=4 * MB + 40_000)
    response = _post(client_factory(org_a["newcomer"]), f"/api/checklist-items/{item.pk}/documents", upload)
    _too_large(response)
    assert upload.position <= 4 * MB + 2 * 65536  # the limit, the multipart slack, one chunk
    assert list(upload_tmp.iterdir()) == []  # the temporary file was removed
    assert not ChecklistDocument.objects.exists()


def test_a_document_under_the_limit_is_kept(client_factory, org_a, item, upload_tmp, settings, tmp_path):
    settings.CHECKLIST_DOCUMENT_MAX_BYTES = 4 * MB
    settings.MEDIA_ROOT = str(tmp_path / "media")
    upload = StreamedUpload(field="file", name="fine.pdf", size=3 * MB)
    response = _post(client_factory(org_a["newcomer"]), f"/api/checklist-items/{item.pk}/documents", upload)
    assert response.status_code == 201, response.content[:300]
    assert ChecklistDocument.objects.get().size == 3 * MB


def test_a_language_package_over_its_limit_is_refused_before_it_is_read(
    client_factory, org_a, upload_tmp, settings, packages_dir
):
    settings.TRANSLATION_UPLOAD_MAX_BYTES = 5 * MB
    upload = StreamedUpload(field="file", name="translate-nl_en.argosmodel", size=40 * MB, head=b"PK")
    response = _post(client_factory(org_a["admin"]), "/api/translation/packages", upload)
    _too_large(response)
    assert upload.position < MB
    assert list(upload_tmp.iterdir()) == []


@pytest.mark.parametrize(
    ("path", "role"),
    [("/api/auth/login", None), ("/api/me", "newcomer"), ("/translate", "hr")],
)
def test_endpoints_that_take_no_files_stop_at_the_default_limit(
    client_factory, org_a, upload_tmp, path, role
):
    """Any endpoint that parses forms would otherwise write an attached file to disk first."""
    client = client_factory(org_a[role]) if role else client_factory()
    upload = StreamedUpload(field="attachment", name="x.bin", size=30 * MB)
    method = "PATCH" if path == "/api/me" else "POST"
    response = client.generic(
        method,
        path,
        b"placeholder",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        **{"wsgi.input": upload, "CONTENT_LENGTH": str(upload.length)},
    )
    assert response.status_code == 413, response.content[:300]
    assert upload.position < 3 * MB
    assert list(upload_tmp.iterdir()) == []


def test_a_document_of_exactly_the_limit_is_kept_and_one_byte_more_is_not(
    client_factory, org_a, item, upload_tmp, settings, tmp_path
):
    settings.CHECKLIST_DOCUMENT_MAX_BYTES = 4 * MB
    settings.MEDIA_ROOT = str(tmp_path / "media")
    newcomer = client_factory(org_a["newcomer"])
    path = f"/api/checklist-items/{item.pk}/documents"
    exact = _post(newcomer, path, StreamedUpload(field="file", name="exact.pdf", size=4 * MB))
    assert exact.status_code == 201, exact.content[:300]
    assert ChecklistDocument.objects.get().size == 4 * MB
    _too_large(_post(newcomer, path, StreamedUpload(field="file", name="over.pdf", size=4 * MB + 1)))
    assert ChecklistDocument.objects.count() == 1


TOO_LARGE = {
    "en": ("The upload is too large.", "The file is too large: at most {} MB."),
    "nl": ("De upload is te groot.", "Het bestand is te groot: hoogstens {} MB."),
}


@pytest.mark.parametrize(
    ("extra", "language", "limit_written"),
    [(0, "en", None), (30_000, "en", "2.5"), (30_000, "nl", "2,5")],
    ids=["at the limit", "just over", "just over, in Dutch"],
)
def test_a_file_where_none_is_expected_is_cut_off_by_counting_what_is_read(
    client_factory, org_a, upload_tmp, settings, extra, language, limit_written
):
    """The body's length is within the multipart slack, so nothing is refused before reading: only
    the handler, counting the file's bytes chunk by chunk, stops it. No serializer checks a size
    here, and the form's other field must not be applied. The refusal gives Django's default limit
    (2.5 MB) as the person's language writes it."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    person = org_a["newcomer"]
    person.language = language
    person.save(update_fields=["language"])
    upload = StreamedUpload(field="attachment", name="x.bin", size=limit + extra, fields={"language": "ar"})
    assert upload.length <= limit + MULTIPART_SLACK
    response = client_factory(person).generic(
        "PATCH",
        "/api/me",
        b"placeholder",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        **{"wsgi.input": upload, "CONTENT_LENGTH": str(upload.length)},
    )
    person.refresh_from_db()
    if limit_written:
        detail, message = TOO_LARGE[language]
        assert (response.status_code, response.json()) == (
            413,
            {
                "code": "too_large",
                "detail": detail,
                "fields": {"attachment": [message.format(limit_written)]},
            },
        )
        assert person.language == language
    else:
        assert response.status_code == 200, response.content[:300]
        assert person.language == "ar"  # the file is ignored; the form is not refused
    assert list(upload_tmp.iterdir()) == []


@pytest.mark.parametrize("over", [0, 1], ids=["limit and slack", "one byte more"])
def test_a_body_longer_than_the_limit_and_the_slack_is_refused_unread(
    client_factory, org_a, item, upload_tmp, settings, tmp_path, over
):
    """A document of exactly the limit, with form fields filling the multipart slack, is kept; one
    byte more of body is refused by its Content-Length alone, before a byte is read."""
    settings.CHECKLIST_DOCUMENT_MAX_BYTES = MB
    settings.MEDIA_ROOT = str(tmp_path / "media")
    bare = StreamedUpload(field="file", name="lease.pdf", size=MB, fields={"note": ""})
    padding = "n" * (MB + MULTIPART_SLACK - bare.length + over)
    upload = StreamedUpload(field="file", name="lease.pdf", size=MB, fields={"note": padding})
    assert upload.length == MB + MULTIPART_SLACK + over
    response = _post(client_factory(org_a["newcomer"]), f"/api/checklist-items/{item.pk}/documents", upload)
    if over:
        assert (response.status_code, response.json()) == (
            413,
            {
                "code": "too_large",
                "detail": "The upload is too large.",
                "fields": {"file": ["The file is too large: at most 1 MB."]},
            },
        )
        assert upload.position == 0
        assert not ChecklistDocument.objects.exists()
    else:
        assert response.status_code == 201, response.content[:300]
        assert ChecklistDocument.objects.get().size == MB
    assert list(upload_tmp.iterdir()) == []
