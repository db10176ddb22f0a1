// schema_of_xml's inference over one XML record (Spark's XmlInferSchema): attributes and child elements become
// fields sorted by name, repeated elements arrays, leaf text LONG, DOUBLE, DATE, TIMESTAMP, BOOLEAN or STRING.
import { parseDateString, parseTimestampString } from '../../../common/datetime-parse.js'
import { parseWithPattern } from '../../../common/datetime-pattern.js'
import {
  ArrayType,
  BOOLEAN,
  DATE,
  type DataType,
  DOUBLE,
  LONG,
  NULL,
  STRING,
  sqlTypeName,
  TIMESTAMP,
} from '../../../types/data-types.js'
import { StructField, StructType } from '../../../types/struct-type.js'
import { parseXml, type XmlNode, XmlSyntaxError } from '../xpath/xml-dom.js'
import type { XmlOptions } from './xml-options.js'

const LONG_DIGITS = /^\d+$/
const DOUBLE_TEXT = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** The type of one leaf text (XmlInferSchema.inferFrom's cascade). */
function inferText(datum: string, o: XmlOptions): DataType {
  const text = o.ignoreSurroundingSpaces ? datum.trim() : datum
  if (!o.inferSchema) return STRING
  if (text === '' || text === o.nullValue) return NULL
  const unsigned = text.startsWith('+') || text.startsWith('-') ? text.slice(1) : text
  if (LONG_DIGITS.test(unsigned) && BigInt(unsigned) <= 9223372036854775807n) return LONG
  if (DOUBLE_TEXT.test(unsigned)) return DOUBLE
  if (o.preferDate) {
    const days =
      o.dateFormat === undefined
        ? ISO_DATE.test(text) && parseDateString(text) !== null
        : parseWithPattern(text, o.dateFormat, 'UTC') !== null
    if (days) return DATE
  }
  const timestamp =
    o.timestampFormat === undefined
      ? parseTimestampString(text, 'UTC')
      : parseWithPattern(text, o.timestampFormat, 'UTC')
  if (timestamp !== null) return TIMESTAMP
  const lower = text.toLowerCase()
  return lower === 'true' || lower === 'false' ? BOOLEAN : STRING
}

const isPrimitive = (t: DataType) => t.kind !== 'struct' && t.kind !== 'array' && t.kind !== 'map'
const byName = (a: StructField, b: StructField) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** The wider of two inferred types (XmlInferSchema.compatibleType). */
export function compatibleXmlType(a: DataType, b: DataType, valueTag: string): DataType {
  if (a.kind === 'null') return b
  if (b.kind === 'null') return a
  if (a.kind === 'struct' && b.kind === 'struct') {
    const merged = new Map<string, StructField>()
    for (const f of [...a.fields, ...b.fields]) {
      const key = f.name.toLowerCase()
      const seen = merged.get(key)
      merged.set(key, seen ? StructField(seen.name, compatibleXmlType(seen.dataType, f.dataType, valueTag)) : f)
    }
    return StructType([...merged.values()].sort(byName))
  }
  if (a.kind === 'array' && b.kind === 'array')
    return ArrayType(compatibleXmlType(a.elementType, b.elementType, valueTag))
  if (sqlTypeName(a) === sqlTypeName(b)) return a
  const numeric = (t: DataType) => t.kind === 'long' || t.kind === 'double'
  if (numeric(a) && numeric(b)) return DOUBLE
  const datetime = (t: DataType) => t.kind === 'date' || t.kind === 'timestamp'
  if (datetime(a) && datetime(b)) return TIMESTAMP
  if (a.kind === 'array') return ArrayType(compatibleXmlType(a.elementType, b, valueTag))
  if (b.kind === 'array') return ArrayType(compatibleXmlType(a, b.elementType, valueTag))
  const withValue = (st: DataType, other: DataType, first: boolean): DataType | undefined => {
    if (st.kind !== 'struct') return undefined
    const index = st.fields.findIndex((f) => f.name === valueTag)
    if (index < 0) return undefined
    const value = st.fields[index]!.dataType
    const merged = first ? compatibleXmlType(value, other, valueTag) : compatibleXmlType(other, value, valueTag)
    return StructType(st.fields.map((f, i) => (i === index ? StructField(valueTag, merged) : f)))
  }
  return withValue(a, b, true) ?? withValue(b, a, false) ?? STRING
}

/** Adds a field, turning a repeated name into an array (XmlInferSchema.addOrUpdateType). */
function addType(types: Map<string, StructField>, name: string, type: DataType, valueTag: string): void {
  const key = name.toLowerCase()
  const old = types.get(key)
  if (!old) types.set(key, StructField(name, type))
  else {
    const merged = compatibleXmlType(old.dataType, type, valueTag)
    types.set(key, StructField(old.name, old.dataType.kind === 'array' ? merged : ArrayType(merged)))
  }
}

const attributeFields = (element: XmlNode, o: XmlOptions): StructField[] =>
  o.excludeAttribute
    ? []
    : element.attributes.map((a) => StructField(o.attributePrefix + a.name, inferText(a.value ?? '', o)))

/** The struct of an element's children and text, plus `attributes` (XmlInferSchema.inferObject). */
function inferObject(element: XmlNode, attributes: readonly StructField[], o: XmlOptions): StructType {
  const types = new Map<string, StructField>()
  for (const a of attributes) addType(types, a.name, a.dataType, o.valueTag)
  for (const child of element.children) {
    if (child.kind === 'text') {
      if ((child.value ?? '').trim() !== '') addType(types, o.valueTag, inferText(child.value ?? '', o), o.valueTag)
      continue
    }
    const childAttributes = attributeFields(child, o)
    let type = inferField(child, o)
    if (childAttributes.length > 0) {
      const fields =
        type.kind === 'struct' ? [...type.fields] : type.kind === 'null' ? [] : [StructField(o.valueTag, type)]
      type = StructType([...fields, ...childAttributes].sort(byName))
    }
    addType(types, child.name, type, o.valueTag)
  }
  return StructType([...types.values()].sort(byName))
}

/** The type of one child element's content (XmlInferSchema.inferField). */
function inferField(element: XmlNode, o: XmlOptions): DataType {
  const first = element.children[0]
  if (first === undefined) return NULL
  const st = inferObject(element, [], o)
  if (first.kind === 'element') return st
  if (st.fields.length === 0) return NULL
  const only = st.fields[0]!
  if (st.fields.length === 1 && isPrimitive(only.dataType) && only.name.toLowerCase() === o.valueTag.toLowerCase()) {
    return only.dataType
  }
  return st
}

/** NULL becomes STRING and structs left without fields disappear (XmlInferSchema.canonicalizeType). */
function canonical(t: DataType): DataType | undefined {
  switch (t.kind) {
    case 'null':
      return STRING
    case 'array': {
      const element = canonical(t.elementType)
      return element && ArrayType(element, t.containsNull)
    }
    case 'struct': {
      const fields: StructField[] = []
      for (const f of t.fields) {
        const type = f.name === '' ? undefined : canonical(f.dataType)
        if (type) fields.push(StructField(f.name, type))
      }
      return fields.length > 0 ? StructType(fields) : undefined
    }
    default:
      return t
  }
}

/** schema_of_xml's type of one record: its root element's struct, or `_corrupt_record` for malformed XML. */
export function inferXmlType(text: string, o: XmlOptions): DataType {
  let root: XmlNode
  try {
    root = parseXml(text).children[0]!
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e
    return StructType([StructField('_corrupt_record', STRING)])
  }
  return canonical(inferObject(root, attributeFields(root, o), o)) ?? StructType([])
}
