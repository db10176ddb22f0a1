// Runs the shell's statements against one session: the shell's own (settings, source and sink views, background
// queries, SHOW FUNCTIONS) and everything spark.sql runs, printing results as Flink's SQL client does.
import type { DataFrame } from '../api/data-frame.js'
import type { SparkSession } from '../api/session.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import { AnalysisException, IllegalArgumentException } from '../common/errors.js'
import { sinkProvider, sourceProvider } from '../connectors/registry.js'
import { aggregateNames } from '../expr/aggregates/registry.js'
import { functionNames } from '../expr/functions/registry.js'
import { aggregates } from './result-plan.js'
import { RESULT_MODES, type ResultMode, type ViewScreen } from './result-views.js'
import { parseShellStatement, type ShellStatement } from './shell-statements.js'
import { isBlank } from './statement-splitter.js'
import { runStreamingSelect, type ShellKeys } from './streaming-select.js'
import { cellRows, tableText } from './table-text.js'

export const RESULT_MODE_KEY = 'sql-client.execution.result-mode'

/** Where the shell prints, and whether a person is at the keyboard (full-screen result views need one). */
export interface ShellIo {
  readonly screen: ViewScreen
  readonly keys: ShellKeys
  readonly interactive: boolean
  /** Prints a message that arrives between statements (a background query failed). */
  notify(text: string): void
}

/** A sink declared with `CREATE TEMPORARY VIEW name USING format OPTIONS (…)`, for INSERT INTO. */
interface SinkView {
  readonly format: string
  readonly options: ReadonlyMap<string, string>
}

interface BackgroundQuery {
  readonly query: StreamingQuery
  readonly sink: string
}

const OK = '[INFO] Execute statement succeeded.\n'

/** Names that are functions in SQL without being in the function registries (the binder handles them). */
const SPECIAL_FUNCTIONS = ['session_window', 'window']

const HELP = `Statements end with ';' and may span lines.

  SELECT …                       Run a query; a streaming one shows its result until LIMIT, Ctrl-C or Q.
  CREATE TEMPORARY VIEW name [(col type, …)] USING format [OPTIONS (key 'value', …)]
                                 Declare a streaming source (rate, socket, json, csv, parquet, text, …) or a sink
                                 (console, memory, noop, or a file format with a path) to INSERT INTO.
  CREATE TEMPORARY VIEW name AS SELECT …
  INSERT INTO sink SELECT …      Start a query in the background that writes into a sink view.
  SHOW QUERIES                   The background queries and their status.
  STOP QUERY id                  Stop a background query (its id, a unique start of it, or its name).
  SHOW TABLES, SHOW FUNCTIONS, DESCRIBE name, EXPLAIN [EXTENDED] query
  SET, SET key, SET key = value, RESET [key]
                                 Session settings; '${RESULT_MODE_KEY}' is tableau, changelog or table.
  HELP, QUIT
`

export class ShellExecutor {
  private readonly settings = new Map<string, string>()
  private readonly sinks = new Map<string, SinkView>()
  private readonly background: BackgroundQuery[] = []

  constructor(
    readonly spark: SparkSession,
    private readonly io: ShellIo,
  ) {}

  /** The result mode streaming SELECTs show in (tableau when no one is at the keyboard). */
  get resultMode(): ResultMode {
    if (!this.io.interactive) return 'tableau'
    return (this.settings.get(RESULT_MODE_KEY) ?? 'table') as ResultMode
  }

  /** Table and view names, for completion. */
  tableNames(): string[] {
    return [...new Set([...this.spark.catalog.listTables().map((t) => t.name), ...this.sinks.keys()])]
  }

  /** Runs one statement (without its `;`); returns false for QUIT. Errors propagate to the caller to print. */
  async execute(statement: string): Promise<boolean> {
    if (isBlank(statement)) return true
    const parsed = parseShellStatement(statement)
    switch (parsed.kind) {
      case 'Quit':
        return false
      case 'Help':
        this.print(HELP)
        break
      case 'Set':
        this.set(parsed.key, parsed.value)
        break
      case 'Reset':
        this.reset(parsed.key)
        break
      case 'ShowFunctions': {
        const names = [...new Set([...functionNames(), ...aggregateNames(), ...SPECIAL_FUNCTIONS])].sort()
        this.printRows(
          ['function'],
          names.map((n) => [n]),
        )
        break
      }
      case 'CreateSourceView':
        this.createView(parsed)
        break
      case 'Insert':
        this.insert(parsed.sink, parsed.query)
        break
      case 'ShowQueries':
        this.showQueries()
        break
      case 'StopQuery':
        await this.stopQuery(parsed.id)
        break
      case 'Sql':
        await this.sql(statement)
        break
    }
    return true
  }

  /** Stops the background queries (on QUIT or at the end of the input). */
  async stopAll(): Promise<void> {
    await Promise.all(this.background.map((b) => b.query.stop()))
  }

  /** The background queries still running. */
  get activeQueries(): StreamingQuery[] {
    return this.background.filter((b) => b.query.isActive).map((b) => b.query)
  }

  private print(text: string): void {
    this.io.screen.write(text)
  }

  private printRows(names: readonly string[], rows: readonly (readonly string[])[]): void {
    if (rows.length === 0) {
      this.print('Empty set\n')
      return
    }
    this.print(`${tableText(names, rows)}\n${rows.length} ${rows.length === 1 ? 'row' : 'rows'} in set\n`)
  }

  private set(key: string | undefined, value: string | undefined): void {
    if (key === undefined) {
      const shell = [...this.settings].map(([k, v]) => [k, v])
      const spark = Object.entries(this.spark.conf.getAll())
      this.printRows(
        ['key', 'value'],
        [...shell, ...spark].sort((a, b) => a[0]!.localeCompare(b[0]!)),
      )
      return
    }
    if (value === undefined) {
      const current = key.startsWith('sql-client.')
        ? (this.settings.get(key) ?? (key === RESULT_MODE_KEY ? 'table' : undefined))
        : this.spark.conf.getOption(key)
      this.printRows(['key', 'value'], [[key, current ?? '<undefined>']])
      return
    }
    if (key === RESULT_MODE_KEY) {
      const mode = value.toLowerCase()
      if (!RESULT_MODES.includes(mode as ResultMode)) {
        throw new IllegalArgumentException(
          `Invalid value '${value}' for '${RESULT_MODE_KEY}'; expected one of: ${RESULT_MODES.join(', ')}.`,
        )
      }
      this.settings.set(key, mode)
    } else if (key.startsWith('sql-client.')) {
      throw new IllegalArgumentException(`Unknown shell setting '${key}'; the shell has '${RESULT_MODE_KEY}'.`)
    } else this.spark.conf.set(key, value)
    this.print(OK)
  }

  private reset(key: string | undefined): void {
    if (key === undefined) {
      this.settings.clear()
      for (const k of Object.keys(this.spark.conf.getAll())) this.spark.conf.unset(k)
    } else if (key.startsWith('sql-client.')) this.settings.delete(key)
    else this.spark.conf.unset(key)
    this.print(OK)
  }

  /** A source becomes a streaming view (its options checked now, as Spark resolves a data source); a sink waits. */
  private createView(view: Extract<ShellStatement, { kind: 'CreateSourceView' }>): void {
    const format = view.format.toLowerCase()
    const isSource = knows(sourceProvider, format)
    const isSink = knows(sinkProvider, format)
    if (!isSource && !isSink) sourceProvider(format) // Spark's DATA_SOURCE_NOT_FOUND
    const exists = this.spark.catalog.tableExists(view.name) || this.sinks.has(view.name.toLowerCase())
    if (exists && !view.replace) {
      throw new AnalysisException(`Cannot create the temporary view \`${view.name}\` because it already exists.`, {
        errorClass: 'TEMP_TABLE_OR_VIEW_ALREADY_EXISTS',
      })
    }
    if (isSource) {
      const load = () => {
        let reader = this.spark.readStream.format(format).options(Object.fromEntries(view.options))
        if (view.schema !== undefined) reader = reader.schema(view.schema)
        return reader.load()
      }
      // A file format is also a sink, whose schema is the query's: check it as a source only when it has one.
      const checkNow = !isSink || view.schema !== undefined
      if (checkNow) load()
      this.spark.catalog.register(view.name, () => load().plan, true)
    } else this.spark.catalog.dropTempView(view.name)
    if (isSink) this.sinks.set(view.name.toLowerCase(), { format, options: view.options })
    else this.sinks.delete(view.name.toLowerCase())
    this.print(OK)
  }

  private insert(sinkName: string, sql: string): void {
    const sink = this.sinks.get(sinkName.toLowerCase())
    if (!sink) {
      const known = this.spark.catalog.tableExists(sinkName)
      throw new AnalysisException(
        known
          ? `\`${sinkName}\` is a source view; INSERT INTO needs a sink view (CREATE TEMPORARY VIEW … USING console|memory|noop|json|csv|parquet|text …).`
          : `The table or view \`${sinkName}\` cannot be found. Verify the spelling and correctness of the schema and catalog.`,
        known ? {} : { errorClass: 'TABLE_OR_VIEW_NOT_FOUND' },
      )
    }
    const dataFrame = this.spark.sql(sql)
    if (!dataFrame.isStreaming) {
      throw new AnalysisException('INSERT INTO a sink view runs a streaming query; this query reads no stream.')
    }
    const options = new Map(sink.options)
    const outputMode = options.get('outputMode') ?? (aggregates(dataFrame.plan) ? 'update' : 'append')
    options.delete('outputMode')
    let writer = dataFrame.writeStream.format(sink.format).outputMode(outputMode).options(Object.fromEntries(options))
    // A memory sink's table is named after its query, so the sink view's name is the table's.
    if (sink.format === 'memory' && !options.has('queryName')) writer = writer.queryName(sinkName)
    const query = writer.start()
    this.background.push({ query, sink: sinkName })
    query.awaitTermination().catch(() => {
      const failure = query.exception()
      this.io.notify(`[ERROR] Query ${query.id} failed: ${failure?.message ?? 'unknown error'}\n`)
    })
    this.print(`[INFO] Query started in the background. Query ID: ${query.id}\n`)
  }

  private showQueries(): void {
    const rows = this.background.map(({ query, sink }) => {
      const failure = query.exception()
      const status = query.isActive ? 'RUNNING' : failure ? 'FAILED' : 'STOPPED'
      const progress = query.lastProgress
      return [
        query.id,
        query.name ?? '',
        sink,
        status,
        progress ? String(progress.batchId) : '',
        progress ? String(Math.round(progress.processedRowsPerSecond)) : '',
        failure ? firstLine(failure.message) : '',
      ]
    })
    this.printRows(['query id', 'name', 'sink', 'status', 'latest batch', 'process rows/sec', 'error'], rows)
  }

  private async stopQuery(id: string): Promise<void> {
    const lower = id.toLowerCase()
    const matches = this.background.filter(
      ({ query }) => query.id === lower || query.name?.toLowerCase() === lower || query.id.startsWith(lower),
    )
    const exact = matches.filter(({ query }) => query.id === lower || query.name?.toLowerCase() === lower)
    const chosen = exact.length > 0 ? exact : matches
    if (chosen.length === 0) throw new IllegalArgumentException(`No query with id or name '${id}'; see SHOW QUERIES.`)
    if (chosen.length > 1) throw new IllegalArgumentException(`'${id}' starts more than one query id; type more of it.`)
    const { query } = chosen[0]!
    await query.stop()
    this.print(`[INFO] Query ${query.id} stopped.\n`)
  }

  private async sql(statement: string): Promise<void> {
    const dataFrame: DataFrame = this.spark.sql(statement)
    if (dataFrame.isStreaming) {
      await runStreamingSelect(dataFrame, { mode: this.resultMode, screen: this.io.screen, keys: this.io.keys })
      return
    }
    const schema = dataFrame.schema
    if (schema.fields.length === 0) {
      dataFrame.toArrow()
      this.print(OK)
      return
    }
    const rows = cellRows(dataFrame.toArrow(), schema, this.spark.timeZone)
    if (/^\s*explain\b/i.test(statement) && schema.fields.length === 1) {
      this.print(`${rows.map((r) => r[0]!.trimEnd()).join('\n')}\n`)
      return
    }
    this.printRows(
      schema.fields.map((f) => f.name),
      rows,
    )
  }
}

function knows(provider: (format: string) => unknown, format: string): boolean {
  try {
    provider(format)
    return true
  } catch {
    return false
  }
}

const firstLine = (text: string) => text.split('\n')[0]!
