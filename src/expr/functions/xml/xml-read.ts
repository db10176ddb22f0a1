// from_xml's reading of one parsed XML record into the JS values of a schema (Spark's StaxXmlParser): the root's
// attributes and child elements become fields, repeated elements fill arrays, text goes to the value tag.
import { parseDateString, parseTimestampString } from '../../../common/datetime-parse.js'
import { parseWithPattern } from '../../../common/datetime-pattern.js'
import { MICROS_PER_DAY, MILLIS_PER_DAY } from '../../../common/interval.js'
import type { DataType } from '../../../types/data-types.js'
import type { StructType } from '../../../types/struct-type.js'
import type { XmlNode } from '../xpath/xml-dom.js'
import type { XmlOptions } from './xml-options.js'

/** A value that does not fit its type (Spark's NumberFormatException, MatchError...): its field becomes NULL. */
export class XmlValueError extends Error {}

const bad = (text: string, type: DataType): never => {
  throw new XmlValueError(`Cannot read '${text}' as ${type.kind}.`)
}

const LIMITS: Readonly<Record<string, number>> = { byte: 127, short: 32767, integer: 2147483647 }
const LONG_MAX = 9223372036854775807n

/** Java's Long.parseLong / Integer.parseInt ... of `text` (an optional sign, then digits), or bad(). */
function integral(text: string, type: DataType): number | bigint {
  if (!/^[+-]?\d+$/.test(text)) return bad(text, type)
  if (type.kind === 'long') {
    if (text.length < 16) return Number(text)
    const value = BigInt(text)
    if (value > LONG_MAX || value < -LONG_MAX - 1n) return bad(text, type)
    return Number.isSafeInteger(Number(value)) ? Number(value) : value
  }
  const value = Number(text)
  const limit = LIMITS[type.kind]!
  return value >= -limit - 1 && value <= limit ? value : bad(text, type)
}

const JAVA_DOUBLE = /^\s*[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?)\s*$/
/** NumberFormat's lenient fallback: the leading number (with grouping commas) of the text. */
const LEADING_NUMBER = /^(\d[\d,]*(\.\d*)?|\.\d+)/

function floating(text: string, type: DataType): number {
  let value: number
  if (JAVA_DOUBLE.test(text)) value = Number(text.trim().replace(/[dDfF]$/, ''))
  else {
    const m = LEADING_NUMBER.exec(text)
    if (!m) return bad(text, type)
    value = Number(m[0].replaceAll(',', ''))
  }
  return type.kind === 'float' ? Math.fround(value) : value
}

/** A signed number read as Spark's signSafeTo*: the sign is stripped, the rest parsed, then negated. */
function signSafe(text: string, type: DataType): number | bigint {
  const sign = text.startsWith('-') ? -1 : 1
  const rest = text.startsWith('+') || text.startsWith('-') ? text.slice(1) : text
  const value = type.kind === 'long' || type.kind === 'integer' ? integral(rest, type) : floating(rest, type)
  if (sign === 1) return value
  return typeof value === 'bigint' ? -value : -value
}

/** One text value (an element's text or an attribute) as the JS value of an atomic type (StaxXmlParser.convertTo). */
export function convertText(datum: string, type: DataType, o: XmlOptions, zone: string): unknown {
  const text = o.ignoreSurroundingSpaces ? datum.trim() : datum
  if (text === o.nullValue) return null
  switch (type.kind) {
    case 'null':
    case 'string':
      return text
    case 'long':
    case 'integer':
    case 'float':
    case 'double':
      return signSafe(text, type)
    case 'byte':
    case 'short':
      return integral(text, type)
    case 'boolean': {
      const lower = text.toLowerCase()
      return lower === 'true' || lower === '1' ? true : lower === 'false' || lower === '0' ? false : bad(text, type)
    }
    case 'decimal':
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? text : bad(text, type)
    case 'date': {
      const micros = o.dateFormat === undefined ? null : parseWithPattern(text, o.dateFormat, 'UTC')
      const days = o.dateFormat === undefined ? parseDateString(text) : micros === null ? null : micros / MICROS_PER_DAY
      return days === null ? bad(text, type) : new Date(Math.floor(days) * MILLIS_PER_DAY)
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      const tz = type.kind === 'timestamp' ? zone : 'UTC'
      const pattern = type.kind === 'timestamp' ? o.timestampFormat : o.timestampNTZFormat
      const micros = pattern === undefined ? parseTimestampString(text, tz) : parseWithPattern(text, pattern, tz)
      return micros === null ? bad(text, type) : micros / 1000
    }
    default:
      return bad(text, type)
  }
}

const isBlank = (n: XmlNode) => n.kind === 'text' && (n.value ?? '').trim() === ''

/** The element's content as text, nested elements written back as tags (StaxXmlParserUtils.currentStructureAsString). */
function structureText(element: XmlNode): string {
  let out = ''
  for (const child of element.children) {
    if (child.kind === 'text') out += child.value
    else {
      out += `<${child.name}`
      for (const a of child.attributes) out += ` ${a.name}="${a.value}"`
      out += `>${structureText(child)}</${child.name}>`
    }
  }
  return out
}

/** The field index of a name, case-insensitively (spark.sql.caseSensitive=false). */
function fieldIndex(schema: StructType, name: string): number {
  const exact = schema.fields.findIndex((f) => f.name === name)
  if (exact >= 0) return exact
  const lower = name.toLowerCase()
  return schema.fields.findIndex((f) => f.name.toLowerCase() === lower)
}

/** Reads one field value of an element (StaxXmlParser.convertField) for a non-struct type. */
function readField(element: XmlNode, type: DataType, o: XmlOptions, zone: string): unknown {
  if (type.kind === 'struct') return readObject(element, type, o, zone, false)
  if (type.kind === 'string') {
    if (element.children.length === 0) return o.nullValue === '' ? null : ''
    return convertText(structureText(element), type, o, zone)
  }
  if (type.kind === 'map') return element.children.length === 0 ? null : readMap(element, type.valueType, o, zone)
  for (const child of element.children) {
    if (isBlank(child)) continue
    if (child.kind === 'element') return bad(child.name, type)
    return convertText(child.value ?? '', type.kind === 'array' ? type.elementType : type, o, zone)
  }
  return null
}

/** A MAP<STRING, T> from an element's attributes, children and text (StaxXmlParser.convertMap). */
function readMap(element: XmlNode, valueType: DataType, o: XmlOptions, zone: string): Map<string, unknown> {
  const out = new Map<string, unknown>()
  if (!o.excludeAttribute) {
    for (const a of element.attributes)
      out.set(o.attributePrefix + a.name, convertText(a.value ?? '', valueType, o, zone))
  }
  for (const child of element.children) {
    if (child.kind === 'element') out.set(child.name, readField(child, valueType, o, zone))
    else if (!isBlank(child)) out.set(o.valueTag, convertText(child.value ?? '', valueType, o, zone))
  }
  return out
}

/** Sets or appends (for an array field) one value of field `index`. */
function put(row: Record<string, unknown>, schema: StructType, index: number, value: unknown): void {
  const field = schema.fields[index]!
  if (field.dataType.kind !== 'array') row[field.name] = value
  else {
    const values = row[field.name]
    if (Array.isArray(values)) values.push(value)
    else row[field.name] = [value]
  }
}

/**
 * A struct from an element (StaxXmlParser.convertObject): attributes, child elements by field name and text as the
 * value tag. A value that does not fit leaves its root field NULL and keeps the others (Spark's partial result); in a
 * nested struct it makes the whole nested value NULL.
 */
export function readObject(
  element: XmlNode,
  schema: StructType,
  o: XmlOptions,
  zone: string,
  root: boolean,
): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const f of schema.fields) row[f.name] = null
  if (!o.excludeAttribute) {
    for (const a of element.attributes) {
      const index = fieldIndex(schema, o.attributePrefix + a.name)
      if (index >= 0)
        row[schema.fields[index]!.name] = convertText(a.value ?? '', schema.fields[index]!.dataType, o, zone)
    }
  }
  let failed = false
  for (const child of element.children) {
    if (child.kind === 'text') {
      if (isBlank(child)) continue
      const index = fieldIndex(schema, o.valueTag)
      if (index < 0) continue
      const type = schema.fields[index]!.dataType
      put(row, schema, index, convertText(child.value ?? '', type.kind === 'array' ? type.elementType : type, o, zone))
      continue
    }
    const index = fieldIndex(schema, child.name)
    if (index < 0) continue
    try {
      const type = schema.fields[index]!.dataType
      put(row, schema, index, readField(child, type.kind === 'array' ? type.elementType : type, o, zone))
    } catch (e) {
      if (!(e instanceof XmlValueError)) throw e
      failed = true
    }
  }
  if (failed && !root) throw new XmlValueError('A nested value does not fit its type.')
  return row
}
