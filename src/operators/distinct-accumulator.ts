// DISTINCT aggregates (count(DISTINCT x), sum(DISTINCT x)) for batch queries: each group's inner accumulator sees
// each distinct argument tuple once. Streaming queries reject distinct aggregates, as Spark does.
import { type Column, take, valueAt } from '../arrow/index.js'
import type { Accumulator } from '../expr/aggregates/spec.js'
import { materialize, type Vec } from '../expr/functions/vector.js'
import type { DataType } from '../types/data-types.js'

export class DistinctAccumulator implements Accumulator {
  private seen: Set<string>[] = []

  constructor(
    private readonly inner: Accumulator,
    private readonly argTypes: readonly DataType[],
  ) {}

  grow(groups: number): void {
    this.inner.grow(groups)
  }

  reset(group: number): void {
    this.seen[group] = new Set()
    this.inner.reset(group)
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const columns = args.map((a) => materialize(a, rows))
    const keep: number[] = []
    for (let i = 0; i < rows; i++) {
      const key = JSON.stringify(columns.map((c, k) => valueAt(c, this.argTypes[k]!, i)))
      const seen = (this.seen[ids[i]!] ??= new Set())
      if (!seen.has(key)) {
        seen.add(key)
        keep.push(i)
      }
    }
    const indices = Int32Array.from(keep)
    this.inner.update(
      columns.map((c) => take(c, indices)),
      Int32Array.from(keep, (i) => ids[i]!),
      keep.length,
    )
  }

  merge(into: number, from: number): void {
    for (const key of this.seen[from] ?? []) (this.seen[into] ??= new Set()).add(key)
    this.inner.merge(into, from)
  }

  evaluate(groups: ArrayLike<number>): Column {
    return this.inner.evaluate(groups)
  }

  /** Distinct aggregates only run in batch queries (Spark forbids them on streams), so they are never saved. */
  get stateTypes(): DataType[] {
    throw new Error('distinct aggregates keep no checkpointed state')
  }

  saveState(): Column[] {
    throw new Error('distinct aggregates keep no checkpointed state')
  }

  loadState(): void {
    throw new Error('distinct aggregates keep no checkpointed state')
  }

  memoryBytes(): number {
    return this.inner.memoryBytes() + this.seen.reduce((sum, s) => sum + (s?.size ?? 0) * 32, 0)
  }
}
