// StreamingQueryProgress and its parts, with Spark's field names, order and JSON forms.
import { isoUtc } from '../common/time.js'
import { compactJson, JsonDouble, type JsonValue, prettyJson } from './json-text.js'

export interface SourceProgress {
  readonly description: string
  readonly startOffset: JsonValue
  readonly endOffset: JsonValue
  readonly latestOffset: JsonValue
  readonly numInputRows: number
  readonly inputRowsPerSecond: number
  readonly processedRowsPerSecond: number
  readonly metrics?: Readonly<Record<string, string>>
}

export interface SinkProgress {
  readonly description: string
  readonly numOutputRows: number
  readonly metrics?: Readonly<Record<string, string>>
}

export interface StateOperatorProgress {
  readonly operatorName: string
  readonly numRowsTotal: number
  readonly numRowsUpdated: number
  readonly allUpdatesTimeMs: number
  readonly numRowsRemoved: number
  readonly allRemovalsTimeMs: number
  readonly commitTimeMs: number
  readonly memoryUsedBytes: number
  readonly numRowsDroppedByWatermark: number
  readonly numShufflePartitions: number
  readonly numStateStoreInstances: number
  readonly customMetrics?: Readonly<Record<string, number>>
  /** Rivulet's: state rows in each partition (with more than one partition). */
  readonly numRowsPerPartition?: readonly number[]
}

export interface ProgressFields {
  readonly id: string
  readonly runId: string
  readonly name: string | null
  /** Trigger start, ISO-8601 UTC. */
  readonly timestamp: string
  readonly batchId: number
  readonly batchDuration: number
  readonly durationMs: Readonly<Record<string, number>>
  readonly eventTime: Readonly<Record<string, string>>
  readonly stateOperators: readonly StateOperatorProgress[]
  readonly sources: readonly SourceProgress[]
  readonly sink: SinkProgress
  readonly observedMetrics?: Readonly<Record<string, unknown>>
}

const sortedKeys = <T>(record: Readonly<Record<string, T>>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

/** One trigger's progress (`query.lastProgress`, `QueryProgressEvent.progress`). */
export class StreamingQueryProgress implements ProgressFields {
  readonly id: string
  readonly runId: string
  readonly name: string | null
  readonly timestamp: string
  readonly batchId: number
  readonly batchDuration: number
  readonly numInputRows: number
  readonly inputRowsPerSecond: number
  readonly processedRowsPerSecond: number
  readonly durationMs: Readonly<Record<string, number>>
  readonly eventTime: Readonly<Record<string, string>>
  readonly stateOperators: readonly StateOperatorProgress[]
  readonly sources: readonly SourceProgress[]
  readonly sink: SinkProgress
  readonly observedMetrics: Readonly<Record<string, unknown>> | undefined

  constructor(fields: ProgressFields) {
    this.id = fields.id
    this.runId = fields.runId
    this.name = fields.name
    this.timestamp = fields.timestamp
    this.batchId = fields.batchId
    this.batchDuration = fields.batchDuration
    this.numInputRows = fields.sources.reduce((sum, s) => sum + s.numInputRows, 0)
    this.inputRowsPerSecond = fields.sources.reduce((sum, s) => sum + s.inputRowsPerSecond, 0)
    this.processedRowsPerSecond = fields.sources.reduce((sum, s) => sum + s.processedRowsPerSecond, 0)
    this.durationMs = sortedKeys(fields.durationMs)
    this.eventTime = sortedKeys(fields.eventTime)
    this.stateOperators = fields.stateOperators
    this.sources = fields.sources
    this.sink = fields.sink
    this.observedMetrics = fields.observedMetrics
    Object.freeze(this)
  }

  /** The progress as a JSON value in Spark's field order. */
  toJsonValue(): JsonValue {
    const metrics = (m: Readonly<Record<string, string>> | undefined) =>
      m && Object.keys(m).length > 0 ? sortedKeys(m) : undefined
    return {
      id: this.id,
      runId: this.runId,
      name: this.name,
      timestamp: this.timestamp,
      batchId: this.batchId,
      batchDuration: this.batchDuration,
      numInputRows: this.numInputRows,
      inputRowsPerSecond: new JsonDouble(this.inputRowsPerSecond),
      processedRowsPerSecond: new JsonDouble(this.processedRowsPerSecond),
      durationMs: Object.keys(this.durationMs).length > 0 ? this.durationMs : undefined,
      eventTime: Object.keys(this.eventTime).length > 0 ? this.eventTime : undefined,
      stateOperators: this.stateOperators.map((s) => ({
        ...s,
        customMetrics:
          s.customMetrics && Object.keys(s.customMetrics).length > 0 ? sortedKeys(s.customMetrics) : undefined,
      })),
      sources: this.sources.map((s) => ({
        description: s.description,
        startOffset: s.startOffset,
        endOffset: s.endOffset,
        latestOffset: s.latestOffset,
        numInputRows: s.numInputRows,
        inputRowsPerSecond: new JsonDouble(s.inputRowsPerSecond),
        processedRowsPerSecond: new JsonDouble(s.processedRowsPerSecond),
        metrics: metrics(s.metrics),
      })),
      sink: {
        description: this.sink.description,
        numOutputRows: this.sink.numOutputRows,
        metrics: metrics(this.sink.metrics),
      },
      observedMetrics:
        this.observedMetrics && Object.keys(this.observedMetrics).length > 0
          ? (this.observedMetrics as JsonValue)
          : undefined,
    }
  }

  /** Compact JSON, as Scala's `progress.json`. */
  get json(): string {
    return compactJson(this.toJsonValue())
  }

  /** Indented JSON, as Spark logs and prints progress. */
  get prettyJson(): string {
    return prettyJson(this.toJsonValue())
  }

  toJSON(): unknown {
    return JSON.parse(this.json)
  }

  toString(): string {
    return this.prettyJson
  }
}

/** `{"message": ..., "isDataAvailable": ..., "isTriggerActive": ...}` (query.status). */
export interface StreamingQueryStatus {
  readonly message: string
  readonly isDataAvailable: boolean
  readonly isTriggerActive: boolean
}

export const progressTimestamp = isoUtc
