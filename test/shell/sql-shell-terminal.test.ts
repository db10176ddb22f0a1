// `rivulet sql` in a real terminal (a tmux pane): a rate source counted by window in the three result modes, Ctrl-C
// and Q leaving a query with the shell still up, LIMIT ending with the total, errors with their caret, background
// queries with SHOW QUERIES and STOP QUERY, multi-line statements, history and completion.
//
// The oracle for the windowed counts is the rate source's rule (Spark's): value v is stamped start + v * 1000 /
// rowsPerSecond ms, and each micro-batch holds the rows of whole seconds, so with 5 rows per second every whole
// 2-second window holds exactly 10 rows, which arrive over more than one batch; and Flink's changelog rule: a key is
// inserted (+I) once, then each update retracts the row shown last (-U) before showing the new one (+U).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bundleProgram } from '../support/child-program.js'
import { TmuxTerminal } from '../support/tmux.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
let dir: string
let cli: string
let term: TmuxTerminal | undefined

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rivulet-shell-'))
  // The command reads its version from the package.json above its folder, as it does installed.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '0.0.0-test' }))
  cli = bundleProgram(join(repo, 'bin', 'rivulet.ts'), join(dir, 'bin'))
})

afterEach(() => {
  term?.kill()
  term = undefined
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const atPrompt = (screen: string) => screen.trimEnd().split('\n').at(-1) === 'rivulet>'

async function startShell(): Promise<TmuxTerminal> {
  term = TmuxTerminal.start([process.execPath, cli, 'sql', '--conf', 'spark.sql.shuffle.partitions=1'], {
    cwd: dir,
    dir,
    env: { RIVULET_SQL_HISTORY: join(dir, 'history') },
  })
  await term.waitFor(atPrompt)
  return term
}

/** Runs a statement and waits until the shell prompts again. */
async function run(t: TmuxTerminal, statement: string): Promise<string> {
  t.press('C-l')
  await t.waitFor((s) => s.trim() === 'rivulet>')
  t.line(statement)
  return t.waitFor((s) => atPrompt(s) && s.split('\n').length > 2)
}

const RATES = 'CREATE TEMPORARY VIEW rates USING rate OPTIONS (rowsPerSecond 5);'
const WINDOWED = "SELECT window.start AS start, count(*) AS n FROM rates GROUP BY window(timestamp, '2 seconds');"

interface ChangeRow {
  readonly op: string
  readonly start: string
  readonly n: number
}

/** The `| op | start | n |` rows of a changelog on screen. */
function changeRows(text: string): ChangeRow[] {
  return [...text.matchAll(/^\| (\+I|-U|\+U|-D) \| +([\d-]+ [\d:.]+) \| +(\d+) \|$/gm)].map((m) => ({
    op: m[1]!,
    start: m[2]!,
    n: Number(m[3]),
  }))
}

/** Replays a changelog by Flink's rule; returns the final count per window. */
function replay(changes: readonly ChangeRow[]): Map<string, number> {
  const table = new Map<string, number>()
  for (const { op, start, n } of changes) {
    if (op === '+I') expect(table.has(start), `+I of a window already shown: ${start}`).toBe(false)
    if (op === '-U') expect(table.get(start), `-U must retract the row shown for ${start}`).toBe(n)
    if (op === '+U') expect(table.has(start), `+U of ${start} without a row`).toBe(true)
    table.set(start, n)
  }
  return table
}

const FULL = 10
const hasFullWindow = (text: string) => changeRows(text).some((c) => c.op === '+U' && c.n === FULL)

describe('rivulet sql in a terminal', { timeout: 120_000 }, () => {
  it('tableau mode prints each change of a windowed count; Ctrl-C stops the query and the shell stays up', async () => {
    const t = await startShell()
    expect(await run(t, RATES)).toContain('[INFO] Execute statement succeeded.')
    await run(t, "SET 'sql-client.execution.result-mode' = 'tableau';")
    t.line(WINDOWED)
    await t.waitFor(hasFullWindow, { scrollback: true })
    t.press('C-c')
    const output = await t.waitFor((s) => /Query terminated, received a total of \d+ rows\nrivulet>/.test(s), {
      scrollback: true,
    })
    expect(output).toContain('| op |                      start |                    n |')
    const counts = replay(changeRows(output))
    expect([...counts.values()].every((n) => n >= 1 && n <= FULL)).toBe(true)
    const total = Number(/received a total of (\d+) rows/.exec(output)![1])
    expect(total).toBe(changeRows(output).length)
    expect(await run(t, 'SHOW TABLES;')).toMatch(/\| +rates \| +true \|[\s\S]*1 row in set/)
  })

  it('changelog mode lists the changes full-screen until Q', async () => {
    const t = await startShell()
    await run(t, RATES)
    await run(t, "SET 'sql-client.execution.result-mode' = 'changelog';")
    t.line(WINDOWED)
    const screen = await t.waitFor(hasFullWindow)
    expect(screen).toContain('Changelog result')
    expect(screen).toMatch(/^\| op \| +start \| +n \|$/m)
    expect(screen).toContain('Page: Last of 1')
    replay(changeRows(screen))
    t.press('q')
    const back = await t.waitFor(atPrompt)
    expect(back).not.toContain('Changelog result')
  })

  it('table mode shows one row per window, refreshed in place, until Q', async () => {
    const t = await startShell()
    await run(t, RATES)
    t.line(WINDOWED)
    const rowsOf = (s: string) =>
      [...s.matchAll(/^\| +([\d-]+ [\d:.]+) \| +(\d+) \|$/gm)].map((m) => [m[1]!, Number(m[2])])
    // Wait for two whole windows: the table then has been redrawn over rows it showed before.
    const screen = await t.waitFor((s) => rowsOf(s).filter(([, n]) => n === FULL).length >= 2)
    expect(screen).toContain('Table result')
    const rows = rowsOf(screen)
    expect(new Set(rows.map(([start]) => start)).size).toBe(rows.length)
    expect(rows.every(([, n]) => (n as number) >= 1 && (n as number) <= FULL)).toBe(true)
    // Keys work while the query runs: + slows the refresh, and the query goes on.
    expect(screen).toContain('Refresh: 1 s')
    t.type('+')
    expect(await t.waitFor((s) => s.includes('Refresh: 5 s'))).toContain('Query running')
    t.press('q')
    expect(await t.waitFor(atPrompt)).not.toContain('Table result')
  })

  it("table mode's keys: pages (N/P, PgUp/PgDn, Home/End), refresh rate (+/-), row selection (↑/↓) and O", async () => {
    const t = await startShell()
    await run(t, 'CREATE TEMPORARY VIEW fast USING rate OPTIONS (rowsPerSecond 100);')
    // The rate source's values 0..99 in order; the 45-line pane leaves 37 rows a page: pages of 37, 37 and 26 rows.
    t.line('SELECT value FROM fast LIMIT 100;')
    const values = (s: string) => [...s.matchAll(/^\| +(\d+) \|$/gm)].map((m) => Number(m[1]))
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)
    const shows = async (page: string, from: number, to: number) => {
      const screen = await t.waitFor((s) => s.includes(`Page: ${page} of 3`))
      expect(values(screen)).toEqual(range(from, to))
      return screen
    }
    const last = await t.waitFor((s) => s.includes('Received a total of 100 rows; the query has ended'))
    expect(last).toContain('Refresh: 1 s')
    await shows('Last', 74, 100)
    t.press('p')
    await shows('2', 37, 74)
    t.press('PageUp')
    await shows('1', 0, 37)
    t.press('PageDown')
    await shows('2', 37, 74)
    t.press('End')
    await shows('Last', 74, 100)
    t.press('Home')
    await shows('1', 0, 37)
    t.press('n')
    await shows('2', 37, 74)
    t.press('P')
    await shows('1', 0, 37)
    t.type('+')
    await t.waitFor((s) => s.includes('Refresh: 5 s'))
    t.type('-')
    t.type('-')
    await t.waitFor((s) => s.includes('Refresh: 500 ms'))
    // ↓ selects the page's first row, ↓ again the second; O opens it, field by field; Q returns to the table.
    t.press('Down')
    t.press('Down')
    t.press('o')
    const row = await t.waitFor((s) => s.includes('Row 2 of 100'))
    expect(row).toMatch(/^value: 1$/m)
    t.press('q')
    await shows('1', 0, 37)
    // ↑ from the first row of a page selects the last row of the page before it.
    t.press('n')
    await shows('2', 37, 74)
    t.press('Up')
    t.press('Enter')
    expect(await t.waitFor((s) => s.includes('Row 37 of 100'))).toMatch(/^value: 36$/m)
    t.press('Escape')
    await shows('1', 0, 37)
    t.press('q')
    expect(await t.waitFor(atPrompt)).not.toContain('Table result')
  })

  it('a streaming SELECT with LIMIT 5 ends with the total line', async () => {
    const t = await startShell()
    await run(t, RATES)
    await run(t, "SET 'sql-client.execution.result-mode' = 'tableau';")
    const output = await run(t, 'SELECT value FROM rates LIMIT 5;')
    const values = [...output.matchAll(/^\| \+I \| +(\d+) \|$/gm)].map((m) => Number(m[1]))
    expect(values).toEqual([0, 1, 2, 3, 4])
    expect(output).toMatch(/Received a total of 5 rows\nrivulet>/)
  })

  it('errors show their message and caret, and the shell keeps running', async () => {
    const t = await startShell()
    await run(t, RATES)
    const syntax = await run(t, 'SELECT value FROM rates WHERE;')
    expect(syntax).toContain('[ERROR] Could not execute SQL statement. Reason:')
    expect(syntax).toContain('[PARSE_SYNTAX_ERROR] Syntax error at or near end of input')
    expect(syntax).toMatch(/== SQL ==\nSELECT value FROM rates WHERE\n-{29}\^\^\^/)
    const analysis = await run(t, 'SELECT nope FROM rates;')
    expect(analysis).toContain('[UNRESOLVED_COLUMN.WITH_SUGGESTION]')
    expect(analysis).toMatch(/== SQL ==\nSELECT nope FROM rates\n-{7}\^\^\^/)
    expect(await run(t, 'SELECT 1 + 1 AS two;')).toMatch(/\| two \|\n\+-----\+\n\| {3}2 \|\n\+-----\+\n1 row in set/)
  })

  it('INSERT INTO starts a background query that SHOW QUERIES lists and STOP QUERY stops', async () => {
    const t = await startShell()
    await run(t, RATES)
    await run(t, 'CREATE TEMPORARY VIEW seen USING memory;')
    const started = await run(t, 'INSERT INTO seen SELECT value FROM rates;')
    const id = /Query ID: ([0-9a-f-]{36})/.exec(started)![1]!
    expect(await run(t, 'SHOW QUERIES;')).toMatch(new RegExp(`\\| ${id} \\| +seen \\| +seen \\| +RUNNING \\|`))
    // The memory sink's table fills while the prompt is free.
    let count = 0
    while (count === 0) {
      const shown = await run(t, 'SELECT count(*) AS n FROM seen;')
      expect(shown).toMatch(/^\| +\d+ \|$/m)
      count = Number(/^\| +(\d+) \|$/m.exec(shown)![1])
    }
    expect(await run(t, `STOP QUERY ${id.slice(0, 8)};`)).toContain(`[INFO] Query ${id} stopped.`)
    expect(await run(t, 'SHOW QUERIES;')).toMatch(new RegExp(`\\| ${id} \\| +seen \\| +seen \\| +STOPPED \\|`))
    const unknown = await run(t, 'STOP QUERY nosuchquery;')
    expect(unknown).toContain("No query with id or name 'nosuchquery'")
  })

  it('statements span lines; history recalls whole statements; Tab completes keywords and names', async () => {
    const t = await startShell()
    t.line('SELECT 1 AS one,')
    await t.waitFor((s) => s.trimEnd().endsWith('       >'))
    t.line('2 AS two;')
    await t.waitFor((s) => s.includes('1 row in set') && atPrompt(s))
    t.press('Up')
    await t.waitFor((s) => s.trimEnd().endsWith('rivulet> SELECT 1 AS one, 2 AS two;'))
    t.press('Enter')
    await t.waitFor((s) => s.split('1 row in set').length === 3 && atPrompt(s))
    expect(readFileSync(join(dir, 'history'), 'utf8')).toContain('SELECT 1 AS one, 2 AS two;\n')
    await run(t, RATES)
    t.type('DESCRIBE ra')
    t.press('Tab')
    await t.waitFor((s) => s.trimEnd().endsWith('rivulet> DESCRIBE rates'))
    t.type(';')
    t.press('Enter')
    await t.waitFor((s) => /\| +value \| +bigint \|/.test(s) && atPrompt(s))
    t.type('show tab')
    t.press('Tab')
    await t.waitFor((s) => s.trimEnd().endsWith('rivulet> show tables'))
  })
})
