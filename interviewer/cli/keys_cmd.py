"""`interviewer keys`: analyst API keys for the REST API.

interviewer keys create --workspace W --name N   # prints the key once
interviewer keys list [--workspace W]
interviewer keys revoke ID
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "keys",
        help="create, list and revoke analyst API keys for the REST API",
        description="Analyst API keys (Authorization: Bearer ...) see everything of their workspace. "
        "Keys are stored hashed: a key is printed once, when it is created.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create a key (and the workspace, when new); prints it once")
    create.add_argument("--workspace", required=True, help="workspace name, e.g. 'ops-team'")
    create.add_argument("--name", required=True, help="who or what uses the key, e.g. 'anna' or 'chat-bot'")
    listing = actions.add_parser("list", help="list keys (never the secrets)")
    listing.add_argument("--workspace", help="only this workspace")
    revoke = actions.add_parser("revoke", help="revoke a key: it stops working at once")
    revoke.add_argument("id", help="the key's id (or its prefix), from `interviewer keys list`")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from interviewer.settings import Settings
    from interviewer.storage import Repository

    repository = Repository.from_settings(Settings())
    try:
        if args.action == "create":
            info, token = repository.keys.create_key(workspace=args.workspace, name=args.name)
            print(token)
            print(
                f"key {info.id} ({info.name}) for workspace {info.workspace}: store it now, it is not shown again",
                file=sys.stderr,
            )
        elif args.action == "list":
            keys = repository.keys.list_keys(args.workspace)
            for key in keys:
                state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
                print(f"{key.id}  ipk_{key.prefix}_…  {key.workspace:<20}  {key.name:<20}  {state}")
            print(f"{len(keys)} keys")
        else:
            info = repository.keys.revoke_key(args.id)
            print(f"revoked key {info.id} ({info.name}, workspace {info.workspace})")
        return 0
    finally:
        repository.close()
