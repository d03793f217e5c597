from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.webhook_receiver import WebhookReceiver


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    """A case system on loopback that verifies signatures and files each webhook-id once."""
    with WebhookReceiver().running() as running:
        yield running
