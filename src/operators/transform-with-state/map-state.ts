// MapState: a map per grouping key, in a value table keyed by (grouping key…, userKey) whose prefix index lists one
// grouping key's entries. A key's stored map is read on first use in a phase; updates, removals and clears wait in a
// per-key overlay and are written when the phase ends. With a TTL each entry expires on its own.
import { type Column, numbersOf, numericColumn } from '../../arrow/index.js'
import type { StateDeclarations } from '../../state/operator-state.js'
import type { ValueTable } from '../../state/value-table.js'
import { LONG } from '../../types/data-types.js'
import { StructType } from '../../types/struct-type.js'
import type { KeyBatch } from '../grouped-input.js'
import type { MapState } from './processor-api.js'
import { nullStateValue } from './processor-errors.js'
import type { StateCodec } from './state-codec.js'
import { type KeyContext, StateVariable } from './state-variable.js'
import type { TtlIndex } from './ttl-index.js'

interface Entry {
  readonly key: unknown
  readonly value: unknown
  readonly expiresMs: number
  /** The stored row's slot, or -1 for an entry written in this phase. */
  readonly slot: number
}

const REMOVED = Symbol('removed')

/** A map key as text, so structurally equal keys (objects, Dates, bytes) are the same entry. */
function keyText(key: unknown): string {
  return JSON.stringify(key, (_, v) => (v instanceof Uint8Array ? Array.from(v) : v)) ?? 'undefined'
}

export class MapStateVariable<K, V> extends StateVariable implements MapState<K, V> {
  private readonly table: ValueTable
  private readonly ttl: TtlIndex | undefined
  private groups = new Int32Array(0) as Int32Array
  private stored: (Map<string, Entry> | undefined)[] = []
  private cleared = new Uint8Array(0)
  private overlay: (Map<string, { key: unknown; value: unknown } | typeof REMOVED> | undefined)[] = []

  constructor(
    name: string,
    context: KeyContext,
    ttlMs: number | undefined,
    private readonly keyCodec: StateCodec,
    private readonly valueCodec: StateCodec,
    state: StateDeclarations,
    private readonly keySchema: StructType,
  ) {
    super(name, context, ttlMs)
    const groupingFields = keySchema.fields.length
    const elementKey = StructType([...keySchema.fields, keyCodec.field('userKey')])
    this.table = state.value(
      { name, key: elementKey, value: this.storedValue(valueCodec), partitionKeyFields: groupingFields },
      { prefixFields: groupingFields },
    )
    this.ttl = this.ttlIndex(state, elementKey, groupingFields)
  }

  protected load(keys: KeyBatch): void {
    this.groups = this.table.prefixGroups(keys.columns, keys.size)
    this.stored = new Array(keys.size)
    this.cleared = new Uint8Array(keys.size)
    this.overlay = new Array(keys.size)
  }

  private storedOf(k: number): Map<string, Entry> {
    let stored = this.stored[k]
    if (!stored) {
      stored = new Map()
      const slots = this.table.slotsOfPrefix(this.groups[k]!)
      if (slots.length > 0) {
        const userKeys = this.table.keyColumns(slots)[this.keySchema.fields.length]!
        const columns = this.table.read(slots)
        const readKey = this.keyCodec.reader(userKeys)
        const readValue = this.valueCodec.reader(columns[0]!)
        const expiry = this.ttl ? numbersOf(columns[1]!) : undefined
        for (let i = 0; i < slots.length; i++) {
          const key = readKey(i)
          stored.set(keyText(key), { key, value: readValue(i), expiresMs: expiry ? expiry[i]! : 0, slot: slots[i]! })
        }
      }
      this.stored[k] = stored
    }
    return stored
  }

  /** The entry of `key` as the handler sees it now. */
  private lookup(k: number, key: unknown): { key: unknown; value: unknown } | undefined {
    const text = keyText(key)
    const pending = this.overlay[k]?.get(text)
    if (pending === REMOVED) return undefined
    if (pending) return pending
    if (this.cleared[k] === 1) return undefined
    const entry = this.storedOf(k).get(text)
    return entry && !(this.ttl && this.expired(entry.expiresMs)) ? entry : undefined
  }

  private *entries(k: number): IterableIterator<[K, V]> {
    const overlay = this.overlay[k]
    if (this.cleared[k] !== 1) {
      for (const [text, entry] of this.storedOf(k)) {
        if (overlay?.has(text) || (this.ttl && this.expired(entry.expiresMs))) continue
        yield [entry.key as K, entry.value as V]
      }
    }
    for (const pending of overlay?.values() ?? []) if (pending !== REMOVED) yield [pending.key as K, pending.value as V]
  }

  exists(): boolean {
    return !this.entries(this.key('mapState.exists')).next().done
  }

  getValue(key: K): V | null {
    return (this.lookup(this.key('mapState.getValue'), key)?.value as V | undefined) ?? null
  }

  containsKey(key: K): boolean {
    return this.lookup(this.key('mapState.containsKey'), key) !== undefined
  }

  updateValue(key: K, value: V): void {
    const k = this.key('mapState.updateValue')
    if (key === null || key === undefined || value === null || value === undefined) throw nullStateValue(this.name)
    this.pendingOf(k).set(keyText(key), { key, value })
  }

  removeKey(key: K): void {
    const k = this.key('mapState.removeKey')
    this.pendingOf(k).set(keyText(key), REMOVED)
  }

  clear(): void {
    const k = this.key('mapState.clear')
    this.pendingOf(k).clear()
    this.cleared[k] = 1
  }

  *iterator(): IterableIterator<[K, V]> {
    yield* this.entries(this.key('mapState.iterator'))
  }

  *keys(): IterableIterator<K> {
    for (const [key] of this.entries(this.key('mapState.keys'))) yield key
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries(this.key('mapState.values'))) yield value
  }

  private pendingOf(k: number): Map<string, { key: unknown; value: unknown } | typeof REMOVED> {
    let overlay = this.overlay[k]
    if (!overlay) {
      this.touch(k, this.cleared[k] === 0)
      this.overlay[k] = overlay = new Map()
    }
    return overlay
  }

  protected write(keys: KeyBatch, touched: readonly number[]): void {
    const { metrics } = this.context
    const removedSlots: number[] = []
    const putKeys: number[] = []
    const userKeys: unknown[] = []
    const values: unknown[] = []
    for (const k of touched) {
      const stored = this.storedOf(k)
      const overlay = this.overlay[k] ?? new Map()
      for (const [text, entry] of stored) {
        if (this.cleared[k] === 1 || overlay.get(text) === REMOVED) removedSlots.push(entry.slot)
      }
      for (const pending of overlay.values()) {
        if (pending === REMOVED) continue
        putKeys.push(k)
        userKeys.push(pending.key)
        values.push(pending.value)
      }
    }
    if (removedSlots.length > 0) {
      if (this.ttl) {
        const elementKeys = this.table.keyColumns(removedSlots)
        this.ttl.clear(elementKeys, removedSlots.length)
      }
      this.table.remove(removedSlots)
      metrics.numRowsRemoved += removedSlots.length
    }
    if (putKeys.length > 0) {
      const elementKeys: Column[] = [...keys.take(putKeys), this.keyCodec.encode(userKeys)]
      const columns: Column[] = [this.valueCodec.encode(values)]
      const expires = new Float64Array(putKeys.length).fill(this.newExpiration)
      if (this.ttl) columns.push(numericColumn(LONG, expires, null, 0))
      this.table.put(elementKeys, columns, putKeys.length)
      this.ttl?.set(elementKeys, putKeys.length, expires)
      metrics.numRowsUpdated += putKeys.length
    }
  }

  get size(): number {
    return this.table.size
  }

  removeExpired(nowMs: number): number {
    return this.ttl?.removeExpiredFrom(this.table, nowMs) ?? 0
  }
}
