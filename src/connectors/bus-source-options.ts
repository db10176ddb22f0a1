// Options the NATS and Redis sources share: required connection options, failOnDataLoss, and the per-trigger limits
// (`max<Unit>PerTrigger`, `min<Unit>PerTrigger` with `maxTriggerDelay`, as Kafka's offsets limits), with clear errors.
import { IllegalArgumentException } from '../common/errors.js'
import type { Options } from './options.js'
import { compositeLimit, maxRows, minRows, type ReadLimit, readAll } from './read-limit.js'
import { timeStringAsMs } from './sources/file-source-options.js'

/** A non-blank option, or `Option '<key>' must be specified for <purpose>`. */
export function requiredOption(options: Options, key: string, purpose: string): string {
  const value = options.get(key)
  if (value === undefined || value.trim() === '') {
    throw new IllegalArgumentException(`Option '${key}' must be specified for ${purpose}`)
  }
  return value.trim()
}

/** A positive integer option, or undefined when absent. */
export function positiveOption(options: Options, key: string): number | undefined {
  const raw = options.get(key)
  if (raw === undefined) return undefined
  const value = /^\s*\+?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN
  if (!(value > 0 && Number.isSafeInteger(value))) {
    throw new IllegalArgumentException(`Invalid value '${raw}' for option '${key}', must be a positive integer`)
  }
  return value
}

/** `true`/`false` (any case), as Scala's toBoolean reads it. */
export function booleanOption(options: Options, key: string, fallback: boolean): boolean {
  const raw = options.get(key)
  if (raw === undefined) return fallback
  const lower = raw.trim().toLowerCase()
  if (lower !== 'true' && lower !== 'false') {
    throw new IllegalArgumentException(`Invalid value '${raw}' for option '${key}', must be 'true' or 'false'`)
  }
  return lower === 'true'
}

/** How much one trigger admits: at most `max` and (until `maxTriggerDelayMs` passed) at least `min` units. */
export interface TriggerLimits {
  readonly max: number | undefined
  readonly min: number | undefined
  readonly maxTriggerDelayMs: number
}

/** `max<unit>PerTrigger`, `min<unit>PerTrigger` and `maxTriggerDelay` (default 15m); min may not exceed max. */
export function triggerLimits(options: Options, unit: string): TriggerLimits {
  const maxKey = `max${unit}PerTrigger`
  const minKey = `min${unit}PerTrigger`
  const max = positiveOption(options, maxKey)
  const min = positiveOption(options, minKey)
  if (max !== undefined && min !== undefined && min > max) {
    throw new IllegalArgumentException(`The value of ${minKey}(${min}) is higher than the ${maxKey}(${max}).`)
  }
  const delay = timeStringAsMs(options.getOr('maxTriggerDelay', '15m'))
  if (delay < 0) throw new IllegalArgumentException(`Invalid value for option 'maxTriggerDelay': must not be negative`)
  return { max, min, maxTriggerDelayMs: delay }
}

/** The read limit the runtime passes to `latestOffset` unless the trigger says otherwise. */
export function triggerReadLimit(limits: TriggerLimits): ReadLimit {
  const lower = limits.min === undefined ? undefined : minRows(limits.min, limits.maxTriggerDelayMs)
  const upper = limits.max === undefined ? undefined : maxRows(limits.max)
  if (lower && upper) return compositeLimit(lower, upper)
  return lower ?? upper ?? readAll()
}

/**
 * The `startingOffsets` option of a message-bus source: `latest` (also when absent), `earliest`, or the JSON object it
 * gives (`undefined` when the text is not a JSON object), with the text for error messages.
 */
export function startingOffsetsOption(
  options: Options,
): { kind: 'latest' } | { kind: 'earliest' } | { kind: 'json'; raw: string; json: object | undefined } {
  const raw = options.get('startingOffsets')?.trim()
  if (raw === undefined || raw.toLowerCase() === 'latest') return { kind: 'latest' }
  if (raw.toLowerCase() === 'earliest') return { kind: 'earliest' }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    parsed = undefined
  }
  const isObject = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
  return { kind: 'json', raw, json: isObject ? (parsed as object) : undefined }
}
