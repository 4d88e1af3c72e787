"""An e-mail backend for worker subprocesses: one file per message, named by its Message-ID, so a
test can count how often each delivery was really sent. Optionally slow, to widen the window in
which a worker can be killed mid-batch."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class CountingFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        folder = Path(os.environ["WELKOM_TEST_MAIL_DIR"])
        for message in email_messages:
            time.sleep(float(os.environ.get("WELKOM_TEST_MAIL_DELAY", "0")))
            message_id = message.extra_headers.get("Message-ID", "none").strip("<>")
            (folder / f"{message_id}.{uuid.uuid4().hex}").write_text(message.to[0])
        return len(email_messages)
