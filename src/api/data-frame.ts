// DataFrame: an immutable, analyzed logical plan plus the session it belongs to. Methods return new DataFrames.

import { buildDeduplicate, buildSort, buildWatermark } from '../analyzer/aggregate-builder.js'
import { resolutionInput } from '../analyzer/hidden-columns.js'
import { allOf, buildJoin, type JoinCriteria, parseJoinType } from '../analyzer/join-builder.js'
import { joinStrategyOfHint } from '../analyzer/join-hints.js'
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
import { buildSetOperation } from '../analyzer/set-operations.js'
import { type RecordBatch, type Row, rowsOf, showString } from '../arrow/index.js'
import { AnalysisException, IllegalArgumentException } from '../common/errors.js'
import { registerUserCode } from '../common/user-code.js'
import { attributesFor, type LogicalPlan, mapInArrow, resolvedHint, schemaOf } from '../logical/plan.js'
import { treeString } from '../logical/plan-spec.js'
import type { MapInArrowFunction } from '../operators/map-in-arrow-exec.js'
import { optimize } from '../optimizer/optimize.js'
import { executeBatch } from '../physical/execute-batch.js'
import { explainMode, explainString, type SparkExplainMode } from '../sql/explain.js'
import { resolvedCondition, resolvedExpression } from '../sql/expression-strings.js'
import { simpleString } from '../types/data-types.js'
import { parseSchemaString } from '../types/ddl.js'
import { type StructType, schemaTreeString } from '../types/struct-type.js'
import { Column, columnArg, columnOnlyArg, notColumnOrStr } from './column.js'
import { expandRegexColumns, regexColumn, renamedAll, renamedSome } from './data-frame-columns.js'
import { DataFrameNaFunctions } from './data-frame-na.js'
import { checkPartitions, repartitionKeys } from './data-frame-partitions.js'
import { sampleArgs, sampled } from './data-frame-sample.js'
import { DESCRIBE_STATISTICS, summaryOf } from './data-frame-stats.js'
import { DataFrameWriter } from './data-frame-writer.js'
import { DataStreamWriter } from './data-stream-writer.js'
import { struct, to_json } from './functions.js'
import { GroupedData } from './grouped-data.js'
import { argumentError, namesArg, pyTypeName, strArg } from './py-type-name.js'
import type { SparkSession } from './session.js'
import { type ShowArguments, showLayout } from './show-arguments.js'

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

  /** The column of this DataFrame named `name` (bound to this plan, unambiguous in self-joins); a USING join's
   * hidden key answers its qualified name (`joined.col('nt2.k')`), as Spark's Dataset.col. */
  col(name: string): Column {
    return new Column(resolveColumnName(name, resolutionInput(this.plan)))
  }

  select(...cols: (Column | string)[]): DataFrame {
    return this.with(buildProject(this.plan, expandRegexColumns(cols.flat()).map(columnArg)))
  }

  /** Rows where `condition` is true; a string is a SQL expression (`'age > 3'`). */
  filter(condition: Column | string): DataFrame {
    if (typeof condition !== 'string' && !(condition instanceof Column)) throw notColumnOrStr('condition', condition)
    const expr =
      typeof condition === 'string'
        ? resolvedCondition(condition, this.plan.output, this.sparkSession.timeZone)
        : condition.expr
    return this.with(buildFilter(this.plan, expr))
  }

  where(condition: Column | string): DataFrame {
    return this.filter(condition)
  }

  /** A projection of SQL expression strings (`'a + 1 AS b'`, `'*'`), as `select(expr(...), ...)`. */
  selectExpr(...exprs: string[]): DataFrame {
    const zone = this.sparkSession.timeZone
    return this.with(
      buildProject(
        this.plan,
        exprs.flat().map((text) => resolvedExpression(text, this.plan.output, zone)),
      ),
    )
  }

  withColumn(name: string, column: Column): DataFrame {
    return this.with(buildWithColumns(this.plan, [[name, columnOnlyArg(column, 'col')]]))
  }

  withColumns(columns: Readonly<Record<string, Column>> | ReadonlyMap<string, Column>): DataFrame {
    const entries = columns instanceof Map ? [...columns.entries()] : Object.entries(columns)
    return this.with(
      buildWithColumns(
        this.plan,
        entries.map(([name, c]) => [name, columnOnlyArg(c, 'col')] as const),
      ),
    )
  }

  withColumnRenamed(existing: string, renamed: string): DataFrame {
    return this.with(buildWithColumnRenamed(this.plan, strArg(existing, 'existing'), strArg(renamed, 'new')))
  }

  drop(...cols: (Column | string)[]): DataFrame {
    return this.with(buildDrop(this.plan, cols.map(columnArg)))
  }

  /** Qualifies the columns with `alias` (for `col('t.x')` and self-joins). */
  alias(alias: string): DataFrame {
    return this.with(buildAlias(this.plan, alias))
  }

  limit(n: number): DataFrame {
    if (!Number.isSafeInteger(n))
      throw argumentError('NOT_INT', `Argument \`num\` should be an int, got ${pyTypeName(n)}.`)
    return this.with(buildLimit(this.plan, n))
  }

  /** Union by column position (Spark's `union` / `unionAll`). */
  union(other: DataFrame): DataFrame {
    return this.with(buildUnion(this.plan, planOf(other), false))
  }

  unionAll(other: DataFrame): DataFrame {
    return this.union(other)
  }

  /** Rows in both this DataFrame and `other`, without duplicates (SQL `INTERSECT`). */
  intersect(other: DataFrame): DataFrame {
    return this.with(buildSetOperation('intersect', false, this.plan, planOf(other)))
  }

  /** Rows in both, each as many times as it is in both (SQL `INTERSECT ALL`). */
  intersectAll(other: DataFrame): DataFrame {
    return this.with(buildSetOperation('intersect', true, this.plan, planOf(other)))
  }

  /** Rows of this DataFrame not in `other`, without duplicates (SQL `EXCEPT`). */
  subtract(other: DataFrame): DataFrame {
    return this.with(buildSetOperation('except', false, this.plan, planOf(other)))
  }

  /** Rows of this DataFrame not in `other`, keeping duplicates beyond `other`'s count (SQL `EXCEPT ALL`). */
  exceptAll(other: DataFrame): DataFrame {
    return this.with(buildSetOperation('except', true, this.plan, planOf(other)))
  }

  /** Union by column name; with `allowMissingColumns`, absent columns are filled with nulls. */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    return this.with(buildUnion(this.plan, planOf(other), true, allowMissingColumns))
  }

  /**
   * Joins with `other`: `on` is a column name or a list of names (USING: equal values, one copy of each key), a
   * Column condition or a list of them (ANDed), or nothing (every pair); `how` is a join type name (`inner`,
   * `left`/`left_outer`, `right`, `full`/`outer`, `left_semi`/`semi`, `left_anti`/`anti`, `cross`).
   */
  join(other: DataFrame, on?: string | readonly string[] | Column | readonly Column[], how?: string): DataFrame {
    const joinType = parseJoinType(how ?? 'inner')
    let criteria: JoinCriteria
    if (on === undefined || (Array.isArray(on) && on.length === 0)) criteria = { kind: 'none' }
    else if (typeof on === 'string') criteria = { kind: 'using', columns: [on] }
    else if (on instanceof Column) criteria = { kind: 'on', condition: on.expr }
    else if ((on as readonly unknown[]).every((x) => typeof x === 'string')) {
      criteria = { kind: 'using', columns: on as readonly string[] }
    } else criteria = { kind: 'on', condition: allOf((on as readonly Column[]).map((c) => c.expr)) }
    return this.with(buildJoin(this.plan, planOf(other), joinType, criteria))
  }

  /** The Cartesian product with `other` (every pair of rows). */
  crossJoin(other: DataFrame): DataFrame {
    return this.with(buildJoin(this.plan, planOf(other), 'Cross', { kind: 'none' }))
  }

  /**
   * A join strategy hint for joins this DataFrame takes part in: `broadcast` (or `broadcastjoin`, `mapjoin`),
   * `merge` (`shuffle_merge`, `mergejoin`), `shuffle_hash`, `shuffle_replicate_nl`. Other names are ignored, as in
   * Spark (which logs them).
   */
  hint(name: string, ..._parameters: unknown[]): DataFrame {
    const strategy = joinStrategyOfHint(name)
    return strategy ? this.with(resolvedHint(this.plan, strategy)) : this
  }

  /** Groups rows for aggregation: `groupBy('word')`, `groupBy(window(col('ts'), '10 minutes'), 'word')`. */
  groupBy(...cols: (Column | string)[]): GroupedData {
    return new GroupedData(this, cols.flat().map(columnArg))
  }

  groupby(...cols: (Column | string)[]): GroupedData {
    return this.groupBy(...cols)
  }

  /** Groups by every prefix of the columns, then by nothing (subtotals and a grand total): `rollup('a', 'b')`. */
  rollup(...cols: (Column | string)[]): GroupedData {
    return new GroupedData(this, cols.flat().map(columnArg), { kind: 'rollup' })
  }

  /** Groups by every subset of the columns: `cube('a', 'b')` groups by (a, b), (a), (b) and (). */
  cube(...cols: (Column | string)[]): GroupedData {
    return new GroupedData(this, cols.flat().map(columnArg), { kind: 'cube' })
  }

  /** Aggregates over all rows (`df.agg(max('x'))`). */
  agg(...exprs: (Column | Readonly<Record<string, string>>)[]): DataFrame {
    return this.groupBy().agg(...exprs)
  }

  /**
   * Marks `eventTime` as the event-time column with a lateness bound: stateful operators drop rows older than
   * (max event time - delayThreshold) and evict state behind it. A no-op on batch DataFrames.
   */
  withWatermark(eventTime: string, delayThreshold: string): DataFrame {
    return this.with(
      buildWatermark(this.plan, strArg(eventTime, 'eventTime'), strArg(delayThreshold, 'delayThreshold')),
    )
  }

  /** The first row per distinct `subset` (all columns by default); on streams, keys are kept as state. */
  dropDuplicates(subset?: readonly string[]): DataFrame {
    return this.with(buildDeduplicate(this.plan, namesArg(subset, 'subset'), false))
  }

  drop_duplicates(subset?: readonly string[]): DataFrame {
    return this.dropDuplicates(subset)
  }

  /** Streaming deduplication whose state for a key lasts until the watermark passes its first event + delay. */
  dropDuplicatesWithinWatermark(subset?: readonly string[]): DataFrame {
    return this.with(buildDeduplicate(this.plan, subset, true))
  }

  /** Distinct rows (`dropDuplicates()` of all columns). */
  distinct(): DataFrame {
    return this.dropDuplicates()
  }

  /** Sorts by columns (ascending unless given `desc()` orders). */
  orderBy(...cols: (Column | string)[]): DataFrame {
    return this.with(buildSort(this.plan, cols.flat().map(columnArg)))
  }

  sort(...cols: (Column | string)[]): DataFrame {
    return this.orderBy(...cols)
  }

  /**
   * Maps the batches of each epoch with `fn`: it gets an iterator of apache-arrow RecordBatches and returns (or
   * yields, possibly asynchronously) RecordBatches of `schema` (a StructType or DDL string). Works on streams.
   */
  mapInArrow(fn: MapInArrowFunction, schema: StructType | string): DataFrame {
    const output = typeof schema === 'string' ? parseSchemaString(schema) : schema
    const id = registerUserCode('mapInArrow', fn)
    return this.with(mapInArrow(this.plan, id, fn.name === '' ? 'mapInArrow' : fn.name, attributesFor(output)))
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

  /**
   * Prints the first `n` rows as Spark's table; `truncate` is true (20 chars), false, or a width; `vertical` prints
   * one block per row. A boolean first argument is `truncate` (Scala's `show(truncate = false)`).
   */
  show(truncate: boolean): void
  show(n?: number, truncate?: boolean | number, vertical?: boolean): void
  show(options: ShowArguments): void
  show(first?: number | boolean | ShowArguments, second?: boolean | number, third?: boolean): void {
    const { n, width, vertical } = showLayout(first, second, third)
    const batch = this.limit(n + 1).execute()
    process.stdout.write(
      `${showString(batch, this.schema, { numRows: n, truncate: width, zone: this.sparkSession.timeZone, vertical })}\n`,
    )
  }

  /** Prints the physical plan; `true` or `'extended'` adds the parsed, analyzed and optimized logical plans. */
  explain(extended: boolean | SparkExplainMode = false): void {
    process.stdout.write(`${this.explainString(extended)}\n`)
  }

  /** The text `explain()` prints, the same as the `plan` row SQL `EXPLAIN [EXTENDED]` returns. */
  explainString(extended: boolean | SparkExplainMode = false): string {
    return explainString(this.plan, explainMode(extended), this.sparkSession)
  }

  /** Registers this DataFrame as a temporary view for `spark.sql` and `spark.table`, replacing one of that name. */
  createOrReplaceTempView(name: string): void {
    this.sparkSession.catalog.register(strArg(name, 'name'), () => this.plan, true)
  }

  /** Registers a temporary view; Spark's TEMP_TABLE_OR_VIEW_ALREADY_EXISTS if the name is taken. */
  createTempView(name: string): void {
    this.sparkSession.catalog.register(strArg(name, 'name'), () => this.plan, false)
  }

  /** Functions over missing values: `df.na.fill(0)`, `df.na.drop('all')`, `df.na.replace('a', 'b')`. */
  get na(): DataFrameNaFunctions {
    return new DataFrameNaFunctions(this)
  }

  /** `df.na.fill(value, subset)`. */
  fillna(value: Parameters<DataFrameNaFunctions['fill']>[0], subset?: string | readonly string[]): DataFrame {
    return this.na.fill(value, subset)
  }

  /** `df.na.drop(how, thresh, subset)`. */
  dropna(how?: string | null, thresh?: number | null, subset?: string | readonly string[] | null): DataFrame {
    return this.na.drop(how ?? 'any', thresh, subset)
  }

  /** `df.na.replace(toReplace, value, subset)`. */
  replace(
    toReplace: Parameters<DataFrameNaFunctions['replace']>[0],
    value?: Parameters<DataFrameNaFunctions['replace']>[1],
    subset?: string | readonly string[] | null,
  ): DataFrame {
    return this.na.replace(toReplace, value, subset)
  }

  /** The same columns under new names, by position (Spark's "The number of columns doesn't match" otherwise). */
  toDF(...cols: (string | readonly string[])[]): DataFrame {
    return this.with(renamedAll(this.plan, cols.flat()))
  }

  /** Renames columns by a `{ existing: new }` map (names not in the DataFrame are ignored). */
  withColumnsRenamed(colsMap: Readonly<Record<string, string>> | ReadonlyMap<string, string>): DataFrame {
    return this.with(renamedSome(this.plan, colsMap))
  }

  /** Each row as a JSON object string in one `value` column (Scala's Dataset[String]; PySpark's RDD of str). */
  toJSON(): DataFrame {
    return this.select(to_json(struct(...this.plan.output.map((a) => new Column(a)))).alias('value'))
  }

  /** Statistics (count, mean, stddev, min, max) of the numeric and string columns, all as strings. */
  describe(...cols: (string | readonly string[])[]): DataFrame {
    const names = cols.flat()
    return summaryOf(names.length === 0 ? this : this.select(...names), DESCRIBE_STATISTICS)
  }

  /** Named statistics of the numeric and string columns (default: count, mean, stddev, min, 25%, 50%, 75%, max). */
  summary(...statistics: string[]): DataFrame {
    return summaryOf(this, statistics)
  }

  /**
   * A random sample: `sample(fraction)`, `sample(fraction, seed)`, `sample(withReplacement, fraction[, seed])`.
   * Without replacement each row is kept when `rand(seed) < fraction`; with replacement it appears a Poisson number
   * of times.
   */
  sample(withReplacement?: boolean | number | null, fraction?: number | null, seed?: number | null): DataFrame {
    return sampled(this, sampleArgs(withReplacement, fraction, seed))
  }

  /** `fn(this, ...args)`, for chaining user functions (`df.transform(withTax, 0.2)`); fn must return a DataFrame. */
  transform<A extends unknown[]>(fn: (df: DataFrame, ...args: A) => DataFrame, ...args: A): DataFrame {
    const result: unknown = fn(this, ...args)
    if (!(result instanceof DataFrame)) {
      throw new IllegalArgumentException(
        `Func returned an instance of type [${pyTypeName(result)}], should have been DataFrame.`,
      )
    }
    return result
  }

  /**
   * The columns whose names match a regex in backquotes (`` df.colRegex('`(id|name)`') ``, case-insensitive, whole
   * name), for select(); a name without backquotes is `col(name)`.
   */
  colRegex(colName: string): Column {
    return regexColumn(this.plan.output, colName) ?? this.col(colName)
  }

  /**
   * Validates as Spark does and returns this DataFrame: a batch result is one in-memory batch here, so there are no
   * partitions to change. `numPartitions` may be omitted (partition by `cols` only).
   */
  repartition(numPartitions: number | Column | string, ...cols: (Column | string)[]): DataFrame {
    const keys = repartitionKeys(numPartitions, cols)
    if (keys.length > 0) this.select(...keys)
    return this
  }

  /** Validates `numPartitions` and returns this DataFrame (see repartition). */
  coalesce(numPartitions: number): DataFrame {
    checkPartitions(numPartitions)
    return this
  }

  /** Returns this DataFrame: Rivulet recomputes a plan per action and does not cache results (see README). */
  cache(): DataFrame {
    return this
  }

  /** Returns this DataFrame; the storage level is accepted and ignored (see cache). */
  persist(_storageLevel?: unknown): DataFrame {
    return this
  }

  /** Returns this DataFrame (nothing is cached). */
  unpersist(_blocking = false): DataFrame {
    return this
  }

  /** The writer for saving this (batch) DataFrame. */
  get write(): DataFrameWriter {
    if (this.isStreaming) {
      throw new AnalysisException('The method `write` can not be called on streaming Dataset/DataFrame.', {
        errorClass: 'CALL_ON_STREAMING_DATASET_UNSUPPORTED',
      })
    }
    return new DataFrameWriter(this)
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
    return executeBatch(optimize(this.plan), { zone: this.sparkSession.timeZone, nowMs: Date.now() })
  }
}

/** The plan of a DataFrame argument, after PySpark's NOT_DATAFRAME check. */
function planOf(other: DataFrame): LogicalPlan {
  if (other instanceof DataFrame) return other.plan
  throw argumentError('NOT_DATAFRAME', `Argument \`other\` should be a DataFrame, got ${pyTypeName(other)}.`)
}
