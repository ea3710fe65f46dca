"""Settings come from the environment in one place and refuse what would go wrong later."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from fairplanner.errors import ConfigurationError
from fairplanner.settings import Settings, tortoise_config


def test_production_without_a_secret_key_is_refused(tmp_path: Path) -> None:
    environ = {"FAIRPLANNER_ENV": "production", "FAIRPLANNER_DATA_DIR": str(tmp_path)}

    with pytest.raises(ConfigurationError, match="FAIRPLANNER_SECRET_KEY must be set"):
        Settings.from_env(environ)

    assert not (tmp_path / "secret_key").exists()  # never invents a key in production


def test_production_uses_the_secret_key_it_is_given(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "FAIRPLANNER_ENV": "production",
            "FAIRPLANNER_DATA_DIR": str(tmp_path),
            "FAIRPLANNER_SECRET_KEY": "a-long-secret-from-the-operator",
        }
    )

    assert settings.secret_key == "a-long-secret-from-the-operator"
    assert settings.production


def test_development_generates_a_private_secret_key_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    first = Settings.from_env({"FAIRPLANNER_DATA_DIR": str(data_dir)})

    key_file = data_dir / "secret_key"
    assert key_file.read_text().strip() == first.secret_key
    assert len(first.secret_key) >= 40
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_development_reuses_its_secret_key_so_sessions_survive_a_restart(tmp_path: Path) -> None:
    environ = {"FAIRPLANNER_DATA_DIR": str(tmp_path)}
    first = Settings.from_env(environ)

    second = Settings.from_env(environ)

    assert second.secret_key == first.secret_key


def test_mysql_database_url_is_refused_in_plain_words(tmp_path: Path) -> None:
    environ = {
        "FAIRPLANNER_DATA_DIR": str(tmp_path),
        "FAIRPLANNER_DATABASE_URL": "mysql://user:pw@localhost/fair",
    }

    with pytest.raises(ConfigurationError) as caught:
        Settings.from_env(environ)

    message = str(caught.value)
    assert "\n" not in message
    assert "FAIRPLANNER_DATABASE_URL must start with sqlite:// or postgres://" in message
    assert "'mysql'" in message
    assert "pw" not in message  # the password in the URL is never echoed


def test_default_database_is_a_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings.from_env({"FAIRPLANNER_DATA_DIR": str(tmp_path)})

    assert settings.database_url == f"sqlite://{tmp_path.resolve() / 'fairplanner.sqlite3'}"
    assert settings.is_sqlite
    assert settings.data_dir == tmp_path.resolve()


def test_unknown_environment_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="development, production or test"):
        Settings.from_env({"FAIRPLANNER_ENV": "staging", "FAIRPLANNER_DATA_DIR": str(tmp_path)})


def test_smtp_and_public_address_are_read_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "FAIRPLANNER_DATA_DIR": str(tmp_path),
            "FAIRPLANNER_BASE_URL": "https://fairs.example.org/",
            "FAIRPLANNER_SMTP_HOST": "mail.example.org",
            "FAIRPLANNER_SMTP_PORT": "587",
            "FAIRPLANNER_SMTP_TLS": "yes",
        }
    )

    assert settings.base_url == "https://fairs.example.org"
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_tls) == (
        "mail.example.org",
        587,
        True,
    )


def test_sqlite_connections_get_normal_sync_and_a_busy_timeout() -> None:
    config = tortoise_config("sqlite:///tmp/x.sqlite3")

    default = config["connections"]["default"]
    assert default["engine"] == "fairplanner.sqlite_inline"
    assert default["credentials"]["synchronous"] == "NORMAL"
    assert default["credentials"]["busy_timeout"] == "10000"
    assert config["use_tz"] is True


def test_postgres_connection_is_read_from_the_url_and_run_by_our_pool() -> None:
    url = "postgres://fair:pw@db.example.org:5432/fairplanner"

    connection = tortoise_config(url)["connections"]["default"]

    assert connection["engine"] == "fairplanner.postgres_pool"
    assert connection["credentials"] == {
        "host": "db.example.org",
        "port": 5432,
        "user": "fair",
        "password": "pw",
        "database": "fairplanner",
    }
