// State tables of every kind, checked against a plain model: random operations in batches, each batch committed as
// a version through OperatorState into partitioned files; after any batch, a fresh store restored from the files
// holds exactly what the model holds — so the live tables, the deltas, the snapshots and the partition split agree.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { columnFromValues, partitionIds, sparkHash, valueAt } from '../../src/arrow/index.js'
import { IntegerType, LongType, StringType, StructField, StructType } from '../../src/index.js'
import type { IndexedRows } from '../../src/state/indexed-rows.js'
import { OperatorState } from '../../src/state/operator-state.js'
import type { TimeOrderedTable } from '../../src/state/time-ordered-table.js'
import type { ValueTable } from '../../src/state/value-table.js'
import { type DataType, INTEGER, LONG, STRING } from '../../src/types/data-types.js'
import { seededRandom } from '../support/random.js'

const KEY = StructType([StructField('user', StringType()), StructField('n', IntegerType())])
const VALUE = StructType([StructField('text', StringType()), StructField('amount', LongType())])
const OPTIONS = { minDeltasForSnapshot: 3, minBatchesToRetain: 2 }
const PARTITIONS = 4

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function operatorDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-state-'))
  dirs.push(dir)
  return join(dir, 'state', '0')
}

const all = Array.from({ length: PARTITIONS }, (_, p) => p)
const keyColumns = (keys: readonly [string, number][]) => [
  columnFromValues(
    STRING,
    keys.map((k) => k[0]),
  ),
  columnFromValues(
    INTEGER,
    keys.map((k) => k[1]),
  ),
]
const valueColumns = (values: readonly [string | null, number][]) => [
  columnFromValues(
    STRING,
    values.map((v) => v[0]),
  ),
  columnFromValues(
    LONG,
    values.map((v) => v[1]),
  ),
]
const randomKey = (random: () => number): [string, number] => [`u${Math.floor(random() * 6)}`, Math.floor(random() * 3)]
const randomValue = (random: () => number): [string | null, number] => [
  random() < 0.2 ? null : 'x'.repeat(Math.floor(random() * 12)),
  Math.floor(random() * 1000) - 500,
]
const keyText = (k: readonly [string, number]) => `${k[0]}/${k[1]}`
const rowsOf = (columns: readonly ReturnType<typeof columnFromValues>[], types: readonly DataType[], n: number) =>
  Array.from({ length: n }, (_, i) => columns.map((c, k) => valueAt(c, types[k]!, i)))

describe('value tables', () => {
  function contents(table: ValueTable): Map<string, unknown[]> {
    const slots = table.slots()
    const keys = rowsOf(table.keyColumns(slots), [STRING, INTEGER], slots.length)
    const values = rowsOf(table.read(slots), [STRING, LONG], slots.length)
    return new Map(keys.map((k, i) => [keyText(k as [string, number]), values[i]!]))
  }

  it('restores what was put and removed, from four partitions of deltas and snapshots', async () => {
    const random = seededRandom(11)
    const dir = operatorDir()
    const state = new OperatorState(dir, PARTITIONS, all, OPTIONS)
    const table = state.value({ name: 'default', key: KEY, value: VALUE })
    const model = new Map<string, unknown[]>()
    for (let version = 1; version <= 8; version++) {
      state.beginBatch()
      for (let op = 0; op < 12; op++) {
        const key = randomKey(random)
        if (random() < 0.7) {
          const value = randomValue(random)
          table.put(keyColumns([key]), valueColumns([value]), 1)
          model.set(keyText(key), [value[0], value[1]])
        } else {
          const slots = table.find(keyColumns([key]), 1)
          table.remove(slots.filter((s) => s >= 0))
          model.delete(keyText(key))
        }
      }
      await state.commit(version)
      expect(contents(table)).toEqual(model)
      const restored = new OperatorState(dir, PARTITIONS, all, OPTIONS)
      const copy = restored.value({ name: 'default', key: KEY, value: VALUE })
      restored.restore(version)
      expect(contents(copy), `version ${version}`).toEqual(model)
    }
  })

  it('puts each key in its partition by Spark hash placement, the default table directly under it', async () => {
    const dir = operatorDir()
    const state = new OperatorState(dir, PARTITIONS, all, OPTIONS)
    const table = state.value({ name: 'default', key: KEY, value: VALUE })
    const keys: [string, number][] = Array.from({ length: 40 }, (_, i) => [`user-${i}`, i % 3])
    state.beginBatch()
    table.put(keyColumns(keys), valueColumns(keys.map(() => ['v', 1])), keys.length)
    await state.commit(1)
    const expected = partitionIds(sparkHash(keyColumns(keys), [STRING, INTEGER], keys.length), PARTITIONS)
    for (let p = 0; p < PARTITIONS; p++) {
      expect(readdirSync(join(dir, String(p))).filter((f) => !f.startsWith('.'))).toEqual(['1.delta'])
      const alone = new OperatorState(dir, PARTITIONS, [p], OPTIONS)
      const part = alone.value({ name: 'default', key: KEY, value: VALUE })
      alone.restore(1)
      const held = rowsOf(part.keyColumns(part.slots()), [STRING, INTEGER], part.size).map((k) => String(k[0]))
      expect(held.sort()).toEqual(
        keys
          .filter((_, i) => expected[i] === p)
          .map((k) => k[0])
          .sort(),
      )
    }
  })
})

describe('multi-value tables (Spark join layout)', () => {
  type Model = Map<string, unknown[][]>
  function contents(rows: IndexedRows, keyTypes: DataType[] = [STRING, INTEGER]): Model {
    const model: Model = new Map()
    for (const group of rows.groups()) {
      const key = rowsOf(rows.keyTable.keyColumns([group]), keyTypes, 1)[0] as [string, number]
      const entries = rows.entriesOf([group])
      const values = rowsOf(rows.read(entries), [STRING, LONG], entries.length)
      const byIndex = [...entries].map((e, i) => [rows.indexAt(e), values[i]!] as const).sort((a, b) => a[0] - b[0])
      expect(byIndex.map(([index]) => index)).toEqual(byIndex.map((_, i) => i))
      model.set(
        keyText(key),
        byIndex.map(([, v]) => v),
      )
    }
    return model
  }

  it('removing an entry moves the last one into its index, as Spark does', () => {
    const state = new OperatorState(undefined, 1, [0], OPTIONS)
    const rows = state.multiValue({ name: 'left', key: KEY, value: VALUE })
    rows.append(
      keyColumns([
        ['a', 1],
        ['a', 1],
        ['a', 1],
        ['a', 1],
      ]),
      valueColumns([
        ['r0', 0],
        ['r1', 1],
        ['r2', 2],
        ['r3', 3],
      ]),
      4,
    )
    const [group] = rows.find(keyColumns([['a', 1]]), 1)
    const second = rows.entriesOf([group!])[1]!
    rows.remove(second)
    expect(contents(rows).get('a/1')).toEqual([
      ['r0', 0],
      ['r3', 3],
      ['r2', 2],
    ])
    expect(state.tables.map((t) => t.spec.name)).toEqual(['left-keyToNumValues', 'left-keyWithIndexToValue'])
  })

  it('restores appends, removals and clears from keyToNumValues / keyWithIndexToValue files', async () => {
    const random = seededRandom(5)
    const dir = operatorDir()
    const state = new OperatorState(dir, PARTITIONS, all, OPTIONS)
    const rows = state.multiValue({ name: 'right', key: KEY, value: VALUE })
    const model: Model = new Map()
    for (let version = 1; version <= 9; version++) {
      state.beginBatch()
      for (let op = 0; op < 15; op++) {
        const key = randomKey(random)
        const list = model.get(keyText(key)) ?? []
        const choice = random()
        if (choice < 0.55 || list.length === 0) {
          const value = randomValue(random)
          rows.append(keyColumns([key]), valueColumns([value]), 1)
          model.set(keyText(key), [...list, [value[0], value[1]]])
        } else if (choice < 0.9) {
          const [group] = rows.find(keyColumns([key]), 1)
          const entries = rows.entriesOf([group!])
          const victim = Math.floor(random() * entries.length)
          const entry = [...entries].find((e) => rows.indexAt(e) === victim)!
          rows.remove(entry)
          const last = list.pop()!
          if (victim < list.length) list[victim] = last
          if (list.length === 0) model.delete(keyText(key))
          else model.set(keyText(key), list)
        } else {
          const [group] = rows.find(keyColumns([key]), 1)
          rows.clear(group!)
          model.delete(keyText(key))
        }
      }
      await state.commit(version)
      expect(contents(rows)).toEqual(model)
      const restored = new OperatorState(dir, PARTITIONS, all, OPTIONS)
      const copy = restored.multiValue({ name: 'right', key: KEY, value: VALUE })
      restored.restore(version)
      expect(contents(copy), `version ${version}`).toEqual(model)
    }
    for (let p = 0; p < PARTITIONS; p++) {
      expect(existsSync(join(dir, String(p), 'right-keyToNumValues', '9.snapshot'))).toBe(true)
      expect(existsSync(join(dir, String(p), 'right-keyWithIndexToValue', '9.delta'))).toBe(true)
    }
  })
})

describe('time-ordered tables', () => {
  it('returns due rows earliest first, never removed ones, and the same after a restore', async () => {
    const dir = operatorDir()
    const state = new OperatorState(dir, PARTITIONS, all, OPTIONS)
    const timers = state.timeOrdered({ name: 'timers', key: KEY, value: VALUE })
    const add = (table: TimeOrderedTable, key: [string, number], time: number) =>
      table.put(keyColumns([key]), Float64Array.of(time), valueColumns([[key[0], time]]), 1)
    state.beginBatch()
    add(timers, ['a', 1], 50)
    add(timers, ['b', 1], 20)
    add(timers, ['c', 1], 70)
    add(timers, ['a', 1], 10)
    add(timers, ['d', 2], 30)
    timers.remove(timers.find(keyColumns([['d', 2]]), Float64Array.of(30), 1))
    await state.commit(1)
    const restored = new OperatorState(dir, PARTITIONS, all, OPTIONS)
    const copy = restored.timeOrdered({ name: 'timers', key: KEY, value: VALUE })
    restored.restore(1)
    for (const table of [timers, copy]) {
      const { keys, times, count } = table.takeDue(50)
      expect(rowsOf(keys, [STRING, INTEGER], count).map(([user], i) => `${user}@${times[i]}`)).toEqual([
        'a@10',
        'b@20',
        'a@50',
      ])
      expect(table.earliest()).toBe(70)
      expect(table.size).toBe(1)
    }
  })
})
