// DISTINCT aggregates (count(DISTINCT x), sum(DISTINCT x)) for batch queries: each group's inner accumulator sees
// each distinct argument tuple once. The tuples seen are keys of a KeyTable, prefixed by the group's generation (a
// number given to the group when it is reset, so a reused group id starts empty). Streaming queries reject distinct
// aggregates, as Spark does.
import { bitAt, type Column, grown, nullColumn, numericColumn, take, validityOf } from '../arrow/index.js'
import { lookupAggregate } from '../expr/aggregates/registry.js'
import type { Accumulator } from '../expr/aggregates/spec.js'
import { type Agg, dataTypeOf } from '../expr/expression.js'
import { materialize, type Vec } from '../expr/functions/vector.js'
import { KeyTable } from '../state/key-table.js'
import { type DataType, DOUBLE } from '../types/data-types.js'
import { StructField } from '../types/struct-type.js'
import { DistinctNumbers, distinctWordsOf, holdsNumbers } from './distinct-numbers.js'

export class DistinctAccumulator implements Accumulator {
  private readonly seen: KeyTable
  /** With one number-like argument: the pairs seen, in typed arrays (`seen` stays empty). */
  private readonly numbers: DistinctNumbers | undefined
  /** With `numbers`: the generations that have seen a NULL argument. */
  private readonly nullSeen = new Set<number>()
  private generations = new Float64Array(0)
  private nextGeneration = 0
  /** The seen-table entries of each live generation, so a merge reads only its source group's tuples. */
  private readonly entriesOf = new Map<number, number[]>()

  constructor(
    private readonly inner: Accumulator,
    argTypes: readonly DataType[],
  ) {
    this.seen = new KeyTable([DOUBLE, ...argTypes])
    this.numbers = argTypes.length === 1 && holdsNumbers(argTypes[0]!) ? new DistinctNumbers(argTypes[0]!) : undefined
  }

  grow(groups: number): void {
    this.inner.grow(groups)
    this.generations = grown(this.generations, groups)
  }

  reset(group: number): void {
    this.entriesOf.delete(this.generations[group]!)
    this.nullSeen.delete(this.generations[group]!)
    this.generations[group] = ++this.nextGeneration
    this.inner.reset(group)
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const columns = args.map((a) => materialize(a, rows))
    this.feedNew(columns, ids, rows)
  }

  /** Passes the rows whose (group, arguments) were not seen before to the inner accumulator. */
  private feedNew(columns: readonly Column[], ids: Int32Array, rows: number): void {
    if (this.numbers) {
      this.feedNewNumbers(this.numbers, columns[0]!, ids, rows)
      return
    }
    const generation = new Float64Array(rows)
    for (let i = 0; i < rows; i++) generation[i] = this.generations[ids[i]!]!
    const fresh = new Int32Array(rows)
    let count = 0
    this.seen.findOrInsert(
      [numericColumn(DOUBLE, generation, null), ...columns],
      rows,
      new Int32Array(rows),
      (entry, row) => {
        fresh[count++] = row
        const entries = this.entriesOf.get(generation[row]!)
        if (entries) entries.push(entry)
        else this.entriesOf.set(generation[row]!, [entry])
      },
    )
    if (count === 0) return
    const picked = fresh.subarray(0, count)
    const pickedIds = new Int32Array(count)
    for (let k = 0; k < count; k++) pickedIds[k] = ids[picked[k]!]!
    this.inner.update(
      columns.map((c) => take(c, picked)),
      pickedIds,
      count,
    )
  }

  /** feedNew for one number-like argument: each row's (generation, value words) looked up in `numbers`, NULLs apart. */
  private feedNewNumbers(numbers: DistinctNumbers, column: Column, ids: Int32Array, rows: number): void {
    const words = distinctWordsOf(numbers.type, column)
    const validity = validityOf(column)
    const fresh = new Int32Array(rows)
    let count = 0
    let lastGeneration = Number.NaN
    let entries: number[] = []
    for (let i = 0; i < rows; i++) {
      const generation = this.generations[ids[i]!]!
      if (validity !== null && !bitAt(validity, i)) {
        if (this.nullSeen.has(generation)) continue
        this.nullSeen.add(generation)
        fresh[count++] = i
        continue
      }
      const entry = numbers.add(generation, words, i)
      if (entry < 0) continue
      fresh[count++] = i
      if (generation !== lastGeneration) {
        lastGeneration = generation
        entries = this.entriesOf.get(generation) ?? []
        this.entriesOf.set(generation, entries)
      }
      entries.push(entry)
    }
    if (count === 0) return
    const picked = fresh.subarray(0, count)
    const pickedIds = new Int32Array(count)
    for (let k = 0; k < count; k++) pickedIds[k] = ids[picked[k]!]!
    this.inner.update([take(column, picked)], pickedIds, count)
  }

  /** The tuples seen by `from` count for `into` too — each once, however many of them `into` has already seen. */
  merge(into: number, from: number): void {
    if (this.numbers) {
      const entries = this.entriesOf.get(this.generations[from]!) ?? []
      const column = this.numbers.column(entries)
      this.feedNew([column], new Int32Array(entries.length).fill(into), entries.length)
      if (this.nullSeen.has(this.generations[from]!))
        this.feedNew([nullColumn(this.numbers.type, 1)], Int32Array.of(into), 1)
      return
    }
    const entries = this.entriesOf.get(this.generations[from]!)
    if (!entries || entries.length === 0) return
    const keys = this.seen.keyColumns(Int32Array.from(entries))
    this.feedNew(keys.slice(1), new Int32Array(entries.length).fill(into), entries.length)
  }

  evaluate(groups: ArrayLike<number>): Column {
    return this.inner.evaluate(groups)
  }

  /** Distinct aggregates only run in batch queries (Spark forbids them on streams), so they are never saved. */
  get stateTypes(): DataType[] {
    return []
  }

  saveState(): Column[] {
    throw new Error('distinct aggregates keep no checkpointed state')
  }

  loadState(): void {
    throw new Error('distinct aggregates keep no checkpointed state')
  }

  memoryBytes(): number {
    return (
      this.inner.memoryBytes() +
      this.seen.memoryBytes() +
      (this.numbers?.memoryBytes() ?? 0) +
      this.generations.byteLength
    )
  }
}

/** The accumulator of one aggregate call (wrapped to see each distinct tuple once for DISTINCT calls). */
export function accumulatorFor(call: Agg): Accumulator {
  const types = call.args.map(dataTypeOf)
  const accumulator = lookupAggregate(call.name)!.spec.create(call, types)
  return call.distinct ? new DistinctAccumulator(accumulator, types) : accumulator
}

/** The checkpointed buffer columns of accumulators: `agg<k>_<j>` for buffer j of call k, typed through `wrap`. */
export function accumulatorStateFields(
  accumulators: readonly Accumulator[],
  wrap: (type: DataType) => DataType = (type) => type,
): StructField[] {
  return accumulators.flatMap((a, k) => a.stateTypes.map((t, j) => StructField(`agg${k}_${j}`, wrap(t))))
}

/** Gives each accumulator its consecutive slice of `columns` (its buffer columns) for `groups`. */
export function loadAccumulatorStates(
  accumulators: readonly Accumulator[],
  groups: ArrayLike<number>,
  columns: readonly Column[],
): void {
  let at = 0
  for (const accumulator of accumulators) {
    accumulator.loadState(groups, columns.slice(at, at + accumulator.stateTypes.length))
    at += accumulator.stateTypes.length
  }
}

/**
 * Folds buffer rows (each accumulator's consecutive slice of `columns`, as a partial aggregate emits them) into groups
 * `ids`. Accumulators without a batch `mergeStates` load the rows into spare groups past `capacity` (the key table's)
 * and merge those one by one, then clear them.
 */
export function mergeAccumulatorStates(
  accumulators: readonly Accumulator[],
  columns: readonly Column[],
  ids: Int32Array,
  rows: number,
  capacity: number,
): void {
  let at = 0
  for (const accumulator of accumulators) {
    const buffers = columns.slice(at, at + accumulator.stateTypes.length)
    at += accumulator.stateTypes.length
    if (accumulator.mergeStates) {
      accumulator.mergeStates(buffers, ids, rows)
      continue
    }
    accumulator.grow(capacity + rows)
    const spare = new Int32Array(rows)
    for (let i = 0; i < rows; i++) {
      spare[i] = capacity + i
      accumulator.reset(capacity + i)
    }
    accumulator.loadState(spare, buffers)
    for (let i = 0; i < rows; i++) accumulator.merge(ids[i]!, capacity + i)
    for (let i = 0; i < rows; i++) accumulator.reset(capacity + i)
  }
}
