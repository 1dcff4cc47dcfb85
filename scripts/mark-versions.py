#!/usr/bin/env python3
"""Adds version marks to openapi/*.yaml by inserting lines only.

Reads the lines `gen since` prints (kind, operationId, field, min, max, have,
source) on standard input and, for each mark the spec does not carry yet,
inserts `x-vault-min-version: "X.Y"` (and/or max) under the operation (after
its operationId line) or under the request property. Files are never
re-serialized: other edits, comments and layout stay as they are. Marks it
cannot place (a property written in flow style, a schema it cannot find) are
printed for a hand edit.

  go run ./cmd/gen since -live ... | scripts/mark-versions.py
"""
import os
import sys
import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def unescape(tok):
    return tok.replace("~1", "/").replace("~0", "~")


def child(node, key):
    if not isinstance(node, yaml.MappingNode):
        return None, None
    for k, v in node.value:
        if k.value == key:
            return k, v
    return None, None


docs = {}


def load(path):
    if path not in docs:
        with open(path) as f:
            text = f.read()
        docs[path] = (text.split("\n"), yaml.compose(text))
    return docs[path]


def resolve(path, node):
    """Follows a $ref of node (local or to another file) to (path, node)."""
    for _ in range(5):
        _, ref = child(node, "$ref")
        if ref is None:
            return path, node
        target, _, frag = ref.value.partition("#")
        if target:
            path = os.path.normpath(os.path.join(os.path.dirname(path), target))
        node = load(path)[1]
        for tok in frag.strip("/").split("/"):
            _, node = child(node, unescape(tok))
            if node is None:
                return path, None
    return path, node


def find_property(path, schema, name, depth=0):
    path, schema = resolve(path, schema)
    if schema is None or depth > 4:
        return None
    _, props = child(schema, "properties")
    if props is not None:
        k, v = child(props, name)
        if k is not None:
            return path, k, v
    _, parts = child(schema, "allOf")
    if isinstance(parts, yaml.SequenceNode):
        for part in parts.value:
            got = find_property(path, part, name, depth + 1)
            if got:
                return got
    return None


inserts = {}  # path -> list of (line index to insert before, text)
manual = []


def add(path, at, text):
    inserts.setdefault(path, []).append((at, text))


def ext_lines(indent, mn, mx, have_min):
    out = []
    if mn != "-" and have_min == "-":
        out.append(" " * indent + 'x-vault-min-version: "%s"' % mn)
    if mx != "-":
        out.append(" " * indent + 'x-vault-max-version: "%s"' % mx)
    return out


for line in sys.stdin:
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 7 or parts[0] not in ("op", "field"):
        continue
    kind, op_id, field, mn, mx, have, source = parts
    if kind == "op" and have != "-" and mx == "-":
        continue
    if kind == "field" and have != "-":
        continue
    file, _, ptr = source.partition("#")
    path = os.path.normpath(os.path.join(ROOT, file))
    lines, root = load(path)
    node = root
    for tok in ptr.strip("/").split("/"):
        _, node = child(node, unescape(tok))
    if node is None:
        manual.append("%s %s: operation not found at %s" % (op_id, field, source))
        continue
    if kind == "op":
        if op_id and child(node, "x-vault-max-version")[0] is not None and mx != "-":
            continue
        k, _ = child(node, "operationId")
        if k is None:
            manual.append("%s: no operationId line" % op_id)
            continue
        text = ext_lines(k.start_mark.column, mn if have == "-" else "-", mx, have)
        if text:
            add(path, k.start_mark.line + 1, text)
        continue
    _, body = child(node, "requestBody")
    _, content = child(body, "content") if body is not None else (None, None)
    schema = None
    if content is not None:
        for _, media in content.value:
            _, schema = child(media, "schema")
            break
    if schema is None:
        manual.append("%s.%s: no request schema" % (op_id, field))
        continue
    got = find_property(path, schema, field)
    if not got:
        manual.append("%s.%s: property not found" % (op_id, field))
        continue
    ppath, k, v = got
    if not isinstance(v, yaml.MappingNode) or v.flow_style or not v.value:
        manual.append("%s.%s: %s line %d is not a block mapping" % (op_id, field, ppath, k.start_mark.line + 1))
        continue
    if child(v, "x-vault-min-version")[0] is not None:
        continue
    first = v.value[0][0]
    add(ppath, k.start_mark.line + 1, ext_lines(first.start_mark.column, mn, "-", "-"))

for path, items in inserts.items():
    lines = load(path)[0]
    seen = set()
    for at, text in sorted(items, key=lambda x: -x[0]):
        if at in seen:
            continue  # a component property shared by several operations
        seen.add(at)
        lines[at:at] = text
    with open(path, "w") as f:
        f.write("\n".join(lines))
    print("marked %d places in %s" % (len(seen), os.path.relpath(path, ROOT)))
for m in manual:
    print("by hand: " + m)
