// IndexedRows past one page of entries: each key's list stays intact across page boundaries, memory grows a page at a
// time (never by doubling every per-entry array), entries freed by removal are reused before new pages are made, and
// a checkpoint of more than a page of rows restores to the same lists.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { numbersOf, numericColumn } from '../../src/arrow/index.js'
import { LongType, StructField, StructType } from '../../src/index.js'
import type { IndexedRows } from '../../src/state/indexed-rows.js'
import { OperatorState } from '../../src/state/operator-state.js'
import { PAGE_SLOTS } from '../../src/state/slot-pages.js'
import { LONG } from '../../src/types/data-types.js'
import { seededRandom } from '../support/random.js'

const KEY = StructType([StructField('k', LongType())])
const VALUE = StructType([StructField('v', LongType())])
const OPTIONS = { minDeltasForSnapshot: 3, minBatchesToRetain: 2 }
const KEYS = 97

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const longs = (values: readonly number[]) => [numericColumn(LONG, Float64Array.from(values), null, 0)]

/** Appends `n` rows: row i of the run has key (from + i) % KEYS and value from + i. */
function appendRun(rows: IndexedRows, model: Map<number, number[]>, from: number, n: number): void {
  const keys = Array.from({ length: n }, (_, i) => (from + i) % KEYS)
  const values = Array.from({ length: n }, (_, i) => from + i)
  rows.append(longs(keys), longs(values), n)
  for (let i = 0; i < n; i++) {
    const list = model.get(keys[i]!) ?? []
    list.push(values[i]!)
    model.set(keys[i]!, list)
  }
}

/** Each key's values in index order, read back through the lists; the indexes must be 0..count-1. */
function contents(rows: IndexedRows): Map<number, number[]> {
  const out = new Map<number, number[]>()
  const groups = rows.groups()
  const keys = numbersOf(rows.keyTable.keyColumns(groups)[0]!)
  for (let g = 0; g < groups.length; g++) {
    const entries = rows.entriesOf([groups[g]!])
    expect(entries.length).toBe(rows.count(groups[g]!))
    const values = numbersOf(rows.read(entries)[0]!)
    const byIndex: number[] = []
    for (let i = 0; i < entries.length; i++) byIndex[rows.indexAt(entries[i]!)] = values[i]!
    expect(byIndex.length).toBe(entries.length)
    out.set(keys[g]!, byIndex)
  }
  return out
}

/** Removes the entries at index `index` of every key that has one (the key's last entry takes the place). */
function removeIndex(rows: IndexedRows, model: Map<number, number[]>, index: number): void {
  for (const group of rows.groups()) {
    const entry = [...rows.entriesOf([group])].find((e) => rows.indexAt(e) === index)
    if (entry !== undefined) rows.remove(entry)
  }
  for (const [key, list] of model) {
    if (index >= list.length) continue
    const last = list.pop()!
    if (index < list.length) list[index] = last
    if (list.length === 0) model.delete(key)
  }
}

describe('IndexedRows past a page of entries', () => {
  it('keeps every key’s list in index order across page boundaries, through appends and removals', () => {
    const rows = new OperatorState(undefined, 1, [0], OPTIONS).multiValue({ name: 'left', key: KEY, value: VALUE })
    const model = new Map<number, number[]>()
    // Batches straddling the first and second page boundaries.
    appendRun(rows, model, 0, PAGE_SLOTS - 5)
    appendRun(rows, model, PAGE_SLOTS - 5, 10)
    appendRun(rows, model, PAGE_SLOTS + 5, PAGE_SLOTS + 3)
    expect(rows.size).toBe(2 * PAGE_SLOTS + 8)
    removeIndex(rows, model, 3)
    removeIndex(rows, model, 700)
    expect(contents(rows)).toEqual(model)
  })

  it('grows its memory a page at a time, not by doubling', () => {
    const rows = new OperatorState(undefined, 1, [0], OPTIONS).multiValue({ name: 'left', key: KEY, value: VALUE })
    const model = new Map<number, number[]>()
    appendRun(rows, model, 0, 4 * PAGE_SLOTS)
    const before = rows.memoryBytes()
    appendRun(rows, model, 4 * PAGE_SLOTS, 1)
    // One more page of each per-entry array: links (4 × int32), the change flag (a byte) and the value (float64).
    expect(rows.memoryBytes() - before).toBeLessThanOrEqual(PAGE_SLOTS * (16 + 1 + 8))
    expect(rows.size).toBe(4 * PAGE_SLOTS + 1)
  })

  it('reuses the entries removal frees before it makes new ones: memory stays as it was', () => {
    const rows = new OperatorState(undefined, 1, [0], OPTIONS).multiValue({ name: 'left', key: KEY, value: VALUE })
    const model = new Map<number, number[]>()
    appendRun(rows, model, 0, PAGE_SLOTS + 1000)
    const full = rows.memoryBytes()
    for (const group of rows.groups()) rows.clear(group)
    model.clear()
    rows.beginBatch()
    expect(rows.size).toBe(0)
    appendRun(rows, model, 10_000_000, PAGE_SLOTS + 1000)
    expect(rows.memoryBytes()).toBe(full)
    expect(contents(rows)).toEqual(model)
  })

  it('restores more than a page of rows, removals included, from its checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rivulet-indexed-'))
    dirs.push(dir)
    const operatorDir = join(dir, 'state', '0')
    const state = new OperatorState(operatorDir, 2, [0, 1], OPTIONS)
    const rows = state.multiValue({ name: 'right', key: KEY, value: VALUE })
    const model = new Map<number, number[]>()
    const random = seededRandom(11)
    let next = 0
    for (let version = 1; version <= 4; version++) {
      state.beginBatch()
      const n = Math.floor(PAGE_SLOTS / 2 + random() * 1000)
      appendRun(rows, model, next, n)
      next += n
      if (version % 2 === 0) removeIndex(rows, model, Math.floor(random() * 50))
      await state.commit(version)
    }
    expect(rows.size).toBeGreaterThan(2 * PAGE_SLOTS)
    const restored = new OperatorState(operatorDir, 2, [0, 1], OPTIONS)
    const copy = restored.multiValue({ name: 'right', key: KEY, value: VALUE })
    restored.restore(4)
    expect(contents(copy)).toEqual(model)
    expect(contents(rows)).toEqual(model)
  })
})
