// Read limits (Spark's ReadLimit family): how much a source may admit into one micro-batch.
import { IllegalArgumentException } from '../common/errors.js'

/**
 * What the runtime passes to `Source.latestOffset(start, limit)`. `all` admits everything available; `maxRows`,
 * `maxFiles` and `maxBytes` cap a batch (a file source always admits at least one file); `minRows` holds a batch
 * back until that many rows are waiting or `maxTriggerDelayMs` passed since the last batch; `composite` combines
 * them (Kafka's minOffsetsPerTrigger with maxOffsetsPerTrigger), where `all` outranks the rest.
 */
export type ReadLimit =
  | { readonly kind: 'all' }
  | { readonly kind: 'maxRows'; readonly maxRows: number }
  | { readonly kind: 'maxFiles'; readonly maxFiles: number }
  | { readonly kind: 'maxBytes'; readonly maxBytes: number }
  | { readonly kind: 'minRows'; readonly minRows: number; readonly maxTriggerDelayMs: number }
  | { readonly kind: 'composite'; readonly limits: readonly ReadLimit[] }

export type ReadLimitKind = ReadLimit['kind']

const ALL: ReadLimit = Object.freeze({ kind: 'all' })

function count(name: string, value: number, min: 0 | 1): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new IllegalArgumentException(
      `Invalid read limit ${name} ${value}, must be ${min === 1 ? 'a positive' : 'a non-negative'} integer`,
    )
  }
  return value
}

/** Spark's ReadLimit.allAvailable(). */
export function readAll(): ReadLimit {
  return ALL
}

export function maxRows(rows: number): ReadLimit {
  return Object.freeze({ kind: 'maxRows', maxRows: count('maxRows', rows, 1) })
}

export function maxFiles(files: number): ReadLimit {
  return Object.freeze({ kind: 'maxFiles', maxFiles: count('maxFiles', files, 1) })
}

export function maxBytes(bytes: number): ReadLimit {
  return Object.freeze({ kind: 'maxBytes', maxBytes: count('maxBytes', bytes, 1) })
}

export function minRows(rows: number, maxTriggerDelayMs: number): ReadLimit {
  return Object.freeze({
    kind: 'minRows',
    minRows: count('minRows', rows, 1),
    maxTriggerDelayMs: count('maxTriggerDelayMs', maxTriggerDelayMs, 0),
  })
}

export function compositeLimit(...limits: readonly ReadLimit[]): ReadLimit {
  return Object.freeze({ kind: 'composite', limits: Object.freeze([...limits]) })
}

/** The limits a composite is made of (nested composites flattened); a single limit is its own part. */
export function readLimitParts(limit: ReadLimit): readonly ReadLimit[] {
  return limit.kind === 'composite' ? limit.limits.flatMap(readLimitParts) : [limit]
}

/** The first part of `limit` of the given kind; undefined when `all` is among the parts, since it outranks them. */
export function limitPart<K extends ReadLimitKind>(
  limit: ReadLimit,
  kind: K,
): Extract<ReadLimit, { kind: K }> | undefined {
  const parts = readLimitParts(limit)
  if (parts.some((p) => p.kind === 'all')) return undefined
  return parts.find((p): p is Extract<ReadLimit, { kind: K }> => p.kind === kind)
}

/** Spark's toString of a limit, for messages. */
export function describeReadLimit(limit: ReadLimit): string {
  switch (limit.kind) {
    case 'all':
      return 'All Available'
    case 'maxRows':
      return `MaxRows: ${limit.maxRows}`
    case 'maxFiles':
      return `MaxFiles: ${limit.maxFiles}`
    case 'maxBytes':
      return `MaxBytes: ${limit.maxBytes}`
    case 'minRows':
      return `ReadMinRows{rows=${limit.minRows}, maxTriggerDelayMs=${limit.maxTriggerDelayMs}}`
    case 'composite':
      return `CompositeReadLimit{readLimits=[${limit.limits.map(describeReadLimit).join(', ')}]}`
  }
}

/**
 * Admission for a source whose offset counts rows (a MemoryStream, the Nexmark generator), by Spark's rules for
 * such sources (KafkaMicroBatchStream.latestOffset on one partition): `all` wins; else a `minRows` part holds the
 * batch back (the end stays at `start`) unless maxTriggerDelayMs passed since the last batch fired or at least
 * minRows rows wait; else a `maxRows` part caps the batch at start + maxRows.
 */
export class RowAdmission {
  /** When a batch was last let through; 0 at first, so with a wall clock the first trigger never waits. */
  private lastTriggerMs = 0

  constructor(private readonly now: () => number) {}

  /** The end of the next batch for rows (start, available]. */
  end(start: number, available: number, limit: ReadLimit): number {
    const lower = limitPart(limit, 'minRows')
    if (lower && this.holdBack(available - start, lower.minRows, lower.maxTriggerDelayMs)) return start
    const upper = limitPart(limit, 'maxRows')
    return upper ? Math.max(start, Math.min(available, start + upper.maxRows)) : Math.max(start, available)
  }

  /** Spark's delayBatch: the delay having passed fires (and restarts the clock) even when no row waits. */
  private holdBack(waiting: number, min: number, maxDelayMs: number): boolean {
    const now = this.now()
    if (now - this.lastTriggerMs >= maxDelayMs || waiting >= min) {
      this.lastTriggerMs = now
      return false
    }
    return true
  }
}
