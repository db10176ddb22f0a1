// What binding a SQL text needs to know: the session's catalog and time zone, the text, CTEs in scope, spans.
import type * as ast from '../../grammar/index.js'
import type { RecordBatch } from '../arrow/index.js'
import type { Expr } from '../expr/expression.js'
import type { LogicalPlan } from '../logical/plan.js'
import type { SqlConf } from './config-statements.js'
import { SourceLocations } from './source-locations.js'

/** The catalog of temporary views, as the session's `Catalog` provides it. */
export interface SqlCatalog {
  lookup(name: string): LogicalPlan
  register(name: string, source: () => LogicalPlan, replace?: boolean): void
  tableExists(name: string): boolean
  listTables(): readonly { readonly name: string; readonly isTemporary: boolean }[]
}

/** The parts of a SparkSession the binder uses. */
export interface SqlSession {
  readonly catalog: SqlCatalog
  /** `spark.sql.session.timeZone`: typed TIMESTAMP literals without a zone are read in it. */
  readonly timeZone: string
  /** Runs a static plan now (constant subqueries, LIMIT counts, VALUES): its rows as one batch. */
  execute(plan: LogicalPlan): RecordBatch
  /** The physical plan text EXPLAIN prints for an optimized plan. */
  physicalPlanText(optimized: LogicalPlan): string
  /** The session's settings, which SET and RESET read and change. */
  readonly conf: SqlConf
}

export interface BindContext {
  readonly session: SqlSession
  /** The whole SQL text being bound (for ParseException excerpts). */
  readonly text: string
  readonly locs: SourceLocations
  /** Common table expressions in scope, by lower-cased name; they shadow views. */
  readonly ctes: ReadonlyMap<string, LogicalPlan>
  /** True while binding the statement of an EXPLAIN: commands must not take effect. */
  readonly dryRun: boolean
  /** The enclosing SELECT's WINDOW clause, by lower-cased name. */
  readonly windows?: ReadonlyMap<string, ast.WindowDefinition>
  /** The values of the SELECT list's scalar subqueries (sql/correlated-scalar.ts), by node. */
  readonly scalarSubqueries?: ReadonlyMap<ast.ScalarSubquery, Expr>
  /** Columns joined in for correlated scalar subqueries, which `*` does not show. */
  readonly hiddenColumns?: ReadonlySet<number>
}

export function bindContext(session: SqlSession, text: string): BindContext {
  return { session, text, locs: new SourceLocations(), ctes: new Map(), dryRun: false }
}

/** The context with one more CTE in scope. */
export function withCte(ctx: BindContext, name: string, plan: LogicalPlan): BindContext {
  return { ...ctx, ctes: new Map([...ctx.ctes, [name.toLowerCase(), plan]]) }
}
