// The word-count examples, run as a user runs them against an in-process `nc -lk` stand-in.
import { afterEach, describe, expect, it } from 'vitest'
import { consoleBanner as banner, exampleRunner } from '../support/example-run.js'

const table = (...lines: string[]) => `${lines.join('\n')}\n\n`

describe('examples/word_count.ts', () => {
  const examples = exampleRunner()
  afterEach(() => examples.stop())

  async function start(env: Record<string, string> = {}) {
    const run = await examples.start('examples/word_count.ts', env)
    await run.program.waitFor(banner(0))
    return run
  }

  it('prints every count each batch in complete mode', async () => {
    const { server, program } = await start()
    server.send('apache spark\n')
    await program.waitFor(banner(1))
    await program.waitFor('| spark|    1|\n+------+-----+\n\n')
    server.send('apache hadoop\n')
    await program.waitFor(banner(2))
    await program.waitFor('|hadoop|    1|\n+------+-----+\n\n')
    expect(program.stdout()).toBe(
      banner(0) +
        table('+----+-----+', '|word|count|', '+----+-----+', '+----+-----+') +
        banner(1) +
        table(
          '+------+-----+',
          '|  word|count|',
          '+------+-----+',
          '|apache|    1|',
          '| spark|    1|',
          '+------+-----+',
        ) +
        banner(2) +
        table(
          '+------+-----+',
          '|  word|count|',
          '+------+-----+',
          '|apache|    2|',
          '| spark|    1|',
          '|hadoop|    1|',
          '+------+-----+',
        ),
    )
  })

  it('prints only the counts that changed in update mode', async () => {
    const { server, program } = await start({ OUTPUT_MODE: 'update' })
    server.send('apache spark\n')
    await program.waitFor(banner(1))
    server.send('apache hadoop\n')
    await program.waitFor(banner(2))
    await program.waitFor('|hadoop|    1|\n+------+-----+\n\n')
    expect(program.stdout().slice(program.stdout().indexOf(banner(2)))).toBe(
      banner(2) +
        table(
          '+------+-----+',
          '|  word|count|',
          '+------+-----+',
          '|apache|    2|',
          '|hadoop|    1|',
          '+------+-----+',
        ),
    )
  })

  it("fails at start() in append mode, with Spark's message", async () => {
    const { program } = await examples.start('examples/word_count.ts', { OUTPUT_MODE: 'append' }, false)
    expect(await program.exited()).not.toBe(0)
    expect(program.stderr()).toContain(
      'AnalysisException: Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark',
    )
  })
})

describe('examples/windowed_word_count.ts', () => {
  const examples = exampleRunner()
  afterEach(() => examples.stop())

  it('prints a window once, after the watermark passes its end', async () => {
    const { server, program } = await examples.start('examples/windowed_word_count.ts', {
      WINDOW: '1 second',
      SLIDE: '1 second',
      WATERMARK: '0 seconds',
    })
    await program.waitFor(banner(0))
    server.send('cat dog cat\n')
    await program.waitFor(banner(1))
    // Event time is the receive time: the next line must arrive in a later second to move the watermark past
    // the first line's window. Waiting for the clock is the point of this step.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    server.send('owl\n')
    await program.waitFor('|cat |2    |')
    const out = program.stdout()
    expect(out).toMatch(/\|window {36}\|word\|count\|\n/)
    expect(out).toMatch(/\|\{\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\}\|cat \|2 {4}\|\n/)
    expect(out).toMatch(/\|dog \|1 {4}\|/)
    expect(out).not.toContain('owl')
  })
})
