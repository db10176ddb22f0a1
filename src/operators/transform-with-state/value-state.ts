// ValueState: one value per grouping key, in a value table (key → value[, expiration]). A phase looks all its keys
// up at once on first use and reads the stored values column by column; updates and clears wait in per-key slots
// and are written as one put and one remove when the phase ends.
import { type Column, numbersOf, numericColumn } from '../../arrow/index.js'
import type { Reader } from '../../expr/udf-kernels.js'
import type { StateDeclarations } from '../../state/operator-state.js'
import type { ValueTable } from '../../state/value-table.js'
import { LONG } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import type { KeyBatch } from '../grouped-input.js'
import type { ValueState } from './processor-api.js'
import { nullStateValue } from './processor-errors.js'
import type { StateCodec } from './state-codec.js'
import { type KeyContext, StateVariable } from './state-variable.js'
import type { TtlIndex } from './ttl-index.js'

const NONE = 0
const SET = 1
const CLEARED = 2
const ABSENT = Symbol('absent')

export class ValueStateVariable<S> extends StateVariable implements ValueState<S> {
  private readonly table: ValueTable
  private readonly ttl: TtlIndex | undefined
  // The phase's caches: each key's slot, the stored values read, and pending writes.
  private slots: Int32Array = new Int32Array(0)
  private rowOf = new Int32Array(0)
  private readValue: Reader = () => null
  private readExpiry: ArrayLike<number> = []
  private pending: unknown[] = []
  private status = new Uint8Array(0)

  constructor(
    name: string,
    context: KeyContext,
    ttlMs: number | undefined,
    private readonly codec: StateCodec,
    state: StateDeclarations,
    keySchema: StructType,
  ) {
    super(name, context, ttlMs)
    this.table = state.value({ name, key: keySchema, value: this.storedValue(codec) })
    this.ttl = this.ttlIndex(state, keySchema)
  }

  protected load(keys: KeyBatch): void {
    this.slots = this.table.find(keys.columns, keys.size)
    this.rowOf = new Int32Array(keys.size).fill(-1)
    const found: number[] = []
    for (let k = 0; k < keys.size; k++) {
      if (this.slots[k]! < 0) continue
      this.rowOf[k] = found.length
      found.push(this.slots[k]!)
    }
    const columns = this.table.read(found)
    this.readValue = this.codec.reader(columns[0]!)
    this.readExpiry = this.ttl ? numbersOf(columns[1]!) : []
    this.pending = new Array(keys.size)
    this.status = new Uint8Array(keys.size)
  }

  private current(k: number): unknown {
    const status = this.status[k]
    if (status === SET) return this.pending[k]
    if (status === CLEARED) return ABSENT
    const row = this.rowOf[k]!
    if (row < 0 || (this.ttl && this.expired(this.readExpiry[row]!))) return ABSENT
    return this.readValue(row)
  }

  exists(): boolean {
    return this.current(this.key('valueState.exists')) !== ABSENT
  }

  get(): S | null {
    const value = this.current(this.key('valueState.get'))
    return value === ABSENT ? null : (value as S)
  }

  update(value: S): void {
    const k = this.key('valueState.update')
    if (value === null || value === undefined) throw nullStateValue(this.name)
    this.touch(k, this.status[k] === NONE)
    this.status[k] = SET
    this.pending[k] = value
  }

  clear(): void {
    const k = this.key('valueState.clear')
    this.touch(k, this.status[k] === NONE)
    this.status[k] = CLEARED
  }

  protected write(keys: KeyBatch, touched: readonly number[]): void {
    const puts = touched.filter((k) => this.status[k] === SET)
    const removes = touched.filter((k) => this.status[k] === CLEARED && this.slots[k]! >= 0)
    const { metrics } = this.context
    if (puts.length > 0) {
      const keyColumns = keys.take(puts)
      const values: Column[] = [this.codec.encode(puts.map((k) => this.pending[k]))]
      const expires = new Float64Array(puts.length).fill(this.newExpiration)
      if (this.ttl) values.push(numericColumn(LONG, expires, null, 0))
      this.table.put(keyColumns, values, puts.length)
      this.ttl?.set(keyColumns, puts.length, expires)
      metrics.numRowsUpdated += puts.length
    }
    if (removes.length > 0) {
      this.table.remove(removes.map((k) => this.slots[k]!))
      this.ttl?.clear(keys.take(removes), removes.length)
      metrics.numRowsRemoved += removes.length
    }
  }

  removeExpired(nowMs: number): number {
    return this.ttl?.removeExpiredFrom(this.table, nowMs) ?? 0
  }

  get size(): number {
    return this.table.size
  }
}
