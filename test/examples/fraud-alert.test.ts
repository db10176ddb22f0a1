// examples/fraud_alert.ts, run as a user runs it against an in-process `nc -lk` stand-in: a card making three
// transactions within the TTL window, or one large one, is flagged; its processing-time timer releases it after the
// hold period; while transactions are still within the window a new one flags it again.
import { afterEach, describe, expect, it } from 'vitest'
import { exampleRunner } from '../support/example-run.js'

/** The alert rows printed so far: `card event transactions total`. */
function events(stdout: string): string[] {
  const rows = stdout.matchAll(/^\|(\w+)\s*\|(ALERT|RELEASED)\s*\|(\d+)\s*\|([\d.]+|NULL)\s*\|$/gm)
  return [...rows].map(([, card, event, count, total]) => `${card} ${event} ${count} ${total}`)
}

describe('examples/fraud_alert.ts', () => {
  const examples = exampleRunner()
  afterEach(() => examples.stop())

  it('flags velocity and large amounts, releases after the hold, and flags again within the window', async () => {
    const { server, program } = await examples.start('examples/fraud_alert.ts', { HOLD_MS: '1500' })
    await program.waitFor('Batch: 0')
    server.send('{"card":"c1","amount":10}\n{"card":"c1","amount":10}\n{"card":"c2","amount":5000}\n')
    server.send('{"card":"c1","amount":10}\n{"card":"c3","amount":20}\n')
    await program.waitFor('|ALERT', 2)
    await program.waitFor('|RELEASED', 2)
    // Both released (their flag cleared): c1's transactions are still within the minute, so one more flags it again.
    server.send('{"card":"c1","amount":10}\n')
    await program.waitFor('|ALERT', 3)
    const seen = events(program.stdout())
    expect(seen).toHaveLength(5)
    expect(seen.slice(0, 4).sort()).toEqual([
      'c1 ALERT 3 30.0',
      'c1 RELEASED 3 NULL',
      'c2 ALERT 1 5000.0',
      'c2 RELEASED 1 NULL',
    ])
    for (const card of ['c1', 'c2']) {
      const alerted = seen.findIndex((e) => e.startsWith(`${card} ALERT`))
      expect(alerted, `${card} is released after its alert`).toBeLessThan(
        seen.findIndex((e) => e.startsWith(`${card} RELEASED`)),
      )
    }
    expect(seen[4]).toBe('c1 ALERT 4 40.0')
  }, 60_000)
})
