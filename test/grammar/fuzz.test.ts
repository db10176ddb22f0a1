// Fuzzing with a fixed seed: token soups and mutated queries either parse completely or fail with a positioned
// SqlSyntaxError, never with another exception, a hang, or a silently ignored tail.
import { describe, expect, it } from 'vitest'
import {
  parseDataType,
  parseExpression,
  parseNamedExpression,
  parseSql,
  parseTableSchema,
  SqlSyntaxError,
} from '../../grammar/index.js'
import { seededRandom } from '../support/random.js'

const vocabulary = [
  ...['SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'UNION', 'ALL', 'INTERSECT'],
  ...['JOIN', 'LEFT', 'OUTER', 'ON', 'USING', 'AND', 'OR', 'NOT', 'AS', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END'],
  ...['NULL', 'TRUE', 'IN', 'IS', 'BETWEEN', 'LIKE', 'DISTINCT', 'WITH', 'VALUES', 'TABLE', 'LATERAL', 'VIEW'],
  ...['INTERVAL', 'DATE', 'TIMESTAMP', 'CAST', 'EXTRACT', 'TRIM', 'POSITION', 'EXISTS', 'DESCRIPTOR', 'FILTER'],
  ...['SECOND', 'DAY', 'TO', 'EXPLAIN', 'SHOW', 'TABLES', 'DESCRIBE', 'CREATE', 'TEMP', 'ROLLUP', 'SORT', 'array'],
  ...['map', 'struct', 'int', 'window', 'count', 'a', 'b', 't', 'x', '`q q`', '1', '2.5', '1e3', '10L', "'s'"],
  ...['"d"', "x'1F'", "r'\\'", '(', ')', ',', '.', '*', '+', '-', '/', '%', '=', '<', '>', '>>', '<=>', '!=', '::'],
  ...['[', ']', '->', '=>', ';', '||', '|', '&', '^', '~', '!', ':', '--c\n', '/* c */', '\n', '?', '#', "'", '`'],
]

const validQueries = [
  'SELECT a, b AS c FROM t WHERE x > 1 AND y IN (1, 2) GROUP BY a HAVING count(*) > 1 ORDER BY a DESC LIMIT 10',
  "WITH c AS (SELECT * FROM t) SELECT window(ts, '10 minutes') AS w, count(*) FROM c GROUP BY window(ts, '10 minutes')",
  "SELECT * FROM TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' SECOND) AS w",
  'SELECT CASE WHEN a THEN 1 ELSE 2 END, CAST(x AS array<map<string, int>>), x::int, -a.b[1] FROM t LEFT JOIN u ON t.id = u.id',
  "SELECT transform(xs, (x, i) -> x + i), trim(BOTH 'x' FROM s), substring(s FROM 1 FOR 2) FROM t LATERAL VIEW explode(m) e AS k, v",
  'SELECT 1 UNION ALL SELECT 2 INTERSECT (SELECT 3) EXCEPT VALUES (1), (2)',
  'CREATE OR REPLACE TEMPORARY VIEW v AS SELECT DISTINCT a FROM t WHERE b NOT BETWEEN 1 AND 2 OR c IS NOT NULL',
  'EXPLAIN EXTENDED SELECT * FROM (SELECT a FROM t) s JOIN u USING (a) WHERE EXISTS (SELECT 1)',
  "SELECT a\nFROM t -- comment\nWHERE b LIKE 'x%' /* block */ AND c >> 2 = 0",
  '((SELECT a FROM t))',
]

const entryPoints = [parseSql, parseExpression, parseNamedExpression, parseDataType, parseTableSchema]

/** Whitespace, comments and semicolons only. */
const trivia = /^(?:\s|--[^\n\r]*|\/\*[\s\S]*?\*\/|;)*$/

/** Parses `text`: `parsed`, `rejected` with a well-formed SqlSyntaxError, or a description of what went wrong. */
function outcome(text: string, parse: (text: string) => unknown): 'parsed' | 'rejected' | string {
  let result: unknown
  try {
    result = parse(text)
  } catch (error) {
    if (!(error instanceof SqlSyntaxError)) return `threw ${String(error)}`
    const before = text.slice(0, error.offset).split(/\r\n|\r|\n/)
    if (error.line !== before.length || error.column !== (before.at(-1)?.length ?? 0) + 1) {
      return `position ${error.line}:${error.column} does not match offset ${error.offset}`
    }
    if (error.offendingToken !== '<EOF>' && !text.startsWith(error.offendingToken.replace(/…$/, ''), error.offset)) {
      return `offending token '${error.offendingToken}' is not at offset ${error.offset}`
    }
    return 'rejected'
  }
  // A parsed statement must span the whole input but trivia.
  const loc = (result as { loc?: { endOffset: number } }).loc
  if (parse === parseSql && loc && !trivia.test(text.slice(loc.endOffset))) return 'ignored the end of the input'
  return 'parsed'
}

function mutate(text: string, next: () => number, pick: <T>(items: readonly T[]) => T): string {
  const at = Math.floor(next() * text.length)
  const roll = next()
  if (roll < 0.35) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 6))
  if (roll < 0.7) return `${text.slice(0, at)} ${pick(vocabulary)} ${text.slice(at)}`
  const other = Math.floor(next() * text.length)
  const [from, to] = at < other ? [at, other] : [other, at]
  return (
    text.slice(0, from) +
    text.slice(to, to + 4) +
    text.slice(from + 4, to) +
    text.slice(from, from + 4) +
    text.slice(to + 4)
  )
}

describe('fuzzing', () => {
  const next = seededRandom(20240601)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T

  it('survives 4000 random token soups through every entry point', () => {
    const failures: string[] = []
    for (let i = 0; i < 4000; i++) {
      const length = 1 + Math.floor(next() * 24)
      const text = Array.from({ length }, () => pick(vocabulary)).join(next() < 0.8 ? ' ' : '')
      const parse = pick(entryPoints)
      const result = outcome(text, parse)
      if (result !== 'parsed' && result !== 'rejected')
        failures.push(`${parse.name}(${JSON.stringify(text)}): ${result}`)
    }
    expect(failures).toEqual([])
  })

  it('survives 4000 deletions, insertions and swaps in valid queries', () => {
    const failures: string[] = []
    let parsed = 0
    for (let i = 0; i < 4000; i++) {
      let text = pick(validQueries)
      const mutations = 1 + Math.floor(next() * 3)
      for (let m = 0; m < mutations; m++) text = mutate(text, next, pick)
      const result = outcome(text, parseSql)
      if (result === 'parsed') parsed++
      else if (result !== 'rejected') failures.push(`parseSql(${JSON.stringify(text)}): ${result}`)
    }
    expect(failures).toEqual([])
    // Some mutations keep the query valid (a swapped space, a deleted alias), and those must still parse.
    expect(parsed).toBeGreaterThan(100)
  })

  it('parses every unmutated query', () => {
    for (const text of validQueries) expect(outcome(text, parseSql)).toBe('parsed')
  })
})
