// The join examples, run as a user runs them against an in-process `nc -lk` stand-in: events enriched from a CSV
// table (stream–static), and Spark's impressions/clicks left outer join (stream-stream, watermarks, time range).
import { afterEach, describe, expect, it } from 'vitest'
import { consoleBanner as banner, exampleRunner } from '../support/example-run.js'

const table = (...lines: string[]) => `${lines.join('\n')}\n\n`

describe('examples/stream_static_join.ts', () => {
  const examples = exampleRunner()
  afterEach(() => examples.stop())

  it('enriches each event with its user from the CSV table, unknown users with nulls', async () => {
    const { server, program } = await examples.start('examples/stream_static_join.ts')
    await program.waitFor(banner(0))
    server.send('1,login\n5,logout\n')
    await program.waitFor(banner(1))
    const expected = table(
      '+------+------+----+-------+',
      '|userId|action|name|country|',
      '+------+------+----+-------+',
      '|     1| login| Ada|     UK|',
      '|     5|logout|NULL|   NULL|',
      '+------+------+----+-------+',
    )
    await program.waitFor(expected)
    expect(program.stdout().slice(program.stdout().indexOf(banner(1)))).toBe(banner(1) + expected)
  }, 60_000)
})

describe('examples/ad_impressions_clicks.ts', () => {
  const examples = exampleRunner()
  afterEach(() => examples.stop())

  it('joins clicks within the hour at once, and an impression never clicked once the watermarks pass it', async () => {
    const { server, program } = await examples.start('examples/ad_impressions_clicks.ts')
    await program.waitFor(banner(0))
    const header = ['|impressionAdId|     impressionTime|clickAdId|          clickTime|']
    const rule = '+--------------+-------------------+---------+-------------------+'
    server.send('impression,1,2024-01-01 10:00:00\nimpression,2,2024-01-01 10:05:00\nclick,1,2024-01-01 10:20:00\n')
    await program.waitFor(
      table(rule, ...header, rule, '|             1|2024-01-01 10:00:00|        1|2024-01-01 10:20:00|', rule),
    )
    // Watermarks go to 11:30 (13:30 − 2 h, 14:30 − 3 h): impressions before 10:30 can no longer be clicked within
    // their hour, so ad 2 comes out with nulls in the no-data batch that follows.
    server.send('impression,3,2024-01-01 13:30:00\nclick,9,2024-01-01 14:30:00\n')
    // A column holding only NULLs is as wide as its name.
    const nullRule = '+--------------+-------------------+---------+---------+'
    await program.waitFor(
      table(
        nullRule,
        '|impressionAdId|     impressionTime|clickAdId|clickTime|',
        nullRule,
        '|             2|2024-01-01 10:05:00|     NULL|     NULL|',
        nullRule,
      ),
    )
    expect(program.stdout()).not.toContain('|             1|2024-01-01 10:00:00|     NULL|')
  }, 60_000)
})
