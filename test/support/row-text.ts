// Rows as text: a readable form for failure messages, and a canonical key under which equal rows compare equal.
import type { Row } from '../../src/index.js'

/**
 * A value as text. Strings are quoted (so the string "null" differs from null), -0 differs from 0 and NaN equals
 * NaN, dates print in ISO form — the distinctions vitest's toEqual draws. `sortKeys` orders object fields by name, so
 * that, as with toEqual, field order does not matter when texts are compared.
 */
export function valueText(value: unknown, sortKeys = false): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'undefined':
      return 'undefined'
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value)
    case 'bigint':
      return `${value}n`
    case 'boolean':
      return String(value)
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`
  if (Array.isArray(value)) return `[${value.map((v) => valueText(v, sortKeys)).join(', ')}]`
  if (value instanceof Map) {
    const entries = [...value].map(([k, v]) => `${valueText(k, sortKeys)} -> ${valueText(v, sortKeys)}`)
    return `map(${(sortKeys ? entries.sort() : entries).join(', ')})`
  }
  if (typeof value === 'object') {
    // As toEqual does, a field holding undefined counts as absent.
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    if (sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${k}: ${valueText(v, sortKeys)}`).join(', ')}}`
  }
  return String(value)
}

/** A row as a reader sees it: fields in the row's own order. */
export function rowText(row: Row | readonly unknown[]): string {
  return valueText(row)
}

/** The key two rows share exactly when toEqual would call them equal. */
export function rowKey(row: Row): string {
  return valueText(row, true)
}
