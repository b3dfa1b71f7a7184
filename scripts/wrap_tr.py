"""Route the Vietnamese strings of ui/*.py through tr(): plain literals become tr("…"),
f-strings become tr("… {0} …").format(expr). Docstrings, comments and ASCII-only strings are left
alone. Run once per file; it is idempotent (tr() calls are skipped).

    uv run python scripts/wrap_tr.py ui/*.py ui/*/*.py
"""

import ast
import sys
from pathlib import Path


def has_vietnamese(s: str) -> bool:
    return any(ord(c) > 127 for c in s)


def is_docstring(node, parents) -> bool:
    p = parents.get(node)
    if isinstance(p, ast.Expr):
        gp = parents.get(p)
        return isinstance(gp, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and gp.body[0] is p
    return False


def inside_tr(node, parents) -> bool:
    p = parents.get(node)
    while p is not None:
        if isinstance(p, ast.Call) and getattr(p.func, "id", None) == "tr":
            return True
        if isinstance(p, ast.Call) and getattr(p.func, "attr", None) in ("tr", "translate"):
            return True
        p = parents.get(p)
    return False


def rewrite(path: Path) -> int:
    src = path.read_text(encoding="utf-8")
    tree = ast.parse(src)
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    lines = src.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode("utf-8")))
    raw = src.encode("utf-8")
    edits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and parents.get(node).__class__ is ast.FormattedValue:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if isinstance(parents.get(node), ast.JoinedStr):
                continue
            if not has_vietnamese(node.value) or is_docstring(node, parents) or inside_tr(node, parents):
                continue
            new = f"tr({node.value!r})"
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if not has_vietnamese(text) or inside_tr(node, parents):
                continue
            template, args = [], []
            for v in node.values:
                if isinstance(v, ast.Constant):
                    template.append(v.value.replace("{", "{{").replace("}", "}}"))
                else:
                    expr = ast.get_source_segment(src, v.value)
                    conv = {115: "!s", 114: "!r", 97: "!a"}.get(v.conversion, "")
                    spec = ""
                    if v.format_spec is not None:
                        spec = ":" + "".join(
                            c.value if isinstance(c, ast.Constant) else "{" + ast.get_source_segment(src, c.value) + "}"
                            for c in v.format_spec.values)
                    template.append("{" + str(len(args)) + conv + spec + "}")
                    args.append(expr)
            new = f"tr({''.join(template)!r}).format({', '.join(args)})"
        else:
            continue
        start = offsets[node.lineno - 1] + node.col_offset
        end = offsets[node.end_lineno - 1] + node.end_col_offset
        edits.append((start, end, new.encode("utf-8")))
    # innermost-last: drop edits contained in another edit
    edits.sort()
    kept = []
    for e in edits:
        if kept and e[0] < kept[-1][1]:
            continue
        kept.append(e)
    for start, end, new in reversed(kept):
        raw = raw[:start] + new + raw[end:]
    out = raw.decode("utf-8")
    if kept and "from .i18n import tr" not in out and path.name != "i18n.py":
        out = out.replace("\nfrom .", "\nfrom .i18n import tr\nfrom .", 1) if "\nfrom ." in out else out.replace(
            "\nfrom PySide6", "\nfrom ui.i18n import tr\nfrom PySide6", 1)
    ast.parse(out)
    path.write_text(out, encoding="utf-8")
    return len(kept)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(name, rewrite(Path(name)))
