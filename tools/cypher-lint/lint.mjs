#!/usr/bin/env node
// Lint a batch of Cypher queries against Neo4j 5 semantics.
//
// stdin:  {"queries": {"name": "cypher", ...}, "schema": {...optional DbSchema...}}
// stdout: {"name": [{"severity": "error"|"warning", "message": "...", "line": n, "column": n}, ...], ...}
//         line and column are 1-based.
//
// Uses lintCypherQuery from @neo4j-cypher/language-support (Neo4j's parser plus its semantic analysis
// compiled to JS).  Defaults applied to the schema (see tongxin/queries/lint.py for the Python side):
//   * functions / procedures: the Neo4j 5 built-ins (no APOC/GDS) unless the schema brings its own
//     registries ({"CYPHER 5": {name: Neo4jFunction}}); without any registry the library does not check
//     function names at all.
//   * parameters: every $param is accepted unless the schema lists "parameters" (then it is strict).
//   * labels / relationshipTypes: unknown ones are warnings (the library only checks when BOTH are given).
//   * a `CYPHER 25` prefix is reported as an error (the library would switch to Cypher 25 rules).
//   * propertyKeys: this version of the library does not check properties, so unknown property keys that
//     are read from node/relationship variables are reported here as warnings (keys written anywhere in
//     the query are accepted, as newer library versions do).
import { createRequire } from 'node:module';

// The package's ESM build uses extension-less imports that node cannot resolve; load the CJS build.
const require = createRequire(import.meta.url);
const lang = require('@neo4j-cypher/language-support');

const { lintCypherQuery, parserWrapper, testData, CypherParser: P } = lang;
const VERSION = 'CYPHER 5';
const BUILTIN_PROCEDURE = /^(db|dbms|tx|cdc)\./;
const NOT_PRESENT =
  " is not present in the database. Make sure you didn't misspell it or that it is available when you " +
  'run this statement in your application';

function pick(registry, keep) {
  return Object.fromEntries(Object.entries(registry ?? {}).filter(([, v]) => keep(v)));
}

function buildSchema(input) {
  const schema = { ...(input ?? {}) };
  const mock = testData.mockSchema; // captured from a real Neo4j 5 server; shipped by the package
  if (schema.functions === undefined) {
    schema.functions = { [VERSION]: pick(mock.functions[VERSION], (f) => f.isBuiltIn) };
  }
  if (schema.procedures === undefined) {
    schema.procedures = { [VERSION]: pick(mock.procedures[VERSION], (p) => BUILTIN_PROCEDURE.test(p.name)) };
  }
  if (schema.parameters === undefined) {
    // The library errors on any $param whose name is not a key of dbSchema.parameters.
    schema.parameters = new Proxy({}, { get: () => null });
  }
  delete schema.defaultLanguage; // we target Neo4j 5
  return schema;
}

// ---- property keys (not checked by this library version) -------------------------------------------

function ruleChildren(ctx) {
  return (ctx.children ?? []).filter((c) => c.ruleIndex !== undefined);
}

function* walk(ctx) {
  yield ctx;
  for (const child of ruleChildren(ctx)) yield* walk(child);
}

function child(ctx, rule) {
  return ruleChildren(ctx).find((c) => c.ruleIndex === rule);
}

function unquote(text) {
  return text.replace(/^`|`$/g, '');
}

function insideWritingPattern(ctx) {
  for (let p = ctx.parentCtx; p; p = p.parentCtx) {
    if (p.ruleIndex === P.RULE_createClause || p.ruleIndex === P.RULE_mergeClause) return true;
    if (p.ruleIndex === P.RULE_clause) return false;
  }
  return false;
}

function mapKeys(map) {
  return ruleChildren(map).filter((c) => c.ruleIndex === P.RULE_propertyKeyName);
}

function propertyKeyOf(propertyCtx) {
  return child(propertyCtx, P.RULE_propertyKeyName);
}

function entityVariable(expression1, entities) {
  const v = expression1 && child(expression1, P.RULE_variable);
  return v !== undefined && ruleChildren(expression1).length === 1 && entities.has(unquote(v.getText()));
}

function propertyWarnings(statement, knownKeys) {
  const entities = new Set();
  const nodes = [...walk(statement.ctx)];
  for (const ctx of nodes) {
    if (ctx.ruleIndex === P.RULE_nodePattern || ctx.ruleIndex === P.RULE_relationshipPattern) {
      const v = child(ctx, P.RULE_variable);
      if (v) entities.add(unquote(v.getText()));
    }
  }
  const written = new Set();
  const read = [];
  for (const ctx of nodes) {
    switch (ctx.ruleIndex) {
      case P.RULE_nodePattern:
      case P.RULE_relationshipPattern: {
        const map = child(child(ctx, P.RULE_properties) ?? ctx, P.RULE_map);
        if (!map) break;
        const writes = insideWritingPattern(ctx);
        for (const key of mapKeys(map)) (writes ? written.add(unquote(key.getText())) : read.push(key));
        break;
      }
      case P.RULE_setItem: {
        for (const sub of walk(ctx)) {
          if (sub.ruleIndex === P.RULE_propertyExpression) {
            for (const prop of ruleChildren(sub).filter((c) => c.ruleIndex === P.RULE_property)) {
              written.add(unquote(propertyKeyOf(prop).getText()));
            }
          } else if (sub.ruleIndex === P.RULE_map && !child(ctx, P.RULE_propertyExpression)) {
            for (const key of mapKeys(sub)) written.add(unquote(key.getText())); // SET n = {..} / n += {..}
          }
        }
        break;
      }
      case P.RULE_removeItem: {
        const pe = child(ctx, P.RULE_propertyExpression);
        for (const prop of pe ? ruleChildren(pe).filter((c) => c.ruleIndex === P.RULE_property) : []) {
          written.add(unquote(propertyKeyOf(prop).getText()));
        }
        break;
      }
      case P.RULE_expression2:
      case P.RULE_propertyExpression: {
        if (ctx.parentCtx?.ruleIndex === P.RULE_setItem || ctx.parentCtx?.ruleIndex === P.RULE_removeItem) break;
        const [head, first] = ruleChildren(ctx);
        if (!entityVariable(head, entities) || first === undefined) break;
        const prop = first.ruleIndex === P.RULE_property ? first : child(first, P.RULE_property);
        if (prop) read.push(propertyKeyOf(prop));
        break;
      }
      case P.RULE_mapProjection: {
        if (!entities.has(unquote(child(ctx, P.RULE_variable).getText()))) break;
        for (const el of ruleChildren(ctx).filter((c) => c.ruleIndex === P.RULE_mapProjectionElement)) {
          const prop = child(el, P.RULE_property);
          if (prop) read.push(propertyKeyOf(prop));
        }
        break;
      }
      default:
        break;
    }
  }
  return read
    .filter((key) => key && !written.has(unquote(key.getText())) && !knownKeys.has(unquote(key.getText())))
    .map((key) => ({
      severity: 'warning',
      message: `Property key ${unquote(key.getText())}${NOT_PRESENT}`,
      line: key.start.line,
      column: key.start.column + 1,
    }));
}

// ---- driver -----------------------------------------------------------------------------------------

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'warning', 4: 'warning' };

function lintOne(query, schema) {
  const out = lintCypherQuery(query, schema, false).map((d) => ({
    severity: SEVERITY[d.severity] ?? 'error',
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
  }));
  const known = Array.isArray(schema.propertyKeys) ? new Set(schema.propertyKeys) : undefined;
  for (const statement of query.trim().length > 0 ? parserWrapper.parse(query, false).statementsParsing : []) {
    if (statement.command.type !== 'cypher') continue;
    if (statement.cypherVersion !== undefined && statement.cypherVersion !== VERSION) {
      // The library happily analyses `CYPHER 25 ...` with Cypher 25 rules; Neo4j 5 servers reject it.
      const { line, column } = statement.ctx.start;
      const message = `${statement.cypherVersion} is not available on Neo4j 5; use CYPHER 5 or no version prefix`;
      out.push({ severity: 'error', message, line, column: column + 1 });
    }
    if (known) out.push(...propertyWarnings(statement, known));
  }
  const seen = new Set();
  return out
    .filter((d) => {
      const key = `${d.severity}|${d.line}|${d.column}|${d.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message));
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const input = JSON.parse(await readStdin());
const schema = buildSchema(input.schema);
const result = {};
for (const [name, query] of Object.entries(input.queries ?? {})) {
  try {
    result[name] = lintOne(String(query), schema);
  } catch (e) {
    result[name] = [{ severity: 'error', message: `cypher-lint internal failure: ${e}`, line: 1, column: 1 }];
  }
}
process.stdout.write(JSON.stringify(result));
