#!/usr/bin/env python3
"""Checks that the crate's imports run one way, down its layers.

usage: scripts/layers.py [SRC]   (default: src next to this script)

The layers, lowest first (as `src/lib.rs` states them):

    error < model < json < envelope < stream < columnar

A file may use its own layer and the layers below it. Every path that names
another module counts: `use crate::...` and `use super::...` (with their
`{...}` groups), and `crate::`, `$crate::` and `super::` paths written
inline. The crate root (`lib.rs`) wires the layers together and the command
line (`src/bin/`) is a user of the public API; neither is checked. A name
re-exported at the crate root (`crate::Error`) belongs to the layer that
defines it.

Two files of one layer that import each other are refused too.

Prints each import against the order as `file:line: layer -> higher layer
(path)`, each such pair of files, and exits 1 if there is any. Python 3
standard library only.
"""

import os
import re
import sys

LAYERS = ["error", "model", "json", "envelope", "stream", "columnar"]
RANK = {name: rank for rank, name in enumerate(LAYERS)}


def module_of(rel):
    """`json/de.rs` -> ('json', 'de'); `json/mod.rs` -> ('json',)."""
    parts = rel[:-3].split("/")
    if parts[-1] in ("mod", "lib"):
        parts = parts[:-1]
    return tuple(parts)


def strip_comments(text):
    """The text with comments and string contents blanked, lines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        elif text[i] == '"' and not re.match(r"[\w']", text[i - 1 : i] or " "):
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('"' + re.sub(r"[^\n]", " ", text[i + 1 : j]) + '"')
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def split_top(body):
    items, depth, current = [], 0, ""
    for ch in body:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def expand(path):
    """'a::{b::C, d}' -> ['a::b::C', 'a::d']"""
    if "{" not in path:
        return [path]
    head, rest = path.split("{", 1)
    inner = rest[: rest.rfind("}")]
    return [p for item in split_top(inner) for p in expand(head + item)]


def root_names(lib_text):
    """Names re-exported by `pub use` at the crate root -> their layer."""
    names = {}
    for statement in re.findall(r"pub\s+use\s+([^;]+);", lib_text):
        for path in expand(re.sub(r"\s+", "", statement)):
            segments = path.split("::")
            name = segments[-1].split(" as ")[-1]
            names[name] = segments[0]
    return names


def imports(text):
    """(line, path) of every path naming a module of the crate."""
    found = []
    for match in re.finditer(r"\buse\s+((?:crate|super|\$crate)::[^;]+);", text):
        line = text.count("\n", 0, match.start()) + 1
        for path in expand(re.sub(r"\s+", "", match.group(1))):
            found.append((line, path))
    for match in re.finditer(r"(?<![\w:])((?:\$crate|crate|super)(?:::\w+)+)", text):
        if not re.search(r"\buse\s+[^;]*$", text[: match.start()].rsplit(";", 1)[-1]):
            found.append((text.count("\n", 0, match.start()) + 1, match.group(1)))
    return found


def target(rel, path, roots):
    """The module path (tuple) an import names, from file `rel`."""
    segments = [s for s in path.split("::") if s]
    here = module_of(rel)
    if segments[0] in ("crate", "$crate"):
        base, segments = (), segments[1:]
    else:
        # `super` in `a/b.rs` (module a::b) is `a`; in `a/mod.rs` it is the root.
        base = here[:-1]
        segments = segments[1:]
        while segments and segments[0] == "super":
            base, segments = base[:-1], segments[1:]
    if not segments:
        return base
    if not base and segments[0] in roots:
        return (roots[segments[0]],) + tuple(segments[1:])
    return base + tuple(segments)


def check(src):
    files = {}
    for folder, _, names in os.walk(src):
        rel_folder = os.path.relpath(folder, src)
        if rel_folder.split(os.sep)[0] == "bin":
            continue
        for name in names:
            if name.endswith(".rs"):
                rel = os.path.relpath(os.path.join(folder, name), src).replace(os.sep, "/")
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    files[rel] = strip_comments(f.read())
    roots = root_names(files.get("lib.rs", ""))
    modules = {module_of(rel): rel for rel in files}
    problems, edges = [], {}
    for rel, text in sorted(files.items()):
        here = module_of(rel)
        if not here:
            continue
        for line, path in imports(text):
            there = target(rel, path, roots)
            if not there or there[0] not in RANK:
                continue
            if here[0] not in RANK:
                problems.append(f"{src}/{rel}:{line}: `{here[0]}` is not a layer of {LAYERS}")
                continue
            if RANK[there[0]] > RANK[here[0]]:
                problems.append(
                    f"{src}/{rel}:{line}: {here[0]} -> {there[0]} ({path}): "
                    f"{there[0]} is above {here[0]}"
                )
            for k in range(len(there), 0, -1):
                if there[:k] in modules:
                    other = modules[there[:k]]
                    if other != rel:
                        edges.setdefault((rel, other), line)
                    break
    for (a, b), line in sorted(edges.items()):
        if a < b and (b, a) in edges:
            problems.append(
                f"{src}/{a}:{line} and {src}/{b}:{edges[(b, a)]}: import each other"
            )
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.relpath(os.path.join(here, "..", "src"))
    problems = check(src)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} import(s) against the layers {' < '.join(LAYERS)}")
        return 1
    print(f"imports follow the layers {' < '.join(LAYERS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
