"""The connector contract: what a connector is, what it is given, and what it answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

if TYPE_CHECKING:
    from ..settings import Settings

OptionsT = TypeVar("OptionsT", bound=Mapping[str, Any])


@dataclass(frozen=True)
class Delivery:
    """One attempt at delivering one case to one connector instance.

    ``idempotency_key`` is the same on every attempt for this case and this instance: send it
    to the receiver (as a header, a message id, ...) so that a repeated attempt — after a
    timeout, or a worker that crashed mid-delivery — does not file the case twice.
    """

    idempotency_key: str
    attempt: int  # 1 on the first attempt
    case_reference: str
    # The bytes of one of the envelope's attachments, by its ``id``, read from the platform's
    # own storage (decrypted where the case is sealed). Connectors that run inside the worker
    # use it instead of the attachment's ``href``, which needs a case API token. ``None`` when
    # the caller offers no such access (then only ``href`` is left). Raises ``LookupError``
    # when the file is gone (the retention purge removed it).
    read_attachment: Callable[[str], Awaitable[bytes]] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Delivered:
    """The receiver has the case. ``external_id`` is its own id for it, when it gave one."""

    external_id: str | None = None


@dataclass(frozen=True)
class RetryLater:
    """The receiver could not take the case now (network, timeout, overload); try again later.

    ``reason`` is stored on the delivery and shown to operators: no personal data in it.
    """

    reason: str


@dataclass(frozen=True)
class NeedsPerson:
    """Retrying will not help (refused, misconfigured); a person has to look at it.

    ``reason`` is stored on the delivery and shown to operators: no personal data in it.
    """

    reason: str


DeliveryResult = Delivered | RetryLater | NeedsPerson


class Connector(Generic[OptionsT]):
    """Base class of connectors: the way cases leave the platform. Subclass it and register it.

    A connector *type* (this class) declares:

    * ``id``: the type name that ``[connectors.<name>] type = "..."`` refers to;
    * ``label``: a short human name;
    * ``max_confidentiality``: the highest KLASSA confidentiality level (0-4) of case it may
      carry; the platform refuses to route a more confidential case through it;
    * ``options_schema``: JSON Schema (2020-12) of its options, checked at start-up;
    * ``takes_records`` (optional, default false): it implements ``deliver_record`` for the
      citizen's later additions to a case (blankett.envelope.build_record).

    A connector *instance* is one ``[connectors.<name>]`` table of the settings: the platform
    builds one object per table with the validated options, and calls ``deliver`` once per
    attempt, possibly several at once. ``deliver`` must be safe to repeat with the same
    ``delivery.idempotency_key`` (a worker may crash after the receiver took the case but
    before the platform recorded it). It answers with a result, or raises
    ``ConnectorUnavailable`` (retry later), ``ConnectorRejected`` or ``ConnectorMisconfigured``
    (a person must look) from ``blankett.errors``; any other exception is logged with its
    traceback and retried. Never let a third-party exception type out.

    Example (see ``blankett_connectors.webhook`` for a complete one)::

        from typing import Any, TypedDict

        from blankett.connectors import Connector, Delivered, Delivery, DeliveryResult, register
        from blankett.errors import ConnectorUnavailable


        class QueueOptions(TypedDict):
            queue: str


        @register
        class QueueConnector(Connector[QueueOptions]):
            id = "queue"
            label = "Message queue"
            max_confidentiality = 1
            options_schema = {
                "type": "object",
                "required": ["queue"],
                "properties": {"queue": {"type": "string", "minLength": 1}},
                "additionalProperties": False,
            }

            async def deliver(self, envelope: dict[str, Any], delivery: Delivery) -> DeliveryResult:
                try:
                    message_id = await my_queue.put(
                        self.options["queue"], envelope, dedup_id=delivery.idempotency_key
                    )
                except MyQueueDown as exc:
                    raise ConnectorUnavailable(f"queue {self.options['queue']} is down") from exc
                return Delivered(external_id=message_id)
    """

    id: ClassVar[str]
    label: ClassVar[str]
    max_confidentiality: ClassVar[int]
    options_schema: ClassVar[dict[str, Any]]
    # Whether the receiver also takes the case's later records (the citizen's messages,
    # completion answers and withdrawal) through ``deliver_record``. A receiver that does not
    # reads them through the case API instead.
    takes_records: ClassVar[bool] = False

    def __init__(self, name: str, options: OptionsT, settings: Settings) -> None:
        """Keep what ``deliver`` needs. Called once per instance at start-up, with ``options``
        already valid against ``options_schema``; raise ``ConnectorMisconfigured`` for what the
        schema cannot say. Open no connections here that need a running event loop."""
        self.name = name
        self.options = options
        self.settings = settings

    async def deliver(self, envelope: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        """Hand the case envelope to the receiver; see the class docstring for the rules."""
        raise NotImplementedError  # pragma: no cover

    async def deliver_record(self, record: dict[str, Any], delivery: Delivery) -> DeliveryResult:
        """Hand a later record of a delivered case (blankett.envelope.build_record) to the
        receiver, by the same rules as ``deliver``. Only called when ``takes_records`` is true."""
        raise NotImplementedError  # pragma: no cover

    async def aclose(self) -> None:
        """Release connections and files. Called once when the worker stops."""

    def __repr__(self) -> str:  # options may hold secrets: keep them out of logs
        return f"<{type(self).__name__} {self.name!r}>"
