// Fuzzes the JSON and CSV readers with random lines: valid records, hostile ones (deep nesting, prototype keys,
// extreme numbers, broken escapes, stray quotes) and random damage. Every read must give rows or a typed error;
// a strict-JSON line holding {"a": <safe integer>, "s": <string>} must read as exactly those values.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SparkSession } from '../../src/index.js'
import { chance, type FuzzTarget, int, pick, type Rng, WrongResult } from './fuzz-case.js'
import { fuzzSession } from './fuzz-session.js'

const KEYS = ['a', 's', 'n', '__proto__', 'constructor', 'toString', 'valueOf', '', 'a.b', 'é', '"']
const ATOMS = [
  '0',
  '-1',
  '9007199254740993',
  '9223372036854775808',
  '1e308',
  '1e400',
  '-0.0',
  '1.5E-7',
  'NaN',
  '-Infinity',
  'true',
  'null',
  '"x"',
  "'single'",
  '"\\u00e9\\n"',
  '"\\uZZZZ"',
  '"\\q"',
  '""',
  '01',
  '.5',
  '"2024-02-30"',
  '"2024-01-01T10:00:00Z"',
]
const DAMAGE = ['', '{', '}', '[', ']', ',', ':', '"', "'", '\\', '\r', '\u0000', '\uFFFF', '/*', '//']

function jsonValue(rng: Rng, depth: number): string {
  if (depth > 3 || chance(rng, 0.5)) return pick(rng, ATOMS)
  if (chance(rng, 0.5)) {
    return `[${Array.from({ length: int(rng, 4) }, () => jsonValue(rng, depth + 1)).join(',')}]`
  }
  return jsonObject(rng, depth + 1)
}

function jsonObject(rng: Rng, depth: number): string {
  const fields = Array.from(
    { length: int(rng, 5) },
    () => `${JSON.stringify(pick(rng, KEYS))}:${jsonValue(rng, depth)}`,
  )
  return `{${fields.join(',')}}`
}

function jsonLine(rng: Rng): string {
  const roll = rng()
  if (roll < 0.25) return JSON.stringify({ a: int(rng, 2_000_000) - 1_000_000, s: pick(rng, ['x', 'é日', '', '\n']) })
  if (roll < 0.3) {
    const depth = 500 + int(rng, 3000)
    return `{"a":1,"s":${'['.repeat(depth)}${']'.repeat(depth)}}`
  }
  const line = jsonObject(rng, 0)
  if (chance(rng, 0.3)) return line
  // Damage: cut, insert or replace a character.
  const at = int(rng, line.length + 1)
  switch (int(rng, 3)) {
    case 0:
      return line.slice(0, at)
    case 1:
      return line.slice(0, at) + pick(rng, DAMAGE) + line.slice(at)
    default:
      return line.slice(0, at) + pick(rng, DAMAGE) + line.slice(at + 1)
  }
}

function csvField(rng: Rng): string {
  const raw = pick(rng, ['1', '-7', 'x', '', 'a,b', 'say "hi"', '"', '""', '\\', 'NaN', '2024-01-01', '1e999', 'é'])
  return chance(rng, 0.3) ? `"${raw.replaceAll('"', '""')}"` : raw
}

function csvLine(rng: Rng): string {
  const line = Array.from({ length: int(rng, 5) }, () => csvField(rng)).join(pick(rng, [',', ',', ';']))
  return chance(rng, 0.2) ? line.slice(0, int(rng, line.length + 1)) + pick(rng, DAMAGE) : line
}

export interface ReaderInput {
  readonly format: 'json' | 'csv'
  readonly lines: readonly string[]
  readonly options: Readonly<Record<string, string>>
  readonly schema: string | undefined
  readonly separator: string
}

const SAFE_A = /^-?\d{1,15}$/

/** The values a strict-JSON line must read as, when it is a plain {"a": int, "s": string} record. */
function expectedJson(line: string): { a: number; s: string } | undefined {
  try {
    const value = JSON.parse(line) as unknown
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    const keys = Object.keys(value)
    const record = value as { a?: unknown; s?: unknown }
    if (keys.length !== 2 || typeof record.a !== 'number' || typeof record.s !== 'string') return undefined
    return SAFE_A.test(String(record.a)) ? { a: record.a, s: record.s } : undefined
  } catch {
    return undefined
  }
}

export function readerTarget(): FuzzTarget<ReaderInput> {
  let spark: SparkSession | undefined
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-fuzz-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  let file = 0
  return {
    name: 'readers',
    generate(rng) {
      const format = chance(rng, 0.6) ? 'json' : 'csv'
      const lines = Array.from({ length: 1 + int(rng, 8) }, () => (format === 'json' ? jsonLine(rng) : csvLine(rng)))
      const mode = pick(rng, ['PERMISSIVE', 'DROPMALFORMED', 'FAILFAST'])
      const options: Record<string, string> = { mode }
      if (format === 'csv' && chance(rng, 0.5)) options.header = 'true'
      if (format === 'csv' && chance(rng, 0.3)) options.inferSchema = 'true'
      if (format === 'json' && chance(rng, 0.2)) options.allowComments = 'true'
      const schemas =
        format === 'json'
          ? [undefined, 'a BIGINT, s STRING, _corrupt_record STRING', 'a INT, s ARRAY<INT>, n MAP<STRING, DOUBLE>']
          : [undefined, 'a INT, b STRING, c DOUBLE, _corrupt_record STRING', 'a DATE, b BOOLEAN']
      return { format, lines, options, schema: pick(rng, schemas), separator: pick(rng, ['\n', '\r\n', '\r']) }
    },
    execute(input) {
      spark ??= fuzzSession()
      const path = join(dir, `${file++}.${input.format}`)
      writeFileSync(path, input.lines.join(input.separator))
      let reader = spark.read.options(input.options)
      if (input.schema !== undefined) reader = reader.schema(input.schema)
      const rows = input.format === 'json' ? reader.json(path).collect() : reader.csv(path).collect()
      if (input.format !== 'json' || input.schema !== 'a BIGINT, s STRING, _corrupt_record STRING') return
      if (input.options.mode !== 'PERMISSIVE' || input.lines.some((l) => /[\r\n]/.test(l))) return
      // PERMISSIVE keeps one row per non-blank line: check the plain records against JSON.parse.
      const lines = input.lines.filter((l) => l.trim() !== '')
      if (rows.length !== lines.length) throw new WrongResult(`${lines.length} lines read as ${rows.length} rows`)
      lines.forEach((line, i) => {
        const expected = expectedJson(line)
        if (expected === undefined) return
        const row = rows[i]!
        if (row.a !== expected.a || row.s !== expected.s || row._corrupt_record !== null) {
          throw new WrongResult(`line ${i} ${line} read as ${JSON.stringify(row)}`)
        }
      })
    },
    show: (input) => JSON.stringify(input),
  }
}
