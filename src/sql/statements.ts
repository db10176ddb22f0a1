// SQL statements as plans: a query's plan, or a command's result rows (SHOW TABLES, DESCRIBE, EXPLAIN, CREATE VIEW).
import type * as ast from '../../grammar/index.js'
import { quoteNameParts } from '../analyzer/identifiers.js'
import { batchFromRows } from '../arrow/index.js'
import { AnalysisException } from '../common/errors.js'
import type { Attribute } from '../expr/expression.js'
import { attributesFor, type LogicalPlan, localRelation } from '../logical/plan.js'
import { BOOLEAN, STRING, simpleString } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import type { BindContext } from './bind-context.js'
import { explainString } from './explain.js'
import { bindQuery } from './queries.js'
import { renameColumns, tableRelation } from './relations.js'
import { atLoc, parseErrorAt } from './source-locations.js'

type StatementKind = ast.Statement['kind']
type NodeOf<K extends StatementKind> = Extract<ast.Statement, { kind: K }>

/** A command's result: a LocalRelation of `rows` under `schema`. */
function rowsRelation(schema: StructType, rows: readonly (readonly unknown[])[]): LogicalPlan {
  return localRelation(attributesFor(schema), [batchFromRows(schema, rows)])
}

const showTablesSchema = StructType([
  StructField('namespace', STRING, false),
  StructField('tableName', STRING, false),
  StructField('isTemporary', BOOLEAN, false),
])

const describeSchema = StructType([
  StructField('col_name', STRING, false),
  StructField('data_type', STRING, false),
  StructField('comment', STRING, true),
])

const explainSchema = StructType([StructField('plan', STRING, true)])

/** Spark's SHOW TABLES LIKE pattern: `|`-separated alternatives, `*` any characters, case-insensitive. */
function likePattern(pattern: string): RegExp {
  const alternatives = pattern.split('|').map((p) =>
    p
      .trim()
      .replace(/[.+?^${}()[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*'),
  )
  return new RegExp(`^(?:${alternatives.join('|')})$`, 'i')
}

const isDefaultNamespace = (parts: readonly string[]) =>
  parts.map((p) => p.toLowerCase()).join('.') === 'default' ||
  parts.map((p) => p.toLowerCase()).join('.') === 'spark_catalog.default'

function showTables(node: ast.ShowTables, ctx: BindContext): LogicalPlan {
  if (node.namespace && !isDefaultNamespace(node.namespace)) {
    throw new AnalysisException(
      `The schema ${quoteNameParts(node.namespace)} cannot be found. Verify the spelling and correctness of the schema and catalog.`,
      { errorClass: 'SCHEMA_NOT_FOUND' },
    )
  }
  const pattern = node.pattern === undefined ? undefined : likePattern(node.pattern)
  const rows = ctx.session.catalog
    .listTables()
    .filter((t) => !pattern || pattern.test(t.name))
    .map((t) => ['', t.name, t.isTemporary])
  return rowsRelation(showTablesSchema, rows)
}

function describeColumns(output: readonly Attribute[]): LogicalPlan {
  const comment = (a: Attribute) => (typeof a.metadata.comment === 'string' ? a.metadata.comment : null)
  return rowsRelation(
    describeSchema,
    output.map((a) => [a.name, simpleString(a.dataType), comment(a)]),
  )
}

function createView(node: ast.CreateView, ctx: BindContext): LogicalPlan {
  const name = node.name.join('.')
  if (node.orReplace && node.ifNotExists) {
    throw parseErrorAt(ctx.text, node.loc, 'CREATE VIEW with both IF NOT EXISTS and REPLACE is not allowed.')
  }
  if (!node.temporary) throw new AnalysisException('Persistent views are not supported yet; use CREATE TEMPORARY VIEW.')
  if (node.global) throw new AnalysisException('Global temporary views are not supported yet.')
  if (node.name.length > 1) {
    throw new AnalysisException(
      `CREATE TEMPORARY VIEW or the corresponding Dataset APIs only accept single-part view names, but got: ${quoteNameParts(node.name)}.`,
      { errorClass: 'TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS' },
    )
  }
  const plan = renameColumns(bindQuery(node.query, ctx), node.columns)
  const skip = node.ifNotExists && ctx.session.catalog.tableExists(name)
  if (!ctx.dryRun && !skip) ctx.session.catalog.register(name, () => plan, node.orReplace)
  return rowsRelation(StructType([]), [])
}

function explain(node: ast.Explain, ctx: BindContext): LogicalPlan {
  if (node.mode !== 'simple' && node.mode !== 'extended') {
    throw new AnalysisException(`EXPLAIN ${node.mode.toUpperCase()} is not supported yet.`)
  }
  const mode = node.mode
  const statement = node.statement
  if (statement.kind !== 'Query') {
    throw new AnalysisException(`EXPLAIN is supported for queries only, not for ${statement.kind}.`).at(statement.loc)
  }
  const plan = bindQuery(statement, { ...ctx, dryRun: true })
  return rowsRelation(explainSchema, [[explainString(plan, mode, ctx.session)]])
}

const handlers: { [K in StatementKind]: (node: NodeOf<K>, ctx: BindContext) => LogicalPlan } = {
  Query: bindQuery,
  ShowTables: showTables,
  DescribeTable: (node, ctx) => describeColumns(tableRelation(node.name, ctx).output),
  DescribeQuery: (node, ctx) => describeColumns(bindQuery(node.query, ctx).output),
  CreateView: createView,
  Explain: explain,
}

/** A statement as the plan `spark.sql` returns a DataFrame over; commands take effect here (unless explained). */
export function bindStatement(node: ast.Statement, ctx: BindContext): LogicalPlan {
  return atLoc(node.loc, () => handlers[node.kind](node as never, ctx))
}
