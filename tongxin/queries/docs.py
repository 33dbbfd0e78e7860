"""Generate docs/queries.md from the catalogue: `python -m tongxin.queries.docs > docs/queries.md`."""

from __future__ import annotations

from tongxin.queries.registry import Registry, load_registry


def render(registry: Registry | None = None) -> str:
    reg = registry or load_registry()
    lines = [
        "# The query catalogue",
        "",
        "Generated from `tongxin/queries/catalogue/*.yaml` by `python -m tongxin.queries.docs` — do not edit.",
        "Run any of these with `tongxin query NAME -p k=v` or `GET /queries/NAME?k=v`. A `place` parameter",
        "takes a name (十堰市), a code (4203) or a node id (place:4203); a `program` parameter a program's name in",
        "simplified or traditional characters (万企兴万村 or 萬企興萬村: tongxin.textnorm.program_name).",
        "",
    ]
    groups: dict[str, list] = {}  # type: ignore[type-arg]
    for q in reg:
        groups.setdefault(q.group, []).append(q)
    for group in sorted(groups):
        lines += [f"## {group}", ""]
        for q in groups[group]:
            lines += [f"### `{q.name}` — {q.title}", "", q.description, ""]
            if q.params:
                lines += ["| parameter | type | default | limits | meaning |", "|---|---|---|---|---|"]
                for p in q.params.values():
                    limits = []
                    if p.minimum is not None or p.maximum is not None:
                        limits.append(f"{p.minimum if p.minimum is not None else ''}…"
                                      f"{p.maximum if p.maximum is not None else ''}")
                    if p.values or p.mapping:
                        limits.append(" / ".join(p.values or tuple(p.mapping)))
                    default = "required" if p.required else ("" if p.default is None else f"`{p.default}`")
                    lines.append(f"| `{p.name}` | {p.type} | {default} | {'; '.join(limits)} | {p.doc} |")
                lines.append("")
            lines += [f"Columns: {', '.join(f'`{c}`' for c in q.columns)}.", ""]
            if q.variants:
                lines += [f"Engine-specific text for: {', '.join(sorted(q.variants))}.", ""]
            lines += ["```cypher", q.cypher, "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
