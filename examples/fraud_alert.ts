// Card fraud alerts with transformWithState: per card, the transactions of the last minute (a ListState whose TTL
// drops each transaction 60 s after it was seen) and, once a card is flagged, a processing-time timer that releases it
// after a hold period. A card is flagged when it makes 3 transactions within a minute, or one of 1000 or more.
//
// Reads JSON lines `{"card": "c1", "amount": 12.5}` from a TCP socket and prints alerts and releases to the console.
// Run `nc -lk 9999`, then `npx tsx examples/fraud_alert.ts` and type transactions. HOLD_MS overrides the hold period
// (30000), WINDOW_MS the transaction TTL (60000).
import {
  col,
  from_json,
  type ListState,
  type Row,
  SparkSession,
  StatefulProcessor,
  type StatefulProcessorHandle,
  type TimerValues,
  type ValueState,
} from '../src/index.js'

const host = process.env.HOST ?? 'localhost'
const port = Number(process.env.PORT ?? 9999)
const holdMs = Number(process.env.HOLD_MS ?? 30_000)
const windowMs = Number(process.env.WINDOW_MS ?? 60_000)

class FraudDetector extends StatefulProcessor<[string]> {
  private recent!: ListState<number>
  private flaggedAt!: ValueState<number>
  private handle!: StatefulProcessorHandle

  init(handle: StatefulProcessorHandle): void {
    this.handle = handle
    // Each amount lives for the window: what get() returns is the last minute's transactions.
    this.recent = handle.getListState<number>('recent', 'double', { ttlDurationMs: windowMs })
    // A flag is forgotten after a day even if its timer was lost.
    this.flaggedAt = handle.getValueState<number>('flaggedAt', 'bigint', { ttlDurationMs: 24 * 3_600_000 })
  }

  *handleInputRows([card]: [string], transactions: IterableIterator<Row>, timers: TimerValues): Generator<Row> {
    const amounts = [...transactions].map((t) => t.amount as number)
    this.recent.appendList(amounts)
    const lastMinute = [...this.recent.get()]
    const total = lastMinute.reduce((sum, a) => sum + a, 0)
    const suspicious = lastMinute.length >= 3 || amounts.some((a) => a >= 1000)
    if (!suspicious || this.flaggedAt.exists()) return
    const now = timers.getCurrentProcessingTimeInMs()
    this.flaggedAt.update(now)
    this.handle.registerTimer(now + holdMs)
    yield { card, event: 'ALERT', transactions: lastMinute.length, total }
  }

  override *handleExpiredTimer([card]: [string]): Generator<Row> {
    this.flaggedAt.clear()
    yield { card, event: 'RELEASED', transactions: [...this.recent.get()].length, total: null }
  }
}

const spark = SparkSession.builder.appName('FraudAlerts').getOrCreate()
const transactions = spark.readStream
  .format('socket')
  .option('host', host)
  .option('port', port)
  .load()
  .select(from_json(col('value'), 'card STRING, amount DOUBLE').alias('t'))
  .select('t.card', 't.amount')
  .where(col('card').isNotNull())
const alerts = transactions.groupBy('card').transformWithState(new FraudDetector(), {
  outputSchema: 'card STRING, event STRING, transactions INT, total DOUBLE',
  outputMode: 'append',
  timeMode: 'ProcessingTime',
})
await alerts.writeStream.format('console').option('truncate', false).start().awaitTermination()
