"""Team accounts on a shared server: users, their workspace roles, and personal API tokens."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from earnest.domain.errors import DomainError

from .context import DEFAULT_BASE_URL, BaseUrlOpt, command, parse_id, state, workspace
from .output import FORMAT_HELP, Format, console, e, print_json

team_app = typer.Typer()
token_app = typer.Typer(help="Personal API tokens, each scoped to one workspace.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]
ROLES = ("owner", "member", "viewer")


def _user(username: str):
    from django.contrib.auth import get_user_model

    model = get_user_model()
    user = model.objects.filter(username=model.normalize_username(username)).first()
    if user is None:
        raise DomainError(f"no user {username!r}; create one with: earnest createuser {username}")
    return user


def _check_username(user_model, username: str) -> None:
    """The model's own username rules (Django's validator and length), as one clear error."""
    from django.core.exceptions import ValidationError

    if not username.strip():
        raise DomainError("username is required")
    field = user_model._meta.get_field(user_model.USERNAME_FIELD)
    try:
        field.run_validators(username)
    except ValidationError as exc:
        raise DomainError(f"username {username!r}: " + " ".join(exc.messages)) from None


@command(team_app, "createuser")
def createuser_cmd(
    username: Annotated[str, typer.Argument(help="Login name.")],
    email: Annotated[str, typer.Option(help="Email address, for password resets.")] = "",
    role: Annotated[str, typer.Option(help="Role in the workspace: owner, member or viewer.")] = "member",
    password: Annotated[
        str, typer.Option(envvar="EARNEST_NEW_PASSWORD", help="The password for a new user (asked for when not given).")
    ] = "",
) -> None:
    """Create a user (or add an existing one) with a role in the current workspace.

    Example: earnest --workspace sales createuser dana --email dana@example.com --role member
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from earnest.ledger.models import Membership

    if role not in ROLES:
        raise DomainError(f"role {role!r} is not one of: {', '.join(ROLES)}")
    users = get_user_model().objects
    # NFKC, as create_user stores it, so a fullwidth look-alike finds the existing account.
    username = users.model.normalize_username(username)
    _check_username(users.model, username)
    ws = workspace()
    with transaction.atomic():
        user = users.filter(username=username).first()
        if user is None:
            # Asked only now, after the username checks, and only for a user that does not exist yet.
            password = password or typer.prompt("Password", hide_input=True, confirmation_prompt=True)
            try:
                validate_password(password, users.model(username=username, email=email))
            except ValidationError as exc:
                raise DomainError("password: " + " ".join(exc.messages)) from None
            user = users.create_user(username=username, email=email, password=password)
        Membership.objects.update_or_create(user=user, workspace=ws, defaults={"role": role})
    console.print(f"{e(username)} is now {role} of workspace {e(ws.slug)}.")


@command(token_app, "create")
def token_create_cmd(
    username: Annotated[str, typer.Argument(help="Whose token it is.")],
    name: Annotated[str, typer.Option(help="What the token is for, e.g. 'CRM sync'.")],
) -> None:
    """Create a personal API token for the current workspace; the secret is shown once.

    Example: earnest --workspace sales token create dana --name "CRM sync"
    """
    from earnest.accounts.tokens import token_create

    token, secret = token_create(user=_user(username), workspace=workspace(), name=name)
    console.print(
        f"Token {token.pk} ({e(token.name)}) for workspace {e(state.workspace_slug)}. "
        "Keep this secret; it is not shown again:"
    )
    print(secret)


@command(token_app, "list")
def token_list_cmd(
    username: Annotated[str, typer.Argument(help="Whose tokens.")], fmt: FormatOpt = Format.table
) -> None:
    """List a user's tokens with when each was last used.

    Example: earnest token list dana
    """
    rows = [
        {
            "id": t.pk,
            "name": t.name,
            "prefix": t.prefix,
            "workspace": t.workspace.slug,
            "created_at": t.created_at,
            "last_used_at": t.last_used_at,
            "revoked_at": t.revoked_at,
        }
        for t in _user(username).api_tokens.select_related("workspace").order_by("pk")
    ]
    if fmt is Format.json:
        print_json(rows)
        return
    table = Table("id", "name", "prefix", "workspace", "last used", "revoked")
    for r in rows:
        table.add_row(
            str(r["id"]),
            e(r["name"]),
            r["prefix"] + "…",
            e(r["workspace"]),
            str(r["last_used_at"] or "never"),
            str(r["revoked_at"] or ""),
        )
    console.print(table)


@command(token_app, "revoke")
def token_revoke_cmd(
    username: Annotated[str, typer.Argument(help="Whose token.")],
    token_id: Annotated[str, typer.Argument(help="Token id.")],
) -> None:
    """Revoke a token; it stops working at once.

    Example: earnest token revoke dana 3
    """
    from earnest.accounts.tokens import token_revoke

    number = parse_id(token_id, "token")
    token = token_revoke(user=_user(username), token_id=number)
    console.print(f"Revoked token {token.pk} ({e(token.name)}).")


@command(team_app, "resetlink")
def resetlink_cmd(
    username: Annotated[str, typer.Argument(help="Whose password to reset.")],
    base_url: BaseUrlOpt = DEFAULT_BASE_URL,
) -> None:
    """Print a one-time link that lets a user choose a new password (it stops working once used).

    The link points at --base-url (or EARNEST_BASE_URL; default http://127.0.0.1:8000).

    Example: earnest resetlink dana --base-url https://earnest.example.com
    """
    from earnest.accounts.passwords import password_reset_link

    print(password_reset_link(user=_user(username), base_url=base_url))


@command(team_app, "loginlink")
def loginlink_cmd(
    username: Annotated[str, typer.Argument(help="Who signs in (default: the workspace's owner).")] = "",
    base_url: BaseUrlOpt = DEFAULT_BASE_URL,
) -> None:
    """Print a one-time login link (valid for an hour) that opens a page to sign in with.

    `earnest serve` prints one only on its first start; this is how to get another.
    The link points at --base-url, else EARNEST_BASE_URL, else http://127.0.0.1:8000 (a
    server started without --port): give the address your server answers at.

    Example: earnest --workspace demo loginlink --base-url http://127.0.0.1:8123
    """
    from earnest.accounts.services import login_token_create
    from earnest.ledger.models import Membership

    if not base_url.startswith(("http://", "https://")):
        raise DomainError(f"the base URL must start with http:// or https://, not {base_url!r}")
    if username:
        user = _user(username)
    else:
        owner = (
            Membership.objects.filter(workspace=workspace(), role="owner", user__is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if owner is None:
            raise DomainError(
                f"workspace {state.workspace_slug!r} has no owner yet; start `earnest serve` once, "
                "or name a user: earnest loginlink USER"
            )
        user = owner.user
    if not user.is_active:
        raise DomainError(f"{user.get_username()} is deactivated")
    print(f"{base_url.rstrip('/')}/login/{login_token_create(user=user)}")


@command(team_app, "deactivate")
def deactivate_cmd(username: Annotated[str, typer.Argument(help="Whose account to close.")]) -> None:
    """Close a person's account: they cannot sign in, and their API tokens and calendar feeds stop working.

    Example: earnest deactivate dana
    """
    from earnest.accounts.team import user_deactivate

    user = user_deactivate(username=username)
    console.print(f"{e(user.get_username())} is deactivated; their API tokens and calendar feeds no longer work.")
