"""The fake server: routes by path and headers, answers card JSON drawn from the prompt, or a fault.

Routes: ``POST /v1/chat/completions`` (OpenAI and Mistral), ``POST /v1/messages`` (Anthropic),
``GET /v1/models`` (Anthropic's shape when the request carries ``anthropic-version``).
Control: ``POST /control/script`` ``{"faults": [...], "key": "...", "default": ..., "random": {...}}``,
``GET /control/log``, ``POST /control/reset``, ``POST /control/config`` ``{"latency_s": 1.0}``.

``bad_cards`` is an ok answer whose cards a careless model would write (see :func:`bad_cards_for_text`
and the failure modes of :func:`careless_cards`).
A fault is a name or ``{"fault": name, "retry_after": s, "retry_after_ms": ms, "hang_s": s}``;
an ``ok`` answer may carry rate-limit headers: ``{"fault": "ok", "remaining_tokens": 0,
"remaining_requests": 5, "reset_s": 30}`` (OpenAI's or Anthropic's names, by route).
Queued faults are consumed one per request (a key's own queue first, then the global one);
``default`` answers when the queues are empty (a persistent fault); ``random`` draws a fault
with probability ``rate`` from ``faults`` with a seeded generator.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import socket
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = (
    "ok",
    "401",
    "403",
    "402",
    "429",
    "insufficient_quota",
    "500",
    "503",
    "529",
    "hang",
    "drop",
    "error_body",
    "truncated",
    "malformed",
    "invalid_schema",
    "empty",
    "refusal",
    "context_length",
    "bad_cards",
)

Spec = dict[str, Any]
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _spec(fault: str | Spec) -> Spec:
    spec = {"fault": fault} if isinstance(fault, str) else dict(fault)
    if spec.get("fault") not in FAULTS:
        raise ValueError(f"unknown fault {spec.get('fault')!r}; known: {', '.join(FAULTS)}")
    return spec


_BLOCK = re.compile(r"^\[S(\d+)\] \(.*\)$")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{6,}")


def _blocks(prompt: str) -> list[tuple[int | None, str]]:
    """The ``[SN]`` blocks of a Deckhand prompt as (number, text); the whole prompt otherwise."""
    blocks: list[tuple[int | None, list[str]]] = []
    for line in prompt.splitlines():
        marker = _BLOCK.match(line.strip())
        if marker:
            blocks.append((int(marker.group(1)), []))
        elif blocks:
            blocks[-1][1].append(line)
    if not blocks:
        return [(None, prompt)]
    return [(number, " ".join(lines).strip()) for number, lines in blocks]


def _zipf(word: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the fake also runs where only the SDKs are installed
        return 8.0 - min(len(word), 8) / 2  # longer words count as rarer
    return float(zipf_frequency(word, "en"))


def _rarest_word(candidates: list[re.Match[str]]) -> re.Match[str]:
    """The word a careful model would hide: the rarest in general language (then the longest)."""
    return min(candidates, key=lambda m: (_zipf(m.group()), -len(m.group()), m.start()))


#: A careful model writes cards that stand on their own: no reader's or author's voice, no pointer.
_VOICE = re.compile(
    r"\b(?:we|we[’']ll|we[’']re|us|our|you|your|you[’']ll|i|here[’']s|let[’']s)\b|::|[{};=<>]", re.I
)
_POINTER_START = re.compile(r"^(?:this|these|that|those|it|they|so|but|and|then|here|however)\b", re.I)
#: Rarer than this (wordfreq's zipf) is a term worth hiding; commoner words are not.
_TERM_ZIPF = 3.9
_RECURRING_ZIPF = 4.5


#: "A scope is the range within a program for which an item is valid." → What is a scope?
_DEFINITION = re.compile(r"^(An? )?([a-z][\w-]*(?: [a-z][\w-]*)?) is (?:an?|the) ([^,;:]{12,150})\.$")


def _card_worthy(sentence: str) -> bool:
    words = sentence.split()
    return (
        8 <= len(words) <= 35
        and sentence[:1].isupper()
        and sentence.endswith(".")
        and not _VOICE.search(sentence)
        and not _POINTER_START.match(sentence)
    )


def cards_for_text(text: str, limit: int = 3) -> dict[str, Any]:
    """Cards grounded in the prompt, as a careful model would write them.

    A basic "What is a X?" card for a sentence that defines X ("A scope is the range…"),
    else one cloze card per self-contained sentence of 8-35 words (a whole sentence, no
    "we" or "you", not opening on a pointer such as "This"), deleting its rarest specific
    word (seven letters or more, not the sentence's first, rare in general language); each
    cites the block it came from and quotes the sentence verbatim.
    """
    cards: list[dict[str, Any]] = []
    for block, body in _blocks(text):
        for sentence in _SENTENCE.split(body):
            sentence = sentence.strip()
            definition = _DEFINITION.match(sentence)
            if definition and not _VOICE.search(sentence):
                article, term, back = definition.group(1) or "", definition.group(2), definition.group(3)
                cards.append(_card("basic", f"What is {article.lower()}{term}?", back, sentence, block))
                if len(cards) >= limit:
                    return {"cards": cards}
                continue
            if not _card_worthy(sentence):
                continue
            # a term: rare in general language, or fairly rare and recurring in its block
            candidates = [
                m
                for m in _WORD.finditer(sentence)
                if m.start() > 0
                and (
                    _zipf(m.group()) < _TERM_ZIPF
                    or (
                        _zipf(m.group()) < _RECURRING_ZIPF
                        and body.casefold().count(m.group().casefold()) >= 2
                    )
                )
            ]
            if not candidates:
                continue
            target = _rarest_word(candidates)
            front = f"{sentence[: target.start()]}{{{{c1::{target.group()}}}}}{sentence[target.end() :]}"
            cards.append(_card("cloze", front[:1000], "", sentence, block))
            if len(cards) >= limit:
                return {"cards": cards}
    if not cards:  # nothing card-worthy: still a well-formed answer
        cards.append({"kind": "basic", "front": "What is this text about?", "back": text.strip()[:200],
                      "source_quote": text.strip()[:400], "source": {}})  # fmt: skip
    return {"cards": cards}


def bad_cards_for_text(text: str) -> dict[str, Any]:
    """An answer with good cards among bad ones, for testing the quality gate end to end.

    In order: a yes/no question, the good card (the first of :func:`cards_for_text`), an
    answer not in the text, a duplicate of the good card, a cloze that lost a closing brace
    (on the next sentence: repairable), a question about "this figure"; then one card per
    failure mode of :func:`careless_cards` that the text allows.
    """
    good = cards_for_text(text, limit=2)["cards"]
    first = good[0]
    quote, source = first["source_quote"], first["source"]
    target = first["front"].split("{{c1::", 1)[-1].split("}}", 1)[0]
    broken = dict(good[-1])
    broken["front"] = broken["front"].replace("}}", "}", 1)
    return {
        "cards": [
            {"kind": "basic", "front": f"Is {target} mentioned in this text?", "back": "Yes",
             "source_quote": quote, "source": source},
            first,
            {"kind": "basic", "front": f"What does {target} prevent?",
             "back": "Integer overflow inside closures at runtime", "source_quote": quote, "source": source},
            {**first, "front": first["front"] + " "},
            broken,
            {"kind": "basic", "front": f"What does this figure show about {target}?", "back": target,
             "source_quote": quote, "source": source},
            *(card for _mode, card in careless_cards(text)),
        ]
    }  # fmt: skip


# --- the failure modes of a careless model (or of cards drafted from badly extracted text) -------

#: Failure modes, in the order :func:`careless_cards` writes them.
CARELESS_MODES = (
    "toc_or_index",  # a table-of-contents line, dot leaders and page number kept
    "generic_cloze",  # a common word hidden
    "heading_as_question",  # "What is <heading>?" answered by a sentence that does not define it
    "header_footer_noise",  # the running header and page number glued in front of the sentence
    "cross_sentence",  # a deletion across the end of one sentence and the start of the next
    "no_context",  # "What is Physical?": the subject (physical *layer*) is missing
    "acronym_as_code",  # an acronym "expanded" into a fragment of code
    "boilerplate",  # an e-book's release date or licence made into a card
    "markup_mathjax",  # Make's $(VAR) turned into MathJax \( \)
    "markup_nonchar",  # pdfium's U+FFFE left in the middle of a word
)
_LOCATOR = re.compile(r"^\[S(\d+)\] \((.*)\)$")
_TOC_LINE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\s+)?([A-Z][A-Za-z ]{2,}?)\s*\.{4,}\s*(\d+)\s*$")
_GENERIC = ("system", "section", "command", "process", "part", "way", "data", "information", "method")
_ACRONYM = re.compile(r"\b[A-Z]{3,8}\b")
_CODE = re.compile(r"\$[({][A-Za-z_]+[)}]\S*")
_BOILERPLATE = re.compile(r"release date|e-?book|licen[cs]e|copyright|all rights reserved", re.I)


def _parsed_blocks(prompt: str) -> list[tuple[int, list[str], int | None, list[str]]]:
    """(number, heading path, page, raw lines) of each ``[SN]`` block of a Deckhand prompt."""
    blocks: list[tuple[int, list[str], int | None, list[str]]] = []
    for line in prompt.splitlines():
        marker = _LOCATOR.match(line.strip())
        if marker:
            heading: list[str] = []
            page = None
            for part in marker.group(2).split(" · "):
                if part.startswith("page ") and part[5:].isdigit():
                    page = int(part[5:])
                elif not part.startswith(("slide ", "lines ", "no locator")):
                    heading = part.split(" › ")
            blocks.append((int(marker.group(1)), heading, page, []))
        elif blocks and line.strip():
            blocks[-1][3].append(line.strip())
    return blocks


def _sentences(lines: list[str]) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(" ".join(lines)) if len(s.split()) >= 6]


def _card(kind: str, front: str, back: str, quote: str, block: int | None) -> dict[str, Any]:
    """One card as a provider answers it, quoting and citing its block."""
    return {
        "kind": kind,
        "front": front,
        "back": back,
        "source_quote": quote[:400],
        "source": {"block": block, "page": None, "slide": None, "heading": []},
    }


def _cloze(sentence: str, word: str) -> str:
    found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", sentence)
    at = found.start() if found else sentence.index(word)
    return f"{sentence[:at]}{{{{c1::{word}}}}}{sentence[at + len(word) :]}"


def careless_cards(prompt: str) -> list[tuple[str, dict[str, Any]]]:
    """(mode, card) for each failure mode of :data:`CARELESS_MODES` the prompt's text allows.

    Every card cites a block and quotes its text as it is, so that it reaches the quality
    gate (a card whose quote is not in the chunk is dropped before it, by the citation check).
    """
    blocks = _parsed_blocks(prompt)
    found: dict[str, dict[str, Any]] = {}

    def add(mode: str, card: dict[str, Any]) -> None:
        found.setdefault(mode, card)

    for number, heading, page, lines in blocks:
        sentences = _sentences(lines)
        for line in lines:
            toc = _TOC_LINE.match(line)
            if toc:
                title = toc.group(1).strip()
                add("toc_or_index", _card("cloze", _cloze(line, title), "", line, number))
        for sentence in sentences:
            generic = next((w for w in _GENERIC if re.search(rf"\b{w}\b", sentence)), None)
            if generic and not _CODE.search(sentence):
                add("generic_cloze", _card("cloze", _cloze(sentence, generic), "", sentence, number))
            if _BOILERPLATE.search(sentence):
                year = re.search(r"\b1\d{3}|20\d{2}\b", sentence)
                hidden = year.group() if year else sentence.split()[-1].strip(".")
                add("boilerplate", _card("cloze", _cloze(sentence, hidden), "", sentence, number))
            code = _CODE.search(sentence)
            if code:
                acronym = _ACRONYM.search(prompt[prompt.index(sentence) :])
                if acronym:
                    add("acronym_as_code", _card("basic", f"What does {acronym.group()} stand for?",
                                                 code.group(), sentence, number))  # fmt: skip
                mathjax = re.sub(r"\$[({]([A-Za-z_]+)[)}]", r"\\(\1\\)", sentence)
                plain = [
                    m for m in _WORD.finditer(mathjax) if m.start() > 0 and m.group() not in code.group()
                ]
                shown = _rarest_word(plain or list(_WORD.finditer(mathjax))).group()
                add("markup_mathjax", _card("cloze", _cloze(mathjax, shown), "", sentence, number))
        prose = not any(_TOC_LINE.match(line) for line in lines)
        if (
            not sentences
            or not prose
            or _BOILERPLATE.search(" ".join(lines))
            or _CODE.search(" ".join(lines))
        ):
            continue
        first = sentences[0]
        if heading and len(heading[-1].split()) > 1 and len(first.split()) <= 25:
            add("heading_as_question", _card("basic", f"What is {heading[-1]}?", first, first, number))
        if heading and len(heading[-1].split()) == 1 and heading[-1].casefold() in first.casefold():
            rest = first.split(" ", 3)[-1].rstrip(".")
            add("no_context", _card("basic", f"What is {heading[-1]}?", rest, first, number))
        candidates = [m for m in _WORD.finditer(first) if m.start() > 0]
        if heading and candidates:
            noise = f"{' '.join(heading)} {page or 1} "
            add("header_footer_noise", _card("cloze", noise + _cloze(first, _rarest_word(candidates).group()),
                                             "", first, number))  # fmt: skip
            # pdfium's hyphenation mark left in a word the card shows (not the hidden one), on the
            # block's last sentence (a careful card may well be the first one's)
            final = sentences[-1]
            words = [m for m in _WORD.finditer(final) if m.start() > 0] or candidates
            target = _rarest_word(words).group()
            word = max((m.group() for m in words if m.group() != target), key=len, default=target)
            front = _cloze(final, target).replace(
                word, word[: len(word) // 2] + "\ufffe" + word[len(word) // 2 :], 1
            )
            add("markup_nonchar", _card("cloze", front, "", final, number))
        if len(sentences) >= 2:
            one, two = sentences[0], sentences[1]
            end, head = one.rstrip(".").split()[-1], two.split()[0]
            joined = f"{one[: one.rindex(end)]}{{{{c1::{end}. {head}}}}}{two[len(head) :]}"
            add("cross_sentence", _card("cloze", joined, "", f"{one} {two}", number))
    return [(mode, found[mode]) for mode in CARELESS_MODES if mode in found]


def _answer_data(user: str, fault: str) -> dict[str, Any]:
    return bad_cards_for_text(user) if fault == "bad_cards" else cards_for_text(user)


def _ratelimit_headers(spec: Spec, *, anthropic: bool, mistral: bool = False) -> dict[str, str]:
    """Rate-limit headers of an answer, from ``remaining_requests``, ``remaining_tokens``, ``reset_s``.

    Mistral's are per minute, without a reset: ``x-ratelimit-remaining-{req,tokens}-minute``.
    """
    headers: dict[str, str] = {}
    if mistral:
        for kind, name in (("requests", "req"), ("tokens", "tokens")):
            if f"remaining_{kind}" in spec:
                headers[f"x-ratelimit-remaining-{name}-minute"] = str(int(spec[f"remaining_{kind}"]))
        return headers
    reset = float(spec.get("reset_s", 60))
    for kind in ("requests", "tokens"):
        if f"remaining_{kind}" not in spec:
            continue
        remaining = str(int(spec[f"remaining_{kind}"]))
        if anthropic:
            when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + reset))
            headers[f"anthropic-ratelimit-{kind}-remaining"] = remaining
            headers[f"anthropic-ratelimit-{kind}-reset"] = when
        else:
            headers[f"x-ratelimit-remaining-{kind}"] = remaining
            headers[f"x-ratelimit-reset-{kind}"] = f"{reset:g}s"
    return headers


class _State:
    def __init__(self, latency_s: float) -> None:
        self.lock = threading.Lock()
        self.latency_s = latency_s
        self.stop = threading.Event()
        self.queues: dict[str, deque[Spec]] = {}
        self.defaults: dict[str, Spec] = {}
        self.random_spec: dict[str, Any] | None = None
        self.rng = random.Random(0)  # noqa: S311 - fault injection, not security
        self.entries: list[dict[str, Any]] = []

    def reset(self) -> None:
        with self.lock:
            self.queues = {}
            self.defaults = {}
            self.random_spec = None
            self.rng = random.Random(0)  # noqa: S311
            self.entries = []

    def next_fault(self, key: str) -> Spec:
        with self.lock:
            for name in (key, "*"):
                queue = self.queues.get(name)
                if queue:
                    return queue.popleft()
            for name in (key, "*"):
                if name in self.defaults:
                    return self.defaults[name]
            if self.random_spec and self.rng.random() < float(self.random_spec.get("rate", 0.3)):
                return _spec(self.rng.choice(self.random_spec["faults"]))
            return {"fault": "ok"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one answer = headers + body writes; no 40 ms delayed-ACK stall
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    # --- plumbing ---
    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            data = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            data = {}
        return data if isinstance(data, dict) else {}

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _key(self) -> str:
        auth = self.headers.get("authorization") or ""
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        return self.headers.get("x-api-key") or ""

    # --- control API ---
    def do_GET(self) -> None:
        state = self.server.state
        if self.path == "/control/log":
            with state.lock:
                self._send(200, {"requests": list(state.entries)})
            return
        if self.path.startswith("/v1/models"):
            self._serve("models", {})
            return
        self._send(404, {"error": {"message": "not found", "type": "not_found"}})

    def do_POST(self) -> None:
        body = self._body()
        state = self.server.state
        if self.path == "/control/script":
            try:
                self.server.owner.script(
                    *body.get("faults", []),
                    key=body.get("key"),
                    default=body.get("default"),
                    random=body.get("random"),
                )
            except ValueError as exc:
                self._send(400, {"error": str(exc)})
                return
            self._send(200, {"ok": True})
        elif self.path == "/control/reset":
            state.reset()
            self._send(200, {"ok": True})
        elif self.path == "/control/config":
            if "latency_s" in body:
                state.latency_s = float(body["latency_s"])
            self._send(200, {"ok": True, "latency_s": state.latency_s})
        elif self.path.startswith("/v1/messages"):
            self._serve("anthropic", body)
        elif self.path.startswith("/v1/chat/completions"):
            self._serve("openai", body)
        else:
            self._send(404, {"error": {"message": "not found", "type": "not_found"}})

    # --- the LLM API ---
    def _serve(self, route: str, body: dict[str, Any]) -> None:
        state = self.server.state
        key = self._key()
        anthropic = route == "anthropic" or (route == "models" and "anthropic-version" in self.headers)
        spec = state.next_fault(key)
        fault = str(spec["fault"])
        with state.lock:
            state.entries.append(
                {
                    "ts": time.time(),
                    "path": self.path,
                    "flavor": "anthropic" if anthropic else "openai",
                    "key": key,
                    "model": body.get("model"),
                    "fault": fault,
                    # The client's port: requests on one kept-alive connection share it.
                    "peer": self.client_address[1],
                }
            )
        if fault == "hang":
            state.stop.wait(float(spec.get("hang_s", 30.0)))
            self.close_connection = True
            return
        if fault == "drop":
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault in ("401", "403", "402", "429", "insufficient_quota", "500", "503", "529", "context_length"):
            self._error(fault, spec, anthropic)
            return
        if state.latency_s and route != "models":
            state.stop.wait(state.latency_s)
        if route == "models":
            self._models(anthropic)
        elif anthropic:
            self._anthropic_answer(body, fault, _ratelimit_headers(spec, anthropic=True))
        else:
            mistral = "mistralai" in (self.headers.get("user-agent") or "")  # the SDK's user agent
            self._openai_answer(body, fault, _ratelimit_headers(spec, anthropic=False, mistral=mistral))

    def _error(self, fault: str, spec: Spec, anthropic: bool) -> None:
        headers: dict[str, str] = {}
        details: dict[str, Any] | None = None
        status, etype, code, message = {
            "401": (401, "authentication_error", "invalid_api_key", "Incorrect API key provided."),
            "403": (403, "permission_error", "permission_denied", "This key may not use this model."),
            "402": (402, "billing_error", "payment_required", "Insufficient credits."),
            "429": (429, "rate_limit_error", "rate_limit_exceeded", "Rate limit reached for requests."),
            "insufficient_quota": (
                429,
                "insufficient_quota",
                "insufficient_quota",
                "You exceeded your quota.",
            ),
            "500": (500, "api_error", "server_error", "The server had an error."),
            "503": (503, "api_error", "service_unavailable", "The service is temporarily unavailable."),
            "529": (529, "overloaded_error", "overloaded", "Overloaded."),
            "context_length": (400, "invalid_request_error", "context_length_exceeded", ""),
        }[fault]
        if fault == "context_length":
            message = (
                "prompt is too long: 250000 tokens > 200000 maximum"
                if anthropic
                else "This model's maximum context length is 8192 tokens."
            )
        if fault == "429":
            if "retry_after" in spec:
                headers["retry-after"] = str(spec["retry_after"])
            if "retry_after_ms" in spec:
                headers["retry-after-ms"] = str(spec["retry_after_ms"])
        if anthropic:
            if fault == "insufficient_quota":
                etype, details = "rate_limit_error", {"error_code": "enforced_spend_limit_reached"}
            error: dict[str, Any] = {"type": etype, "message": message}
            if details:
                error["details"] = details
            self._send(status, {"type": "error", "error": error}, headers)
        else:
            self._send(
                status, {"error": {"message": message, "type": etype, "param": None, "code": code}}, headers
            )

    def _models(self, anthropic: bool) -> None:
        model: dict[str, Any]
        if anthropic:
            model = {
                "type": "model",
                "id": "fake-claude",
                "display_name": "Fake",
                "created_at": "2025-01-01T00:00:00Z",
            }
            self._send(
                200, {"data": [model], "has_more": False, "first_id": "fake-claude", "last_id": "fake-claude"}
            )
        else:
            model = {"id": "fake-model", "object": "model", "created": 0, "owned_by": "fake", "type": "base"}
            self._send(200, {"object": "list", "data": [model]})

    def _openai_answer(self, body: dict[str, Any], fault: str, headers: dict[str, str]) -> None:
        messages = body.get("messages") or []
        user = next((m.get("content") for m in reversed(messages) if m.get("role") == "user"), "") or ""
        if isinstance(user, list):
            user = " ".join(str(part.get("text", "")) for part in user if isinstance(part, dict))
        content: str | None = json.dumps(_answer_data(str(user), fault))
        finish, refusal = "stop", None
        if fault == "error_body":
            self._send(200, {"error": {"message": "upstream provider failed", "code": 502}})
            return
        if fault == "truncated":
            content, finish = (content or "")[: len(content or "") // 2], "length"
        elif fault == "malformed":
            content = "{cards: [ this is not json"
        elif fault == "invalid_schema":
            content = json.dumps({"items": "nope"})
        elif fault == "empty":
            content = ""
        elif fault == "refusal":
            content, finish, refusal = None, "content_filter", "I can't help with that."
        self._send(
            200,
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model") or "fake-model",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content, "refusal": refusal},
                        "finish_reason": finish,
                    }
                ],
                "usage": {
                    "prompt_tokens": max(1, len(str(user)) // 4),
                    "completion_tokens": max(1, len(content or "") // 4),
                    "total_tokens": max(1, len(str(user)) // 4) + max(1, len(content or "") // 4),
                },
            },
            headers,
        )

    def _anthropic_answer(self, body: dict[str, Any], fault: str, headers: dict[str, str]) -> None:
        messages = body.get("messages") or []
        user = messages[-1].get("content", "") if messages else ""
        if isinstance(user, list):
            user = " ".join(str(part.get("text", "")) for part in user if isinstance(part, dict))
        data: Any = _answer_data(str(user), fault)
        if fault == "error_body":
            self._send(200, {"type": "error", "error": {"type": "api_error", "message": "upstream failed"}})
            return
        stop = "tool_use"
        tool_choice = body.get("tool_choice") or {}
        tool = tool_choice.get("name") if tool_choice.get("type") == "tool" else None
        text: str | None = None
        if fault == "truncated":
            stop, text = "max_tokens", json.dumps(data)[:40]
        elif fault == "malformed":
            stop, text = "end_turn", "{cards: [ this is not json"
        elif fault == "invalid_schema":
            data = {"items": "nope"}
        elif fault == "empty":
            stop, text = "end_turn", ""
        elif fault == "refusal":
            stop, text = "refusal", "I can't help with that."
        if tool and text is None:
            content: list[dict[str, Any]] = [
                {"type": "tool_use", "id": "toolu_fake", "name": tool, "input": data}
            ]
        else:
            stop = "end_turn" if stop == "tool_use" else stop
            content = [{"type": "text", "text": json.dumps(data) if text is None else text}]
        self._send(
            200,
            {
                "id": "msg_fake",
                "type": "message",
                "role": "assistant",
                "model": body.get("model") or "fake-claude",
                "content": content,
                "stop_reason": stop,
                "stop_sequence": None,
                "usage": {"input_tokens": max(1, len(str(user)) // 4), "output_tokens": 50},
            },
            headers,
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    state: _State
    owner: FakeLLMServer


class FakeLLMServer:
    """A fake LLM server on 127.0.0.1 in a background thread.

    ``url`` is the root (Anthropic's and Mistral's base URL); ``openai_url`` is ``url + "/v1"``.
    """

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, latency_s: float = 0.0) -> None:
        self._state = _State(latency_s)
        self._server = _Server((host, port), _Handler)
        self._server.state = self._state
        self._server.owner = self
        self._thread: threading.Thread | None = None
        self.host, self.port = host, int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def openai_url(self) -> str:
        return f"{self.url}/v1"

    def start(self) -> FakeLLMServer:
        # Load the word frequencies now, not in the first answer (which a 1 s client timeout would cut).
        _rarest_word(list(_WORD.finditer(" warming")))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._state.stop.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script(
        self,
        *faults: str | Spec,
        key: str | None = None,
        default: str | Spec | None = None,
        random: dict[str, Any] | None = None,
    ) -> None:
        """Queue faults (for ``key`` only, if given), set a persistent default, or random faults."""
        specs = [_spec(f) for f in faults]
        name = key or "*"
        with self._state.lock:
            self._state.queues.setdefault(name, deque()).extend(specs)
            if default is not None:
                self._state.defaults[name] = _spec(default)
            if random is not None:
                for fault in random.get("faults", []):
                    _spec(fault)
                self._state.random_spec = dict(random)
                self._state.rng.seed(random.get("seed", 0))

    def clear_default(self, key: str | None = None) -> None:
        with self._state.lock:
            self._state.defaults.pop(key or "*", None)

    def set_latency(self, seconds: float) -> None:
        self._state.latency_s = seconds

    def log(self) -> list[dict[str, Any]]:
        """Every LLM request received: ts, path, flavor, key, model, fault, peer (client port)."""
        with self._state.lock:
            return list(self._state.entries)

    def reset(self) -> None:
        """Forget scripts and the log (latency stays)."""
        self._state.reset()
