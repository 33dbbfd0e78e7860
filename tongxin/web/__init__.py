"""The web front served at `/`: search, entity pages with their evidence, coverage by area with drill-down and a
CSV of the uncovered villages, and linkage between two entities. Server-rendered HTML (Jinja2, autoescaped),
one stylesheet shipped in the package, no script and nothing fetched from another host: it works offline."""

from tongxin.web.routes import install

__all__ = ["install"]
