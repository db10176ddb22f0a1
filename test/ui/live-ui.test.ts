// The live UI (spark.ui.enabled): served on loopback from the session's first streaming query, on the next free port
// as Spark does; the progress API returns recentProgress's JSON; and in a real browser (Debian's Chromium through
// playwright-core) the query list and statistics pages show Spark's columns, chart titles and tooltips, with charts
// that update while the query runs; the state browser pages through a checkpointed query's state, read by the
// statestore reader. Screenshots of the statistics and state pages are kept in .rivulet-tmp/test-artifacts/.
import { mkdirSync } from 'node:fs'
import { createServer, request } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { IllegalArgumentException } from '../../src/common/errors.js'
import { setLogWriter } from '../../src/common/log.js'
import { col, explode, MemoryStream, type SparkSession, type StreamingQuery, split, window } from '../../src/index.js'
import { UiQueryStore } from '../../src/ui/ui-query-store.js'
import { UiServer } from '../../src/ui/ui-server.js'
import { newSession } from '../support/session.js'
import { tempDir } from '../support/temp-files.js'

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
    await waitUntil(() => lines.length >= 2, 'the link to the query')
  } finally {
    setLogWriter(previous)
  }
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  // The address once, as Spark logs it; then a link from the console to each query's statistics page.
  expect(lines).toEqual([
    `INFO SparkUI: Bound SparkUI to 127.0.0.1, and started at ${url}`,
    `INFO SparkUI: Streaming query rate_counts [id = ${query.id}, runId = ${query.runId}]: ${url}/StreamingQuery/statistics/?id=${query.runId}`,
  ])
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
    // Rivulet's addition to the run summary: each source's own watermark (one source, under withWatermark).
    const summary = (await (await fetch(`${url}/api/v1/streaming/queries/${query.runId}`)).json()) as {
      sourceWatermarks: string[]
    }
    expect(summary.sourceWatermarks).toHaveLength(1)
    expect(Math.abs(Date.now() - Date.parse(summary.sourceWatermarks[0]!))).toBeLessThan(60_000)
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

  it('leaves no listener behind for the ports it could not take (no MaxListenersExceededWarning past ten)', async () => {
    const taken = [createServer()]
    await new Promise<void>((resolve) => taken[0]!.listen(0, '127.0.0.1', resolve))
    const port = (taken[0]!.address() as { port: number }).port
    for (let k = 1; k <= 11; k++) {
      const next = createServer()
      // A port some other process holds is taken all the same.
      await new Promise<void>((resolve) => next.once('error', () => resolve()).listen(port + k, '127.0.0.1', resolve))
      taken.push(next)
    }
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.name)
    process.on('warning', onWarning)
    const previous = setLogWriter(() => {})
    try {
      const options = { host: '127.0.0.1', hostIsExplicit: false, port, maxRetries: 16 }
      const server = await UiServer.start(new UiQueryStore(10, 10), options)
      expect(server.port).toBe(port + 12)
      await new Promise((resolve) => setImmediate(resolve))
      await server.close()
    } finally {
      setLogWriter(previous)
      process.off('warning', onWarning)
      for (const server of taken) server.close()
    }
    expect(warnings).toEqual([])
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
    // The rate source's own watermark: its latest timestamp (wall-clock time) minus the 1 second delay.
    const cell = "document.querySelector('#details table:last-of-type tbody td:last-child')"
    await page.waitForFunction(`/^\\d{4}-/.test(${cell}?.textContent ?? '')`, undefined, { timeout: 30_000 })
    const sourceWatermark = await page.locator('#details table:last-of-type tbody td').last().textContent()
    expect(Math.abs(Date.now() - Date.parse(sourceWatermark!))).toBeLessThan(60_000)

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
  it('browses a checkpointed query state: its operators, stores, and pages of keys and values', async () => {
    // The oracle: a word count over 30 distinct words, then w00 twice more and w07 once more.
    const words = Array.from({ length: 30 }, (_, i) => `w${String(i).padStart(2, '0')}`)
    const expected = new Map(words.map((w) => [w, w === 'w00' ? 3 : w === 'w07' ? 2 : 1]))
    const input = new MemoryStream(spark, 'value STRING')
    const wordCounts = input
      .toDF()
      .select(explode(split(col('value'), ' ')).alias('word'))
      .groupBy('word')
      .count()
      .writeStream.format('noop')
      .outputMode('update')
      .queryName('word_counts')
      .option('checkpointLocation', join(tempDir(), 'checkpoint'))
      .start()
    for (const line of [words.join(' '), 'w00 w00 w07']) {
      input.addData([{ value: line }])
      await wordCounts.processAllAvailable()
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } })
    await page.goto(`${url}/StreamingQuery/statistics/?id=${wordCounts.runId}`)
    await page.locator('#state-link').click()
    expect(await page.locator('h3').textContent()).toBe('Streaming Query State')
    expect(await page.locator('#state-operators th').allTextContents()).toEqual([
      'Operator',
      'Partitions',
      'Total state rows',
      'State rows per partition',
      'Memory used (bytes)',
      'Updated rows',
    ])
    const operator = await page.locator('#state-operators tbody td').allTextContents()
    expect(operator.slice(0, 3)).toEqual(['0: stateStoreSave', '2', '30'])
    expect(operator[3]!.split(' / ').reduce((sum, n) => sum + Number(n), 0)).toBe(30)
    expect(await page.locator('#state-stores tbody td').allTextContents()).toEqual([
      '0: stateStoreSave',
      'default',
      '2',
      '1',
    ])
    // 25 rows a page: the first page, then the next one, hold every word once, with its count.
    const seen = new Map<string, number>()
    const readPage = async () => {
      for (const row of await page.locator('#state-rows tbody tr').all()) {
        const [key, value, partition] = await row.locator('td').allTextContents()
        expect(['0', '1']).toContain(partition)
        seen.set(key!.replace(/^\{|\}$/g, ''), Number(value!.replace(/^\{|\}$/g, '')))
      }
    }
    expect(await page.locator('#state-rows caption').textContent()).toMatch(/: rows 1–25 of 30$/)
    await readPage()
    await page.locator('a[rel="next"]').click()
    expect(await page.locator('#state-rows caption').textContent()).toMatch(/: rows 26–30 of 30$/)
    expect(await page.locator('#state-rows tbody tr').count()).toBe(5)
    await readPage()
    expect(seen).toEqual(expected)
    mkdirSync(artifacts, { recursive: true })
    await page.screenshot({ path: join(artifacts, 'live-ui-state.png'), fullPage: true })
    await wordCounts.stop()
  }, 90_000)

  it('says where state without a checkpoint lives, beside its rows per partition', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}/StreamingQuery/state/?id=${query.runId}`)
    expect(await page.locator('#no-checkpoint').textContent()).toContain('no checkpointLocation')
    const operator = await page.locator('#state-operators tbody td').allTextContents()
    expect(operator.slice(0, 2)).toEqual(['0: stateStoreSave', '2'])
  })
})
