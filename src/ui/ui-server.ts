// The live UI's HTTP server (node:http, no framework): the query list and statistics pages, Server-Sent Events
// for live updates, the progress API, and uPlot's files. It binds a loopback address unless spark.ui.host names
// another explicitly, and then also refuses requests whose Host header is not a loopback name (DNS rebinding).
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { IllegalArgumentException, SparkError } from '../common/errors.js'
import { logWarning } from '../common/log.js'
import { statePage } from './state-browser.js'
import { notFoundPage, queryListPage, queryTables, statisticsPage, statusOf } from './ui-pages.js'
import type { UiQueryRun, UiQueryStore } from './ui-query-store.js'
import { UI_CSS, UI_SCRIPT } from './ui-script.js'

export interface UiServerOptions {
  readonly host: string
  /** spark.ui.host was set: only then may the address be a non-loopback one. */
  readonly hostIsExplicit: boolean
  /** The first port tried (0: any free port). */
  readonly port: number
  /** spark.port.maxRetries: how many following ports are tried when one is taken. */
  readonly maxRetries: number
  /** The session time zone (spark.sql.session.timeZone), for timestamps in the state browser; UTC when absent. */
  readonly zone?: () => string
}

/** Whether a host name or address is the machine's loopback interface. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare)
}

const requireHere = createRequire(import.meta.url)
const assets = new Map<string, { readonly type: string; readonly body: () => string }>([
  ['/static/uPlot.iife.min.js', { type: 'text/javascript', body: () => uplotFile('uPlot.iife.min.js') }],
  ['/static/uPlot.min.css', { type: 'text/css', body: () => uplotFile('uPlot.min.css') }],
  ['/static/rivulet-ui.js', { type: 'text/javascript', body: () => UI_SCRIPT }],
  ['/static/rivulet-ui.css', { type: 'text/css', body: () => UI_CSS }],
])

const uplotCache = new Map<string, string>()
function uplotFile(name: string): string {
  let text = uplotCache.get(name)
  if (text === undefined) {
    text = readFileSync(requireHere.resolve(`uplot/dist/${name}`), 'utf8')
    uplotCache.set(name, text)
  }
  return text
}

/** The API's summary of a run (Spark's StreamingQueryData fields plus the UI's status word). */
function runJson(run: UiQueryRun) {
  return {
    name: run.name,
    id: run.id,
    runId: run.runId,
    isActive: run.isActive,
    status: statusOf(run),
    exception: run.exception,
    startTimestamp: run.startTimestamp,
    batchId: run.progress.at(-1)?.batchId ?? null,
    // Rivulet's: each source's own watermark as of the latest progress, in `sources` order.
    sourceWatermarks: run.sourceWatermarks,
  }
}

export class UiServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Binds and starts serving; the server never keeps the process alive on its own. */
  static async start(store: UiQueryStore, options: UiServerOptions): Promise<UiServer> {
    if (!options.hostIsExplicit && !isLoopback(options.host)) {
      throw new IllegalArgumentException(
        `The UI binds to loopback addresses only, unless spark.ui.host is set explicitly; refusing '${options.host}'.`,
      )
    }
    const checkHost = isLoopback(options.host)
    const server = createServer((request, response) => {
      try {
        handle(store, request, response, checkHost, options.zone ?? (() => 'UTC'))
      } catch (error) {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        response.end(error instanceof Error ? error.message : String(error))
      }
    })
    server.unref()
    const port = await listen(server, options)
    const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host
    return new UiServer(server, `http://${shownHost}:${port}`)
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }
}

/** Listens on the first free port from options.port, as Spark's Utils.startServiceOnPort does. */
async function listen(server: Server, options: UiServerOptions): Promise<number> {
  const tries = options.port === 0 ? 1 : options.maxRetries + 1
  for (let attempt = 0; attempt < tries; attempt++) {
    const port = options.port === 0 ? 0 : options.port + attempt
    try {
      // Each attempt removes both of its handlers, whichever fires: a port taken leaves no listener behind.
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => {
          server.off('listening', onListening)
          reject(error)
        }
        const onListening = () => {
          server.off('error', onError)
          resolve()
        }
        server.once('error', onError)
        server.once('listening', onListening)
        server.listen(port, options.host)
      })
      return (server.address() as AddressInfo).port
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE') throw error
      if (attempt < tries - 1) {
        logWarning('Utils', `Service 'SparkUI' could not bind on port ${port}. Attempting port ${port + 1}.`)
      }
    }
  }
  throw new SparkError(
    `Failed to start service 'SparkUI' on port ${options.port} after ${options.maxRetries} retries ` +
      `(starting from ${options.port})! Consider explicitly setting the appropriate port for the service 'SparkUI' ` +
      `(for example spark.ui.port for SparkUI) to an available port or increasing spark.port.maxRetries.`,
  )
}

interface Reply {
  readonly status: number
  readonly type: string
  readonly body: string
  readonly location?: string
}

const html = (body: string, status = 200): Reply => ({ status, type: 'text/html', body })
const json = (body: string, status = 200): Reply => ({ status, type: 'application/json', body })

function handle(
  store: UiQueryStore,
  request: IncomingMessage,
  response: ServerResponse,
  checkHost: boolean,
  zone: () => string,
): void {
  const host = request.headers.host ?? ''
  const url = new URL(request.url ?? '/', 'http://localhost')
  let reply: Reply | undefined
  if (checkHost && !isLoopback(host.replace(/:\d+$/, ''))) {
    reply = {
      status: 403,
      type: 'text/plain',
      body: `Forbidden: the UI answers loopback host names only, not '${host}'.`,
    }
  } else if (request.method !== 'GET' && request.method !== 'HEAD') {
    reply = { status: 405, type: 'text/plain', body: 'Only GET and HEAD are served.' }
  } else if (url.pathname === '/StreamingQuery/events') {
    events(store, url.searchParams.get('id'), request, response)
    return
  } else reply = route(store, url, Date.now(), zone)
  const headers: Record<string, string> = {
    'content-type': `${reply.type}; charset=utf-8`,
    'cache-control': 'no-store',
  }
  if (reply.location) headers.location = reply.location
  response.writeHead(reply.status, headers)
  response.end(reply.body)
}

/** The reply to a GET of a page, an asset or the API. */
function route(store: UiQueryStore, url: URL, now: number, zone: () => string): Reply {
  const path = url.pathname
  const asset = assets.get(path)
  if (asset) return { status: 200, type: asset.type, body: asset.body() }
  if (path === '/' || path === '/StreamingQuery') {
    return { status: 302, type: 'text/plain', body: '', location: '/StreamingQuery/' }
  }
  if (path === '/StreamingQuery/') {
    const runs = store.all()
    return html(url.searchParams.has('tables') ? queryTables(runs, now) : queryListPage(runs, now))
  }
  if (path === '/StreamingQuery/statistics/' || path === '/StreamingQuery/statistics') {
    const id = url.searchParams.get('id') ?? ''
    const run = store.find(id)
    return run ? html(statisticsPage(run, now)) : html(notFoundPage(`Failed to find streaming query ${id}`), 404)
  }
  if (path === '/StreamingQuery/state/' || path === '/StreamingQuery/state') {
    const id = url.searchParams.get('id') ?? ''
    const run = store.find(id)
    if (!run) return html(notFoundPage(`Failed to find streaming query ${id}`), 404)
    const number = (name: string) => {
      const value = Number(url.searchParams.get(name) ?? Number.NaN)
      return Number.isInteger(value) ? value : undefined
    }
    const storeName = url.searchParams.get('store') ?? undefined
    return html(statePage(run, { operatorId: number('operator'), storeName, page: number('page'), zone: zone() }))
  }
  if (path === '/api/v1/streaming/queries') return json(JSON.stringify(store.all().map(runJson)))
  const api = /^\/api\/v1\/streaming\/queries\/([^/]+)(\/progress)?$/.exec(path)
  if (api) {
    const run = store.find(decodeURIComponent(api[1]!))
    if (!run) return json(JSON.stringify({ error: `no query ${api[1]}` }), 404)
    // The same JSON as the query's recentProgress (each element as progress.json prints it).
    if (api[2]) return json(`[${run.progress.map((p) => p.json).join(',')}]`)
    return json(JSON.stringify(runJson(run)))
  }
  return html(notFoundPage(`No page at ${path}`), 404)
}

/**
 * Server-Sent Events: `progress` (a progress's JSON, followed by `sourceWatermarks`, the run's per-source watermarks
 * then) and `status` (a run's summary), for one run or all.
 */
function events(store: UiQueryStore, runId: string | null, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  })
  response.write(': live updates\n\n')
  const target = runId === null ? undefined : store.find(runId)
  const unsubscribe = store.subscribe((event) => {
    if (target && event.run.runId !== target.runId) return
    const data = event.kind === 'progress' ? event.progress.json : JSON.stringify(runJson(event.run))
    response.write(`event: ${event.kind}\ndata: ${data}\n\n`)
    if (event.kind === 'progress') {
      response.write(`event: sourceWatermarks\ndata: ${JSON.stringify(event.run.sourceWatermarks)}\n\n`)
    }
  })
  request.on('close', unsubscribe)
}
