"""CLI for accounts and abuse blocks (added to ``deckhand`` by cli.py).

deckhand users set-role EMAIL ROLE       make an account user, premium or admin
deckhand security blocks                 list active IP/account blocks
deckhand security unblock IP|EMAIL       lift the active blocks of an IP or an account
deckhand security events [-n N]          the newest security events and today's totals
"""

from __future__ import annotations

import getpass

import click
from sqlmodel import select

from api.security_events import SecurityMonitor
from config import ConfigError, Settings, load_settings
from errors import NotFound
from models import Role, User
from models.db import make_engine, session_scope
from workers.broker import resolve_redis_url


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def set_role(settings: Settings, email: str, role: Role) -> User:
    """Give the account ``email`` the role ``role``. :raise NotFound: no such account."""
    engine = make_engine(settings)
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
        return user
    finally:
        engine.dispose()


def _monitor(settings: Settings) -> SecurityMonitor:
    return SecurityMonitor(
        settings=settings, engine=make_engine(settings), redis_url=resolve_redis_url(settings)
    )


@click.group()
def users() -> None:
    """Manage accounts."""


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def set_role_command(email: str, role: str) -> None:
    """Give the account EMAIL the role ROLE (user, premium or admin); takes effect on its next request."""
    user = set_role(_settings(), email, Role(role))
    click.echo(f"{user.email} is now {user.role}")


@click.group()
def security() -> None:
    """Inspect security events and lift blocks."""


@security.command("blocks")
def blocks_command() -> None:
    """List active blocks."""
    rows = _monitor(_settings()).active_blocks()
    if not rows:
        click.echo("no active blocks")
    for row in rows:
        click.echo(
            f"{row.subject_kind:8} {row.subject:40} until {row.expires_at.isoformat()}  "
            f"events={row.events}  {row.reason}"
        )


@security.command("unblock")
@click.argument("subject")
def unblock_command(subject: str) -> None:
    """Lift the active blocks of SUBJECT, an IP address or an account's email."""
    lifted = _monitor(_settings()).lift(subject, by=f"cli:{getpass.getuser()}")
    if lifted == 0:
        raise NotFound(f"No active block for {subject!r}.", hint="List them with 'deckhand security blocks'.")
    click.echo(f"lifted {lifted} block(s) for {subject}")


@security.command("events")
@click.option("-n", "count", type=click.IntRange(1, 1000), default=20, show_default=True)
def events_command(count: int) -> None:
    """The newest security events (from Redis) and today's totals per kind."""
    security_monitor = _monitor(_settings())
    totals = security_monitor.totals()
    click.echo("today: " + (", ".join(f"{k}={v}" for k, v in sorted(totals.items())) or "none"))
    for event in security_monitor.recent(count):
        click.echo(
            f"{event.get('at', '')}  {event.get('kind', ''):16} ip={event.get('ip') or '-'} "
            f"account={event.get('account') or '-'} {event.get('path', '')} {event.get('detail', '')}"
        )


COMMANDS = (users, security)
