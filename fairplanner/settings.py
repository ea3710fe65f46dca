"""Settings, read from the environment in this one place."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tortoise.backends.base.config_generator import expand_db_url

from fairplanner.errors import ConfigurationError
from fairplanner.numbers import is_whole_number

MODELS_MODULE = "fairplanner.models"
MIGRATIONS_MODULE = "fairplanner.migrations"
DATABASE_SCHEMES = ("sqlite://", "postgres://", "asyncpg://")


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    database_url: str = ""
    secret_key: str = ""
    data_dir: Path = Path("data")
    base_url: str = "http://127.0.0.1:8000"
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_tls: bool = False
    mail_from: str = "FairPlanner <fairplanner@localhost>"
    # An HTTP endpoint that sends texts (see services/messaging.py); empty: texts are listed
    # for an organiser to send by hand.
    sms_url: str = ""
    sms_token: str = ""
    time_zone: str = "Europe/London"
    retention_days: int = 90
    sign_in_attempts: int = 5
    sign_in_window_minutes: int = 15
    log_level: str = "INFO"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        mode = env.get("FAIRPLANNER_ENV", "development")
        if mode not in {"development", "production", "test"}:
            raise ConfigurationError(
                f"FAIRPLANNER_ENV must be development, production or test, not {mode!r}."
            )
        data_dir = Path(env.get("FAIRPLANNER_DATA_DIR", "data")).resolve()
        database_url = (
            env.get("FAIRPLANNER_DATABASE_URL") or f"sqlite://{data_dir / 'fairplanner.sqlite3'}"
        )
        if not database_url.startswith(DATABASE_SCHEMES):
            raise ConfigurationError(
                "FAIRPLANNER_DATABASE_URL must start with sqlite:// or postgres:// "
                f"(it starts {database_url.split(':', 1)[0]!r})."
            )
        secret_key = env.get("FAIRPLANNER_SECRET_KEY", "")
        if not secret_key:
            if mode == "production":
                raise ConfigurationError(
                    "FAIRPLANNER_SECRET_KEY must be set when FAIRPLANNER_ENV=production."
                )
            secret_key = _development_secret(data_dir)
        sms_url = env.get("FAIRPLANNER_SMS_URL", "")
        if sms_url and not sms_url.startswith(("https://", "http://")):
            raise ConfigurationError("FAIRPLANNER_SMS_URL must start with https:// (or http://).")
        return cls(
            env=mode,
            database_url=database_url,
            secret_key=secret_key,
            data_dir=data_dir,
            base_url=env.get("FAIRPLANNER_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            smtp_host=env.get("FAIRPLANNER_SMTP_HOST", ""),
            smtp_port=int(env.get("FAIRPLANNER_SMTP_PORT", "25")),
            smtp_user=env.get("FAIRPLANNER_SMTP_USER", ""),
            smtp_password=env.get("FAIRPLANNER_SMTP_PASSWORD", ""),
            smtp_tls=env.get("FAIRPLANNER_SMTP_TLS", "") in {"1", "true", "yes"},
            mail_from=env.get("FAIRPLANNER_MAIL_FROM", "FairPlanner <fairplanner@localhost>"),
            sms_url=sms_url,
            sms_token=env.get("FAIRPLANNER_SMS_TOKEN", ""),
            time_zone=env.get("FAIRPLANNER_TIME_ZONE", "Europe/London"),
            log_level=env.get("FAIRPLANNER_LOG_LEVEL", "INFO"),
            retention_days=_whole_number(env, "FAIRPLANNER_RETENTION_DAYS", 90),
        )


def _whole_number(env: dict[str, str], name: str, default: int) -> int:
    text = env.get(name, "")
    if not text:
        return default
    if not is_whole_number(text):
        raise ConfigurationError(f"{name} must be a whole number of days, not {text!r}.")
    return int(text)


def _development_secret(data_dir: Path) -> str:
    """A key generated once and kept in the data folder, so sessions survive restarts."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key


def tortoise_config(database_url: str) -> dict[str, Any]:
    """Tortoise's configuration for one database URL (SQLite or PostgreSQL)."""
    return {
        "connections": {"default": _connection(database_url)},
        "apps": {
            "models": {
                "models": [MODELS_MODULE],
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _connection(url: str) -> str | dict[str, Any]:
    """The URL as Tortoise reads it, run by our own engines: SQLite's runs statements on the
    event loop (see sqlite_inline), PostgreSQL's pool skips asyncpg's reset query (see
    postgres_pool). Any other URL as given."""
    if url.startswith("sqlite"):
        config = expand_db_url(_with_sqlite_pragmas(url))
        return {**config, "engine": "fairplanner.sqlite_inline"}
    config = expand_db_url(url)
    if config.get("engine") == "tortoise.backends.asyncpg":
        return {**config, "engine": "fairplanner.postgres_pool"}
    return url


def _with_sqlite_pragmas(url: str) -> str:
    # WAL is Tortoise's default; it leaves synchronous=FULL, and NORMAL is safe with WAL.
    if not url.startswith("sqlite") or "synchronous=" in url:
        return url
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}synchronous=NORMAL&busy_timeout=10000"


def __getattr__(name: str) -> Any:
    # Tortoise's own CLI (makemigrations) reads TORTOISE_ORM; computed only when asked for.
    if name == "TORTOISE_ORM":
        url = os.environ.get("FAIRPLANNER_DATABASE_URL") or "sqlite://data/fairplanner.sqlite3"
        return tortoise_config(url)
    raise AttributeError(name)
