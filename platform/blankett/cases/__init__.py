"""Cases: filing, drafts, references, and the people who own them."""

from .drafts import delete_draft, list_drafts, load_answers, save_answers
from .intake import file_case
from .lifecycle import (
    STATUSES,
    TRANSITIONS,
    TimelineEntry,
    add_message,
    change_status,
    map_status,
    record_decision,
    request_completion,
    timeline,
)
from .people import identity_key, person_for, record_roles, staff_with_role
from .references import next_reference

__all__ = [
    "STATUSES",
    "TRANSITIONS",
    "TimelineEntry",
    "add_message",
    "change_status",
    "delete_draft",
    "file_case",
    "identity_key",
    "list_drafts",
    "load_answers",
    "map_status",
    "next_reference",
    "person_for",
    "record_decision",
    "record_roles",
    "request_completion",
    "save_answers",
    "staff_with_role",
    "timeline",
]
