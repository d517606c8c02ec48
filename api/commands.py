"""CLI for accounts and abuse blocks (added to ``deckhand`` by cli.py).

deckhand users set-role EMAIL ROLE       make an account user, premium or admin
deckhand users revoke-tokens EMAIL       revoke every session and API key of an account
deckhand security list                   active blocks
deckhand security blocks                 list active IP/account blocks
deckhand security block IP|EMAIL --minutes N --reason TEXT   block by hand
deckhand security unblock IP|EMAIL       lift the blocks and reset the rate limits of an IP or an account
deckhand security events [-n N]          the newest security events and today's totals
"""

from __future__ import annotations

import getpass
import ipaddress
from dataclasses import dataclass

import click
import redis
from sqlalchemy import update
from sqlmodel import col, select

from api.auth import bump_auth_generation
from api.security_events import SecurityMonitor
from cli_resources import existing_redis, existing_redis_url
from config import Settings, load_settings
from errors import DependencyUnavailable, NotFound, ValidationFailed
from models import ApiToken, Role, User, utcnow
from models.db import open_existing, session_scope
from models.security import BlockSubject, SecurityBlock
from models.user import TokenKind

#: The longest manual block (30 days): longer bans belong at the edge (Cloudflare, Render).
MAX_BLOCK_MINUTES = 30 * 24 * 60


def _settings() -> Settings:
    return load_settings()  # a ConfigError is reported by the deckhand group (exit 3)


def set_role(settings: Settings, email: str, role: Role) -> User:
    """Give the account ``email`` the role ``role``. :raise NotFound: no such account."""
    engine = open_existing(settings)  # never creates an empty database
    try:
        with session_scope(engine) as session:
            user = session.exec(select(User).where(User.email == email.strip().lower())).first()
            if user is None:
                raise NotFound(
                    f"No account with email {email.strip().lower()!r}.",
                    hint="Check the address; the account must register first.",
                )
            user.role = role.value
            session.add(user)
        bump_auth_generation(settings)  # web processes re-read the role (and its limits) now
        return user
    finally:
        engine.dispose()


def _no_account(email: str) -> NotFound:
    return NotFound(
        f"No account with email {email!r}.",
        hint="Check the address; the account must register first.",
    )


@dataclass(frozen=True)
class Revoked:
    email: str
    sessions: int
    api_keys: int


def revoke_tokens(settings: Settings, email: str) -> Revoked:
    """Revoke every unrevoked session and API key of ``email``; effective on its next request.

    :raise NotFound: no such account.
    """
    email = email.strip().lower()
    engine = open_existing(settings)  # never creates an empty database
    try:
        with session_scope(engine) as session:
            user = session.exec(select(User).where(User.email == email)).first()
            if user is None:
                raise _no_account(email)
            counts = {}
            for kind in TokenKind:
                result = session.execute(
                    update(ApiToken)
                    .where(
                        col(ApiToken.user_id) == user.id,
                        col(ApiToken.kind) == kind.value,
                        col(ApiToken.revoked_at).is_(None),
                    )
                    .values(revoked_at=utcnow())
                )
                counts[kind] = int(result.rowcount)  # type: ignore[attr-defined]
        bump_auth_generation(settings)
        return Revoked(email, counts[TokenKind.SESSION], counts[TokenKind.API_KEY])
    finally:
        engine.dispose()


def block_subject(settings: Settings, subject: str, *, minutes: int, reason: str, by: str) -> SecurityBlock:
    """Block an IP address or an account (by email) for ``minutes``, like an automatic block.

    :raise ValidationFailed: ``subject`` is neither an IP address nor an email.
    :raise NotFound: no account has that email.
    :raise DependencyUnavailable: Redis does not answer (then nothing is blocked).
    """
    subject = subject.strip()
    if "@" in subject:
        kind, subject = BlockSubject.ACCOUNT.value, subject.lower()
        engine = open_existing(settings)  # never creates an empty database
        try:
            with session_scope(engine) as session:
                if session.exec(select(User.id).where(User.email == subject)).first() is None:
                    raise _no_account(subject)
        finally:
            engine.dispose()
    else:
        try:
            subject = str(ipaddress.ip_address(subject))  # the form request.remote_addr has
        except ValueError:
            raise ValidationFailed(
                f"{subject!r} is neither an IP address nor an email.",
                hint="Give an address like 203.0.113.9 or 2001:db8::1, or an account's email.",
                invalid_params=[{"name": "subject", "reason": "an IP address or an email"}],
            ) from None
        kind = BlockSubject.IP.value
    security = _monitor(settings)
    # API instances read blocks from Redis while it answers: a row alone would not be enforced.
    _require_redis(security, "nothing was blocked", "Start Redis (or fix REDIS_URL) and run it again.")
    return security.block(
        kind, subject, reason=f"manual ({by}): {reason}"[:200], events=0, seconds=minutes * 60
    )


def _monitor(settings: Settings) -> SecurityMonitor:
    # Both looked up without side effects (no empty database, no embedded Redis started), and
    # Redis answering: blocks are enforced from there, so an answer without it would mislead.
    redis_url = existing_redis_url(settings)
    existing_redis(settings, redis_url).close()
    return SecurityMonitor(settings=settings, engine=open_existing(settings), redis_url=redis_url)


def _require_redis(monitor: SecurityMonitor, consequence: str, hint: str) -> None:
    """Redis answers, or one clear error naming it (without its credentials) and what did not happen."""
    client = monitor.client()
    try:
        if client is None or not client.ping():
            raise redis.ConnectionError("no answer")
    except (redis.RedisError, OSError) as exc:
        raise DependencyUnavailable(
            f"Redis at {monitor.redis_url.split('@')[-1]} is unreachable "
            f"({type(exc).__name__}); {consequence}.",
            hint=hint,
        ) from None


@click.group()
def users() -> None:
    """Manage accounts."""


def _email(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    value = value.strip().lower()
    if value.count("@") != 1 or value.startswith("@") or value.endswith("@") or " " in value:
        raise click.BadParameter(f"{value!r} is not an email address")
    return value


@users.command("set-role")
@click.argument("email", callback=_email)
@click.argument("role", type=click.Choice([r.value for r in Role]))
def set_role_command(email: str, role: str) -> None:
    """Give the account EMAIL the role ROLE (user, premium or admin); takes effect on its next request."""
    user = set_role(_settings(), email, Role(role))
    click.echo(f"{user.email} is now {user.role}")


@users.command("revoke-tokens")
@click.argument("email", callback=_email)
def revoke_tokens_command(email: str) -> None:
    """Revoke every session and API key of the account EMAIL (a stolen token or laptop).

    Takes effect on the next request. The ops dashboard's cookie session is not a token:
    for an admin, also demote the account with 'deckhand users set-role EMAIL user'.
    """
    revoked = revoke_tokens(_settings(), email)
    click.echo(f"revoked {revoked.sessions} session(s) and {revoked.api_keys} API key(s) of {revoked.email}")


@click.group()
def security() -> None:
    """Inspect security events, block and lift blocks."""


@security.command("blocks")
def blocks_command() -> None:
    """List active blocks."""
    _echo_blocks(prefix="")


def _echo_blocks(prefix: str) -> None:
    """One line per active block, each opening with ``prefix``."""
    rows = _monitor(_settings()).active_blocks()
    if not rows:
        click.echo("no active blocks")
    for row in rows:
        click.echo(
            f"{prefix}{row.subject_kind:8} {row.subject:40} until {row.expires_at.isoformat()}  "
            f"events={row.events}  {row.reason}"
        )


@security.command("block")
@click.argument("subject")
@click.option(
    "--minutes",
    type=click.IntRange(1, MAX_BLOCK_MINUTES),
    required=True,
    help=f"How long, in minutes (at most {MAX_BLOCK_MINUTES}).",
)
@click.option("--reason", required=True, help="Why; shown by 'deckhand security blocks' and in the alert.")
def block_command(subject: str, minutes: int, reason: str) -> None:
    """Block SUBJECT, an IP address or an account's email, for --minutes (403 'blocked')."""
    if not reason.strip():
        raise click.BadParameter("give a reason", param_hint="--reason")
    row = block_subject(_settings(), subject, minutes=minutes, reason=reason.strip(), by=getpass.getuser())
    click.echo(f"blocked {row.subject_kind} {row.subject} until {row.expires_at.isoformat()}")


def _user_id(settings: Settings, email: str) -> int | None:
    """The id of the account ``email`` (its rate-limit counters are keyed by id), None if none."""
    engine = open_existing(settings)  # never creates an empty database
    try:
        with session_scope(engine) as session:
            return session.exec(select(User.id).where(User.email == email.strip().lower())).first()
    finally:
        engine.dispose()


@security.command("unblock")
@click.argument("subject")
def unblock_command(subject: str) -> None:
    """Lift every block of SUBJECT, an IP address or an account's email, and reset its rate limits.

    Abuse blocks (403 'blocked') with their event counts, and the subject's rate-limit counters
    (the request limits and the per-route ones: sign-in, registration, upload).
    """
    settings = _settings()
    user_id = _user_id(settings, subject) if "@" in subject else None
    lifted, counters = _monitor(settings).lift_all(subject, by=f"cli:{getpass.getuser()}", user_id=user_id)
    if lifted == 0 and counters == 0:
        raise NotFound(
            f"No active block or rate-limit count for {subject!r}.",
            hint="List blocks with 'deckhand security list'.",
        )
    click.echo(f"lifted {lifted} block(s) and reset {counters} rate-limit counter(s) of {subject}")


@security.command("list")
def list_command() -> None:
    """Active blocks (403 'blocked'), with what lifts them."""
    _echo_blocks(prefix="block    ")


@security.command("events")
@click.option("-n", "count", type=click.IntRange(1, 1000), default=20, show_default=True)
def events_command(count: int) -> None:
    """The newest security events (from Redis) and today's totals per kind."""
    security_monitor = _monitor(_settings())
    # An empty answer must not stand for "Redis is down".
    _require_redis(security_monitor, "nothing was read", "Start Deckhand ('make run') or fix REDIS_URL.")
    totals = security_monitor.totals()
    click.echo("today: " + (", ".join(f"{k}={v}" for k, v in sorted(totals.items())) or "none"))
    for event in security_monitor.recent(count):
        click.echo(
            f"{event.get('at', '')}  {event.get('kind', ''):16} ip={event.get('ip') or '-'} "
            f"account={event.get('account') or '-'} {event.get('path', '')} {event.get('detail', '')}"
        )


COMMANDS = (users, security)
