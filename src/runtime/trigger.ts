// Triggers: when the next micro-batch runs (default: as soon as the last finished and data is available).
import { IllegalArgumentException, UnsupportedOperationException } from '../common/errors.js'
import { intervalMicros, parseInterval } from '../common/interval.js'
import { AvailableNowSource } from '../connectors/available-now-source.js'
import { type ReadLimit, readAll } from '../connectors/read-limit.js'
import type { Source } from '../connectors/source.js'

export type Trigger =
  | { readonly kind: 'processingTime'; readonly intervalMs: number }
  | { readonly kind: 'once' }
  | { readonly kind: 'availableNow' }

/** What `writeStream.trigger(...)` accepts: exactly one key, as PySpark's keyword arguments. */
export interface TriggerSpec {
  readonly processingTime?: string | number
  readonly once?: boolean
  readonly availableNow?: boolean
  readonly continuous?: string | number
}

export const DEFAULT_TRIGGER: Trigger = Object.freeze({ kind: 'processingTime', intervalMs: 0 })

/** Parses a trigger spec with PySpark's checks and messages. */
export function parseTrigger(spec: TriggerSpec): Trigger {
  const keys = Object.keys(spec).filter((k) => spec[k as keyof TriggerSpec] !== undefined)
  if (keys.length !== 1) {
    throw new IllegalArgumentException('Only a single trigger is allowed.', { errorClass: 'ONLY_ALLOW_SINGLE_TRIGGER' })
  }
  if (spec.once !== undefined) {
    if (spec.once !== true)
      throw new IllegalArgumentException(`Value for \`once\` must be True, got '${spec.once}'.`, {
        errorClass: 'VALUE_NOT_ALLOWED',
      })
    return { kind: 'once' }
  }
  if (spec.availableNow !== undefined) {
    if (spec.availableNow !== true) {
      throw new IllegalArgumentException(`Value for \`availableNow\` must be True, got '${spec.availableNow}'.`, {
        errorClass: 'VALUE_NOT_ALLOWED',
      })
    }
    return { kind: 'availableNow' }
  }
  if (spec.continuous !== undefined) {
    throw new UnsupportedOperationException(
      'Continuous processing is not supported by Rivulet; use the default trigger, whose latency is already in milliseconds.',
    )
  }
  return { kind: 'processingTime', intervalMs: intervalMsOf(spec.processingTime!) }
}

/** A trigger interval: milliseconds as a number, or an interval string ('2 seconds'). */
export function intervalMsOf(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw new IllegalArgumentException(`Interval cannot be negative: ${value}`)
    return value
  }
  if (value.trim() === '') {
    throw new IllegalArgumentException(`Value for \`processingTime\` must be a non-empty string, got '${value}'.`, {
      errorClass: 'VALUE_NOT_NON_EMPTY_STR',
    })
  }
  const interval = parseInterval(value)
  if (!interval)
    throw new IllegalArgumentException(
      `The provided interval (${value}) did not correspond to a valid interval string.`,
    )
  const micros = intervalMicros(interval)
  if (micros === undefined) throw new IllegalArgumentException(`Doesn't support month or year interval: ${value}`)
  if (micros < 0) throw new IllegalArgumentException(`Interval cannot be negative: ${value}`)
  return Math.floor(micros / 1000)
}

/** The next aligned trigger time for a processing-time interval: `now / interval * interval + interval`. */
export function nextTriggerTime(nowMs: number, intervalMs: number): number {
  return intervalMs === 0 ? nowMs : Math.floor(nowMs / intervalMs) * intervalMs + intervalMs
}

/** The sources as a trigger reads them, and the limit each is read with. */
export interface TriggerSources {
  readonly sources: readonly Source[]
  readonly readLimits: readonly ReadLimit[]
}

/**
 * Spark's MicroBatchExecution `uniqueSources`: Trigger.Once reads everything in one batch, so every limit is
 * ignored (Spark warns); Trigger.AvailableNow keeps each source's limit, and a source that cannot fix an end point
 * is wrapped to read what is available at the start in one batch (Spark with
 * `spark.sql.streaming.triggerAvailableNowWrapper.enabled`); other triggers use each source's default limit.
 * Under AvailableNow the runtime calls `prepareForTriggerAvailableNow()` on every returned source before the
 * first batch.
 */
export function sourcesForTrigger(trigger: Trigger, sources: readonly Source[]): TriggerSources {
  switch (trigger.kind) {
    case 'once':
      return { sources, readLimits: sources.map(() => readAll()) }
    case 'availableNow': {
      const wrapped = sources.map((s) => (s.prepareForTriggerAvailableNow ? s : new AvailableNowSource(s)))
      return { sources: wrapped, readLimits: wrapped.map((s) => s.defaultReadLimit ?? readAll()) }
    }
    case 'processingTime':
      return { sources, readLimits: sources.map((s) => s.defaultReadLimit ?? readAll()) }
  }
}
