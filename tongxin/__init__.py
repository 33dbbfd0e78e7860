"""tongxin (同心图谱): a knowledge graph of local United Front work — organisations, people,
programs and places — with coverage and linkage queries over FalkorDB (embedded) or Neo4j."""

__version__ = "0.1.0"
