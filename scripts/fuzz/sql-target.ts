// Fuzzes spark.sql's parser and analyzer: statements from the SQL golden files, mutated token by token (dropped,
// repeated, swapped, replaced by hostile tokens), random token soups, and oversized shapes (deep nesting, long
// chains, long literals, long IN lists). Binding must succeed or throw a typed ParseException/AnalysisException.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SparkSession } from '../../src/index.js'
import { chance, type FuzzTarget, int, pick, type Rng } from './fuzz-case.js'
import { fuzzSession } from './fuzz-session.js'

const SLT_DIR = join(import.meta.dirname, '..', '..', 'test', 'sql')

/** The SQL of every record in the golden files (queries, statements and expected errors alike). */
function corpus(): string[] {
  const out: string[] = []
  for (const file of readdirSync(SLT_DIR).filter((f) => f.endsWith('.slt'))) {
    const lines = readFileSync(join(SLT_DIR, file), 'utf8').split('\n')
    let sql: string[] = []
    let inRecord = false
    for (const line of lines) {
      const trimmed = line.trim()
      if (/^(query|statement ok|error )/.test(trimmed)) {
        inRecord = true
        sql = []
      } else if (inRecord && (trimmed === '' || trimmed === '----')) {
        if (sql.length > 0) out.push(sql.join('\n'))
        inRecord = false
      } else if (inRecord) sql.push(line)
    }
  }
  return out
}

const HOSTILE = [
  '(',
  ')',
  ',',
  "'",
  '"',
  '`',
  '\\',
  '--',
  '/*',
  '*/',
  ';',
  '::',
  '[',
  ']',
  '{',
  '}',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'NULL',
  '9223372036854775808',
  '1e400',
  '-0.0',
  'NaN',
  "X'zz'",
  "DATE '0000-00-00'",
  "INTERVAL '999999999' YEAR",
  'CAST(',
  'window(',
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP BY',
  'OVER (',
  'IN (',
  'LATERAL VIEW',
  'STREAM',
  '\u0000',
  '\u{1F600}',
  'é',
]

const tokenize = (sql: string) => sql.match(/'(?:[^']|'')*'|`[^`]*`|\w+|\s+|./gsu) ?? []

/** An oversized but well-formed shape, to find recursion and quadratic work in the parser and binder. */
function oversized(rng: Rng): string {
  const n = 500 + int(rng, 4000)
  switch (int(rng, 7)) {
    case 0:
      return `SELECT ${'('.repeat(n)}1${')'.repeat(n)}`
    case 1:
      return `SELECT * FROM people WHERE ${Array.from({ length: n }, (_, i) => `age = ${i}`).join(pick(rng, [' OR ', ' AND ']))}`
    case 2:
      return `SELECT ${Array.from({ length: n }, (_, i) => `${i}`).join(' + ')}`
    case 3:
      return `SELECT * FROM people WHERE age IN (${Array.from({ length: n * 5 }, (_, i) => i).join(',')})`
    case 4:
      return `SELECT '${'x'.repeat(n * 1000)}'`
    case 5:
      return `SELECT ${'upper('.repeat(n)}name${')'.repeat(n)} FROM people`
    default:
      return `SELECT ${'CASE WHEN TRUE THEN '.repeat(n)}1${' END'.repeat(n)}`
  }
}

function mutate(rng: Rng, sql: string): string {
  const tokens = tokenize(sql)
  const edits = 1 + int(rng, 4)
  for (let e = 0; e < edits && tokens.length > 0; e++) {
    const at = int(rng, tokens.length)
    switch (int(rng, 5)) {
      case 0:
        tokens.splice(at, 1)
        break
      case 1:
        tokens.splice(at, 0, tokens[int(rng, tokens.length)]!)
        break
      case 2:
        tokens[at] = pick(rng, HOSTILE)
        break
      case 3: {
        const other = int(rng, tokens.length)
        ;[tokens[at], tokens[other]] = [tokens[other]!, tokens[at]!]
        break
      }
      default:
        tokens.splice(at, 0, ' ', pick(rng, HOSTILE), ' ')
    }
  }
  return tokens.join('')
}

export function sqlTarget(): FuzzTarget<string> {
  const statements = corpus()
  let spark: SparkSession | undefined
  return {
    name: 'sql',
    generate(rng) {
      const roll = rng()
      if (roll < 0.05) return oversized(rng)
      if (roll < 0.15) return Array.from({ length: 1 + int(rng, 30) }, () => pick(rng, HOSTILE)).join(' ')
      const base = pick(rng, statements)
      return chance(rng, 0.1) ? base : mutate(rng, base)
    },
    execute(sql) {
      spark ??= fuzzSession()
      // Binding is the parser and the analyzer; DDL statements run (on this session's own views).
      spark.sql(sql)
    },
    show: (sql) => sql,
  }
}
