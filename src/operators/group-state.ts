// GroupState: the per-key state flatMapGroupsWithState / mapGroupsWithState hand the user function (Spark's
// GroupStateImpl), with its timeout rules and error texts. A timeout lasts for one call: unless the function sets it
// again, the key has none afterwards.
import { IllegalArgumentException, NoSuchElementException, UnsupportedOperationException } from '../common/errors.js'
import { intervalDelayMs, parseInterval } from '../common/interval.js'

/** Spark's GroupStateTimeout. */
export type GroupStateTimeout = 'NoTimeout' | 'ProcessingTimeTimeout' | 'EventTimeTimeout'
export const GroupStateTimeout = {
  NoTimeout: 'NoTimeout',
  ProcessingTimeTimeout: 'ProcessingTimeTimeout',
  EventTimeTimeout: 'EventTimeTimeout',
} as const

/** No timeout (Spark's NO_TIMESTAMP). */
export const NO_TIMESTAMP = -1

export class GroupState<S> {
  private value: S | undefined
  private defined: boolean
  private updated = false
  private removed = false
  private timeoutTimestamp = NO_TIMESTAMP

  constructor(
    value: S | undefined,
    private readonly batchProcessingTimeMs: number,
    /** The eviction watermark, or NO_TIMESTAMP without a watermark. */
    private readonly eventTimeWatermarkMs: number,
    private readonly timeoutConf: GroupStateTimeout,
    /** Whether the function is called because the key timed out. */
    readonly hasTimedOut: boolean,
    private readonly watermarkPresent: boolean,
  ) {
    this.value = value
    this.defined = value !== undefined
  }

  get exists(): boolean {
    return this.defined
  }

  get get(): S {
    if (!this.defined) throw new NoSuchElementException('State is either not defined or has already been removed')
    return this.value as S
  }

  get getOption(): S | undefined {
    return this.defined ? this.value : undefined
  }

  update(value: S): void {
    if (value === null || value === undefined) throw new IllegalArgumentException("'null' is not a valid state value")
    this.value = value
    this.defined = true
    this.updated = true
    this.removed = false
  }

  remove(): void {
    this.defined = false
    this.updated = false
    this.removed = true
  }

  /** Times the key out `duration` (ms, or an interval string like '10 seconds') after the batch's processing time. */
  setTimeoutDuration(duration: number | string): void {
    if (this.timeoutConf !== 'ProcessingTimeTimeout') {
      throw new UnsupportedOperationException(
        'Cannot set timeout duration without enabling processing time timeout in [map|flatMap]GroupsWithState',
        { errorClass: '_LEGACY_ERROR_TEMP_2203' },
      )
    }
    const durationMs = typeof duration === 'string' ? parseDuration(duration) : duration
    if (!(durationMs > 0)) throw new IllegalArgumentException('Timeout duration must be positive')
    this.timeoutTimestamp = durationMs + this.batchProcessingTimeMs
  }

  /** Times the key out once the watermark passes `timestamp` (ms or a Date), plus an optional interval string. */
  setTimeoutTimestamp(timestamp: number | Date, additionalDuration?: string): void {
    if (this.timeoutConf !== 'EventTimeTimeout') {
      throw new UnsupportedOperationException(
        'Cannot set timeout timestamp without enabling event time timeout in [map|flatMapGroupsWithState',
        { errorClass: '_LEGACY_ERROR_TEMP_2205' },
      )
    }
    const base = timestamp instanceof Date ? timestamp.getTime() : timestamp
    const timestampMs = additionalDuration === undefined ? base : base + parseDuration(additionalDuration)
    if (!(timestampMs > 0)) throw new IllegalArgumentException('Timeout timestamp must be positive')
    if (this.eventTimeWatermarkMs !== NO_TIMESTAMP && timestampMs < this.eventTimeWatermarkMs) {
      throw new IllegalArgumentException(
        `Timeout timestamp (${timestampMs}) cannot be earlier than the current watermark (${this.eventTimeWatermarkMs})`,
      )
    }
    this.timeoutTimestamp = timestampMs
  }

  getCurrentWatermarkMs(): number {
    if (!this.watermarkPresent) {
      throw new UnsupportedOperationException(
        'Cannot get event time watermark timestamp without setting watermark before [map|flatMap]GroupsWithState',
        { errorClass: '_LEGACY_ERROR_TEMP_2204' },
      )
    }
    return this.eventTimeWatermarkMs
  }

  getCurrentProcessingTimeMs(): number {
    return this.batchProcessingTimeMs
  }

  toString(): string {
    return `GroupState(${this.defined ? String(this.value) : '<undefined>'})`
  }

  get isUpdated(): boolean {
    return this.updated
  }

  get isRemoved(): boolean {
    return this.removed
  }

  /** The timeout the call set (ms), or NO_TIMESTAMP. */
  get timeoutTimestampMs(): number {
    return this.timeoutTimestamp
  }
}

function parseDuration(duration: string): number {
  const interval = parseInterval(duration)
  if (!interval) {
    throw new IllegalArgumentException(
      `The provided interval (${duration}) did not correspond to a valid interval string.`,
    )
  }
  const ms = intervalDelayMs(interval)
  if (ms < 0) throw new IllegalArgumentException(`Provided duration (${duration}) is negative`)
  return ms
}
