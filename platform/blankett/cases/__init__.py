"""Cases: filing, drafts, references, and the people who own them."""

from .drafts import delete_draft, list_drafts, load_answers, save_answers
from .intake import file_case
from .people import identity_key, person_for
from .references import next_reference

__all__ = ["delete_draft", "file_case", "identity_key", "list_drafts", "load_answers", "next_reference", "person_for", "save_answers"]
