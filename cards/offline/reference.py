"""Reference prose: what a named API returns, creates or contains.

An API reference describes each function under its own name ("## os.cpus()" over "Returns an
array of objects …") or names it as the subject ("The mpsc::channel function returns a tuple").
The name is the card's subject and the described effect its answer:

* "Returns X" under an API-name heading → "What does os.cpus() return?" / "An array of …";
* "The mpsc::channel function returns X" / "`send` returns X" → "What does the mpsc::channel
  function return?".

Only a code-like name counts (``os.cpus()``, ``mpsc::channel``, ``unwrap_or_else``): "The
function returns a value" names nothing a student could look up.
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, PRONOUN_START_RE, detach, noise, trim_answer
from cards.offline.drafter import Drafter
from cards.offline.rows import ACTION_VERBS
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, base_form, code_terms, word_count
from documents.model import Section

# A name as code writes it: dotted or ::-separated parts, an underscore, or a call's parentheses.
_IDENT = r"[A-Za-z_$][\w$]*"
_API_NAME_RE = re.compile(rf"^(?:new\s+)?{_IDENT}(?:(?:\.|::){_IDENT})*(?:\([^()]{{0,60}}\))?$")
# The effects worth a card, by the verb's base form (the question's verb).
_VERBS = {"returns": "return", "creates": "create", "contains": "contain", "provides": "provide"}
_VERB_ALT = "|".join(_VERBS)
_SUBJECTLESS_RE = re.compile(rf"^(?P<verb>{_VERB_ALT})\s+(?P<obj>[^;]{{6,300}})$")
_NAMED_RE = re.compile(
    rf"^(?P<subj>(?:The\s+)?(?P<name>[^\s,;]{{2,60}}?)(?:\s+(?P<noun>function|method|macro|constructor|"
    rf"property|field|type|class|module|call))?)\s+(?:always\s+|also\s+)?(?P<verb>{_VERB_ALT})\s+"
    r"(?P<obj>[^;]{6,300})$"
)
# Where the effect ends: a consequence, a second clause with a subject of its own ("…, and we use …",
# "…, and borrow_mut returns …"), or "and" opening a clause with a modal ("… and Node.js processes
# will not …").
_EFFECT_END_RE = re.compile(
    r",\s+(?:so|but|which means|unless|otherwise)\s+|,?\s+(?:and then|if|when)\s+"
    r"|,\s+and\s+(?=(?:we|you|it|they)\s|\S+\s+(?:returns|is|are|has|creates|contains|provides)\b)"
    r"|,?\s+and\s+(?=(?:[^\s,;]+\s+){1,3}(?:will|would|can|cannot|must|may|might|should)\b)"
)
# "… the code that’s run", "… a value that is dropped": a relative clause whose "when" is its own.
_RELATIVE_VERB_END_RE = re.compile(r"\b(?:that|which)(?:[’']s|\s+is|\s+are|\s+gets)?\s+[a-z]+(?:ed|en|n)?$")
# "Node.js processes launched with …": a plural noun and its participle, not a verb and its object.
_PARTICIPLE_RE = re.compile(r"^[a-z]{3,}ed\s+(?:with|by|in|from|on|at|for|via|under|through|using|as)\b")
# "Returns the value from within the Some": an answer that points elsewhere.
_VAGUE_OBJECT_RE = re.compile(r"^(?:it|this|that|them|one|nothing|something|the same|the result)\b", re.I)


def api_name(text: str) -> str:
    """``text`` if it is a code-like API name (``os.cpus()``, ``mpsc::channel``, ``send_all``), else ""."""
    name = text.strip().strip("`")
    if code_terms(name) == [(0, len(name))]:
        return name  # a generic type or a path: "Rc<T>", "Vec<String>", "Rc::clone"
    if not _API_NAME_RE.match(name):
        return ""
    if not re.search(r"[.:_(]", name) and not re.search(r"[a-z0-9][A-Z]", name):
        return ""  # a plain word ("Returns", "Closures") could be anything
    return name


# Words that say which one, not what it is called ("the first function", "the other method").
_NOT_NAMES = frozenset(
    ["first", "second", "third", "last", "next", "previous", "same", "other", "new", "old"]
)


def _names_api(d: Drafter, name: str, noun: str | None) -> bool:
    """``name`` is code-like, or a lower-case identifier the text keeps using before "function",
    "method"… ("the send method"), not a word saying which one ("the first function")."""
    if api_name(name):
        return True
    if not noun or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        return False
    return name not in STOP_WORDS and name not in _NOT_NAMES and d.term_counts[name] >= 2


def _effect(obj: str) -> str:
    """The described effect: up to its first consequence clause, ≤ 25 words, capitalised."""
    effect = obj
    for end in _EFFECT_END_RE.finditer(obj):
        if _RELATIVE_VERB_END_RE.search(obj[: end.start()]) and end.group().strip() in ("when", "if"):
            continue  # "the code that’s run when …": the condition belongs to the relative clause
        effect = obj[: end.start()]
        break
    effect = re.sub(r",?\s+(?:and|or|but)$", "", effect)  # "…, and when …": the clause cut off
    effect = trim_answer(effect)
    if api_name(effect.split(" ", 1)[0]):
        return effect  # "weak_count to keep track of …": a name keeps its case
    return effect[:1].upper() + effect[1:]


def _names_own_type(subject: str, answer: str) -> bool:
    """ "{tty.ReadStream}" as what "new tty.ReadStream(fd)" returns: the type the question names, API
    boilerplate ("Returns {tty.ReadStream}") that gives the answer away."""
    typed = re.fullmatch(r"\{?`?(?P<type>[\w.$]+)`?\}?", answer.strip())
    if not typed:
        return False
    own = re.sub(r"\(.*\)$", "", subject.strip("`")).removeprefix("new ").strip()
    return typed.group("type").casefold() in (own.casefold(), own.rsplit(".", 1)[-1].casefold())


def api_effect(d: Drafter, section: Section, sentence: str) -> None:
    """ "Returns X" under "os.cpus()", or "The X function returns Y" → "What does … return?" / "Y"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    body = detach(sentence).rstrip(".!")
    if body.split(" ", 1)[0].casefold() in _VERBS:
        body = body[:1].lower() + body[1:]  # "Returns X": the verb opens the sentence
    subject = ""
    if m := _SUBJECTLESS_RE.match(body):
        heading = section.source.heading[-1] if section.source.heading else ""
        subject = api_name(heading)
    elif (m := _NAMED_RE.match(body)) and _names_api(d, m.group("name"), m.group("noun")):
        subject = m.group("subj")
        if subject.startswith("The "):
            if not m.group("noun"):
                return  # "The os.cpus() returns": no such English; "The x returns" is not a name
            subject = "the " + subject[4:]
    if not m or not subject:
        _named_effect(d, section, sentence, body)
        return
    obj = m.group("obj")
    if _VAGUE_OBJECT_RE.match(obj) or PRONOUN_START_RE.match(obj):
        return
    answer = _effect(obj)
    if word_count(answer) < 2 or _names_own_type(subject, answer):
        return
    question = f"What does {subject} {_VERBS[m.group('verb').casefold()]}?"
    d.add(section, CardKind.BASIC, question, answer, sentence, 1)


# "FnOnce applies to closures that …", "PYTHON_BUILD_ROOT overrides the default location …",
# "CONFIGURE_OPTS lets you pass additional options to ./configure": any verb, said of a name
# written as code (CamelCase, dotted, an underscore, a setting's capitals).
_NAMED_NOUNS = "function|method|macro|constructor|trait|attribute|module|command|option|flag"
# "The Rc<T> type keeps track of …", "The call to Rc::clone only increments …": a code name led by
# "the" and its kind, or by what of it acts.
_CODE_KINDS = "type|trait|struct|enum|function|method|macro|smart pointer|keyword"
_ANY_VERB_RE = re.compile(
    rf"^(?:The\s+(?P<ident>[a-z][a-z0-9_]*)\s+(?P<noun>{_NAMED_NOUNS})|"
    rf"(?P<lead>The\s+(?:call\s+to|implementation\s+of)\s+|The\s+)?(?P<name>[^\s,;]{{2,60}}?)"
    rf"(?P<kind>\s+(?:{_CODE_KINDS}))?)\s+"
    r"(?:also\s+|only\s+)?(?P<verb>[a-z]{3,}(?<!ss)(?<!us)s)\s+(?P<obj>[^;]{8,300})$"
)
# The means a reader is let do something by ("Via immutable references, …"), a few plain words.
_MEANS_LEAD_RE = re.compile(
    r"^((?:Via|Through|By means of|With the help of)\s+(?!(?:this|that|these|those|it|them|we|you|our)\b)"
    r"[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,4}),\s+(?=[A-Z`])"
)
# The kinds only a programming text gives a capitalised name ("the Drop trait"; "the Roman type" is not code).
_DECLARED_KINDS = frozenset(["trait", "struct", "enum", "macro"])
_PLAIN_NAME_RE = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)*")
_AUX_RE = re.compile(
    r"(?:is|are|was|were|can|cannot|must|will|has|have|do|does|did|would|could|should|may)\b"
)
# A verb and its noun that say one thing ("keeps track of", "takes ownership of").
_IDIOM_RE = re.compile(r"(track of|care of|use of|ownership of|advantage of|account of|note of)\s+")
_NOT_VERBS = frozenset(["this", "its", "has", "was", "is", "as", "thus", "always", "perhaps", "less", "does"])


# Verbs whose "to" opens an infinitive, not a preposition's object ("needs to have …", "tries to …").
_TO_DO_VERBS = frozenset(["need", "try", "want", "attempt", "have", "seem", "tend", "ought", "mean"])
# "… and generates …": a second verb in the third person, coordinated with the first.
_SECOND_VERB_RE = re.compile(r"\band\s+(?:then\s+|also\s+)?(?P<verb>[a-z]{3,}s)\s")


def _named_bare(d: Drafter, name: str) -> bool:
    """ "implements Render", "the Render and Cleanup traits": the text writes ``name`` mid-sentence (a
    sentence's own "The Roman trait …" is no evidence: any capitalised word may open one so)."""
    pattern = rf"(?<=[a-z,;] )(?<!The ){re.escape(name)}\b"
    return re.search(pattern, d.all_text) is not None


def _named_effect(d: Drafter, section: Section, sentence: str, body: str) -> None:
    """ "FnOnce applies to X" → "What does FnOnce apply to?"; "V lets you X" → "What does V let you do?"."""
    means = ""
    if opening := _MEANS_LEAD_RE.match(body):  # "Via immutable references, Rc<T> allows you to …"
        means, body = opening.group(1)[:1].lower() + opening.group(1)[1:], body[opening.end() :]
    m = _ANY_VERB_RE.match(body)
    if not m or m.group("verb") in _NOT_VERBS or _AUX_RE.match(m.group("obj")):
        return  # "FOO_BAR settings are …": a plural noun, not a verb
    if m.group("ident"):  # "The send function takes …": a name the text repeats, before its kind
        if not _names_api(d, m.group("ident"), m.group("noun")):
            return
        name = f"the {m.group('ident')} {m.group('noun')}"
    else:
        name = m.group("name").strip("`")
        lead, kind = m.group("lead") or "", m.group("kind") or ""
        # "The Deref trait allows …": a capitalised word the text names mid-sentence, said to be a trait
        # (a struct, an enum, a macro) is a code name even without code's punctuation
        declared = kind.strip() in _DECLARED_KINDS and bool(_PLAIN_NAME_RE.fullmatch(name))
        declared = declared and lead == "The " and _named_bare(d, name)
        if not (declared or api_name(name) or _SETTING_NAME_RE.match(name)) or name.startswith("-"):
            return
        if declared:
            name = f"the {name}{kind}"
        elif lead or kind:
            # "The Rc<T> type", "The call to Rc::clone": a code name ("The os.cpus() returns" is no English)
            if not code_terms(name) or (lead == "The " and not kind):
                return
            name = f"{lead[:1].lower()}{lead[1:]}{name}{kind}"
    verb, obj = m.group("verb"), m.group("obj")
    if _PARTICIPLE_RE.match(obj):
        return
    base = base_form(verb)
    lets_you = (verb == "lets" and obj.startswith("you ")) or (
        verb in ("allows", "enables") and obj.startswith("you to ")
    )
    if means and not lets_you:
        return  # the means belongs to what the reader is let do, not to any other verb
    if (second := _SECOND_VERB_RE.search(obj)) and base_form(second.group("verb")) in ACTION_VERBS:
        # "asn1Parser reads a file … and generates a file …": two actions, asked as what it does
        question, obj = f"What does {name} do?", f"{verb} {obj}"
    elif idiom := _IDIOM_RE.match(obj):  # "keeps track of X" → "What does X keep track of?"
        base, obj = f"{base} {idiom.group(1)}", obj[idiom.end() :]
        question = f"What does {name} {base}?"
    elif re.search(rf"\bonly\s+{verb}\b", body) and code_terms(name):
        # "The call to Rc::clone only increments …": the restriction is the fact, asked whole
        question, obj = f"What does {name} do?", f"only {verb} {obj}"
    elif verb == "lets" and obj.startswith("you "):
        question, obj = f"What does {name} let you do?", obj[4:]
    elif verb in ("allows", "enables") and obj.startswith("you to "):  # the student is "you"
        question, obj = f"What does {name} {base} you to do?", obj[7:]
    elif base in _TO_DO_VERBS and obj.startswith("to "):
        # "The File::open function needs to have a way …": what it needs to do, not "… need to?"
        question, obj = f"What does {name} {base} to do?", obj[3:]
    elif prep := re.match(r"(?:to|for|on|upon|of|about|with|from|into)\s+", obj):  # "consists of X"
        question, obj = f"What does {name} {base} {prep.group().strip()}?", obj[prep.end() :]
    else:
        question = f"What does {name} {base}?"
    if means:  # how the reader is let do it is part of the question: "… do via immutable references?"
        question = f"{question[:-1]} {means}?"
    if _VAGUE_OBJECT_RE.match(obj) or PRONOUN_START_RE.match(obj) or _PERSON_RE.match(obj):
        return
    if re.match(r"the\s+[\w-]+(?:\s+[\w-]+)?\s*(?:,|$)", obj) and not re.match(
        r"the[^,]+,[^,]+\s(?:and|or)\s", obj
    ):
        return  # "reverses the conversion, …": which one is in an earlier sentence (not "the A, B and C")
    answer = _effect(obj)
    if word_count(answer) < 3:
        return
    d.add(section, CardKind.BASIC, question, answer, sentence, 1)


# Tutorial instructions said to the reader, made impersonal: the goal becomes the question and the
# command, variable or function that reaches it the answer.
#   "To see a list of all versions, run pyenv install --list." → "Which command is run to see …?"
#   "You can bypass the mirror by setting the SKIP_MIRROR environment variable."
#       → "Which environment variable is set to bypass the mirror?"
#   "We create a new channel using the mpsc::channel function." → "Which function is used to create …?"
_NOUNS = "environment variable|function|method|macro|option|flag|command|variable|setting|constructor|trait"
_GERUNDS = {
    "setting": "set",
    "specifying": "specified",
    "calling": "called",
    "using": "used",
    "passing": "passed",
}
_TO_RUN_RE = re.compile(r"^To (?P<goal>[a-z][^,;:]{6,120}), run (?P<rest>[^;]{2,200})$")
# The same said as the reader's wish: "If you want to run all tests whether they’re ignored or not,
# you can run cargo test -- --include-ignored." The answer must still read as a command (`_command`).
_IF_WANT_RE = re.compile(
    r"^If (?:you|we) (?:want|need|wish) to (?P<goal>[a-z][^,;:]{6,120}), (?:you|we) "
    r"(?:can |could |should |need to |must )?(?:also |instead )?(?P<verb>run|use|type) (?P<rest>[^;]{2,200})$"
)
# A flag named with the value it takes: "by using the -p flag and specifying the name of the crate".
_BY_DOING_RE = re.compile(
    r"^(?:We|You) (?:can |could |may |should |will )?(?:also |then )?(?P<goal>[a-z][^,;:]{6,120}?),? "
    rf"(?:by (?P<ger>{'|'.join(_GERUNDS)})|(?P<with>using|with)) (?:the |an? )?(?P<x>[^\s,;]{{2,80}})"
    rf"(?: (?P<noun>{_NOUNS}))?(?: and (?:specifying|passing|giving) (?:the |an? )[^,;]{{3,80}})?$"
)
# "To create a new thread, we call the thread::spawn function": the goal first, then the name.
_TO_CALL_RE = re.compile(
    r"^To (?P<goal>[a-z][^,;:]{6,120}), (?:we|you) (?:can |could |should |need to |must )?(?:then )?"
    rf"(?P<verb>call|use) (?:the )?(?P<x>[^\s,;]{{2,80}})(?: (?P<noun>{_NOUNS}))?(?:[ ,].*)?$"
)
# "To accomplish message passing, Rust’s standard library provides channels": who provides what for a goal.
_TO_PROVIDES_RE = re.compile(
    r"^To (?P<goal>[a-z][^,;:]{6,120}), (?P<subj>[A-Z][^\s,;:()]*(?:\s+[^\s,;:()]+){0,3}?) "
    r"(?P<verb>provides|offers|supplies|includes) (?P<obj>[^;]{6,200})$"
)
# The goal must stand without the reader or the author ("… which will allow you to …").
_PERSON_RE = re.compile(r"\b(?:we|you|your|our|us|I|my|it|them|this|that|these|those)\b", re.I)
_SETTING_NAME_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^--?[a-z][\w-]*$")
# Where a command ends and the prose about it begins ("git pull in your cloned copy …").
_COMMAND_END_RE = re.compile(r"\s+(?:in|with|from|on|inside|as|for|to|and|or|then|instead)\b|,")


def _command(rest: str, lang: str) -> str:
    """The command at the start of ``rest``, or "" if it reads as prose ("make sure that …")."""
    if re.search(r"\bthen\b", rest):
        return ""  # one step of several: the command alone is not how the goal is reached
    command = _COMMAND_END_RE.split(rest, maxsplit=1)[0].strip().rstrip(".")
    tokens = command.split()
    if not 1 <= len(tokens) <= 6:
        return ""
    first = tokens[0]
    if api_name(first) or re.search(r"[-./_]", first) or _SETTING_NAME_RE.match(first):
        return command
    if first.islower() and any(_FLAG_RE.match(t) for t in tokens[1:]):
        return command  # a word followed by its flag is a program, however common ("cargo test -- --ignored")
    return command if first.islower() and zipf(first, lang) < _COMMON_COMMAND_ZIPF else ""


_FLAG_RE = re.compile(r"^--?[a-z][\w-]*(?:=\S+)?$")


#: A command's first word at most this common in English is a program's name ("git", "pyenv"),
#: not prose ("make sure", "open the file").
_COMMON_COMMAND_ZIPF = 4.0


def instruction(d: Drafter, section: Section, sentence: str) -> None:
    """ "To X, run C" / "You can X by setting V" / "We X using the F function" → "Which … is … to X?"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    # a sentence that leads into its listing ends on ":" ("…, we can use cargo test -- --ignored:")
    body = detach(sentence).rstrip(".!:").split("; ", 1)[0]  # "…; mpsc stands for …": another fact
    if m := _TO_RUN_RE.match(body):
        goal, answer, noun, done = m.group("goal"), _command(m.group("rest"), d.lang), "command", "run"
    elif m := _IF_WANT_RE.match(body):
        goal, answer, noun = m.group("goal"), _command(m.group("rest"), d.lang), "command"
        # "Which command is run to run …?" reads garbled: a goal that is itself running is "used"
        done = "run" if m.group("verb") == "run" and not goal.startswith("run ") else "used"
        if not re.search(r"(?<![\w-])--?[a-z]", answer):
            return  # "you can use a match expression": only a command with its flag is one to learn
    elif m := _BY_DOING_RE.match(body):
        x, noun = m.group("x"), m.group("noun")
        named = api_name(x) or _SETTING_NAME_RE.match(x) or (noun and x.isupper() and len(x) > 1)
        if not named or (not noun and not _SETTING_NAME_RE.match(x)):
            return  # "by using the closure": no name to learn
        goal, answer, done = m.group("goal"), x, _GERUNDS.get(m.group("ger") or "using", "used")
        noun = noun or ("option" if x.startswith("-") else "setting")
    elif (m := _TO_CALL_RE.match(body)) and (api_name(m.group("x")) or _SETTING_NAME_RE.match(m.group("x"))):
        goal, answer, done = m.group("goal"), m.group("x"), "called" if m.group("verb") == "call" else "used"
        noun = m.group("noun") or "function"
    elif m := _TO_PROVIDES_RE.match(body):
        _provided_for(d, section, sentence, m)
        return
    else:
        return
    if not answer or _PERSON_RE.search(goal) or word_count(goal) < 2:
        return
    question = f"Which {noun} is {done} to {goal}?"
    if m.re is _IF_WANT_RE and (program := _program(d, answer)):
        question = f"Which {program} command is {done} to {goal}?"  # "the ignored tests" of which tool?
    d.add(section, CardKind.BASIC, question, answer, sentence, 1)


def _program(d: Drafter, command: str) -> str:
    """The tool a command belongs to, as the text names it ("Cargo" for "cargo test …"), or ""."""
    first = command.split()[0]
    if not re.fullmatch(r"[a-z][a-z0-9]{1,15}", first):
        return ""
    named = first[:1].upper() + first[1:]
    return named if d.mid_sentence_count(named) else first  # "Git" as the text writes it, else "npm"


def _provided_for(d: Drafter, section: Section, sentence: str, m: re.Match[str]) -> None:
    """ "To X, Rust’s standard library provides Y" → "What does Rust’s standard library provide to X?"."""
    subject, goal, obj = m.group("subj"), m.group("goal"), m.group("obj")
    if subject.split(" ", 1)[0] in {"The", "A", "An", "This", "These", "Each"} or _PERSON_RE.search(goal):
        return  # "To do so, the module provides …": only a named provider ("Rust’s …", "Node.js")
    if _VAGUE_OBJECT_RE.match(obj) or PRONOUN_START_RE.match(obj) or word_count(goal) < 2:
        return
    answer = _effect(obj)
    if word_count(answer) < 2:
        return
    verb = m.group("verb")
    base = verb[:-3] + "y" if verb.endswith("ies") else verb[:-1]
    d.add(section, CardKind.BASIC, f"What does {subject} {base} to {goal}?", answer, sentence, 1)
