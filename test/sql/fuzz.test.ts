// Seeded fuzzing of spark.sql: random token soups, random well-formed statements over the test views, and mutations
// of both. Each must bind or fail with a positioned ParseException or AnalysisException — never another error,
// never a hang.
import { describe, expect, it } from 'vitest'
import { AnalysisException, MemoryStream, ParseException, type SparkSession } from '../../src/index.js'
import { seededRandom } from '../support/random.js'
import { newSession } from '../support/session.js'

type Rng = () => number
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!
const chance = (rng: Rng, p: number) => rng() < p

const views: Readonly<Record<string, readonly string[]>> = {
  people: ['name', 'age', 'city', 'tags'],
  events: ['ts', 'user', 'action', 'amount'],
  clicks: ['ts', 'page', 'n'],
}

const literals = [
  '1',
  '0',
  '-7',
  '2147483648',
  '10L',
  '3Y',
  '300Y',
  '1.5',
  '0.001',
  '1e3',
  '2.5F',
  "'a'",
  "'Paris'",
  "''",
  'NULL',
  'TRUE',
  'false',
  "DATE '2024-01-01'",
  "DATE '2024-13-40'",
  "TIMESTAMP '2024-01-01 10:00:00'",
  "TIMESTAMP 'x'",
  "INTERVAL '10' SECOND",
  'INTERVAL 1 HOUR 30 MINUTES',
  "INTERVAL '1' MONTH",
  "INTERVAL '1 02:03' DAY TO MINUTE",
  "INTERVAL '10 seconds'",
  "X'1F'",
  "'10 seconds'",
]

const functions = [
  ['upper', 1],
  ['lower', 1],
  ['length', 1],
  ['abs', 1],
  ['coalesce', 2],
  ['concat', 3],
  ['substring', 3],
  ['size', 1],
  ['explode', 1],
  ['posexplode', 1],
  ['count', 1],
  ['sum', 1],
  ['avg', 1],
  ['max', 1],
  ['min', 1],
  ['year', 1],
  ['hour', 1],
  ['window', 2],
  ['window', 3],
  ['session_window', 2],
  ['date_format', 2],
  ['split', 2],
  ['if', 3],
  ['nosuch', 1],
  ['current_timestamp', 0],
  ['array', 2],
  ['struct', 2],
  ['round', 2],
] as const

const types = [
  'INT',
  'BIGINT',
  'STRING',
  'DOUBLE',
  'DECIMAL(10, 2)',
  'DATE',
  'TIMESTAMP',
  'BOOLEAN',
  'ARRAY<INT>',
  'foo',
]
const binaryOps = [
  '+',
  '-',
  '*',
  '/',
  '%',
  'div',
  '=',
  '==',
  '<>',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '<=>',
  'AND',
  'OR',
  '||',
  '&',
]

/** A random expression over `columns` (and names that do not exist), `depth` levels deep at most. */
function expression(rng: Rng, columns: readonly string[], depth: number): string {
  const leaf = () =>
    chance(rng, 0.55)
      ? pick(rng, [...columns, ...columns, 'nope', 'window.start', 't.name', 'p.age', '`age`'])
      : pick(rng, literals)
  if (depth <= 0 || chance(rng, 0.25)) return leaf()
  // Mostly parenthesized, so that most statements parse and reach the binder.
  const text = compound(rng, columns, depth)
  return chance(rng, 0.85) ? `(${text})` : text
}

function compound(rng: Rng, columns: readonly string[], depth: number): string {
  const sub = () => expression(rng, columns, depth - 1)
  switch (Math.floor(rng() * 14)) {
    case 0:
    case 1:
      return `${sub()} ${pick(rng, binaryOps)} ${sub()}`
    case 2:
      return `${pick(rng, ['-', 'NOT ', '~', '+'])}${sub()}`
    case 3:
    case 4: {
      const [name, arity] = pick(rng, functions)
      const args = Array.from({ length: chance(rng, 0.1) ? arity + 1 : arity }, sub)
      if (name === 'count' && chance(rng, 0.3)) return chance(rng, 0.5) ? 'count(*)' : `count(DISTINCT ${sub()})`
      return `${name}(${args.join(', ')})`
    }
    case 5:
      return `CASE ${chance(rng, 0.3) ? `${sub()} ` : ''}WHEN ${sub()} THEN ${sub()} ${chance(rng, 0.5) ? `ELSE ${sub()} ` : ''}END`
    case 6:
      return pick(rng, [
        `CAST(${sub()} AS ${pick(rng, types)})`,
        `TRY_CAST(${sub()} AS ${pick(rng, types)})`,
        `${sub()}::${pick(rng, types)}`,
      ])
    case 7:
      return `${sub()} ${chance(rng, 0.3) ? 'NOT ' : ''}BETWEEN ${sub()} AND ${sub()}`
    case 8:
      return `${sub()} ${chance(rng, 0.3) ? 'NOT ' : ''}IN (${sub()}, ${sub()})`
    case 9:
      return `${sub()} ${pick(rng, ['LIKE', 'ILIKE', 'RLIKE', 'NOT LIKE'])} ${pick(rng, ["'a%'", "'_'", sub()])}`
    case 10:
      return `${sub()} IS ${pick(rng, ['NULL', 'NOT NULL', 'TRUE', 'NOT FALSE', 'DISTINCT FROM NULL'])}`
    case 11:
      return pick(rng, [`${sub()}[${sub()}]`, `(${sub()})`, `struct(${sub()}, ${sub()}).col1`, `(${sub()}, ${sub()})`])
    case 12:
      return pick(rng, [
        `EXTRACT(${pick(rng, ['YEAR', 'SECOND', 'dow', 'nope'])} FROM ${sub()})`,
        `TRIM(${pick(rng, ['BOTH', 'LEADING', 'TRAILING'])} ${sub()} FROM ${sub()})`,
        `SUBSTRING(${sub()} FROM ${sub()} FOR ${sub()})`,
        `POSITION(${sub()} IN ${sub()})`,
      ])
    default:
      return pick(rng, [`EXISTS (SELECT 1)`, `(SELECT 1)`, `${sub()} IN (SELECT age FROM people)`, `x -> x`])
  }
}

function relation(rng: Rng, depth: number): { text: string; columns: readonly string[] } {
  const view = pick(rng, Object.keys(views))
  const columns = views[view]!
  switch (Math.floor(rng() * (depth > 0 ? 9 : 5))) {
    case 0:
    case 1:
      return { text: `${view}${chance(rng, 0.4) ? ` ${pick(rng, ['t', 'p', 'AS x'])}` : ''}`, columns }
    case 2:
      return {
        text: `${pick(rng, ['TUMBLE', 'HOP', 'tumble'])}(TABLE ${view}, DESCRIPTOR(${pick(rng, ['ts', ...columns])}), ${pick(rng, literals)}${chance(rng, 0.5) ? `, ${pick(rng, literals)}` : ''})`,
        columns: [...columns, 'window_start', 'window_end'],
      }
    case 3:
      return {
        text: `VALUES (${pick(rng, literals)}, ${pick(rng, literals)}), (${pick(rng, literals)}, ${pick(rng, literals)}) AS v(a, b)`,
        columns: ['a', 'b'],
      }
    case 4:
      return {
        text: pick(rng, ['range(3)', 'range(1, 5, 2)', "range('a')", 'range(0, 3, 0)', 'nosuch(1)']),
        columns: ['id'],
      }
    case 5:
      return { text: `(${query(rng, depth - 1)}) ${pick(rng, ['s', 'AS s(c1)', ''])}`, columns: ['c1', 'name', 'age'] }
    case 6:
      return { text: `${view} JOIN ${pick(rng, Object.keys(views))} ON ${expression(rng, columns, 1)}`, columns }
    case 7:
      return { text: `${view}, ${pick(rng, Object.keys(views))}`, columns }
    default:
      return {
        text: `${view} LATERAL VIEW ${pick(rng, ['', 'OUTER '])}explode(${pick(rng, columns)}) e AS x`,
        columns: [...columns, 'x'],
      }
  }
}

function query(rng: Rng, depth: number): string {
  const from = relation(rng, depth)
  const e = (d = 2) => expression(rng, from.columns, d)
  const items = Array.from({ length: 1 + Math.floor(rng() * 3) }, () =>
    chance(rng, 0.15)
      ? pick(rng, ['*', 't.*', 'nope.*'])
      : `${e()}${chance(rng, 0.4) ? ` AS ${pick(rng, ['a', 'n', 'w', 'window'])}` : ''}`,
  )
  let text = `SELECT ${chance(rng, 0.1) ? 'DISTINCT ' : ''}${items.join(', ')} FROM ${from.text}`
  if (chance(rng, 0.4)) text += ` WHERE ${e()}`
  if (chance(rng, 0.35)) {
    const keys = Array.from({ length: 1 + Math.floor(rng() * 2) }, () =>
      pick(rng, [e(1), '1', '2', '5', 'a', 'w', 'ALL', `window(ts, '10 seconds')`, 'ROLLUP(a)']),
    )
    text += ` GROUP BY ${keys.join(', ')}`
    if (chance(rng, 0.4)) text += ` HAVING ${e()}`
  }
  if (chance(rng, 0.2)) text += ` ${pick(rng, ['UNION', 'UNION ALL', 'INTERSECT', 'EXCEPT'])} ${query(rng, 0)}`
  if (chance(rng, 0.3)) text += ` ORDER BY ${pick(rng, [e(1), '1', '3', 'a DESC', 'n NULLS LAST'])}`
  if (chance(rng, 0.25)) text += ` LIMIT ${pick(rng, ['1', '0', '-1', "'x'", '1 + 1', 'age', 'NULL'])}`
  if (chance(rng, 0.05)) text += ' OFFSET 1'
  return chance(rng, 0.1) ? `WITH c AS (${query(rng, 0)}) ${text.replace(/FROM \w+/, 'FROM c')}` : text
}

function statement(rng: Rng): string {
  switch (Math.floor(rng() * 10)) {
    case 0:
      return `EXPLAIN ${pick(rng, ['', 'EXTENDED ', 'FORMATTED ', 'CODEGEN '])}${query(rng, 1)}`
    case 1:
      return pick(rng, ['SHOW TABLES', "SHOW TABLES LIKE 'p*'", 'SHOW TABLES IN default', 'SHOW TABLES IN x.y'])
    case 2:
      return pick(rng, ['DESCRIBE people', 'DESCRIBE TABLE nope', `DESCRIBE QUERY ${query(rng, 0)}`])
    case 3:
      return `CREATE ${pick(rng, ['OR REPLACE ', ''])}${pick(rng, ['TEMPORARY ', 'TEMP ', 'GLOBAL TEMPORARY ', ''])}VIEW ${pick(rng, ['v', 'people', 'a.b'])} AS ${query(rng, 0)}`
    default:
      return query(rng, 2)
  }
}

const soupVocabulary = [
  ...['SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'ORDER', 'LIMIT', 'UNION', 'ALL', 'JOIN', 'ON', 'AS'],
  ...['CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'NULL', 'IN', 'IS', 'NOT', 'BETWEEN', 'AND', 'LIKE', 'DISTINCT'],
  ...['WITH', 'VALUES', 'TABLE', 'LATERAL', 'VIEW', 'INTERVAL', 'DATE', 'TIMESTAMP', 'CAST', 'EXTRACT', 'TUMBLE'],
  ...['DESCRIPTOR', 'EXPLAIN', 'SHOW', 'TABLES', 'DESCRIBE', 'CREATE', 'TEMP', 'people', 'events', 'name', 'age'],
  ...['ts', 'window', 'count', '*', '(', ')', ',', '.', '+', '-', '=', '<', '>', '::', '[', ']', "'x'", '1', '2.5'],
  ...["'10 seconds'", 'SECOND', 'DAY', 'TO', '||', ';', '--c\n', '`q`', '?', '#'],
]

function soup(rng: Rng): string {
  return Array.from({ length: 1 + Math.floor(rng() * 14) }, () => pick(rng, soupVocabulary)).join(' ')
}

/** A statement damaged at random: tokens dropped, duplicated, swapped or inserted, or the text cut short. */
function mutate(rng: Rng, text: string): string {
  const tokens = text.split(/(\s+|[(),])/).filter((t) => t.trim() !== '')
  for (let edits = 1 + Math.floor(rng() * 3); edits > 0; edits--) {
    const i = Math.floor(rng() * tokens.length)
    switch (Math.floor(rng() * 5)) {
      case 0:
        tokens.splice(i, 1)
        break
      case 1:
        tokens.splice(i, 0, tokens[i] ?? '')
        break
      case 2:
        tokens.splice(i, 0, pick(rng, soupVocabulary))
        break
      case 3: {
        const j = Math.floor(rng() * tokens.length)
        ;[tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!]
        break
      }
      default:
        tokens.length = Math.max(1, i)
    }
  }
  return tokens.join(' ')
}

function fuzzSession(): SparkSession {
  const spark = newSession()
  spark
    .createDataFrame([['Alice', 34, 'Paris', ['a']]], 'name STRING, age INT, city STRING, tags ARRAY<STRING>')
    .createOrReplaceTempView('people')
  spark
    .createDataFrame(
      [['2024-01-01T10:00:03Z', 'u1', 'click', 1.5]],
      'ts TIMESTAMP, user STRING, action STRING, amount DOUBLE',
    )
    .createOrReplaceTempView('events')
  new MemoryStream(spark, 'ts TIMESTAMP, page STRING, n INT').toDF().createOrReplaceTempView('clicks')
  return spark
}

type Outcome = 'bound' | 'parse' | 'analysis'

/** Binds `text`: what happened, or a description of the error that should not have happened. */
function outcome(spark: SparkSession, text: string): Outcome | string {
  try {
    spark.sql(text)
    return 'bound'
  } catch (error) {
    if (error instanceof ParseException) {
      return error.line >= 1 && error.column >= 1 ? 'parse' : `ParseException without a position: ${error.message}`
    }
    if (error instanceof AnalysisException) {
      return error.context ? 'analysis' : `AnalysisException without a position: ${error.message}`
    }
    return `threw ${error instanceof Error ? `${error.constructor.name}: ${error.message}\n${error.stack}` : String(error)}`
  }
}

/** Runs `count` generated statements; returns the outcome counts and the first few failures. */
function run(seed: number, count: number, generate: (rng: Rng) => string) {
  const rng = seededRandom(seed)
  const spark = fuzzSession()
  const counts: Record<Outcome, number> = { bound: 0, parse: 0, analysis: 0 }
  const failures: string[] = []
  let slowest = 0
  for (let i = 0; i < count; i++) {
    const text = generate(rng)
    const started = performance.now()
    const result = outcome(spark, text)
    slowest = Math.max(slowest, performance.now() - started)
    if (result === 'bound' || result === 'parse' || result === 'analysis') counts[result]++
    else if (failures.length < 5) failures.push(`${JSON.stringify(text)}\n  ${result}`)
  }
  return { counts, failures, slowest }
}

describe('spark.sql fuzzing', () => {
  it('rejects token soups with positioned errors', () => {
    const { counts, failures, slowest } = run(1, 3000, soup)
    expect(failures).toEqual([])
    expect(counts.parse).toBeGreaterThan(2900)
    expect(slowest).toBeLessThan(1000)
  })

  it('binds or rejects random well-formed statements, always with a position', () => {
    const { counts, failures, slowest } = run(2, 3000, statement)
    expect(failures).toEqual([])
    // The generator is tuned so that every outcome is well represented.
    expect(counts.bound).toBeGreaterThan(250)
    expect(counts.analysis).toBeGreaterThan(1500)
    expect(slowest).toBeLessThan(1000)
  })

  it('rejects mutated statements with positioned errors', () => {
    const { counts, failures, slowest } = run(3, 3000, (rng) => mutate(rng, statement(rng)))
    expect(failures).toEqual([])
    expect(counts.parse).toBeGreaterThan(2500)
    expect(counts.analysis + counts.bound).toBeGreaterThan(100)
    expect(slowest).toBeLessThan(1000)
  })
})
