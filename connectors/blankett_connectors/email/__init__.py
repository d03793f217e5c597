"""``email``: mail each case to a handler mailbox over SMTP, as much of it as its classification allows.

Settings::

    [connectors.registrator]
    type = "email"
    host = "smtp.kommun.se"
    port = 587                             # optional: 587 with STARTTLS, 465 with ssl, 25 plain
    username = "blankett"                  # optional, with password
    password = "env:BLANKETT_SMTP_PASSWORD"
    from = "e-tjanster@kommun.se"
    to = "registrator@kommun.se"
    subject_prefix = "[E-tjänst] "         # optional
    link_base_url = "https://arende.kommun.se/arenden/"   # optional: link = this + reference
    ca_file = "/etc/ssl/kommun-ca.pem"     # optional: trust this CA instead of the system's
    timeout_seconds = 10                   # optional

STARTTLS is required (the server must offer it, and its certificate must verify) unless
``ssl = true`` (implicit TLS, port 465) or, for a relay on loopback only, ``starttls = false``.

What the message holds depends on the case's KLASSA confidentiality: at 0 the whole case (the
answers as readable text, and the envelope as a JSON attachment); above 0 only the reference,
the service's title and a link, never the answers. Cases above confidentiality 1 are not
routed here at all. The ``Message-ID`` is derived from the delivery's idempotency key, so a
repeated attempt carries the same id and mail systems can drop the duplicate; it is also the
delivery's external id. 4xx replies, refused connections and timeouts are retried; 5xx
replies, a refused login or an untrusted certificate need a person.
"""

from .connector import EmailConnector, EmailOptions

__all__ = ["EmailConnector", "EmailOptions"]
