// JSON rendering as Spark's json4s does it: compact, or pretty with `"key" : value`, `[ {` runs and `[ ]`.
import { javaDoubleText } from '../arrow/cell-text.js'

/** A number that Spark holds as a Double (printed `0.0`, `16.666666666666668`), not a Long. */
export class JsonDouble {
  constructor(readonly value: number) {}
}

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonDouble
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined }

function scalarText(value: JsonValue): string | undefined {
  if (value === null) return 'null'
  if (typeof value === 'boolean' || typeof value === 'number') return String(value)
  if (typeof value === 'string') return JSON.stringify(value)
  if (value instanceof JsonDouble) return javaDoubleText(value.value)
  return undefined
}

/** Drops undefined fields and non-finite doubles (Spark omits NaN/Infinity rates). */
function entriesOf(object: { readonly [key: string]: JsonValue | undefined }): [string, JsonValue][] {
  return Object.entries(object).filter(
    (entry): entry is [string, JsonValue] =>
      entry[1] !== undefined && !(entry[1] instanceof JsonDouble && !Number.isFinite(entry[1].value)),
  )
}

export function compactJson(value: JsonValue): string {
  const scalar = scalarText(value)
  if (scalar !== undefined) return scalar
  if (Array.isArray(value)) return `[${value.map(compactJson).join(',')}]`
  return `{${entriesOf(value as { [key: string]: JsonValue })
    .map(([k, v]) => `${JSON.stringify(k)}:${compactJson(v)}`)
    .join(',')}}`
}

export function prettyJson(value: JsonValue, indent = ''): string {
  const scalar = scalarText(value)
  if (scalar !== undefined) return scalar
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]'
    return `[ ${value.map((v) => prettyJson(v, indent)).join(', ')} ]`
  }
  const entries = entriesOf(value as { [key: string]: JsonValue })
  if (entries.length === 0) return '{ }'
  const inner = `${indent}  `
  const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${prettyJson(v, inner)}`).join(',\n')
  return `{\n${body}\n${indent}}`
}
