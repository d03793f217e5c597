"""Notifications to citizens, and the profile that says where they go.

* ``profile``       contact details given once (sealed) and preferences (language, channel)
* ``verification``  the signed, expiring link that verifies an e-mail address
* ``events``        ``note_event``: the lifecycle's hook, one ``notifications`` row per event
* ``content``       what a notification says, by the case's classification and the language
* ``senders``       SMTP with STARTTLS, and the SMS sender interface (logging implementation)
* ``delivery``      ``Notifier``: the worker's pass that sends due rows with retries
* ``export``        "download my data"

Who gets what, in short: the owner of a case, when case handling changes its status, writes a
message, requests completion or records a decision; by e-mail to a verified address or by SMS,
as the profile says; nothing with channel ``none``. See config/README.md, *Notifications*.
"""

# Nothing here imports blankett.cases at import time: its lifecycle imports this package.
from .content import CaseNews, Written, case_email, case_sms, verification_email
from .delivery import Notifier, claim_due
from .events import VERIFICATION, cancel_pending, note_event, queue_verification
from .export import personal_data
from .profile import CHANNELS, Profile, clear_profile, preferences, read_profile, write_profile
from .senders import EmailSender, LoggingSmsSender, Senders, SmsSender, SmtpSender, senders_from_settings
from .verification import Checked, address_digest, check_token, verification_token

__all__ = [
    "CHANNELS",
    "VERIFICATION",
    "CaseNews",
    "Checked",
    "EmailSender",
    "LoggingSmsSender",
    "Notifier",
    "Profile",
    "Senders",
    "SmsSender",
    "SmtpSender",
    "Written",
    "address_digest",
    "cancel_pending",
    "case_email",
    "case_sms",
    "check_token",
    "claim_due",
    "clear_profile",
    "note_event",
    "personal_data",
    "preferences",
    "queue_verification",
    "read_profile",
    "senders_from_settings",
    "verification_email",
    "verification_token",
    "write_profile",
]
