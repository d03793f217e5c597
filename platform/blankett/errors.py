"""Exceptions raised by the platform. Catch the narrowest one you can handle.

* BlankettError                 base; ``code`` and ``status_code`` are class attributes
  x ConfigurationError          settings, catalogue or connector wiring is wrong; raised at start-up
  x FormError
    + FormDefinitionError       a file in forms/ or config/services/ is invalid (for form authors)
    + SubmissionInvalid         citizen input failed validation (shown field by field)
  x RequestError                the request itself is wrong (4xx)
    + NotFound                  unknown service, case or page
    + CsrfFailed                missing or wrong CSRF token
    + BodyTooLarge              the body exceeds the configured limit
    + BadRequest                malformed input
    + InputInvalid              well-formed input that breaks the rules (``problems``, field by field)
    + InvalidTransition         the case's status does not allow this change or action (409)
  x AuthError
    + LoginRequired             the page needs a logged-in person
    + LoginFailed               the provider refused, or state, nonce or token did not check out
    + TokenInvalid              an API call without a valid access token (401)
    + InsufficientScope         the access token lacks the scope the call needs (403)
    + NotPermitted              logged in, but without the role the page needs (403)
  x ConnectorError              raised inside connectors, translated by the dispatcher
    + ConnectorUnavailable      network, timeout, 5xx: retry later
    + ConnectorRejected         4xx or business rule: needs a person
    + ConnectorMisconfigured    options or credentials are wrong
  x EnvelopeInvalid             a case envelope does not match its published JSON Schema
  x ProtectedDataError          sealed data does not open: its master key is missing, or it was altered
  x NotificationError           a notification to a citizen could not be sent
    + NotificationUnavailable   the SMTP server or SMS gateway is unreachable or said "later": retry
    + NotificationRejected      the server refused it for good (5xx, login, certificate): no retry

``str(exc)`` is the technical detail for logs; ``public_message`` is the text safe to show
a person, as a ``(sv, en)`` pair, never built from the detail.
"""

from __future__ import annotations


class BlankettError(Exception):
    code = "internal_error"
    status_code = 500
    public_message: tuple[str, str] = (
        "Något gick fel hos oss. Försök igen om en stund.",
        "Something went wrong on our side. Please try again later.",
    )

    def __init__(self, detail: str = "", *, public_message: tuple[str, str] | None = None) -> None:
        super().__init__(detail or self.public_message[1])
        if public_message is not None:
            self.public_message = public_message


class ConfigurationError(BlankettError):
    code = "configuration_error"


class FormError(BlankettError):
    code = "form_error"


class FormDefinitionError(FormError):
    """A definition is broken. ``problems`` holds ``(file, json_pointer, message)`` triples."""

    code = "form_definition_error"

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{f}:{p or '/'}: {m}" for f, p, m in problems))


class SubmissionInvalid(FormError):
    code = "submission_invalid"
    status_code = 422


class RequestError(BlankettError):
    code = "bad_request"
    status_code = 400
    public_message = (
        "Begäran kunde inte tolkas. Gå tillbaka och försök igen.",
        "The request could not be understood. Go back and try again.",
    )


class BadRequest(RequestError):
    pass


class NotFound(RequestError):
    code = "not_found"
    status_code = 404
    public_message = (
        "Sidan finns inte. Kontrollera adressen eller börja om från startsidan.",
        "The page does not exist. Check the address or start again from the home page.",
    )


class CsrfFailed(RequestError):
    code = "csrf_failed"
    status_code = 403
    public_message = (
        "Formuläret har gått ut eller skickades från fel ställe. Ladda om sidan och försök igen.",
        "The form has expired or was sent from the wrong place. Reload the page and try again.",
    )


class BodyTooLarge(RequestError):
    code = "body_too_large"
    status_code = 413
    public_message = (
        "Det du skickade är för stort.",
        "What you sent is too large.",
    )


class InputInvalid(RequestError):
    """``problems`` holds ``(json_pointer, message)`` pairs; messages never quote the values."""

    code = "input_invalid"
    status_code = 422
    public_message = (
        "Uppgifterna följer inte reglerna. Rätta felen som listas och försök igen.",
        "The input does not follow the rules. Correct the errors listed and try again.",
    )

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{pointer or '/'}: {message}" for pointer, message in problems))


class InvalidTransition(RequestError):
    """The case is in a status that does not allow what was asked; the message names both."""

    code = "invalid_transition"
    status_code = 409
    public_message = (
        "Ärendets status tillåter inte den ändringen.",
        "The case's status does not allow that change.",
    )


class AuthError(BlankettError):
    code = "auth_error"
    status_code = 401


class LoginRequired(AuthError):
    code = "login_required"
    public_message = ("Du behöver logga in.", "You need to log in.")


class LoginFailed(AuthError):
    code = "login_failed"
    public_message = (
        "Inloggningen gick inte att slutföra. Försök igen.",
        "The login could not be completed. Please try again.",
    )


class SigningFailed(AuthError):
    """A signature that does not check out: another person, too low a level, changed answers."""

    code = "signing_failed"
    status_code = 403
    public_message = (
        "Underskriften gick inte att slutföra och ärendet är inte inskickat. Granska svaren och försök igen.",
        "The signature could not be completed and the case has not been sent. Check the answers and try again.",
    )


class TokenInvalid(AuthError):
    code = "invalid_token"
    public_message = (
        "Anropet saknar en giltig åtkomsttoken. Hämta en ny från /api/oauth/token.",
        "The call has no valid access token. Get a new one from /api/oauth/token.",
    )


class InsufficientScope(AuthError):
    code = "insufficient_scope"
    status_code = 403
    public_message = (
        "Åtkomsttoken saknar behörigheten (scope) som anropet kräver.",
        "The access token lacks the scope this call needs.",
    )


class NotPermitted(AuthError):
    code = "not_permitted"
    status_code = 403
    public_message = (
        "Du har inte behörighet till den här sidan. Behöver du den, kontakta din chef eller systemförvaltaren.",
        "You do not have access to this page. If you need it, contact your manager or the system administrator.",
    )


class ConnectorError(BlankettError):
    code = "connector_error"


class ConnectorUnavailable(ConnectorError):
    code = "connector_unavailable"


class ConnectorRejected(ConnectorError):
    code = "connector_rejected"


class ConnectorMisconfigured(ConnectorError):
    code = "connector_misconfigured"


class EnvelopeInvalid(BlankettError):
    """``problems`` holds ``(json_pointer, message)`` pairs; messages never quote answer values."""

    code = "envelope_invalid"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        lines = "\n".join(f"{pointer or '/'}: {message}" for pointer, message in problems)
        super().__init__(f"Case envelope does not match its schema:\n{lines}")


class ProtectedDataError(BlankettError):
    """Encrypted case or draft data cannot be opened. The detail names the row and key id, never data."""

    code = "protected_data_error"


class NotificationError(BlankettError):
    """Sending an e-mail or SMS notification failed. The detail never holds the address or the text."""

    code = "notification_error"


class NotificationUnavailable(NotificationError):
    code = "notification_unavailable"


class NotificationRejected(NotificationError):
    code = "notification_rejected"
