// Prefix indexes of value and time-ordered tables, checked against a plain model: random puts and removes in batches,
// each committed as a version; after every batch the live table and a table restored from the files list, for every
// prefix, exactly the rows the model holds under it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { columnFromValues, valueAt } from '../../src/arrow/index.js'
import { IntegerType, LongType, StringType, StructField, StructType } from '../../src/index.js'
import { OperatorState } from '../../src/state/operator-state.js'
import type { TimeOrderedTable } from '../../src/state/time-ordered-table.js'
import type { ValueTable } from '../../src/state/value-table.js'
import { INTEGER, LONG, STRING } from '../../src/types/data-types.js'
import { seededRandom } from '../support/random.js'

const KEY = StructType([StructField('user', StringType()), StructField('item', IntegerType())])
const VALUE = StructType([StructField('amount', LongType())])
const OPTIONS = { minDeltasForSnapshot: 3, minBatchesToRetain: 2 }
const ALL = [0, 1, 2]

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function operatorDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-prefix-'))
  dirs.push(dir)
  return join(dir, 'state', '0')
}

const users = ['ann', 'bob', 'cy', 'dee', 'eve']
const userColumn = (names: readonly string[]) => [columnFromValues(STRING, names)]

/** What a table's prefix index says each user holds: sorted `item=amount` texts. */
function indexed(table: ValueTable): Map<string, string[]> {
  const groups = table.prefixGroups(userColumn(users), users.length)
  const out = new Map<string, string[]>()
  users.forEach((user, i) => {
    const slots = table.slotsOfPrefix(groups[i]!)
    if (slots.length === 0) return
    const items = table.keyColumns(slots)[1]!
    const amounts = table.read(slots)[0]!
    const texts = Array.from(slots, (_, k) => `${valueAt(items, INTEGER, k)}=${valueAt(amounts, LONG, k)}`)
    out.set(user, texts.sort())
  })
  return out
}

function modelView(model: Map<string, number>): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [key, amount] of model) {
    const [user, item] = key.split('/')
    out.set(user!, [...(out.get(user!) ?? []), `${item}=${amount}`])
  }
  for (const texts of out.values()) texts.sort()
  return new Map([...out].sort())
}

describe('prefix indexes', () => {
  it('of a value table list each prefix’s rows, live and after a restore', async () => {
    const random = seededRandom(5)
    const dir = operatorDir()
    const state = new OperatorState(dir, 3, ALL, OPTIONS)
    const table = state.value({ name: 'map', key: KEY, value: VALUE, partitionKeyFields: 1 }, { prefixFields: 1 })
    const model = new Map<string, number>()
    for (let version = 1; version <= 9; version++) {
      state.beginBatch()
      for (let op = 0; op < 15; op++) {
        const user = users[Math.floor(random() * users.length)]!
        const item = Math.floor(random() * 4)
        const keys = [columnFromValues(STRING, [user]), columnFromValues(INTEGER, [item])]
        if (random() < 0.6) {
          const amount = Math.floor(random() * 100)
          table.put(keys, [columnFromValues(LONG, [amount])], 1)
          model.set(`${user}/${item}`, amount)
        } else {
          table.remove(table.find(keys, 1).filter((s) => s >= 0))
          model.delete(`${user}/${item}`)
        }
      }
      await state.commit(version)
      expect(new Map([...indexed(table)].sort())).toEqual(modelView(model))
      const restored = new OperatorState(dir, 3, ALL, OPTIONS)
      const copy = restored.value({ name: 'map', key: KEY, value: VALUE, partitionKeyFields: 1 }, { prefixFields: 1 })
      restored.restore(version)
      expect(new Map([...indexed(copy)].sort()), `version ${version}`).toEqual(modelView(model))
    }
  })

  it('of a time-ordered table list a key’s times, and due rows leave the index', () => {
    const state = new OperatorState(undefined, 1, [0], OPTIONS)
    const timers: TimeOrderedTable = state.timeOrdered({
      name: '$timers',
      key: StructType([StructField('user', StringType())]),
      value: StructType([]),
    })
    const random = seededRandom(9)
    const model = new Map<string, Set<number>>()
    const timesOf = (user: string) => {
      const group = timers.keyGroups(userColumn([user]), 1)[0]!
      return Array.from(timers.read(timers.slotsOfKey(group)).times).sort((a, b) => a - b)
    }
    for (let round = 0; round < 40; round++) {
      const user = users[Math.floor(random() * users.length)]!
      const time = Math.floor(random() * 50) * 1000
      timers.put(userColumn([user]), Float64Array.of(time), [], 1)
      model.set(user, (model.get(user) ?? new Set()).add(time))
      if (round % 10 === 9) {
        const bound = round * 1000
        timers.takeDue(bound)
        for (const times of model.values()) for (const t of times) if (t <= bound) times.delete(t)
      }
      for (const u of users)
        expect(timesOf(u), `${u} after round ${round}`).toEqual([...(model.get(u) ?? [])].sort((a, b) => a - b))
    }
  })
})
