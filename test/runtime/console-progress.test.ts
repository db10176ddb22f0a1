// The progress bar of bounded runs: its text (done / total, rows, rows/s, ETA), drawn only on a terminal and only
// while spark.ui.showConsoleProgress allows, erased at the end; and in a real terminal (tmux) for an AvailableNow
// query over files and for `rivulet sql -f`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ConsoleProgress, etaText, progressText } from '../../src/runtime/console-progress.js'
import { bundleProgram } from '../support/child-program.js'
import { TmuxTerminal } from '../support/tmux.js'

describe('progressText', () => {
  it('shows the share done as a bar, then done / total, rows, rows/s and the time left at the same pace', () => {
    const line = { label: 'batch 3', backlog: { done: 2, total: 5, unit: 'files' }, rows: 2000, elapsedMs: 4000 }
    // 2 of 5 files in 4 s: 3 left take 6 s; the bar gets what the facts leave of 80 columns (23), 40% filled.
    expect(progressText(line, 80)).toBe(
      '[batch 3] [=========>             ] 2/5 files, 2,000 rows, 500 rows/s, ETA 0:06',
    )
  })

  it('drops the ETA when nothing is done yet, and the bar when the total is unknown', () => {
    // 60 columns: the bar gets 60 - 3 (label) - 27 (facts) - 5 (brackets and spaces) = 25.
    expect(progressText({ label: 'q', backlog: { done: 0, total: 4, unit: 'files' }, rows: 0, elapsedMs: 0 }, 60)).toBe(
      `[q] [>${' '.repeat(24)}] 0/4 files, 0 rows, 0 rows/s`,
    )
    expect(progressText({ label: 'q', rows: 1500, elapsedMs: 3000 }, 60)).toBe('[q] 1,500 rows, 500 rows/s')
    expect(etaText(3_725_000)).toBe('1:02:05')
  })
})

describe('ConsoleProgress', () => {
  const stream = (isTTY: boolean) => {
    const writes: string[] = []
    return { isTTY, columns: 40, write: (text: string) => writes.push(text), writes }
  }

  it('draws only on a terminal, and not when spark.ui.showConsoleProgress is false', () => {
    expect(ConsoleProgress.create(() => undefined, stream(false))).toBeUndefined()
    expect(
      ConsoleProgress.create((k) => (k === 'spark.ui.showConsoleProgress' ? 'false' : undefined), stream(true)),
    ).toBeUndefined()
    const tty = stream(true)
    const bar = ConsoleProgress.create(() => undefined, tty)!
    bar.show({ label: 'q', rows: 10, elapsedMs: 1000 })
    bar.hide()
    bar.redraw()
    bar.finish()
    bar.redraw()
    expect(tty.writes).toEqual([
      '\r[q] 10 rows, 10 rows/s\x1b[K',
      '\r\x1b[K',
      '\r[q] 10 rows, 10 rows/s\x1b[K',
      '\r\x1b[K',
    ])
  })
})

describe('the progress bar in a terminal', { timeout: 120_000 }, () => {
  const repo = fileURLToPath(new URL('../..', import.meta.url))
  let dir: string
  let term: TmuxTerminal | undefined

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rivulet-progress-'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '0.0.0-test' }))
  })

  afterEach(() => {
    term?.kill()
    term = undefined
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('counts the files of an AvailableNow query as its batches read them, and is erased at the end', async () => {
    const input = join(dir, 'in')
    mkdirSync(input)
    for (let i = 0; i < 4; i++) writeFileSync(join(input, `${i}.json`), '{"n":1}\n{"n":2}\n', { flag: 'w' })
    const program = bundleProgram(join(repo, 'test', 'fixtures', 'available-now-files.ts'), join(dir, 'files'))
    term = TmuxTerminal.start([process.execPath, program], { cwd: dir, dir, env: { IN: input, BATCH_MS: '700' } })
    const shown = await term.waitFor(/\[files: batch \d\] \[=*>? *\] [1-3]\/4 files, \d+ rows/)
    expect(shown).toMatch(/rows\/s/)
    const end = await term.waitFor('read 8 rows', { scrollback: true })
    expect(end).not.toContain('files,')
  })

  it('shows which statement of a script runs under rivulet sql -f', async () => {
    const cli = bundleProgram(join(repo, 'bin', 'rivulet.ts'), join(dir, 'bin'))
    const script = join(dir, 'slow.sql')
    writeFileSync(
      script,
      'CREATE TEMPORARY VIEW rates USING rate OPTIONS (rowsPerSecond 2);\nSELECT value FROM rates LIMIT 8;\n',
    )
    term = TmuxTerminal.start([process.execPath, cli, 'sql', '-f', script], { cwd: dir, dir })
    await term.waitFor(/\[statement 2\/2\] \[=+>? *\] 1\/2 statements/)
    const end = await term.waitFor('Received a total of 8 rows', { scrollback: true })
    expect(end).not.toContain('statements')
  })
})
