// DataFrame: an immutable, analyzed logical plan plus the session it belongs to. Methods return new DataFrames.

import {
  buildAlias,
  buildDrop,
  buildFilter,
  buildLimit,
  buildProject,
  buildUnion,
  buildWithColumnRenamed,
  buildWithColumns,
} from '../analyzer/plan-builder.js'
import { resolveColumnName } from '../analyzer/resolve-expr.js'
import { type RecordBatch, type Row, rowsOf, showString } from '../arrow/index.js'
import { AnalysisException } from '../common/errors.js'
import { type LogicalPlan, schemaOf } from '../logical/plan.js'
import { treeString } from '../logical/plan-spec.js'
import { executeBatch } from '../physical/execute-batch.js'
import { simpleString } from '../types/data-types.js'
import { type StructType, schemaTreeString } from '../types/struct-type.js'
import { Column, columnArg } from './column.js'
import { DataStreamWriter } from './data-stream-writer.js'
import type { SparkSession } from './session.js'

export class DataFrame {
  constructor(
    readonly sparkSession: SparkSession,
    /** The analyzed logical plan. */
    readonly plan: LogicalPlan,
  ) {
    Object.freeze(this)
  }

  /** True when the plan reads a streaming source (PySpark's `isStreaming` property). */
  get isStreaming(): boolean {
    return this.plan.isStreaming
  }

  get schema(): StructType {
    return schemaOf(this.plan.output)
  }

  get columns(): string[] {
    return this.plan.output.map((a) => a.name)
  }

  /** `[name, simpleString type]` pairs, e.g. `['value', 'string']`. */
  get dtypes(): [string, string][] {
    return this.plan.output.map((a) => [a.name, simpleString(a.dataType)])
  }

  /** Prints the schema tree (`root` / ` |-- value: string (nullable = true)`). */
  printSchema(): void {
    process.stdout.write(`${schemaTreeString(this.schema)}\n`)
  }

  /** The column of this DataFrame named `name` (bound to this plan, unambiguous in self-joins). */
  col(name: string): Column {
    return new Column(resolveColumnName(name, this.plan.output))
  }

  select(...cols: (Column | string)[]): DataFrame {
    return this.with(buildProject(this.plan, cols.flat().map(columnArg)))
  }

  /** Rows where `condition` is true. */
  filter(condition: Column): DataFrame {
    return this.with(buildFilter(this.plan, condition.expr))
  }

  where(condition: Column): DataFrame {
    return this.filter(condition)
  }

  withColumn(name: string, column: Column): DataFrame {
    return this.with(buildWithColumns(this.plan, [[name, column.expr]]))
  }

  withColumns(columns: Readonly<Record<string, Column>> | ReadonlyMap<string, Column>): DataFrame {
    const entries = columns instanceof Map ? [...columns.entries()] : Object.entries(columns)
    return this.with(
      buildWithColumns(
        this.plan,
        entries.map(([name, c]) => [name, c.expr] as const),
      ),
    )
  }

  withColumnRenamed(existing: string, renamed: string): DataFrame {
    return this.with(buildWithColumnRenamed(this.plan, existing, renamed))
  }

  drop(...cols: (Column | string)[]): DataFrame {
    return this.with(buildDrop(this.plan, cols.map(columnArg)))
  }

  /** Qualifies the columns with `alias` (for `col('t.x')` and self-joins). */
  alias(alias: string): DataFrame {
    return this.with(buildAlias(this.plan, alias))
  }

  limit(n: number): DataFrame {
    return this.with(buildLimit(this.plan, n))
  }

  /** Union by column position (Spark's `union` / `unionAll`). */
  union(other: DataFrame): DataFrame {
    return this.with(buildUnion(this.plan, other.plan, false))
  }

  unionAll(other: DataFrame): DataFrame {
    return this.union(other)
  }

  /** Union by column name; with `allowMissingColumns`, absent columns are filled with nulls. */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    return this.with(buildUnion(this.plan, other.plan, true, allowMissingColumns))
  }

  /** All rows (batch DataFrames only). */
  collect(): Row[] {
    return rowsOf(this.execute(), this.schema)
  }

  /** The rows as one Arrow record batch (batch DataFrames only). */
  toArrow(): RecordBatch {
    return this.execute()
  }

  count(): number {
    return this.execute().numRows
  }

  take(n: number): Row[] {
    return this.limit(n).collect()
  }

  head(n = 1): Row[] {
    return this.take(n)
  }

  first(): Row | undefined {
    return this.take(1)[0]
  }

  /** Prints the first `n` rows as Spark's table; `truncate` is true (20 chars), false, or a width. */
  show(n = 20, truncate: boolean | number = true): void {
    const batch = this.limit(n + 1).execute()
    const width = truncate === true ? 20 : truncate === false ? 0 : truncate
    process.stdout.write(
      `${showString(batch, this.schema, { numRows: n, truncate: width, zone: this.sparkSession.timeZone })}\n`,
    )
  }

  /** Prints the logical plan (and, with `extended`, its stages). */
  explain(extended = false): void {
    process.stdout.write(`${this.explainString(extended)}\n`)
  }

  explainString(extended = false): string {
    const tree = treeString(this.plan)
    return extended ? `== Analyzed Logical Plan ==\n${tree}\n` : `== Logical Plan ==\n${tree}\n`
  }

  /** The writer for starting a streaming query over this DataFrame. */
  get writeStream(): DataStreamWriter {
    if (!this.isStreaming) {
      throw new AnalysisException('`writeStream` can be called only on streaming Dataset/DataFrame.', {
        errorClass: 'WRITE_STREAM_NOT_ALLOWED',
      })
    }
    return new DataStreamWriter(this)
  }

  toString(): string {
    return `DataFrame[${this.dtypes.map(([n, t]) => `${n}: ${t}`).join(', ')}]`
  }

  /** The same session over another plan. */
  protected with(plan: LogicalPlan): DataFrame {
    return new DataFrame(this.sparkSession, plan)
  }

  private execute(): RecordBatch {
    if (this.isStreaming) {
      throw new AnalysisException(
        `Queries with streaming sources must be executed with writeStream.start();\n${treeString(this.plan)}`,
        {
          errorClass: '_LEGACY_ERROR_TEMP_3102',
        },
      )
    }
    return executeBatch(this.plan, { zone: this.sparkSession.timeZone, nowMs: Date.now() })
  }
}
