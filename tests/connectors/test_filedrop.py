"""The filedrop connector: whole files or none, and the same file again on re-delivery."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from blankett.connectors import ConnectorRegistry, Delivered, Delivery, build_connectors
from blankett.envelope import build_envelope, validate_envelope
from blankett.errors import ConnectorMisconfigured, ConnectorRejected
from tests.connectors.helpers import make_settings
from tests.envelope.samples import sample_case


def _connector(tmp_path: Path, **options: Any) -> Any:
    registry = ConnectorRegistry()
    registry.load_builtins()
    settings = make_settings(tmp_path, connectors={"drop": {"type": "filedrop", **options}})
    return build_connectors(settings, registry)["drop"]


def _deliver(connector: Any, envelope: dict[str, Any]) -> Any:
    reference = envelope["case"]["reference"]
    delivery = Delivery(idempotency_key="k" * 32, attempt=1, case_reference=reference)
    return asyncio.run(connector.deliver(envelope, delivery))


def test_writes_the_envelope_as_reference_json(tmp_path: Path) -> None:
    folder = tmp_path / "drop" / "nested"  # created when missing
    connector = _connector(tmp_path, directory=str(folder))
    envelope = build_envelope(sample_case(12))
    assert _deliver(connector, envelope) == Delivered(external_id="BLK-2026-000012.json")
    path = folder / "BLK-2026-000012.json"
    raw = path.read_bytes()
    assert "förslag".encode() in raw  # UTF-8, not \u escapes
    assert raw.startswith(b'{\n  "envelopeVersion": "1.1",')  # indent 2
    written = json.loads(raw.decode("utf-8"))
    assert written == envelope
    validate_envelope(written)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # cases carry personal data
    assert sorted(p.name for p in folder.iterdir()) == ["BLK-2026-000012.json"]  # no temp files left


def test_redelivery_writes_the_same_file_again(tmp_path: Path) -> None:
    connector = _connector(tmp_path, directory=str(tmp_path / "drop"), file_mode="640")
    envelope = build_envelope(sample_case(3))
    _deliver(connector, envelope)
    path = tmp_path / "drop" / "BLK-2026-000003.json"
    first, first_inode = path.read_bytes(), path.stat().st_ino
    assert _deliver(connector, envelope) == Delivered(external_id="BLK-2026-000003.json")
    assert path.read_bytes() == first
    assert path.stat().st_ino != first_inode  # replaced by rename, never rewritten in place
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert len(list(path.parent.iterdir())) == 1


def test_readers_never_see_half_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    connector = _connector(tmp_path, directory=str(folder))
    envelopes = [
        build_envelope(sample_case(1, payload={"description": letter * 400_000})) for letter in "abcdef"
    ]
    path = folder / "BLK-2026-000001.json"
    _deliver(connector, envelopes[0])
    seen: list[str] = []
    problems: list[str] = []
    done = threading.Event()

    def read_continuously() -> None:
        while not done.is_set():
            try:
                seen.append(json.loads(path.read_bytes())["answers"]["description"][0])
            except (ValueError, KeyError) as exc:
                problems.append(repr(exc)[:80])

    reader = threading.Thread(target=read_continuously)
    reader.start()
    try:
        for envelope in envelopes * 3:
            _deliver(connector, envelope)
    finally:
        done.set()
        reader.join()
    assert problems == []
    assert len(seen) > 10


def test_file_and_folder_are_flushed_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    _deliver(_connector(tmp_path, directory=str(tmp_path / "drop")), build_envelope(sample_case()))
    assert synced == ["file", "folder"]


def test_a_reference_that_is_not_a_safe_file_name_is_refused(tmp_path: Path) -> None:
    connector = _connector(tmp_path, directory=str(tmp_path / "drop"))
    envelope = build_envelope(sample_case(reference="../../etc/cron.d/x"))
    with pytest.raises(ConnectorRejected, match="cannot be used as a file name"):
        _deliver(connector, envelope)
    assert not (tmp_path / "etc").exists()


def test_a_folder_that_is_a_file_needs_a_person(tmp_path: Path) -> None:
    blocker = tmp_path / "drop"
    blocker.write_text("not a folder")
    connector = _connector(tmp_path, directory=str(blocker))
    with pytest.raises(ConnectorMisconfigured, match="Cannot write into"):
        _deliver(connector, build_envelope(sample_case()))
