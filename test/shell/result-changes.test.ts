// A streaming result as Flink's changelog: appended rows are inserts; an aggregation's rows are keyed by their
// grouping columns, so a changed row is retracted (-U) and shown anew (+U), and in complete mode a row that left the
// result is deleted (-D).
import { describe, expect, it } from 'vitest'
import { ResultChanges } from '../../src/shell/result-changes.js'

describe('ResultChanges', () => {
  it('shows appended rows as inserts', () => {
    const changes = new ResultChanges('append', undefined)
    expect(changes.apply([['a'], ['b']])).toEqual([
      { op: '+I', cells: ['a'] },
      { op: '+I', cells: ['b'] },
    ])
    expect(changes.table()).toEqual([['a'], ['b']])
  })

  it('shows an update-mode aggregation as inserts, then retractions and updates of changed rows', () => {
    const changes = new ResultChanges('update', [0])
    changes.apply([
      ['w1', '2'],
      ['w2', '1'],
    ])
    expect(
      changes.apply([
        ['w2', '3'],
        ['w3', '1'],
      ]),
    ).toEqual([
      { op: '-U', cells: ['w2', '1'] },
      { op: '+U', cells: ['w2', '3'] },
      { op: '+I', cells: ['w3', '1'] },
    ])
    expect(changes.table()).toEqual([
      ['w1', '2'],
      ['w2', '3'],
      ['w3', '1'],
    ])
  })

  it('deletes the rows a complete-mode batch no longer holds, and skips unchanged ones', () => {
    const changes = new ResultChanges('complete', [0])
    changes.apply([
      ['a', '1'],
      ['b', '1'],
    ])
    expect(changes.apply([['b', '1']])).toEqual([{ op: '-D', cells: ['a', '1'] }])
  })
})
