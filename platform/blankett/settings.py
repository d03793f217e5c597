"""Settings: one frozen object, read once from a TOML file and ``BLANKETT_*`` variables.

Precedence, highest first: environment variable ``BLANKETT_<NAME>``, the TOML file
(``--config``, default ``config/blankett.toml``), the default below. Every setting is listed in
``SETTINGS`` with its help text, and ``config/README.md`` documents each one (a test checks).
Connector instances live in the TOML table ``[connectors.<name>]``; an option whose value is
``"env:NAME"`` is read from the environment variable NAME, so secrets stay out of files.
Case-system clients of the case API live in ``[api_clients.<client_id>]`` the same way, and
OpenID providers in ``[oidc_providers.<name>]`` (checked by ``blankett.auth.provider_config``).
"""

from __future__ import annotations

import os
import secrets
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import ConfigurationError

DEFAULT_CONFIG = Path("config/blankett.toml")
ENV_PREFIX = "BLANKETT_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("environment", "development", '"development" or "production". Production refuses the test identity provider and a generated secret key.'),
    Setting("base_url", "http://127.0.0.1:8000", "Public address of the platform, used in redirects, links and the OpenID client."),
    Setting("host", "127.0.0.1", "Address `blankett serve` listens on."),
    Setting("port", 8000, "Port `blankett serve` listens on."),
    Setting("var_dir", "var", "Folder for local state: SQLite file, generated keys, file drops."),
    Setting("database_url", "", "SQLAlchemy URL (`sqlite:///…` or `postgresql://…`). Empty: a SQLite file in var_dir."),
    Setting("secret_key", "", "Key that signs cookies and tokens. Empty: generated once into var_dir/secret_key (not allowed in production)."),
    Setting("forms_dir", "forms", "Folder of form definitions (`<service-id>.json`)."),
    Setting("services_dir", "config/services", "Folder of service settings (`<service-id>.toml`): classification, owner, routing."),
    Setting("test_idp_enabled", True, "Mount the built-in test identity provider at /test-idp. Never in production."),
    Setting("oidc_discovery_url", "", "OpenID provider discovery URL. Empty: the built-in test identity provider."),
    Setting("oidc_client_id", "blankett", "Client id registered at the OpenID provider."),
    Setting("oidc_client_secret", "", "Client secret at the OpenID provider. Empty with the test provider: derived from secret_key."),
    Setting("oidc_client_auth_method", "client_secret_basic", '"client_secret_basic" or "private_key_jwt" (Sweden Connect accepts only the latter).'),
    Setting("oidc_client_key_path", "", "PEM private key (RSA or EC P-256) for private_key_jwt; register its public JWKS at the provider."),
    Setting("oidc_claim_profile", "swedish", '"swedish" (the Swedish OIDC profile\'s claim names) or "ssn" (brokers that send the personal number as ssn).'),
    Setting("oidc_scopes", "", "Scopes to ask for, space separated. Empty: those of the claim profile."),
    Setting("oidc_roles_claim", "", "Claim the provider sends staff roles in (`handler:<service-id>`, `handler:*`, `admin`). Empty: no staff roles from this provider; with the built-in test provider, `roles`."),
    Setting("worker_in_process", True, "Run the delivery worker inside `blankett serve`. Turn off when running `blankett worker` separately."),
    Setting("worker_poll_seconds", 1.0, "How often an idle worker looks for due deliveries."),
    Setting("delivery_max_attempts", 10, "Attempts before a delivery is parked for a person."),
    Setting("delivery_backoff_seconds", 5.0, "Base of the exponential backoff between attempts (with full jitter)."),
    Setting("delivery_backoff_max_seconds", 3600.0, "Longest wait between two attempts."),
    Setting("delivery_lease_seconds", 120.0, "How long a worker owns a delivery; after that a crashed worker's delivery is taken up again."),
    Setting("delivery_timeout_seconds", 15.0, "Timeout for one delivery attempt over the network."),
    Setting("max_body_bytes", 1_000_000, "Largest request body accepted, in bytes."),
    Setting("max_upload_bytes", 25_000_000, "Largest body of a form page that uploads files (multipart), in bytes; each file field's maxSize applies within it."),
    Setting("session_idle_minutes", 30, "A login session ends after this long without activity."),
    Setting("session_absolute_hours", 12, "A login session ends this long after login whatever happens."),
    Setting(
        "staff_session_idle_minutes", 15,
        "A session of a person with staff roles ends after this long without activity (if shorter).",
    ),
    Setting(
        "staff_session_absolute_hours", 8,
        "A session of a person with staff roles ends this long after login (if shorter).",
    ),
    Setting("log_level", "INFO", "Log level of the platform's own loggers."),
    Setting("policy_file", "", "The municipality's security policy table, same shape as config/policy.toml, which it may only make stricter. Empty: the shipped policy."),
    Setting("master_keys", "", "Master keys that wrap the data keys of encrypted cases and drafts: `id:<base64 of 32 bytes>` entries separated by commas. Empty: master_key_file, or in development keys generated into var_dir/master_keys."),
    Setting("active_master_key", "", "Id of the master key new data is sealed with. May be empty when there is only one key."),
    Setting("master_key_file", "", "File of master keys (`id:<base64>` entries, one a line), instead of master_keys."),
    Setting("api_token_seconds", 600, "Lifetime of the access tokens the case API issues to case-system clients, in seconds."),
    Setting("purge_interval_minutes", 60, "How often the worker runs the retention purge (expired drafts and sessions, closed cases past retention). 0: never (run `blankett purge` yourself)."),
    Setting("smtp_host", "", "SMTP server for notifications to citizens and e-mail verification links. Empty: no e-mail is sent (such notifications are recorded as skipped)."),
    Setting("smtp_port", 587, "Port of smtp_host (587 for STARTTLS)."),
    Setting("smtp_starttls", True, "Use STARTTLS; the server must offer it and its certificate must verify. false only for a relay on loopback."),
    Setting("smtp_ca_file", "", "PEM file of the CA(s) to trust for smtp_host instead of the system's."),
    Setting("smtp_username", "", "Login name at smtp_host (with smtp_password). Empty: no login."),
    Setting("smtp_password", "", 'Password at smtp_host. Write "env:NAME" to read it from the environment variable NAME.'),
    Setting("mail_from", "", "Sender address of the notification e-mails; required with smtp_host."),
    Setting("sms_sender", "log", '"log": SMS notifications are only logged (that one went out, never the number or text) until an SMS gateway is connected.'),
    Setting("email_verification_hours", 48, "How long the link that verifies a person's e-mail address is valid."),
    Setting("mandate_lookup", "", 'Where the mandate lookup asks which organisations a person represents: "" (none) or "file:<path>", the fake for tests and development (a TOML list, see config/test-mandates.toml; refused in production).'),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    environment: str
    base_url: str
    host: str
    port: int
    var_dir: Path
    database_url: str
    secret_key: str
    secret_key_generated: bool
    forms_dir: Path
    services_dir: Path
    test_idp_enabled: bool
    oidc_discovery_url: str
    oidc_client_id: str
    oidc_client_secret: str
    oidc_client_auth_method: str
    oidc_client_key_path: str
    oidc_claim_profile: str
    oidc_scopes: str
    oidc_roles_claim: str
    worker_in_process: bool
    worker_poll_seconds: float
    delivery_max_attempts: int
    delivery_backoff_seconds: float
    delivery_backoff_max_seconds: float
    delivery_lease_seconds: float
    delivery_timeout_seconds: float
    max_body_bytes: int
    session_idle_minutes: int
    session_absolute_hours: int
    log_level: str
    policy_file: str = ""
    master_keys: str = ""
    active_master_key: str = ""
    master_key_file: str = ""
    purge_interval_minutes: int = 60
    api_token_seconds: int = 600
    max_upload_bytes: int = 25_000_000
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_ca_file: str = ""
    smtp_username: str = ""
    smtp_password: str = ""
    mail_from: str = ""
    sms_sender: str = "log"
    email_verification_hours: int = 48
    mandate_lookup: str = ""
    staff_session_idle_minutes: int = 15
    staff_session_absolute_hours: int = 8
    connectors: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    oidc_providers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    api_clients: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __repr__(self) -> str:  # keep secrets out of tracebacks and logs
        return f"Settings(environment={self.environment!r}, base_url={self.base_url!r})"

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def uses_test_idp(self) -> bool:
        """Whether a provider is the built-in test one (an empty discovery URL)."""
        if self.oidc_providers:
            tables = self.oidc_providers.values()
            return any(isinstance(table, Mapping) and not table.get("discovery_url") for table in tables)
        return not self.oidc_discovery_url


def _cast(name: str, value: Any) -> Any:
    default = _DEFAULTS[name]
    if isinstance(value, str) and not isinstance(default, str):
        caster: Callable[[str], Any]
        if isinstance(default, bool):
            lowered = value.strip().lower()
            if lowered not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ConfigurationError(f"{ENV_PREFIX}{name.upper()} must be true or false, not {value!r}.")
            return lowered in {"1", "true", "yes", "on"}
        caster = type(default)
        try:
            return caster(value)
        except ValueError as exc:
            kind = "whole number" if caster is int else "number"
            raise ConfigurationError(f"{ENV_PREFIX}{name.upper()} must be a {kind}, not {value!r}.") from exc
    return value


def _resolve_env_refs(options: Mapping[str, Any], environ: Mapping[str, str], where: str) -> dict[str, Any]:
    resolved: dict[str, Any] = {}
    for key, value in options.items():
        if isinstance(value, str) and value.startswith("env:"):
            var = value[4:]
            if var not in environ:
                raise ConfigurationError(f"{where}.{key} names the environment variable {var}, which is not set.")
            value = environ[var]
        resolved[key] = value
    return resolved


def load_settings(
    config_path: Path | None = None, environ: Mapping[str, str] | None = None, **overrides: Any
) -> Settings:
    """Read the settings. ``overrides`` win over everything (used by tests and the CLI)."""
    environ = os.environ if environ is None else environ
    path = config_path or Path(environ.get(f"{ENV_PREFIX}CONFIG", DEFAULT_CONFIG))
    data: dict[str, Any] = {}
    if path.exists():
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    elif config_path is not None:
        raise ConfigurationError(f"Configuration file {path} does not exist.")
    connectors = data.pop("connectors", {})
    api_clients = data.pop("api_clients", {})
    oidc_providers = data.pop("oidc_providers", {})
    unknown = set(data) - set(_DEFAULTS)
    if unknown:
        raise ConfigurationError(f"{path}: unknown settings {', '.join(sorted(unknown))}.")
    values = dict(_DEFAULTS)
    values.update(data)
    for name in _DEFAULTS:
        env_value = environ.get(f"{ENV_PREFIX}{name.upper()}")
        if env_value is not None:
            values[name] = env_value
    values.update(overrides.pop("values", {}))
    values = {name: _cast(name, value) for name, value in values.items()}
    connectors = overrides.pop("connectors", connectors)
    api_clients = overrides.pop("api_clients", api_clients)
    oidc_providers = overrides.pop("oidc_providers", oidc_providers)
    if overrides:
        raise TypeError(f"unknown overrides {sorted(overrides)}")

    var_dir = Path(values["var_dir"])
    database_url = values["database_url"] or f"sqlite:///{var_dir / 'blankett.db'}"
    secret_key, generated = values["secret_key"], False
    if not secret_key:
        secret_key, generated = _generated_secret(var_dir), True
    settings = Settings(
        environment=values["environment"],
        base_url=values["base_url"].rstrip("/"),
        host=values["host"],
        port=values["port"],
        var_dir=var_dir,
        database_url=database_url,
        secret_key=secret_key,
        secret_key_generated=generated,
        forms_dir=Path(values["forms_dir"]),
        services_dir=Path(values["services_dir"]),
        test_idp_enabled=values["test_idp_enabled"],
        oidc_discovery_url=values["oidc_discovery_url"],
        oidc_client_id=values["oidc_client_id"],
        oidc_client_secret=values["oidc_client_secret"],
        oidc_client_auth_method=values["oidc_client_auth_method"],
        oidc_client_key_path=values["oidc_client_key_path"],
        oidc_claim_profile=values["oidc_claim_profile"],
        oidc_scopes=values["oidc_scopes"],
        oidc_roles_claim=values["oidc_roles_claim"],
        worker_in_process=values["worker_in_process"],
        worker_poll_seconds=values["worker_poll_seconds"],
        delivery_max_attempts=values["delivery_max_attempts"],
        delivery_backoff_seconds=values["delivery_backoff_seconds"],
        delivery_backoff_max_seconds=values["delivery_backoff_max_seconds"],
        delivery_lease_seconds=values["delivery_lease_seconds"],
        delivery_timeout_seconds=values["delivery_timeout_seconds"],
        max_body_bytes=values["max_body_bytes"],
        session_idle_minutes=values["session_idle_minutes"],
        session_absolute_hours=values["session_absolute_hours"],
        log_level=values["log_level"],
        policy_file=values["policy_file"],
        master_keys=values["master_keys"],
        active_master_key=values["active_master_key"],
        master_key_file=values["master_key_file"],
        purge_interval_minutes=values["purge_interval_minutes"],
        api_token_seconds=values["api_token_seconds"],
        max_upload_bytes=values["max_upload_bytes"],
        smtp_host=values["smtp_host"],
        smtp_port=values["smtp_port"],
        smtp_starttls=values["smtp_starttls"],
        smtp_ca_file=values["smtp_ca_file"],
        smtp_username=values["smtp_username"],
        smtp_password=_resolve_env_refs({"smtp_password": values["smtp_password"]}, environ, "settings")["smtp_password"],
        mail_from=values["mail_from"],
        sms_sender=values["sms_sender"],
        email_verification_hours=values["email_verification_hours"],
        mandate_lookup=values["mandate_lookup"],
        staff_session_idle_minutes=values["staff_session_idle_minutes"],
        staff_session_absolute_hours=values["staff_session_absolute_hours"],
        connectors={
            name: _resolve_env_refs(opts, environ, f"connectors.{name}") for name, opts in connectors.items()
        },
        api_clients={
            name: _resolve_env_refs(opts, environ, f"api_clients.{name}") for name, opts in api_clients.items()
        },
        oidc_providers={
            name: _resolve_env_refs(opts, environ, f"oidc_providers.{name}")
            if isinstance(opts, Mapping) else opts
            for name, opts in oidc_providers.items()
        },
    )
    check_settings(settings)
    return settings


def check_settings(settings: Settings) -> None:
    """Refuse combinations that are unsafe; say why."""
    if settings.environment not in {"development", "production"}:
        raise ConfigurationError(f'environment must be "development" or "production", not {settings.environment!r}.')
    if settings.production:
        if settings.test_idp_enabled:
            raise ConfigurationError(
                "Refusing to start: the built-in test identity provider is enabled in production. "
                "Set test_idp_enabled = false and configure oidc_discovery_url."
            )
        if settings.uses_test_idp:
            raise ConfigurationError(
                "Refusing to start: production needs a real provider: oidc_discovery_url, or a discovery_url "
                "in every [oidc_providers.<name>] table."
            )
        if settings.secret_key_generated:
            raise ConfigurationError(
                "Refusing to start: production needs a secret key from the environment "
                "(BLANKETT_SECRET_KEY), not one generated into var_dir."
            )
    elif settings.uses_test_idp and not settings.test_idp_enabled and not settings.oidc_providers:
        raise ConfigurationError("No identity provider: set oidc_discovery_url or enable test_idp_enabled.")
    if settings.api_token_seconds < 30:
        raise ConfigurationError("api_token_seconds must be at least 30 seconds.")
    if settings.purge_interval_minutes < 0:
        raise ConfigurationError("purge_interval_minutes must be 0 (off) or a positive number of minutes.")
    if len(settings.secret_key) < 32:
        raise ConfigurationError("secret_key must be at least 32 characters.")
    if settings.staff_session_idle_minutes < 1 or settings.staff_session_absolute_hours < 1:
        raise ConfigurationError(
            "staff_session_idle_minutes and staff_session_absolute_hours must be at least 1."
        )
    _check_mail(settings)
    _check_mandate_lookup(settings)
    from .auth.provider_config import provider_configs  # here: blankett.auth imports this module

    provider_configs(settings)


def _check_mandate_lookup(settings: Settings) -> None:
    value = settings.mandate_lookup
    if not value:
        return
    if not value.startswith("file:") or not Path(value[5:]).is_file():
        raise ConfigurationError(
            f'mandate_lookup must be "" or "file:<path>" naming an existing file, not {value!r}.'
        )
    if settings.production:
        raise ConfigurationError(
            "Refusing to start: mandate_lookup names the fake file lookup, for tests and development only."
        )


_LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


def _check_mail(settings: Settings) -> None:
    if settings.sms_sender != "log":
        raise ConfigurationError(f'sms_sender must be "log" (the only built-in SMS sender), not {settings.sms_sender!r}.')
    if settings.email_verification_hours < 1:
        raise ConfigurationError("email_verification_hours must be at least 1.")
    if not settings.smtp_host:
        return
    if not settings.mail_from or "@" not in settings.mail_from:
        raise ConfigurationError("smtp_host is set, so mail_from needs the sender address of the notifications.")
    if not settings.smtp_starttls and settings.smtp_host not in _LOOPBACK_HOSTS:
        # Notifications name cases and carry links to them: never in the clear over a network.
        raise ConfigurationError(
            f"smtp_starttls = false sends mail in the clear; it is only allowed for a relay on loopback, "
            f"not {settings.smtp_host!r}."
        )
    if bool(settings.smtp_username) != bool(settings.smtp_password):
        raise ConfigurationError("Set smtp_username and smtp_password together, or neither.")
    if settings.smtp_username and not settings.smtp_starttls:
        raise ConfigurationError("An SMTP login needs STARTTLS: remove smtp_username and smtp_password, or turn smtp_starttls on.")


def _generated_secret(var_dir: Path) -> str:
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def setting_names() -> list[str]:
    return [f.name for f in fields(Settings)]
