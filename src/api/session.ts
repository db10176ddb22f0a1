// SparkSession: the entry point — configuration, streaming reads, static DataFrames, the catalog and queries.
import {
  batchFromRows,
  fromArrowSchema,
  isRecordBatch,
  makeBatch,
  numericColumnOwning,
  type RecordBatch,
  type Row,
} from '../arrow/index.js'
import { IllegalArgumentException } from '../common/errors.js'
import { attributesFor, type LogicalPlan, localRelation } from '../logical/plan.js'
import { optimize } from '../optimizer/optimize.js'
import { executeBatch } from '../physical/execute-batch.js'
import { physicalTreeString } from '../physical/physical-specs.js'
import { planQuery } from '../physical/planner.js'
import { viewRelation } from '../sql/relations.js'
import { sqlToPlan } from '../sql/sql-to-plan.js'
import { LONG } from '../types/data-types.js'
import { parseSchemaString } from '../types/ddl.js'
import { inferSchema } from '../types/infer-schema.js'
import { StructField, StructType } from '../types/struct-type.js'
import { LiveUi } from '../ui/live-ui.js'
import { Catalog } from './catalog.js'
import { DataFrame } from './data-frame.js'
import { DataFrameReader } from './data-frame-reader.js'
import { DataStreamReader } from './data-stream-reader.js'
import { argumentError, pyTypeName, strArg } from './py-type-name.js'
import { RuntimeConfig } from './runtime-config.js'
import { StreamingQueryManager } from './streaming-query-manager.js'
import { UDFRegistration } from './udf.js'

let activeSession: SparkSession | undefined

/** `SparkSession.builder...getOrCreate()`. */
export class Builder {
  private readonly settings: [string, string | number | boolean][] = []

  appName(name: string): this {
    return this.config('spark.app.name', name)
  }

  master(master: string): this {
    return this.config('spark.master', master)
  }

  /** One setting, or several as a record. */
  config(key: string | Readonly<Record<string, string | number | boolean>>, value?: string | number | boolean): this {
    if (typeof key === 'string') this.settings.push([key, value ?? ''])
    else this.settings.push(...Object.entries(key))
    return this
  }

  /** The active session with these settings applied, or a new one. */
  getOrCreate(): SparkSession {
    if (activeSession) {
      for (const [key, value] of this.settings) activeSession.conf.set(key, value)
      return activeSession
    }
    activeSession = new SparkSession(new RuntimeConfig(this.settings))
    return activeSession
  }
}

export class SparkSession {
  readonly catalog = new Catalog()
  readonly streams: StreamingQueryManager
  /** The clock batch timestamps and time-based sources read (ms); replaceable for deterministic tests. */
  clock: () => number = Date.now
  private liveUi: LiveUi | undefined
  private liveUiUrl: Promise<string | null> | undefined

  constructor(readonly conf: RuntimeConfig = new RuntimeConfig()) {
    this.streams = new StreamingQueryManager(this)
  }

  /** A new builder (PySpark's `SparkSession.builder`). */
  static get builder(): Builder {
    return new Builder()
  }

  static getActiveSession(): SparkSession | undefined {
    return activeSession
  }

  /** `spark.sql.session.timeZone`. */
  get timeZone(): string {
    return this.conf.get('spark.sql.session.timeZone')
  }

  /** Registers user-defined functions for SQL (`spark.udf.register(name, f, returnType)`). */
  get udf(): UDFRegistration {
    return new UDFRegistration()
  }

  /** A reader for static files (`spark.read.csv(path)`, `spark.read.format('json').load(path)`). */
  get read(): DataFrameReader {
    return new DataFrameReader(this)
  }

  /** A reader for streaming sources (`spark.readStream.format('socket')...load()`). */
  get readStream(): DataStreamReader {
    return new DataStreamReader(this)
  }

  /**
   * A static DataFrame from rows (objects by field name, or arrays by position) or an Arrow record batch.
   * The schema may be a StructType, a DDL string (`'id INT, name STRING'`), column names, or inferred.
   */
  createDataFrame(
    data: readonly (Row | readonly unknown[])[] | RecordBatch,
    schema?: StructType | string | readonly string[],
  ): DataFrame {
    checkCreateDataFrameArgs(data, schema)
    if (!Array.isArray(data)) {
      const batch = data as RecordBatch
      const arrowSchema = fromArrowSchema(batch.schema)
      return new DataFrame(this, localRelation(attributesFor(arrowSchema), [batch]))
    }
    const rows = data as readonly (Row | readonly unknown[])[]
    const resolved =
      typeof schema === 'string'
        ? parseSchemaString(schema)
        : schema === undefined || Array.isArray(schema)
          ? inferSchema(rows, schema as readonly string[] | undefined)
          : (schema as StructType)
    if (rows.length === 0 && resolved.fields.length === 0) {
      throw new IllegalArgumentException('can not infer schema from empty dataset', {
        errorClass: 'CANNOT_INFER_EMPTY_SCHEMA',
      })
    }
    return new DataFrame(this, localRelation(attributesFor(resolved), [batchFromRows(resolved, rows)]))
  }

  /**
   * A DataFrame of one bigint column `id` from `start` (inclusive) to `end` (exclusive) by `step`; with one
   * argument, from 0 to it. `numPartitions` is accepted for PySpark compatibility (a batch is one partition here).
   */
  range(start: number, end?: number | null, step = 1, numPartitions?: number): DataFrame {
    for (const [name, value] of [
      ['start', start],
      ['end', end],
      ['step', step],
      ['numPartitions', numPartitions],
    ] as const) {
      if (value !== undefined && value !== null && !Number.isSafeInteger(value)) {
        throw new IllegalArgumentException(`Argument \`${name}\` should be an int, got ${value}.`, {
          errorClass: 'NOT_INT',
        })
      }
    }
    if (step === 0) throw new IllegalArgumentException('requirement failed: step (0) cannot be 0')
    if (numPartitions !== undefined && numPartitions <= 0) {
      throw new IllegalArgumentException(`requirement failed: numSlices must be positive, got ${numPartitions}`)
    }
    const [from, to] = end === undefined || end === null ? [0, start] : [start, end]
    const n = Math.max(0, Math.ceil((to - from) / step))
    const ids = new Float64Array(n)
    for (let i = 0; i < n; i++) ids[i] = from + i * step
    const schema = StructType([StructField('id', LONG, false)])
    return new DataFrame(
      this,
      localRelation(attributesFor(schema), [makeBatch(schema, [numericColumnOwning(LONG, ids, null)], n)]),
    )
  }

  /** A temporary view or memory-sink table by name, its columns qualified by the name (as in SQL). */
  table(name: string): DataFrame {
    return new DataFrame(this, viewRelation(this.catalog, strArg(name, 'tableName')))
  }

  /**
   * The result of a SQL statement: a query's DataFrame (streaming when it reads a streaming view), or a command's
   * rows (SHOW TABLES, DESCRIBE, EXPLAIN; CREATE TEMPORARY VIEW registers the view and returns no rows).
   */
  sql(sqlText: string): DataFrame {
    return new DataFrame(this, sqlToPlan(this, strArg(sqlText, 'sqlQuery')))
  }

  /** Runs a static plan to completion: its rows as one batch. */
  execute(plan: LogicalPlan): RecordBatch {
    return executeBatch(optimize(plan), { zone: this.timeZone, nowMs: this.clock() })
  }

  /**
   * The physical plan text of an optimized plan, as `explain()` prints it: a streaming plan shows its exchanges at
   * the session's state partition count.
   */
  physicalPlanText(optimized: LogicalPlan): string {
    const numPartitions = Number(this.conf.get('spark.sql.shuffle.partitions'))
    return physicalTreeString(planQuery(optimized, { outputMode: 'append', numPartitions }).root)
  }

  /**
   * Starts the live UI (spark.ui.enabled, default true) if it is not running; the session's first streaming query
   * does this. Resolves to the UI's URL, or null when it is disabled or could not bind.
   */
  startUi(): Promise<string | null> {
    if (!this.liveUiUrl) {
      this.liveUi = LiveUi.start(
        (key) => this.conf.getOption(key),
        (listener) => this.streams.addListener(listener),
        {
          checkpointOf: (runId) => this.streams.checkpointLocation(runId),
          sourceWatermarksOf: (runId) => this.streams.sourceWatermarks(runId),
        },
      )
      this.liveUiUrl = this.liveUi?.url ?? Promise.resolve(null)
    }
    return this.liveUiUrl
  }

  /** Stops every active query and ends the session. */
  async stop(): Promise<void> {
    await Promise.all(this.streams.active.map((query) => query.stop()))
    await this.liveUi?.close()
    this.liveUi = undefined
    this.liveUiUrl = undefined
    if (activeSession === this) activeSession = undefined
  }
}

/** Alias of SparkSession. */
export const Session = SparkSession

/** PySpark's checks of createDataFrame's arguments: rows in a list (or an Arrow batch here), a known schema form. */
function checkCreateDataFrameArgs(data: unknown, schema: unknown): void {
  if (!Array.isArray(data) && !isRecordBatch(data)) {
    throw argumentError('NOT_LIST_OR_TUPLE', `Argument \`data\` should be a list or tuple, got ${pyTypeName(data)}.`)
  }
  const knownSchema =
    schema === undefined ||
    schema === null ||
    typeof schema === 'string' ||
    Array.isArray(schema) ||
    (schema as { kind?: unknown }).kind === 'struct'
  if (!knownSchema) {
    throw argumentError(
      'NOT_LIST_OR_NONE_OR_STRUCT',
      `Argument \`schema\` should be a list, None or StructType, got ${pyTypeName(schema)}.`,
    )
  }
}
