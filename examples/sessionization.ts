// Spark's structured sessionization, with transformWithState and an event-time timer: events of each session id are
// gathered into sessions that end after GAP (default 10 seconds) without an event; a session is written once, when
// the watermark passes its end + GAP (or when a later event starts the next session).
//
// Reads JSON lines `{"sessionId": "...", "ts": "2024-01-01T00:00:05Z"}` from the files in INPUT (one file per batch),
// writes the closed sessions as JSON to OUTPUT, and checkpoints to CHECKPOINT. TRIGGER=availableNow processes what
// INPUT holds and stops; by default the query keeps watching INPUT.
//   npx tsx examples/sessionization.ts    (with INPUT, OUTPUT and CHECKPOINT set)
import {
  type Row,
  SparkSession,
  StatefulProcessor,
  type StatefulProcessorHandle,
  type TimerValues,
  type ValueState,
} from '../src/index.js'

const input = process.env.INPUT ?? 'sessions/input'
const output = process.env.OUTPUT ?? 'sessions/output'
const checkpoint = process.env.CHECKPOINT ?? 'sessions/checkpoint'
const gap = Number(process.env.GAP_MS ?? 10_000)

/** A session in progress: when it started and ended (ms) and how many events it had. */
interface Session {
  readonly start: number
  readonly end: number
  readonly numEvents: number
}

/** What is written for a closed session (Spark's SessionUpdate). */
const closed = (sessionId: unknown, s: Session): Row => ({
  sessionId,
  start: new Date(s.start),
  end: new Date(s.end),
  durationMs: s.end - s.start,
  numEvents: s.numEvents,
})

class Sessionizer extends StatefulProcessor<[string]> {
  private session!: ValueState<Session>
  private handle!: StatefulProcessorHandle

  init(handle: StatefulProcessorHandle): void {
    this.handle = handle
    this.session = handle.getValueState<Session>('session', 'start BIGINT, end BIGINT, numEvents INT')
  }

  *handleInputRows([sessionId]: [string], events: IterableIterator<Row>, _timers: TimerValues): Generator<Row> {
    let current = this.session.get()
    const times = [...events].map((e) => (e.ts as Date).getTime()).sort((a, b) => a - b)
    for (const time of times) {
      if (current && time > current.end + gap) {
        // A gap: the session before it is over.
        yield closed(sessionId, current)
        current = null
      }
      current = current
        ? { start: Math.min(current.start, time), end: Math.max(current.end, time), numEvents: current.numEvents + 1 }
        : { start: time, end: time, numEvents: 1 }
    }
    if (!current) return
    this.session.update(current)
    // One timer per session: when the watermark passes the end of the session plus the gap.
    for (const timer of this.handle.listTimers()) this.handle.deleteTimer(timer)
    this.handle.registerTimer(current.end + gap)
  }

  override *handleExpiredTimer([sessionId]: [string]): Generator<Row> {
    const current = this.session.get()
    if (current) yield closed(sessionId, current)
    this.session.clear()
  }
}

const spark = SparkSession.builder.appName('StructuredSessionization').getOrCreate()
const events = spark.readStream.schema('sessionId STRING, ts TIMESTAMP').option('maxFilesPerTrigger', 1).json(input)
const sessions = events.withWatermark('ts', '5 seconds').groupBy('sessionId').transformWithState(new Sessionizer(), {
  outputSchema: 'sessionId STRING, start TIMESTAMP, end TIMESTAMP, durationMs BIGINT, numEvents INT',
  outputMode: 'append',
  timeMode: 'EventTime',
})
let writer = sessions.writeStream.format('json').outputMode('append').option('checkpointLocation', checkpoint)
if (process.env.TRIGGER === 'availableNow') writer = writer.trigger({ availableNow: true })
const query = writer.start(output)
await query.awaitTermination()
console.log(`sessions written to ${output} (last batch ${query.lastProgress?.batchId ?? 'none'})`)
