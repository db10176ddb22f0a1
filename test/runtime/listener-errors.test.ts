// A listener that fails — throwing, or an async one whose promise rejects — is logged as Spark's listener bus logs
// it, and stops neither the query, the other listeners nor the process.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLogWriter } from '../../src/common/log.js'
import { MemoryStream, type QueryProgressEvent } from '../../src/index.js'
import { newSession } from '../support/session.js'

let logged: string[] = []
let unhandled: unknown[] = []
let restoreLog: ReturnType<typeof setLogWriter>
const onUnhandled = (reason: unknown) => unhandled.push(reason)

beforeEach(() => {
  logged = []
  unhandled = []
  restoreLog = setLogWriter((line) => logged.push(line))
  process.on('unhandledRejection', onUnhandled)
})
afterEach(() => {
  setLogWriter(restoreLog)
  process.off('unhandledRejection', onUnhandled)
})

/** Lets pending promise reactions and an unhandled-rejection check (which runs after microtasks) happen. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

class RejectingListener {
  async onQueryProgress(event: QueryProgressEvent): Promise<void> {
    throw new Error(`async listener failed at batch ${event.progress.batchId}`)
  }
}

describe('listener errors', () => {
  it('logs an async listener whose promise rejects, and the query, the other listeners and the process go on', async () => {
    const spark = newSession()
    const seen: number[] = []
    spark.streams.addListener(new RejectingListener())
    spark.streams.addListener({ onQueryProgress: (event) => void seen.push(event.progress.batchId) })
    const input = new MemoryStream(spark, 'n INT')
    const query = input.toDF().writeStream.format('noop').start()
    input.addData([[1]])
    await query.processAllAvailable()
    input.addData([[2]])
    await query.processAllAvailable()
    await settle()
    expect(query.isActive).toBe(true)
    await query.stop()
    await settle()
    expect(unhandled).toEqual([])
    expect(seen).toEqual([0, 1])
    const errors = logged.filter((line) => line.startsWith('ERROR StreamingQueryListenerBus:'))
    expect(errors.map((line) => line.split('\n')[0])).toEqual([
      'ERROR StreamingQueryListenerBus: Listener RejectingListener threw an exception',
      'ERROR StreamingQueryListenerBus: Listener RejectingListener threw an exception',
    ])
    expect(errors[0]).toContain('Error: async listener failed at batch 0')
  })

  it('logs a listener that throws, in every callback, and the started event still reaches the others', async () => {
    const spark = newSession()
    const events: string[] = []
    const fail = () => {
      throw new Error('sync listener failed')
    }
    spark.streams.addListener({ onQueryStarted: fail, onQueryProgress: fail, onQueryTerminated: fail })
    spark.streams.addListener({
      onQueryStarted: () => void events.push('started'),
      onQueryTerminated: () => void events.push('terminated'),
    })
    const input = new MemoryStream(spark, 'n INT')
    const query = input.toDF().writeStream.format('noop').start()
    input.addData([[1]])
    await query.processAllAvailable()
    await query.stop()
    await settle()
    expect(events).toEqual(['started', 'terminated'])
    expect(logged.filter((line) => line.includes('Listener StreamingQueryListener threw an exception'))).toHaveLength(3)
    expect(unhandled).toEqual([])
  })
})
