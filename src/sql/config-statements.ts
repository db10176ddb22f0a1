// SET and RESET, read as Spark's SparkSqlParser reads them (patterns over the raw text after the keyword: a config
// key such as `spark.sql.shuffle.partitions` and a value such as `America/Los_Angeles` are not SQL tokens), and run
// as Spark's SetCommand and ResetCommand: rows of (key, value), and the change to the session's settings.
import { parseExpression } from '../../grammar/index.js'
import { batchFromRows } from '../arrow/index.js'
import { AnalysisException } from '../common/errors.js'
import { parseOrThrow } from '../common/parse-errors.js'
import { systemTimeZone } from '../common/time.js'
import { attributesFor, type LogicalPlan, localRelation } from '../logical/plan.js'
import { STRING } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import type { BindContext } from './bind-context.js'
import { bindLiteral } from './literals.js'
import { parseErrorAt } from './source-locations.js'

/** The session settings SET and RESET read and change (the session's RuntimeConfig). */
export interface SqlConf {
  set(key: string, value: string): void
  getOption(key: string): string | undefined
  unset(key: string): void
  getAll(): Record<string, string>
}

const TIME_ZONE_KEY = 'spark.sql.session.timeZone'

// Spark's patterns (SparkSqlParser): a key of letters, digits, `_`, `.` and `:`, or any text in backquotes; a value
// runs up to a `;`.
const KEY = String.raw`(?:([a-zA-Z_\d\\.:]+)|\x60([^\x60]+)\x60)`
const KEY_VALUE = new RegExp(String.raw`^${KEY}\s*=\s*(?:\x60([^\x60]+)\x60|([^;]*))$`)
const KEY_ONLY = new RegExp(`^${KEY}$`)

const SET_SYNTAX =
  "Expected format is 'SET', 'SET key', or 'SET key=value'. If you want to include special characters in key, or " +
  'include semicolon in value, please use backquotes, e.g., SET `key`=`value`.'

/** Hours either side of UTC that SET TIME ZONE INTERVAL accepts (java.time.ZoneOffset's range). */
const MAX_OFFSET_SECONDS = 18 * 3600

const keyValueSchema = StructType([StructField('key', STRING, false), StructField('value', STRING, false)])

function keyValueRows(rows: readonly (readonly [string, string])[]): LogicalPlan {
  return localRelation(attributesFor(keyValueSchema), [batchFromRows(keyValueSchema, rows)])
}

const noRows = () => localRelation([], [batchFromRows(StructType([]), [])])

/** Where the statement's text is (its first character, and its length without trailing space), for errors. */
function statementLoc(text: string) {
  const offset = text.length - text.trimStart().length
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1, offset, endOffset: text.trimEnd().length }
}

/**
 * The plan of a SET or RESET statement (its effect applied unless `ctx.dryRun`), or undefined when the text is not
 * one: any statement whose first word is SET or RESET.
 */
export function bindConfigStatement(text: string, ctx: BindContext, conf: SqlConf): LogicalPlan | undefined {
  const match = /^\s*(SET|RESET)(?![A-Za-z0-9_])([\s\S]*)$/i.exec(text)
  if (!match) return undefined
  const rest = match[2]!.trim().replace(/;+$/, '').trim()
  const fail = (message: string, errorClass: string) => parseErrorAt(text, statementLoc(text), message, errorClass)
  if (match[1]!.toUpperCase() === 'RESET') {
    const key = rest === '' ? undefined : KEY_ONLY.exec(rest)
    if (key === null) throw fail(SET_SYNTAX, 'INVALID_SET_SYNTAX')
    if (!ctx.dryRun) reset(conf, key && (key[1] ?? key[2]!))
    return noRows()
  }
  const timeZone = /^TIME\s+ZONE(?![A-Za-z0-9_])\s*([\s\S]*)$/i.exec(rest)
  if (timeZone) return setConf(TIME_ZONE_KEY, timeZoneValue(timeZone[1]!, text, ctx), ctx, conf)
  if (rest === '') {
    const all = Object.entries(conf.getAll()).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return keyValueRows(all)
  }
  if (rest === '-v') throw new AnalysisException('SET -v is not supported yet: use SET to list the settings.')
  const pair = KEY_VALUE.exec(rest)
  if (pair) return setConf(pair[1] ?? pair[2]!, (pair[3] ?? pair[4]!).trim(), ctx, conf)
  const key = KEY_ONLY.exec(rest)
  if (key) {
    const name = key[1] ?? key[2]!
    return keyValueRows([[name, conf.getOption(name) ?? '<undefined>']])
  }
  throw fail(SET_SYNTAX, 'INVALID_SET_SYNTAX')
}

/** `SET key=value`: the row (key, value). Spark refuses to change its core settings (not `spark.sql.*`) from SQL. */
function setConf(key: string, value: string, ctx: BindContext, conf: SqlConf): LogicalPlan {
  const coreDefault = conf.getOption(key) !== undefined && !(key in conf.getAll())
  if (key.startsWith('spark.') && !key.startsWith('spark.sql.') && coreDefault) {
    throw new AnalysisException(
      `Cannot modify the value of the Spark config: "${key}". See also 'https://spark.apache.org/docs/latest/sql-migration-guide.html#ddl-statements'.`,
      { errorClass: 'CANNOT_MODIFY_CONFIG' },
    )
  }
  if (!ctx.dryRun) {
    const before = setBySql.get(conf) ?? new Map<string, string | undefined>()
    setBySql.set(conf, before)
    if (!before.has(key)) before.set(key, conf.getAll()[key])
    conf.set(key, value)
  }
  return keyValueRows([[key, value]])
}

/** Per session, each key SET from SQL with the value it had before (undefined: none of its own). */
const setBySql = new WeakMap<SqlConf, Map<string, string | undefined>>()

/**
 * RESET: settings SET from SQL go back to what they were before (the session's defaults, or what the builder gave);
 * RESET key does that for one key, and unsets a key SQL did not set.
 */
function reset(conf: SqlConf, key: string | undefined): void {
  const before = setBySql.get(conf) ?? new Map<string, string | undefined>()
  const restore = (k: string, value: string | undefined) => (value === undefined ? conf.unset(k) : conf.set(k, value))
  if (key === undefined) {
    for (const [k, value] of before) restore(k, value)
    before.clear()
    return
  }
  restore(key, before.get(key))
  before.delete(key)
}

/** `LOCAL` (the system zone), `'zone'`, or `INTERVAL …` within ±18 hours to the second, as a `+hh:mm[:ss]` offset. */
function timeZoneValue(rest: string, text: string, ctx: BindContext): string {
  const fail = (message: string, errorClass: string) => parseErrorAt(text, statementLoc(text), message, errorClass)
  if (/^LOCAL$/i.test(rest)) return systemTimeZone()
  const quoted = /^'([^']*)'$|^"([^"]*)"$/.exec(rest)
  if (quoted) return quoted[1] ?? quoted[2]!
  if (!/^INTERVAL(?![A-Za-z0-9_])/i.test(rest)) {
    throw fail('Invalid time zone displacement value.', '_LEGACY_ERROR_TEMP_0045')
  }
  const node = parseOrThrow(() => parseExpression(rest))
  const value = node.kind === 'IntervalLiteral' ? bindLiteral(node, { ...ctx, text: rest }) : undefined
  const micros = value?.kind === 'Literal' && typeof value.value === 'number' ? value.value : Number.NaN
  if (!(Math.abs(micros) <= MAX_OFFSET_SECONDS * 1e6) || micros % 1e6 !== 0) {
    throw fail(
      'The interval value must be in the range of [-18, +18] hours with second precision.',
      '_LEGACY_ERROR_TEMP_0044',
    )
  }
  return zoneOffsetText(micros / 1e6)
}

/** java.time.ZoneOffset's id: `Z`, `+08:00`, `-05:30`, `+15:40:32`. */
function zoneOffsetText(totalSeconds: number): string {
  if (totalSeconds === 0) return 'Z'
  const sign = totalSeconds < 0 ? '-' : '+'
  const abs = Math.abs(totalSeconds)
  const pad = (n: number) => String(n).padStart(2, '0')
  const seconds = abs % 60
  return `${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}${seconds ? `:${pad(seconds)}` : ''}`
}
