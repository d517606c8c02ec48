"""A card on a function's parameter that does not name the function.

An API reference writes one section per function, headed by its signature
("path.relative(from, to)", "dns.lookupService(address, port, callback)"), and its sentences speak
of the parameters by their bare names: "If a zero-length string is passed as from or to, …", "If
address is not a valid IP address, a TypeError will be thrown". Read under the heading that is
plain; on a card it is not: from and to of what? :func:`unnamed_function` finds a card that uses a
parameter of its section's signature without naming the function; :func:`signature` reads the
heading, for a drafter that wants to name it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# "path.relative(from, to)", "emitter.on(eventName, listener)", "dns.resolve(hostname[, rrtype], callback)"
_SIGNATURE_RE = re.compile(
    r"^\s*(?:new\s+)?(?P<function>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\((?P<params>[^()]*)\)\s*$"
)
_PARAM_RE = re.compile(r"[A-Za-z_$][\w$]*")


def signature(heading: Sequence[str]) -> tuple[str, frozenset[str]] | None:
    """The function a section's own heading declares and its parameters' names, or None."""
    if not heading:
        return None
    m = _SIGNATURE_RE.match(heading[-1])
    if not m:
        return None
    params = frozenset(p for p in _PARAM_RE.findall(m.group("params")) if len(p) >= 2)
    return (m.group("function"), params) if params else None


def unnamed_function(text: str, heading: Sequence[str]) -> str:
    """The parameter ``text`` names without naming the function of ``heading`` it belongs to, or ""."""
    found = signature(heading)
    if found is None:
        return ""
    function, params = found
    name = function.rsplit(".", 1)[-1]
    if re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", text):
        return ""
    for param in sorted(params):
        if re.search(rf"(?<![\w$.\-]){re.escape(param)}(?![\w$\-(])", text):
            return f"'{param}' is a parameter of {function}(), which the card does not name"
    return ""


# An API member a heading names: "server.headersTimeout", "net.setDefaultTimeout(value)".
_MEMBER_RE = re.compile(r"^\s*(?P<name>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)(?P<call>\([^()]*\))?\s*$")
# "Event: 'prefinish'" under "Class: http.OutgoingMessage".
_EVENT_RE = re.compile(r"^\s*Event:\s*(?P<event>['\"‘“][\w\-:]+['\"’”])\s*$")
_CLASS_RE = re.compile(r"^\s*Class:\s*(?P<name>[A-Za-z_$][\w$.]*)\s*$")
# A condition about "the <thing>" and nothing else: "if the number is less than 10", "when the event is
# emitted", "if the timeout expires" (not "the number of connections", which says whose).
BARE_SUBJECT_RE = re.compile(r"^the\s+(?P<noun>[a-z]+)\s+(?!of\b|in\b|for\b|on\b|to\b|that\b|which\b|from\b)")


def heading_member(heading: Sequence[str], condition: str) -> tuple[str, str] | None:
    """The API member the section's own heading names, for a condition that says only "the <thing>".

    Returns the context to lead the question with and the condition, which names the event its
    heading gives ("when the event is emitted" under "Event: 'prefinish'" → "when the 'prefinish'
    event is emitted", in its class): under an API reference's heading "the number", "the timeout"
    mean the member's, which a card alone does not say. None for any other heading or condition.
    """
    bare = BARE_SUBJECT_RE.match(condition)
    if not heading or not bare:
        return None
    if m := _MEMBER_RE.match(heading[-1]):
        return f"{m.group('name')}{'()' if m.group('call') else ''}", condition
    event = _EVENT_RE.match(heading[-1])
    if (
        event
        and bare.group("noun") == "event"
        and len(heading) > 1
        and (owner := _CLASS_RE.match(heading[-2]))
    ):
        return owner.group("name"), f"the {event.group('event')} event{condition[bare.end() - 1 :]}"
    return None
