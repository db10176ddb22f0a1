// The live UI of a session (spark.ui.enabled): a query store listening to the session's queries, and the server
// that shows it, bound once on the session's first streaming query; it announces its URL once, as Spark does.
import { logInfo, logWarning } from '../common/log.js'
import type { QueryStartedEvent, StreamingQueryListener } from '../runtime/listener.js'
import { UiQueryStore, type UiRunLookups } from './ui-query-store.js'
import { isLoopback, UiServer } from './ui-server.js'

/** Reads a session setting (its value or Spark's default). */
type Conf = (key: string) => string | undefined

export class LiveUi {
  readonly store: UiQueryStore
  /** The server's URL once bound; null when it could not start. */
  readonly url: Promise<string | null>
  private server: UiServer | undefined

  /**
   * Starts the UI when spark.ui.enabled; undefined otherwise. `lookups` answer what the listener events do not say
   * (a run's checkpoint folder, its per-source watermarks).
   */
  static start(
    conf: Conf,
    addListener: (listener: StreamingQueryListener) => void,
    lookups: UiRunLookups = {},
  ): LiveUi | undefined {
    if ((conf('spark.ui.enabled') ?? 'true').toLowerCase() === 'false') return undefined
    return new LiveUi(conf, addListener, lookups)
  }

  private constructor(conf: Conf, addListener: (listener: StreamingQueryListener) => void, lookups: UiRunLookups) {
    const number = (key: string, fallback: number) => {
      const value = Number(conf(key))
      return Number.isFinite(value) ? value : fallback
    }
    this.store = new UiQueryStore(
      number('spark.sql.streaming.ui.retainedProgressUpdates', 100),
      number('spark.sql.streaming.ui.retainedQueries', 100),
      Date.now,
      lookups,
    )
    addListener(this.store)
    addListener({ onQueryStarted: (event) => this.announce(event) })
    const explicitHost = conf('spark.ui.host')
    let host = explicitHost ?? process.env.SPARK_LOCAL_IP ?? '127.0.0.1'
    if (explicitHost === undefined && !isLoopback(host)) {
      logWarning('SparkUI', `Not binding the UI to '${host}' (SPARK_LOCAL_IP): set spark.ui.host to expose it.`)
      host = '127.0.0.1'
    }
    this.url = UiServer.start(this.store, {
      host,
      hostIsExplicit: explicitHost !== undefined,
      port: number('spark.ui.port', 4040),
      maxRetries: number('spark.port.maxRetries', 16),
      zone: () => conf('spark.sql.session.timeZone') ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    }).then(
      (server) => {
        this.server = server
        logInfo('SparkUI', `Bound SparkUI to ${host}, and started at ${server.url}`)
        return server.url
      },
      (error: unknown) => {
        logWarning('SparkUI', `The UI did not start: ${error instanceof Error ? error.message : String(error)}`)
        return null
      },
    )
  }

  /** Links each query's statistics page from the console, once the UI is bound (after its address line). */
  private announce(event: QueryStartedEvent): void {
    const what = `${event.name === null ? '' : `${event.name} `}[id = ${event.id}, runId = ${event.runId}]`
    void this.url.then((url) => {
      if (url !== null)
        logInfo('SparkUI', `Streaming query ${what}: ${url}/StreamingQuery/statistics/?id=${event.runId}`)
    })
  }

  async close(): Promise<void> {
    await this.url
    await this.server?.close()
  }
}
