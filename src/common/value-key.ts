// The text that identifies a JS value as Rivulet hands values around (rows, literals): equal texts exactly for equal
// values. Unlike JSON.stringify it keeps maps' entries (sorted), bigints, bytes, NaN and Date instants.
export function valueKey(value: unknown): string {
  return JSON.stringify(value, function replacer(this: unknown, key: string, v: unknown) {
    // JSON.stringify has already called Date's toJSON; read the instant from the holder.
    const raw = (this as Record<string, unknown>)[key]
    if (raw instanceof Date) return { date: raw.getTime() }
    if (typeof v === 'bigint') return { bigint: v.toString() }
    if (typeof v === 'number' && !Number.isFinite(v)) return { number: String(v) }
    if (v instanceof Uint8Array) return { bytes: Array.from(v) }
    if (v instanceof Map) {
      const entries = [...v.entries()].map(([k, x]) => [valueKey(k), valueKey(x)] as const)
      return { map: entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) }
    }
    return v
  })
}
