"""The browsable API reference: the OpenAPI document rendered to one self-contained HTML page.

No JavaScript and nothing fetched from elsewhere (the API's CSP is strict and no
CDN is reachable); the one inline stylesheet is allowed by its hash, and the
page reads fine unstyled if a stricter policy drops it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from jinja2 import Environment

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 2rem;color:#1d232a}
code,pre{font:13px ui-monospace,monospace}pre{background:#f4f6f8;padding:.6rem;overflow:auto}
table{border-collapse:collapse;margin:.4rem 0}
td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left}
.op{border:1px solid #d0d7de;border-radius:6px;margin:.6rem 0;padding:0 .8rem}
.m{display:inline-block;min-width:4rem;font-weight:700}.get{color:#0969da}.post{color:#1a7f37}
.put,.patch{color:#9a6700}.delete{color:#cf222e}summary{cursor:pointer;padding:.5rem 0}
.auth{color:#57606a;font-size:90%}
"""
CSS_HASH = "sha256-" + base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()
#: The page's own policy: its stylesheet, nothing else.
CSP = (
    f"default-src 'none'; style-src '{CSS_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ doc.info.title }} {{ doc.info.version }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{{ css|safe }}</style></head>
<body>
<h1>{{ doc.info.title }} <small>{{ doc.info.version }}</small></h1>
<p>{{ doc.info.description }} Machine-readable: <a href="{{ spec_path }}"><code>{{ spec_path }}</code></a>
(OpenAPI {{ doc.openapi }}).</p>
<p>Authentication: <code>Authorization: Bearer &lt;token&gt;</code>,
from <code>POST /api/v1/auth/token</code>.
Errors are <code>application/problem+json</code> (<a href="#schema-Problem">Problem</a>).</p>
<nav><h2>Operations</h2><ul>
{% for tag, ops in groups %}<li><a href="#tag-{{ tag }}">{{ tag }}</a>: {{ ops|length }}</li>{% endfor %}
<li><a href="#schemas">Schemas</a></li></ul></nav>
{% for tag, ops in groups %}
<h2 id="tag-{{ tag }}">{{ tag }}</h2>
{% for op in ops %}
<details class="op" id="{{ op.id }}"><summary><span class="m {{ op.method }}">{{ op.method|upper }}</span>
<code>{{ op.path }}</code> — {{ op.summary }} <span class="auth">({{ op.auth }})</span></summary>
{% if op.description %}<p>{{ op.description }}</p>{% endif %}
{% if op.parameters %}<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>type</th>
<th>description</th></tr>{% for p in op.parameters %}<tr><td><code>{{ p.name }}</code></td><td>{{ p.in }}</td>
<td>{{ "yes" if p.required else "no" }}</td><td>{{ p.type|safe }}</td><td>{{ p.description }}</td></tr>
{% endfor %}</table>{% endif %}
{% if op.body %}<h4>Request body</h4>
<p><code>{{ op.body.media }}</code>: {{ op.body.type|safe }}</p>{% endif %}
<h4>Responses</h4><table><tr><th>status</th><th>description</th><th>content</th></tr>
{% for r in op.responses %}<tr><td>{{ r.status }}</td><td>{{ r.description }}</td><td>
{% for media, type in r.content %}<code>{{ media }}</code>: {{ type|safe }}<br>{% endfor %}</td></tr>
{% endfor %}
</table></details>
{% endfor %}{% endfor %}
<h2 id="schemas">Schemas</h2>
{% for s in schemas %}
<section id="schema-{{ s.name }}"><h3>{{ s.name }}</h3>
{% if s.description %}<p>{{ s.description }}</p>{% endif %}
{% if s.properties %}<table><tr><th>field</th><th>type</th><th>required</th><th>description</th></tr>
{% for p in s.properties %}<tr><td><code>{{ p.name }}</code></td><td>{{ p.type|safe }}</td>
<td>{{ "yes" if p.required else "no" }}</td><td>{{ p.description }}</td></tr>{% endfor %}</table>
{% elif s.enum %}<p>One of: {% for v in s.enum %}<code>{{ v }}</code> {% endfor %}</p>{% endif %}
{% for example in s.examples %}<h4>Example</h4><pre>{{ example }}</pre>{% endfor %}
</section>
{% endfor %}
</body></html>
"""

_env = Environment(autoescape=True)
_template = _env.from_string(TEMPLATE)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def type_html(schema: Any) -> str:
    """A short, linked description of a JSON schema (already HTML-escaped)."""
    if not isinstance(schema, dict):
        return "any"
    if "$ref" in schema:
        name = _escape(str(schema["$ref"]).rsplit("/", 1)[-1])
        return f'<a href="#schema-{name}">{name}</a>'
    if "anyOf" in schema or "oneOf" in schema:
        options: list[Any] = schema.get("anyOf") or schema.get("oneOf") or []
        return " | ".join(type_html(s) for s in options)
    if "const" in schema:
        return f"<code>{_escape(json.dumps(schema['const']))}</code>"
    if "enum" in schema:
        return " | ".join(f"<code>{_escape(json.dumps(v))}</code>" for v in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {type_html(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"object of {type_html(schema['additionalProperties'])}"
    text = _escape(str(kind))
    details = [
        f"{key} {_escape(json.dumps(schema[key]))}"
        for key in ("format", "pattern", "minLength", "maxLength", "minimum", "maximum", "default")
        if key in schema
    ]
    return text + (f" <small>({'; '.join(details)})</small>" if details else "")


def _operations(doc: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            security = op.get("security", [])
            auth = op.get("x-auth", "bearer token" if security else "public")
            entry = {
                "id": op["operationId"],
                "method": method,
                "path": path,
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "auth": auth,
                "parameters": [{**p, "type": type_html(p.get("schema"))} for p in op.get("parameters", [])],
                "body": None,
                "responses": [
                    {
                        "status": status,
                        "description": r.get("description", ""),
                        "content": [(m, type_html(c.get("schema"))) for m, c in r.get("content", {}).items()],
                    }
                    for status, r in op["responses"].items()
                ],
            }
            for media, content in op.get("requestBody", {}).get("content", {}).items():
                entry["body"] = {"media": media, "type": type_html(content.get("schema"))}
            groups.setdefault((op.get("tags") or ["other"])[0], []).append(entry)
    return sorted(groups.items())


def _schemas(doc: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for name, schema in sorted(doc["components"]["schemas"].items()):
        required = set(schema.get("required", []))
        found.append(
            {
                "name": name,
                "description": schema.get("description", ""),
                "enum": schema.get("enum"),
                "properties": [
                    {
                        "name": prop_name,
                        "type": type_html(prop),
                        "required": prop_name in required,
                        "description": prop.get("description", ""),
                    }
                    for prop_name, prop in schema.get("properties", {}).items()
                ],
                "examples": [json.dumps(e, indent=2, ensure_ascii=False) for e in schema.get("examples", [])],
            }
        )
    return found


def render(doc: dict[str, Any], spec_path: str) -> str:
    """The HTML page for the OpenAPI document ``doc``."""
    return _template.render(
        doc=doc, css=CSS, spec_path=spec_path, groups=_operations(doc), schemas=_schemas(doc)
    )
