"""Network views and exports: self-contained HTML pages (pyvis / vis-network, inlined), a coverage
overview table, and GraphML / GEXF / JSON / neo4j-admin CSV exports. See docs/views.md."""

from tongxin.viz.coverage_page import render_coverage_overview
from tongxin.viz.export import FORMATS, export_graph, read_export
from tongxin.viz.render import VIEW_KINDS, network_data, render_html

__all__ = [
    "FORMATS",
    "VIEW_KINDS",
    "export_graph",
    "network_data",
    "read_export",
    "render_coverage_overview",
    "render_html",
]
