"""Workspaces and analyst API keys."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from interviewer.errors import InputError, NotFoundError
from interviewer.storage.db import Database
from interviewer.storage.records import KeyInfo
from interviewer.storage.secrets import ANALYST, make_secret, matches, parse_token
from interviewer.storage.tables import ApiKey, Workspace, utcnow

MAX_NAME = 200


def _key_info(key: ApiKey, workspace: Workspace) -> KeyInfo:
    return KeyInfo(
        id=key.id,
        workspace_id=workspace.id,
        workspace=workspace.name,
        name=key.name,
        prefix=key.prefix,
        created_at=key.created_at,
        revoked_at=key.revoked_at,
    )


def _check_name(value: str, what: str) -> str:
    value = value.strip()
    if not value or len(value) > MAX_NAME:
        raise InputError(f"{what} must have 1 to {MAX_NAME} characters, got {len(value)}")
    return value


class KeyStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def ensure_workspace(self, name: str) -> str:
        """The id of the workspace called `name`, created when new."""
        name = _check_name(name, "workspace name")
        with self.db.reading() as session:
            found = session.scalar(select(Workspace.id).where(Workspace.name == name))
        if found:
            return found
        try:
            with self.db.writing() as session:
                workspace = Workspace(id=str(uuid.uuid4()), name=name, created_at=utcnow())
                session.add(workspace)
                return workspace.id
        except IntegrityError:  # created by someone else in between
            with self.db.reading() as session:
                return session.scalars(select(Workspace.id).where(Workspace.name == name)).one()

    def create_key(self, *, workspace: str, name: str) -> tuple[KeyInfo, str]:
        """A new key for `workspace` (created when new). Returns the key's
        record and the key itself, which is never stored and shown once."""
        workspace_id = self.ensure_workspace(workspace)
        secret = make_secret(ANALYST)
        with self.db.writing() as session:
            key = ApiKey(
                id=str(uuid.uuid4()),
                workspace_id=workspace_id,
                name=_check_name(name, "key name"),
                prefix=secret.prefix,
                salt=secret.salt,
                secret_hash=secret.secret_hash,
                created_at=utcnow(),
            )
            session.add(key)
            session.flush()
            info = _key_info(key, session.get_one(Workspace, workspace_id))
        return info, secret.token

    def list_keys(self, workspace: str | None = None) -> list[KeyInfo]:
        query = select(ApiKey, Workspace).join(Workspace, ApiKey.workspace_id == Workspace.id)
        if workspace:
            query = query.where(Workspace.name == workspace)
        with self.db.reading() as session:
            rows = session.execute(query.order_by(Workspace.name, ApiKey.created_at)).all()
            return [_key_info(key, ws) for key, ws in rows]

    def revoke_key(self, key_id: str) -> KeyInfo:
        """Revoke by id (or by prefix); revoking twice keeps the first time."""
        with self.db.writing() as session:
            key = session.get(ApiKey, key_id) or session.scalar(select(ApiKey).where(ApiKey.prefix == key_id))
            if key is None:
                raise NotFoundError(f"no API key with id {key_id!r}; `interviewer keys list` shows them")
            if key.revoked_at is None:
                key.revoked_at = utcnow()
            session.flush()
            return _key_info(key, session.get_one(Workspace, key.workspace_id))

    def authenticate(self, token: str) -> KeyInfo | None:
        """The live key this analyst token belongs to, or None."""
        parsed = parse_token(token)
        if parsed is None or parsed.kind != ANALYST:
            return None
        with self.db.reading() as session:
            row = session.execute(
                select(ApiKey, Workspace)
                .join(Workspace, ApiKey.workspace_id == Workspace.id)
                .where(ApiKey.prefix == parsed.prefix)
            ).first()
            if row is None:
                return None
            key, workspace = row
            if key.revoked_at is not None or not matches(
                parsed.secret, salt=key.salt, secret_hash=key.secret_hash
            ):
                return None
            return _key_info(key, workspace)
