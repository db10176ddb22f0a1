// Hive-style partition directories (`col=value/`): discovery, type inference and values as Spark's
// PartitioningUtils handles them, and the escaping the file sink uses for directory names.
import { type Column, take } from '../../arrow/index.js'
import { parseDateString, parseTimestampString } from '../../common/datetime-parse.js'
import { DATE, type DataType, DOUBLE, INTEGER, LONG, NULL, STRING, TIMESTAMP } from '../../types/data-types.js'
import { StructField, type StructType } from '../../types/struct-type.js'
import { nestedColumn } from '../formats/column-builder.js'
import { MALFORMED, parseJavaDouble, parseJavaIntegral, textConverter } from '../formats/text-values.js'

/** The directory name Spark uses for a null (or empty) partition value. */
export const DEFAULT_PARTITION_NAME = '__HIVE_DEFAULT_PARTITION__'

/** Characters Spark escapes in partition directory names (ExternalCatalogUtils.charToEscape). */
const ESCAPED = new Set([...'"#%\'*/:=?\\\u007f{[]^'].map((c) => c.charCodeAt(0)))

/** `escapePathName`: special characters and controls as `%XX`. */
export function escapePathName(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    out +=
      (code >= 1 && code <= 31) || ESCAPED.has(code) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : text[i]
  }
  return out
}

/** `unescapePathName`: `%XX` back to characters. */
export function unescapePathName(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}

/** The `col=value` pairs of a file's directory path relative to the table root (raw, unescaped text). */
export function partitionPairs(relativeDirs: readonly string[]): [string, string][] {
  const pairs: [string, string][] = []
  for (const dir of relativeDirs) {
    const eq = dir.indexOf('=')
    if (eq > 0) pairs.push([unescapePathName(dir.slice(0, eq)), unescapePathName(dir.slice(eq + 1))])
  }
  return pairs
}

/** The type of one partition value (Spark's inferPartitionColumnValue with type inference on). */
function inferValueType(raw: string, zone: string): DataType {
  if (raw === DEFAULT_PARTITION_NAME) return NULL
  if (parseJavaIntegral(raw, 'integer') !== undefined) return INTEGER
  if (parseJavaIntegral(raw, 'long') !== undefined) return LONG
  if (parseJavaDouble(raw) !== undefined) return DOUBLE
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(raw) && parseDateString(raw) !== null) return DATE
  if (/^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$/.test(raw) && parseTimestampString(raw, zone) !== null)
    return TIMESTAMP
  return STRING
}

const UPCAST = ['null', 'integer', 'long', 'double', 'string']

/** Widens two partition column types (null < int < long < double < string; date + timestamp is timestamp). */
function widen(a: DataType, b: DataType): DataType {
  if (a.kind === b.kind) return a
  if (a.kind === 'null') return b
  if (b.kind === 'null') return a
  const ia = UPCAST.indexOf(a.kind)
  const ib = UPCAST.indexOf(b.kind)
  if (ia >= 0 && ib >= 0) return ia > ib ? a : b
  if ((a.kind === 'date' && b.kind === 'timestamp') || (a.kind === 'timestamp' && b.kind === 'date')) return TIMESTAMP
  return STRING
}

/**
 * The partition columns found in the files' paths, in the order first seen; their types come from `userSchema`
 * when it names them, else are inferred from the values.
 */
export function inferPartitionFields(
  files: readonly { readonly partition: readonly [string, string][] }[],
  userSchema: StructType | undefined,
  zone: string,
): StructField[] {
  const types = new Map<string, DataType>()
  for (const file of files) {
    for (const [name, raw] of file.partition) types.set(name, widen(types.get(name) ?? NULL, inferValueType(raw, zone)))
  }
  return [...types].map(([name, inferred]) => {
    const given = userSchema?.fields.find((f) => f.name === name)
    return given ?? StructField(name, inferred.kind === 'null' ? STRING : inferred)
  })
}

/** A partition value as a value of `type` (null for the default partition or text that does not cast). */
export function partitionValue(raw: string | undefined, type: DataType, zone: string): unknown {
  if (raw === undefined || raw === DEFAULT_PARTITION_NAME) return null
  const converted = textConverter(type, {
    zone,
    dateFormat: undefined,
    timestampFormat: undefined,
    timestampNTZFormat: undefined,
    nanValue: 'NaN',
    positiveInf: 'Infinity',
    negativeInf: '-Infinity',
  })(raw)
  return converted === MALFORMED ? null : converted
}

/** Constant columns holding a file's partition values, one per partition field, `rows` long. */
export function partitionColumns(
  fields: readonly StructField[],
  pairs: readonly [string, string][],
  rows: number,
  zone: string,
): Column[] {
  return fields.map((f) => {
    const raw = pairs.find(([name]) => name === f.name)?.[1]
    // One value, repeated by a gather rather than built row by row.
    return take(nestedColumn(f.dataType, [partitionValue(raw, f.dataType, zone)]), new Int32Array(rows))
  })
}
