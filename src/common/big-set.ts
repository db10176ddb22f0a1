// A Set and a Map that hold more than V8's 2^24 entries (one JS Set or Map throws a RangeError past that): entries
// beyond it go into further Sets or Maps, so a collection function over an array of 20 million elements still works.

/** V8's limit on one Set's or Map's entries is 2^24; stay just under it. */
const CAPACITY = 2 ** 24 - 1

/** A set of primitive keys of any size; `tryAdd` both checks and inserts. */
export class BigSet<K> {
  private readonly first = new Set<K>()
  private readonly more: Set<K>[] = []

  /** @param capacity entries per inner Set (smaller only in tests) */
  constructor(private readonly capacity = CAPACITY) {}

  get size(): number {
    return this.more.reduce((sum, set) => sum + set.size, this.first.size)
  }

  has(key: K): boolean {
    return this.first.has(key) || (this.more.length > 0 && this.more.some((set) => set.has(key)))
  }

  /** Adds `key` unless present; whether it was added. */
  tryAdd(key: K): boolean {
    if (this.more.length === 0 && this.first.size < this.capacity) {
      const before = this.first.size
      return this.first.add(key).size > before
    }
    if (this.has(key)) return false
    let last = this.more.at(-1) ?? this.first
    if (last.size >= this.capacity) this.more.push((last = new Set()))
    last.add(key)
    return true
  }

  clear(): void {
    this.first.clear()
    this.more.length = 0
  }
}

/** A map from primitive keys to values (never `undefined`), of any size. */
export class BigMap<K, V> {
  private readonly first = new Map<K, V>()
  private readonly more: Map<K, V>[] = []

  /** @param capacity entries per inner Map (smaller only in tests) */
  constructor(private readonly capacity = CAPACITY) {}

  get size(): number {
    return this.more.reduce((sum, map) => sum + map.size, this.first.size)
  }

  get(key: K): V | undefined {
    const found = this.first.get(key)
    if (found !== undefined || this.more.length === 0) return found
    for (const map of this.more) {
      const value = map.get(key)
      if (value !== undefined) return value
    }
    return undefined
  }

  set(key: K, value: V): this {
    const holder = this.more.length === 0 ? undefined : [this.first, ...this.more].find((map) => map.has(key))
    if (holder) holder.set(key, value)
    else if (this.first.has(key) || this.first.size < this.capacity) this.first.set(key, value)
    else {
      let last = this.more.at(-1)
      if (last === undefined || last.size >= this.capacity) this.more.push((last = new Map()))
      last.set(key, value)
    }
    return this
  }

  *values(): IterableIterator<V> {
    yield* this.first.values()
    for (const map of this.more) yield* map.values()
  }

  clear(): void {
    this.first.clear()
    this.more.length = 0
  }
}
