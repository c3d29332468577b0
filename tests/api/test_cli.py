"""`interviewer keys`, `interviewer db upgrade` and `interviewer serve --help`."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.settings import Settings
from interviewer.storage import Repository


def test_keys_create_list_revoke(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "create", "--workspace", "ops", "--name", "anna"]) == 0
    created = capsys.readouterr()
    token = created.out.strip()
    assert token.startswith("ipk_") and "not shown again" in created.err

    assert main(["keys", "list"]) == 0
    listing = capsys.readouterr().out
    secret = token.split("_", 2)[2]
    assert "anna" in listing and "ops" in listing and "active" in listing
    assert secret not in listing, "keys list never shows the secret"
    key_id = listing.split()[0]

    repository = Repository.from_settings(Settings())
    try:
        assert repository.keys.authenticate(token) is not None
        assert main(["keys", "revoke", key_id]) == 0
        assert "revoked" in capsys.readouterr().out
        assert repository.keys.authenticate(token) is None
    finally:
        repository.close()
    assert main(["keys", "list", "--workspace", "ops"]) == 0
    assert "revoked" in capsys.readouterr().out


def test_revoking_an_unknown_key_says_how_to_find_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "revoke", "nope"]) == 1
    assert "interviewer keys list" in capsys.readouterr().err


def test_db_upgrade_creates_the_schema_in_the_data_directory(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert "schema revision 0001" in out
    assert (Settings().data_dir / "interviewer.sqlite3").is_file()
    assert main(["db", "upgrade"]) == 0  # again: nothing to do


def test_serve_help_lists_host_port_workers(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    text = capsys.readouterr().out
    for option in ("--host", "--port", "--workers"):
        assert option in text


def test_serve_refuses_zero_workers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["serve", "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err
