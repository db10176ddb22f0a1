// The live UI (spark.ui.enabled): served on loopback from the session's first streaming query, on the next free port
// as Spark does; the progress API returns recentProgress's JSON; and in a real browser (Debian's Chromium through
// playwright-core) the query list and statistics pages show Spark's columns, chart titles and tooltips, with charts
// that update while the query runs. A screenshot of the statistics page is kept in .rivulet-tmp/test-artifacts/.
import { mkdirSync } from 'node:fs'
import { createServer, request } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { IllegalArgumentException } from '../../src/common/errors.js'
import { setLogWriter } from '../../src/common/log.js'
import { col, type SparkSession, type StreamingQuery, window } from '../../src/index.js'
import { UiQueryStore } from '../../src/ui/ui-query-store.js'
import { UiServer } from '../../src/ui/ui-server.js'
import { newSession } from '../support/session.js'

const artifacts = fileURLToPath(new URL('../../.rivulet-tmp/test-artifacts/', import.meta.url))

const SPARK_COLUMNS = [
  'Name',
  'Status',
  'ID',
  'Run ID',
  'Start Time',
  'Duration',
  'Avg Input /sec',
  'Avg Process /sec',
  'Latest Batch',
]

/** Spark's chart titles and tooltips (StreamingQueryStatisticsPage) for a windowed count with a watermark. */
const SPARK_CHARTS: [string, string][] = [
  ['Input Rate', 'The aggregate (across all sources) rate of data arriving.'],
  ['Process Rate', 'The aggregate (across all sources) rate at which Spark is processing data.'],
  ['Input Rows', 'The aggregate (across all sources) number of records processed in a trigger.'],
  ['Batch Duration', 'The process duration of each batch.'],
  ['Operation Duration', 'The amount of time taken to perform various operations in milliseconds.'],
  ['Global Watermark Gap', 'The gap between batch timestamp and global watermark for the batch.'],
  ['Aggregated Number Of Total State Rows', 'Aggregated number of total state rows.'],
  ['Aggregated Number Of Updated State Rows', 'Aggregated number of updated state rows.'],
  ['Aggregated State Memory Used In Bytes', 'Aggregated state memory used in bytes.'],
  [
    'Aggregated Number Of Rows Dropped By Watermark',
    "Accumulates all input rows being dropped in stateful operators by watermark. 'Inputs' are relative to operators.",
  ],
]

let spark: SparkSession
let query: StreamingQuery
let url: string

function startWindowedCount(session: SparkSession, name: string): StreamingQuery {
  return session.readStream
    .format('rate')
    .option('rowsPerSecond', 20)
    .load()
    .withWatermark('timestamp', '1 second')
    .groupBy(window(col('timestamp'), '1 second'))
    .count()
    .writeStream.format('noop')
    .outputMode('update')
    .queryName(name)
    .start()
}

async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A GET with a chosen Host header (fetch does not let a page choose it; an attacker's DNS name does). */
function getWithHost(target: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(target, { headers: { host } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

beforeAll(async () => {
  spark = newSession({ 'spark.ui.enabled': 'true', 'spark.ui.port': '0', 'spark.sql.shuffle.partitions': '2' })
  const lines: string[] = []
  const previous = setLogWriter((line) => lines.push(line))
  try {
    query = startWindowedCount(spark, 'rate_counts')
    url = (await spark.startUi())!
  } finally {
    setLogWriter(previous)
  }
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  expect(lines).toEqual([`INFO SparkUI: Bound SparkUI to 127.0.0.1, and started at ${url}`])
  await waitUntil(() => query.recentProgress.some((p) => p.stateOperators.length > 0 && p.numInputRows > 0), 'data')
})

afterAll(async () => {
  await spark?.stop()
})

describe('the live UI server', () => {
  it('lists the queries and returns their recentProgress JSON', async () => {
    const queries = (await (await fetch(`${url}/api/v1/streaming/queries`)).json()) as Record<string, unknown>[]
    expect(queries).toContainEqual(
      expect.objectContaining({ name: 'rate_counts', id: query.id, runId: query.runId, status: 'RUNNING' }),
    )
    const served = (await (await fetch(`${url}/api/v1/streaming/queries/${query.runId}/progress`)).json()) as {
      batchId: number
      timestamp: string
    }[]
    expect(served.length).toBeGreaterThan(0)
    // Batches may run between the request and this line: compare every batch the API returned.
    const recent = query.recentProgress
    for (const progress of served) {
      const same = recent.find((p) => p.batchId === progress.batchId && p.timestamp === progress.timestamp)
      expect(progress).toEqual(JSON.parse(same!.json))
    }
  })

  it('answers loopback host names only, against DNS rebinding', async () => {
    const port = new URL(url).port
    expect(await getWithHost(`${url}/StreamingQuery/`, `evil.example:${port}`)).toBe(403)
    expect(await getWithHost(`${url}/StreamingQuery/`, `localhost:${port}`)).toBe(200)
  })

  it('refuses a non-loopback address unless spark.ui.host names it', async () => {
    const options = { host: '0.0.0.0', hostIsExplicit: false, port: 0, maxRetries: 0 }
    await expect(UiServer.start(new UiQueryStore(10, 10), options)).rejects.toThrow(IllegalArgumentException)
    await expect(UiServer.start(new UiQueryStore(10, 10), options)).rejects.toThrow(
      "The UI binds to loopback addresses only, unless spark.ui.host is set explicitly; refusing '0.0.0.0'.",
    )
  })

  it('takes the next port when spark.ui.port is taken, as Spark does', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as { port: number }).port
    const lines: string[] = []
    const previous = setLogWriter((line) => lines.push(line))
    try {
      const options = { host: '127.0.0.1', hostIsExplicit: false, port, maxRetries: 16 }
      const server = await UiServer.start(new UiQueryStore(10, 10), options)
      expect(server.port).toBe(port + 1)
      await server.close()
    } finally {
      setLogWriter(previous)
      taken.close()
    }
    expect(lines).toEqual([
      `WARN Utils: Service 'SparkUI' could not bind on port ${port}. Attempting port ${port + 1}.`,
    ])
  })
})

describe('the live UI in a browser', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
  })

  afterEach(async () => {
    for (const context of browser?.contexts() ?? []) await context.close()
  })

  it('shows the query list with Spark columns and opens the statistics page with live charts', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2200 } })
    await page.goto(`${url}/StreamingQuery/`)
    expect(await page.locator('h5#activequeries').textContent()).toBe('Active Streaming Queries (1)')
    expect(await page.locator('#active-table th').allTextContents()).toEqual(SPARK_COLUMNS)
    const cells = await page.locator('#active-table tbody tr').first().locator('td').allTextContents()
    expect(cells.slice(0, 4)).toEqual(['rate_counts', 'RUNNING', query.id, query.runId])

    await page.locator(`a[href*="${query.runId}"]`).click()
    await page.waitForSelector('#stat-table tbody tr')
    expect(await page.locator('h3').textContent()).toBe('Streaming Query Statistics')
    expect(await page.locator('main').textContent()).toContain(`RunId: ${query.runId}`)
    const titles = await page
      .locator('#stat-table tbody td.chart-title strong')
      .evaluateAll((nodes) =>
        nodes.map((n) => [n.firstChild?.textContent?.trim(), n.querySelector('.tip')?.getAttribute('title')]),
      )
    expect(titles).toEqual(SPARK_CHARTS)
    expect(await page.locator('#input-rate-timeline canvas').count()).toBeGreaterThan(0)
    expect(await page.locator('#input-rate-histogram canvas').count()).toBeGreaterThan(0)

    // Live: new batches arrive over Server-Sent Events and the charts grow without a reload.
    const shown = Number(await page.locator('body').getAttribute('data-batches'))
    await page.waitForFunction(`Number(document.body.dataset.batches) > ${shown}`, undefined, { timeout: 30_000 })
    expect(Number(await page.locator('body').getAttribute('data-batches'))).toBeGreaterThan(shown)
    expect(await page.locator('#details caption').allTextContents()).toEqual(['State operators', 'Sources'])

    mkdirSync(artifacts, { recursive: true })
    await page.screenshot({ path: join(artifacts, 'live-ui-statistics.png'), fullPage: true })
  }, 90_000)

  it('moves a stopped query to the completed table without a reload', async () => {
    const other = startWindowedCount(spark, 'short_lived')
    const page = await browser.newPage()
    await page.goto(`${url}/StreamingQuery/`)
    await page.waitForSelector('text=short_lived')
    await other.stop()
    await page.waitForSelector('#completedqueries', { timeout: 30_000 })
    expect(await page.locator('#completed-table th').allTextContents()).toEqual([...SPARK_COLUMNS, 'Error'])
    const row = await page.locator('#completed-table tbody tr').first().locator('td').allTextContents()
    expect(row.slice(0, 2)).toEqual(['short_lived', 'FINISHED'])
    expect(row.at(-1)).toBe('-')
  }, 90_000)
})
