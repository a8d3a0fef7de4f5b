"""A real SMTP server for tests (aiosmtpd), scripted to refuse the way real servers do."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ScriptedHandler:
    """Answers DATA with the scripted replies in turn (then 250); RCPT with `rcpt_reply`."""

    data_replies: list[str] = field(default_factory=list)
    rcpt_reply: str = ""
    messages: list[bytes] = field(default_factory=list)
    data_calls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_calls += 1
            reply = self.data_replies.pop(0) if self.data_replies else "250 Message accepted"
            if reply.startswith("250"):
                self.messages.append(envelope.content)
        return reply


@dataclass
class SmtpServer:
    handler: ScriptedHandler
    port: int

    def django_settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 10,
        }

    def worker_env(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }


@pytest.fixture
def smtp_server(settings):
    """Start an SMTP server on a port of its own and point Django's SMTP backend at it."""
    handler = ScriptedHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    server = SmtpServer(handler=handler, port=port)
    for name, value in server.django_settings().items():
        setattr(settings, name, value)
    yield server
    controller.stop()
