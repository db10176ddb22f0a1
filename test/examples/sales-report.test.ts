// examples/sales_report.ts, run as a user runs it: the tables are worked out by hand from the example's six rows
// (revenue = round(qty * unit_price * 1.2, 2); ranks by revenue within each region; rollup subtotals by region and
// product, NULL first as ascending order puts it, and the grand total; totals by day).
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { runProgram } from '../support/child-program.js'
import { tempDir } from '../support/temp-files.js'

const table = (...lines: string[]) => `${lines.join('\n')}\n\n`

it('examples/sales_report.ts fills, renames, ranks, rolls up, totals, and writes partitioned Parquet it reads back', async () => {
  const out = join(tempDir(), 'report')
  const program = runProgram('examples/sales_report.ts', {}, { args: [out] })
  expect(await program.exited()).toBe(0)
  expect(program.stdout()).toBe(
    table(
      '+-------+-------+---+-------+----+',
      '| region|product|qty|revenue|rank|',
      '+-------+-------+---+-------+----+',
      '|  north|  apple| 10|   18.0|   1|',
      '|  north|   plum|  4|   14.4|   2|',
      '|  north|   pear|  0|    0.0|   3|',
      '|  south|   pear|  8|   19.2|   1|',
      '|  south|  apple|  5|    9.0|   2|',
      '|unknown|  apple|  2|    3.6|   1|',
      '+-------+-------+---+-------+----+',
    ) +
      table(
        '+-------+-------+-----+',
        '| region|product|total|',
        '+-------+-------+-----+',
        '|   NULL|   NULL| 64.2|',
        '|  north|   NULL| 32.4|',
        '|  north|  apple| 18.0|',
        '|  north|   pear|  0.0|',
        '|  north|   plum| 14.4|',
        '|  south|   NULL| 28.2|',
        '|  south|  apple|  9.0|',
        '|  south|   pear| 19.2|',
        '|unknown|   NULL|  3.6|',
        '|unknown|  apple|  3.6|',
        '+-------+-------+-----+',
      ) +
      table(
        '+---+-----+',
        '|day|total|',
        '+---+-----+',
        '|  1| 27.0|',
        '|  2|  0.0|',
        '|  3| 37.2|',
        '|  4|  0.0|',
        '+---+-----+',
      ) +
      '_SUCCESS region=north region=south region=unknown\n' +
      table(
        '+-------+-----+',
        '| region|count|',
        '+-------+-----+',
        '|  north|    3|',
        '|  south|    2|',
        '|unknown|    1|',
        '+-------+-----+',
      ),
  )
  expect(program.stderr()).toBe('')
  for (const region of ['north', 'south', 'unknown']) {
    expect(readdirSync(join(out, `region=${region}`))).toEqual([
      expect.stringMatching(/^part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/),
    ])
  }
}, 60_000)
