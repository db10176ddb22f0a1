// ListState: a list of values per grouping key, in a list table (key, index → value[, expiration]). A key's stored
// list is read on first use in a phase; `put`/`clear` replace it and appends wait in a per-key list, written when the
// phase ends (the replaced lists cleared, then every append in one call). With a TTL each element expires on its own;
// the TTL index holds a key's earliest expiration.
import { type Column, numbersOf, numericColumn, take } from '../../arrow/index.js'
import type { IndexedRows } from '../../state/indexed-rows.js'
import type { StateDeclarations } from '../../state/operator-state.js'
import { LONG } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import type { KeyBatch } from '../grouped-input.js'
import type { ListState } from './processor-api.js'
import { emptyListValue, nullStateValue } from './processor-errors.js'
import type { StateCodec } from './state-codec.js'
import { type KeyContext, StateVariable } from './state-variable.js'
import type { TtlIndex } from './ttl-index.js'

interface Stored {
  readonly values: unknown[]
  readonly expiresMs: number[]
}

export class ListStateVariable<S> extends StateVariable implements ListState<S> {
  private readonly rows: IndexedRows
  private readonly ttl: TtlIndex | undefined
  private groups: Int32Array = new Int32Array(0)
  private stored: (Stored | undefined)[] = []
  private replaced = new Uint8Array(0)
  private appended: (unknown[] | undefined)[] = []

  constructor(
    name: string,
    context: KeyContext,
    ttlMs: number | undefined,
    private readonly codec: StateCodec,
    state: StateDeclarations,
    keySchema: StructType,
  ) {
    super(name, context, ttlMs)
    this.rows = state.list({ name, key: keySchema, value: this.storedValue(codec) })
    this.ttl = this.ttlIndex(state, keySchema)
  }

  protected load(keys: KeyBatch): void {
    this.groups = this.rows.find(keys.columns, keys.size)
    this.stored = new Array(keys.size)
    this.replaced = new Uint8Array(keys.size)
    this.appended = new Array(keys.size)
  }

  /** Key k's stored list (read once per phase). */
  private storedOf(k: number): Stored {
    let stored = this.stored[k]
    if (!stored) {
      const entries = this.rows.entriesOf(this.groups[k]! >= 0 ? [this.groups[k]!] : [])
      const columns = this.rows.read(entries)
      const read = this.codec.reader(columns[0]!)
      const expiry = this.ttl ? numbersOf(columns[1]!) : undefined
      stored = {
        values: Array.from({ length: entries.length }, (_, i) => read(i)),
        expiresMs: expiry ? Array.from(expiry) : [],
      }
      this.stored[k] = stored
    }
    return stored
  }

  private *visible(k: number): IterableIterator<S> {
    if (this.replaced[k] !== 1) {
      const { values, expiresMs } = this.storedOf(k)
      for (let i = 0; i < values.length; i++) if (!this.ttl || !this.expired(expiresMs[i]!)) yield values[i] as S
    }
    for (const value of this.appended[k] ?? []) yield value as S
  }

  exists(): boolean {
    return !this.visible(this.key('listState.exists')).next().done
  }

  get(): IterableIterator<S> {
    return this.visible(this.key('listState.get'))
  }

  put(values: readonly S[]): void {
    const k = this.key('listState.put')
    this.validate(values)
    this.touch(k, this.isUntouched(k))
    this.replaced[k] = 1
    this.appended[k] = [...values]
  }

  appendValue(value: S): void {
    const k = this.key('listState.appendValue')
    if (value === null || value === undefined) throw nullStateValue(this.name)
    this.touch(k, this.isUntouched(k))
    ;(this.appended[k] ??= []).push(value)
  }

  appendList(values: readonly S[]): void {
    const k = this.key('listState.appendList')
    this.validate(values)
    this.touch(k, this.isUntouched(k))
    ;(this.appended[k] ??= []).push(...values)
  }

  clear(): void {
    const k = this.key('listState.clear')
    this.touch(k, this.isUntouched(k))
    this.replaced[k] = 1
    this.appended[k] = []
  }

  private isUntouched(k: number): boolean {
    return this.replaced[k] === 0 && this.appended[k] === undefined
  }

  private validate(values: readonly S[]): void {
    if (values === null || values === undefined || values.length === 0) throw emptyListValue(this.name)
    if (values.some((v) => v === null || v === undefined)) throw nullStateValue(this.name)
  }

  protected write(keys: KeyBatch, touched: readonly number[]): void {
    const { metrics } = this.context
    const keyOf: number[] = []
    const values: unknown[] = []
    const newlyIndexed: number[] = []
    const unindexed: number[] = []
    for (const k of touched) {
      const group = this.groups[k]!
      const hadRows = group >= 0 && this.rows.count(group) > 0
      if (this.replaced[k] === 1 && group >= 0) {
        metrics.numRowsRemoved += this.rows.count(group)
        this.rows.clear(group)
      }
      const added = this.appended[k] ?? []
      for (const value of added) {
        keyOf.push(k)
        values.push(value)
      }
      // The TTL index holds each key's earliest expiration: new when the list is new or replaced.
      if (this.ttl && (this.replaced[k] === 1 || !hadRows)) (added.length > 0 ? newlyIndexed : unindexed).push(k)
    }
    if (values.length > 0) {
      const columns: Column[] = [this.codec.encode(values)]
      if (this.ttl) columns.push(numericColumn(LONG, new Float64Array(values.length).fill(this.newExpiration), null, 0))
      this.rows.append(keys.take(keyOf), columns, values.length)
      metrics.numRowsUpdated += values.length
    }
    if (newlyIndexed.length > 0) {
      const expires = new Float64Array(newlyIndexed.length).fill(this.newExpiration)
      this.ttl!.set(keys.take(newlyIndexed), newlyIndexed.length, expires)
    }
    if (unindexed.length > 0) this.ttl!.clear(keys.take(unindexed), unindexed.length)
  }

  get size(): number {
    return this.rows.size
  }

  removeExpired(nowMs: number): number {
    if (!this.ttl) return 0
    const due = this.ttl.takeExpired(nowMs)
    if (due.count === 0) return 0
    const groups = this.rows.find(due.keys, due.count)
    let removed = 0
    const reindex: number[] = []
    const earliest: number[] = []
    groups.forEach((group, i) => {
      if (group < 0) return
      const entries = this.rows.entriesOf([group])
      const expiry = numbersOf(this.rows.read(entries)[1]!)
      let min = Number.POSITIVE_INFINITY
      for (let e = 0; e < entries.length; e++) {
        if (expiry[e]! <= nowMs) {
          this.rows.remove(entries[e]!)
          removed++
        } else min = Math.min(min, expiry[e]!)
      }
      if (Number.isFinite(min)) {
        reindex.push(i)
        earliest.push(min)
      }
    })
    if (reindex.length > 0) {
      this.ttl.set(
        due.keys.map((column) => take(column, reindex)),
        reindex.length,
        earliest,
      )
    }
    return removed
  }
}
