// examples/sql_over_stream.ts, run as a user runs it: words seen more than once per 10 s window, in update mode.
import { afterEach, describe, expect, it } from 'vitest'
import { exampleRunner } from '../support/example-run.js'

describe('examples/sql_over_stream.ts', () => {
  const examples = exampleRunner()
  afterEach(() => examples.stop())

  it('prints the words counted more than once in their window', async () => {
    const { server, program } = await examples.start('examples/sql_over_stream.ts')
    await program.waitFor('Batch: 0')
    server.send('cat dog cat\n')
    await program.waitFor('Batch: 1')
    await program.waitFor('+--------------------+----+---+\n\n')
    const batch1 = program.stdout().slice(program.stdout().indexOf('Batch: 1'))
    expect(batch1).toMatch(
      /\| {19}w\|word\| {2}n\|\n\+-+\+----\+---\+\n\|\{\d{4}-\d\d-\d\d \d\d:\d\d\.\.\.\| cat\| {2}2\|\n\+/,
    )
    expect(batch1).not.toContain('dog')
  })
})
