// The session catalog: temporary views by name (DataFrames registered with createOrReplaceTempView, memory-sink
// tables) — what spark.table() and SQL FROM clauses resolve.
import { AnalysisException } from '../common/errors.js'
import type { LogicalPlan } from '../logical/plan.js'

/** A view's plan, produced on each lookup so memory-sink tables show their current rows. */
export type ViewSource = () => LogicalPlan

export interface TableInfo {
  readonly name: string
  readonly catalog: string | null
  readonly namespace: readonly string[] | null
  readonly description: string | null
  readonly tableType: 'TEMPORARY'
  readonly isTemporary: true
}

export class Catalog {
  private readonly views = new Map<string, ViewSource>()

  /** Registers (or replaces) a temporary view. */
  register(name: string, source: ViewSource, replace = true): void {
    const key = name.toLowerCase()
    if (!replace && this.views.has(key)) {
      throw new AnalysisException(`Cannot create the temporary view \`${name}\` because it already exists.`, {
        errorClass: 'TEMP_TABLE_OR_VIEW_ALREADY_EXISTS',
      })
    }
    this.views.set(key, source)
  }

  /** The plan of a view; Spark's TABLE_OR_VIEW_NOT_FOUND when there is none. */
  lookup(name: string): LogicalPlan {
    const source = this.views.get(name.toLowerCase())
    if (!source) {
      throw new AnalysisException(
        `The table or view \`${name}\` cannot be found. Verify the spelling and correctness of the schema and catalog.`,
        { errorClass: 'TABLE_OR_VIEW_NOT_FOUND' },
      )
    }
    return source()
  }

  tableExists(name: string): boolean {
    return this.views.has(name.toLowerCase())
  }

  dropTempView(name: string): boolean {
    return this.views.delete(name.toLowerCase())
  }

  listTables(): TableInfo[] {
    return [...this.views.keys()].sort().map((name) => ({
      name,
      catalog: null,
      namespace: [],
      description: null,
      tableType: 'TEMPORARY',
      isTemporary: true,
    }))
  }
}
