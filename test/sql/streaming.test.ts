// SQL over streaming views, batch by batch: every query and its DataFrame-API twin are fed the same steps, in each
// output mode it supports; both must emit the same rows, and those rows are the ones Spark emits.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  col,
  count,
  type DataFrame,
  explode,
  MemoryStream,
  type Row,
  type SparkSession,
  session_window,
  split,
  sum,
  upper,
  window,
} from '../../src/index.js'
import { newSession } from '../support/session.js'
import { AddData, CheckLastBatch, CheckNewAnswer, type StreamAction } from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

type Mode = 'append' | 'update' | 'complete'

const T0 = Date.UTC(2024, 0, 1)
const at = (seconds: number) => new Date(T0 + seconds * 1000)
const win = (start: number, end: number) => ({ start: at(start), end: at(end) })

interface Scenario {
  /** The stream's schema; its DataFrame is registered as the view `view`. */
  readonly schema: string
  readonly view: string
  /** What the view is made of (a watermark, say) — the twin starts from the same DataFrame. */
  readonly prepare?: (stream: DataFrame) => DataFrame
  readonly sql: string
  readonly twin: (stream: DataFrame, spark: SparkSession) => DataFrame
  readonly steps: readonly (readonly (readonly unknown[])[])[]
  /** Compare rows in order (ORDER BY in complete mode) instead of as sets. */
  readonly ordered?: boolean
}

/** What a step emitted in `mode`: its new rows, or in complete mode the whole table (in order when `ordered`). */
function emitted(mode: Mode, ordered: boolean | undefined, rows: readonly Row[]): StreamAction {
  const check = mode === 'complete' ? CheckLastBatch : CheckNewAnswer
  return ordered ? check.ordered(...rows) : check(...rows)
}

/** The same step, its rows handed to `keep` instead of checked. */
const keepEmitted = (mode: Mode, keep: (rows: Row[]) => void) =>
  (mode === 'complete' ? CheckLastBatch : CheckNewAnswer).by(keep)

/** Runs the scenario's SQL query or its DataFrame twin on a fresh stream in `mode`, step `i` checked by `check(i)`. */
async function runScenario(scenario: Scenario, which: 'sql' | 'twin', mode: Mode, check: (i: number) => StreamAction) {
  const spark = newSession()
  const input = new MemoryStream(spark, scenario.schema)
  const stream = (scenario.prepare ?? ((df) => df))(input.toDF())
  stream.createOrReplaceTempView(scenario.view)
  const df = which === 'sql' ? spark.sql(scenario.sql) : scenario.twin(stream, spark)
  await testStream(df, mode)(...scenario.steps.flatMap((step, i) => [AddData(input, ...step), check(i)]))
  return df
}

/**
 * The twin emits `expected[i]` at step i (where given), and the SQL query emits exactly what the twin emitted, step
 * by step, with the same columns.
 */
async function expectTwins(
  scenario: Scenario,
  mode: Mode,
  expected: readonly (readonly Row[] | undefined)[],
): Promise<void> {
  const twinRows: Row[][] = []
  const twin = await runScenario(scenario, 'twin', mode, (i) => {
    const rows = expected[i]
    return rows
      ? emitted(mode, scenario.ordered, rows)
      : keepEmitted(mode, (got) => {
          twinRows[i] = got
        })
  })
  const sql = await runScenario(scenario, 'sql', mode, (i) =>
    emitted(mode, scenario.ordered, expected[i] ?? twinRows[i]!),
  )
  expect(sql.isStreaming).toBe(true)
  expect(sql.columns).toEqual(twin.columns)
}

const stateless: Scenario = {
  schema: 'word STRING, n INT',
  view: 'words',
  sql: 'SELECT upper(word) AS w, n * 10 AS n10 FROM words WHERE n > 1',
  twin: (s) => s.filter(col('n').gt(1)).select(upper(col('word')).alias('w'), col('n').multiply(10).alias('n10')),
  steps: [
    [
      ['a', 1],
      ['b', 2],
    ],
    [['c', 3]],
  ],
}

// The program of issue 4 (examples/sql_over_stream.ts) on a memory stream: words per 10-second window, HAVING n > 1.
const issueProgram: Scenario = {
  schema: 'value STRING, timestamp TIMESTAMP',
  view: 'lines',
  sql: `
    SELECT window(timestamp, '10 seconds') AS w, word, count(*) AS n
    FROM (SELECT explode(split(value, ' ')) AS word, timestamp FROM lines)
    GROUP BY window(timestamp, '10 seconds'), word
    HAVING count(*) > 1`,
  twin: (s) =>
    s
      .select(explode(split(col('value'), ' ')).alias('word'), col('timestamp'))
      .groupBy(window(col('timestamp'), '10 seconds'), col('word'))
      .agg(count('*').alias('n'))
      .filter(col('n').gt(1))
      .select(col('window').alias('w'), col('word'), col('n')),
  steps: [
    [
      ['a b a', at(1)],
      ['c', at(2)],
    ],
    [
      ['b x', at(3)],
      ['a', at(12)],
    ],
  ],
}

// Steps and expectations as in test/operators/windowed-watermark.test.ts: the watermark trails the max event time
// by 10 s and applies from the next batch; e@5 and a@19 arrive late in step 4.
const watermarked: Scenario = {
  schema: 'word STRING, ts TIMESTAMP',
  view: 'events',
  prepare: (s) => s.withWatermark('ts', '10 seconds'),
  sql: "SELECT window(ts, '10 seconds') AS window, word, count(*) AS count FROM events GROUP BY window(ts, '10 seconds'), word",
  twin: (s) => s.groupBy(window(col('ts'), '10 seconds'), col('word')).count(),
  steps: [
    [
      ['a', at(12)],
      ['a', at(13)],
      ['b', at(14)],
    ],
    [
      ['a', at(25)],
      ['c', at(16)],
    ],
    [['d', at(31)]],
    [
      ['e', at(5)],
      ['a', at(19)],
      ['f', at(26)],
    ],
  ],
}

const tumble: Scenario = {
  schema: 'word STRING, ts TIMESTAMP',
  view: 'events',
  sql: `SELECT window_start, window_end, count(*) AS n
        FROM TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)
        GROUP BY window_start, window_end`,
  twin: (s) =>
    s
      .groupBy(window(col('ts'), '10 seconds'))
      .agg(count('*').alias('n'))
      .select(col('window.start').alias('window_start'), col('window.end').alias('window_end'), col('n')),
  steps: [
    [
      ['a', at(3)],
      ['b', at(12)],
    ],
    [['c', at(14)]],
  ],
}

describe('SQL over streams, each query beside its DataFrame twin', () => {
  it('runs a stateless projection and filter in append and update mode', async () => {
    const expected = [[{ w: 'B', n10: 20 }], [{ w: 'C', n10: 30 }]]
    await expectTwins(stateless, 'append', expected)
    await expectTwins(stateless, 'update', expected)
  })

  it('runs the windowed word count of issue 4 (subquery, explode, HAVING) in update and complete mode', async () => {
    await expectTwins(issueProgram, 'update', [
      [{ w: win(0, 10), word: 'a', n: 2 }],
      [{ w: win(0, 10), word: 'b', n: 2 }],
    ])
    await expectTwins(issueProgram, 'complete', [
      [{ w: win(0, 10), word: 'a', n: 2 }],
      [
        { w: win(0, 10), word: 'a', n: 2 },
        { w: win(0, 10), word: 'b', n: 2 },
      ],
    ])
  })

  it('runs a watermarked window aggregation over a view in append mode: windows close behind the watermark', async () => {
    await expectTwins(watermarked, 'append', [
      [],
      [],
      [
        { window: win(10, 20), word: 'a', count: 2 },
        { window: win(10, 20), word: 'b', count: 1 },
        { window: win(10, 20), word: 'c', count: 1 },
      ],
      [],
    ])
  })

  it('runs the same aggregation in update mode (late rows dropped) and complete mode (nothing dropped)', async () => {
    await expectTwins(watermarked, 'update', [
      [
        { window: win(10, 20), word: 'a', count: 2 },
        { window: win(10, 20), word: 'b', count: 1 },
      ],
      [
        { window: win(20, 30), word: 'a', count: 1 },
        { window: win(10, 20), word: 'c', count: 1 },
      ],
      [{ window: win(30, 40), word: 'd', count: 1 }],
      [{ window: win(20, 30), word: 'f', count: 1 }],
    ])
    await expectTwins(watermarked, 'complete', [
      undefined,
      undefined,
      undefined,
      [
        { window: win(0, 10), word: 'e', count: 1 },
        { window: win(10, 20), word: 'a', count: 3 },
        { window: win(10, 20), word: 'b', count: 1 },
        { window: win(10, 20), word: 'c', count: 1 },
        { window: win(20, 30), word: 'a', count: 1 },
        { window: win(20, 30), word: 'f', count: 1 },
        { window: win(30, 40), word: 'd', count: 1 },
      ],
    ])
  })

  it('runs a global aggregate and an ORDER BY over an aggregate in complete mode', async () => {
    const totals: Scenario = {
      schema: 'word STRING, v INT',
      view: 'nums',
      sql: 'SELECT count(*) AS n, sum(v) AS total FROM nums',
      twin: (s) => s.agg(count('*').alias('n'), sum('v').alias('total')),
      steps: [
        [
          ['a', 1],
          ['b', 2],
        ],
        [['a', 5]],
      ],
    }
    await expectTwins(totals, 'complete', [[{ n: 2, total: 3 }], [{ n: 3, total: 8 }]])
    await expectTwins(totals, 'update', [[{ n: 2, total: 3 }], [{ n: 3, total: 8 }]])
    const ranked: Scenario = {
      ...totals,
      sql: 'SELECT word, count(*) AS n FROM nums GROUP BY word ORDER BY n DESC, word',
      twin: (s) => s.groupBy('word').agg(count('*').alias('n')).orderBy(col('n').desc(), col('word')),
      ordered: true,
    }
    await expectTwins(ranked, 'complete', [
      [
        { word: 'a', n: 1 },
        { word: 'b', n: 1 },
      ],
      [
        { word: 'a', n: 2 },
        { word: 'b', n: 1 },
      ],
    ])
  })

  it('runs SELECT DISTINCT and UNION ALL as streaming deduplication and union', async () => {
    const distinct: Scenario = {
      schema: 'word STRING, n INT',
      view: 'words',
      sql: 'SELECT DISTINCT word FROM words',
      twin: (s) => s.select('word').distinct(),
      steps: [
        [
          ['a', 1],
          ['b', 1],
          ['a', 2],
        ],
        [
          ['b', 3],
          ['c', 3],
        ],
      ],
    }
    await expectTwins(distinct, 'append', [[{ word: 'a' }, { word: 'b' }], [{ word: 'c' }]])
    const union: Scenario = {
      ...distinct,
      sql: 'SELECT word FROM words WHERE n = 1 UNION ALL SELECT upper(word) FROM words WHERE n > 1',
      twin: (s) =>
        s
          .filter(col('n').eqNullSafe(1))
          .select('word')
          .union(s.filter(col('n').gt(1)).select(upper(col('word')))),
    }
    await expectTwins(union, 'append', [
      [{ word: 'a' }, { word: 'b' }, { word: 'A' }],
      [{ word: 'B' }, { word: 'C' }],
    ])
  })

  it('runs a session-window aggregation in append mode: a session is emitted once the watermark passes its end', async () => {
    const sessions: Scenario = {
      ...watermarked,
      prepare: (s) => s.withWatermark('ts', '5 seconds'),
      sql: "SELECT session_window(ts, '5 seconds'), word, count(*) AS n FROM events GROUP BY session_window(ts, '5 seconds'), word",
      twin: (s) => s.groupBy(session_window(col('ts'), '5 seconds'), col('word')).agg(count('*').alias('n')),
      steps: [
        [
          ['a', at(1)],
          ['a', at(3)],
          ['b', at(2)],
        ],
        [['a', at(20)]],
        [['c', at(40)]],
      ],
    }
    // Sessions [1, 8) and [2, 7) close when a@20 moves the watermark to 15; [20, 25) when c@40 moves it to 35.
    await expectTwins(sessions, 'append', [
      [],
      [
        { session_window: win(1, 8), word: 'a', n: 2 },
        { session_window: win(2, 7), word: 'b', n: 1 },
      ],
      [{ session_window: win(20, 25), word: 'a', n: 1 }],
    ])
  })

  it('runs a TUMBLE table-valued function on the window machinery, in update and complete mode', async () => {
    await expectTwins(tumble, 'update', [
      [
        { window_start: at(0), window_end: at(10), n: 1 },
        { window_start: at(10), window_end: at(20), n: 1 },
      ],
      [{ window_start: at(10), window_end: at(20), n: 2 }],
    ])
    await expectTwins(tumble, 'complete', [
      [
        { window_start: at(0), window_end: at(10), n: 1 },
        { window_start: at(10), window_end: at(20), n: 1 },
      ],
      [
        { window_start: at(0), window_end: at(10), n: 1 },
        { window_start: at(10), window_end: at(20), n: 2 },
      ],
    ])
  })

  it('rejects at start what the DataFrame twin is rejected for, with the same message', () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'word STRING, ts TIMESTAMP')
    input.toDF().createOrReplaceTempView('events')
    const failures = (df: DataFrame, mode: Mode) => {
      try {
        df.writeStream.outputMode(mode).format('noop').start()
      } catch (error) {
        return error
      }
      throw new Error('expected start() to fail')
    }
    const cases: [string, DataFrame, Mode][] = [
      ['SELECT word, count(*) FROM events GROUP BY word', input.toDF().groupBy('word').agg(count('*')), 'append'],
      ['SELECT word FROM events LIMIT 2', input.toDF().select('word').limit(2), 'update'],
      ['SELECT word FROM events ORDER BY word', input.toDF().select('word').orderBy('word'), 'append'],
      ['SELECT word FROM events', input.toDF().select('word'), 'complete'],
    ]
    for (const [sql, twin, mode] of cases) {
      const fromSql = failures(spark.sql(sql), mode)
      expect(fromSql).toBeInstanceOf(AnalysisException)
      expect((fromSql as Error).message).toBe((failures(twin, mode) as Error).message)
    }
  })

  it('lists streaming views in SHOW TABLES and describes them', () => {
    const spark = newSession()
    new MemoryStream(spark, 'word STRING, ts TIMESTAMP').toDF().createOrReplaceTempView('events')
    expect(spark.sql('SHOW TABLES').collect()).toEqual([{ namespace: '', tableName: 'events', isTemporary: true }])
    expect(spark.sql('DESCRIBE events').collect()).toEqual([
      { col_name: 'word', data_type: 'string', comment: null },
      { col_name: 'ts', data_type: 'timestamp', comment: null },
    ])
    expect(spark.catalog.listTables().map((t) => t.name)).toEqual(['events'])
    expect(spark.sql('SELECT * FROM events').isStreaming).toBe(true)
    expect(spark.table('events').isStreaming).toBe(true)
  })
})
