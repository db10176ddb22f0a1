// The types and requirements of the settings Rivulet reads, checked when a value is set as Spark's SQLConf does
// (INVALID_CONF_VALUE.TYPE_MISMATCH / .REQUIREMENT), so a bad value fails at `spark.conf.set` or `SET`, not later.
import { IllegalArgumentException } from '../common/errors.js'
import { own } from '../common/own.js'
import { isValidTimeZone } from '../common/time.js'

type ConfType = 'int' | 'long' | 'double' | 'boolean' | 'string'
type ConfValue = number | boolean | string

interface ConfCheck {
  readonly type: ConfType
  /** Spark's checkValue: the requirement, and its message. */
  readonly require?: readonly [(value: ConfValue) => boolean, string]
  /** The error class when the requirement fails (INVALID_CONF_VALUE.REQUIREMENT unless given). */
  readonly errorClass?: string
  /** Spark's transform of a string value before it is checked and kept (a policy name in upper case). */
  readonly transform?: (value: string) => string
}

const positive = (key: string, message = `The value of ${key} must be positive`) =>
  [(v: ConfValue) => (v as number) > 0, message] as const
const notNegative = (key: string) => [(v: ConfValue) => (v as number) >= 0, `${key} must not be negative`] as const
/** A setting Rivulet has one behaviour for: a session asking for another must not silently get this one. */
const only = (type: ConfType, allowed: ConfValue, why: string): ConfCheck => ({
  type,
  require: [(v) => v === allowed, why],
  ...(type === 'string' ? { transform: (v: string) => v.toUpperCase() } : {}),
})

const CHECKS: Readonly<Record<string, ConfCheck>> = {
  'spark.sql.session.timeZone': {
    type: 'string',
    require: [(v) => isValidTimeZone(v as string), 'Cannot resolve the given timezone.'],
    errorClass: 'INVALID_CONF_VALUE.TIME_ZONE',
  },
  'spark.sql.shuffle.partitions': { type: 'int', require: positive('spark.sql.shuffle.partitions') },
  'spark.sql.pivotMaxValues': { type: 'int' },
  'spark.sql.caseSensitive': only('boolean', false, 'Rivulet resolves column and field names case-insensitively'),
  'spark.sql.ansi.enabled': only(
    'boolean',
    false,
    'Rivulet evaluates SQL as Spark does with ANSI mode off (an overflow wraps, a division by zero or a bad cast ' +
      'gives NULL); use try_* functions or explicit checks where an error is wanted',
  ),
  'spark.sql.mapKeyDedupPolicy': only('string', 'EXCEPTION', 'Rivulet fails on a duplicate map key (EXCEPTION)'),
  'spark.sql.legacy.negativeIndexInArrayInsert': only(
    'boolean',
    false,
    'Rivulet counts a negative array_insert position from the end, -1 after the last element',
  ),
  'spark.sql.legacy.allowHashOnMapType': only('boolean', false, 'Rivulet does not hash maps'),
  'spark.sql.legacy.allowNullComparisonResultInArraySort': only(
    'boolean',
    false,
    'Rivulet fails when an array_sort comparator returns NULL',
  ),
  'spark.sql.legacy.pathOptionBehavior.enabled': only(
    'boolean',
    false,
    "Rivulet refuses a 'path' option beside save()'s path parameter",
  ),
  'spark.sql.streaming.schemaInference': { type: 'boolean' },
  'spark.sql.streaming.numRecentProgressUpdates': { type: 'int' },
  'spark.sql.streaming.noDataMicroBatches.enabled': { type: 'boolean' },
  'spark.sql.streaming.minBatchesToRetain': {
    type: 'int',
    require: positive('spark.sql.streaming.minBatchesToRetain'),
  },
  'spark.sql.streaming.unsupportedOperationCheck': { type: 'boolean' },
  'spark.sql.streaming.statefulOperator.checkCorrectness.enabled': { type: 'boolean' },
  'spark.sql.streaming.stateStore.minDeltasForSnapshot': { type: 'int' },
  'spark.sql.streaming.stateStore.stateSchemaCheck': only(
    'boolean',
    true,
    "Rivulet always checks a restarted query's state schema against its checkpoint",
  ),
  'spark.sql.streaming.stopActiveRunOnRestart': { type: 'boolean' },
  'spark.sql.streaming.forceDeleteTempCheckpointLocation': { type: 'boolean' },
  'spark.sql.streaming.ui.retainedProgressUpdates': { type: 'int' },
  'spark.sql.streaming.ui.retainedQueries': { type: 'int' },
  'spark.ui.enabled': { type: 'boolean' },
  'spark.ui.port': { type: 'int' },
  'spark.port.maxRetries': { type: 'int' },
  'spark.ui.showConsoleProgress': { type: 'boolean' },
  'rivulet.sql.slidingWindowPanes': { type: 'boolean' },
  'rivulet.parallel.minBatchRows': { type: 'long', require: notNegative('rivulet.parallel.minBatchRows') },
  'rivulet.parallel.minRowCostMicros': { type: 'double', require: notNegative('rivulet.parallel.minRowCostMicros') },
  'rivulet.parallel.minSpeedup': { type: 'double', require: notNegative('rivulet.parallel.minSpeedup') },
  'rivulet.parallel.shipSourceRows': { type: 'boolean' },
}

const INT_RANGE = 2 ** 31

/** The value as its type, or undefined when it is not one (Scala's toInt/toLong/toDouble/toBoolean of the trimmed text). */
function parse(text: string, type: ConfType): ConfValue | undefined {
  if (type === 'string') return text
  const trimmed = text.trim()
  if (type === 'boolean') {
    const lower = trimmed.toLowerCase()
    return lower === 'true' ? true : lower === 'false' ? false : undefined
  }
  if (type === 'double') {
    const value = Number(trimmed)
    return trimmed === '' || Number.isNaN(value) ? undefined : value
  }
  if (!/^[+-]?\d+$/.test(trimmed)) return undefined
  const value = Number(trimmed)
  const limit = type === 'int' ? INT_RANGE : 2 ** 63
  return value >= -limit && value < limit ? value : undefined
}

function invalid(key: string, text: string, why: string, errorClass: string): IllegalArgumentException {
  return new IllegalArgumentException(`The value '${text}' in the config "${key}" is invalid. ${why}`, { errorClass })
}

/**
 * The value to keep for setting `key`: a number trimmed, a boolean in lower case (so every reader of it can compare
 * with 'true'/'false'), a string as its transform leaves it (a policy name in upper case); Spark's INVALID_CONF_VALUE
 * error when it is not a valid value. Other keys' values are kept as given.
 */
export function checkedConfValue(key: string, text: string): string {
  const check = own(CHECKS, key)
  if (check === undefined) return text
  const value = parse(check.transform ? check.transform(text) : text, check.type)
  if (value === undefined) {
    throw invalid(key, text, `It should be a/an '${check.type}' value.`, 'INVALID_CONF_VALUE.TYPE_MISMATCH')
  }
  if (check.require && !check.require[0](value)) {
    throw invalid(key, text, check.require[1], check.errorClass ?? 'INVALID_CONF_VALUE.REQUIREMENT')
  }
  return typeof value === 'boolean' ? String(value) : typeof value === 'string' ? value : text.trim()
}
