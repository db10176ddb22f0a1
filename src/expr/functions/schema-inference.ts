// Schema inference for schema_of_json and schema_of_csv (Spark's JsonInferSchema / CSVInferSchema over one record),
// and the SQL text of the inferred type (`STRUCT<a: BIGINT, b: ARRAY<STRING>>`).
import { AnalysisException } from '../../common/errors.js'
import {
  ArrayType,
  BOOLEAN,
  type DataType,
  DecimalType,
  DOUBLE,
  INTEGER,
  LONG,
  NULL,
  STRING,
  sqlTypeName,
} from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import { csvSeparator, splitCsvRecord } from './csv-record.js'
import { booleanOption } from './function-options.js'

type Options = Readonly<Record<string, string>>

/** A type's SQL text with field names quoted only where needed (Spark 4's StructType.sql). */
export function schemaSql(t: DataType): string {
  switch (t.kind) {
    case 'array':
      return `ARRAY<${schemaSql(t.elementType)}>`
    case 'map':
      return `MAP<${schemaSql(t.keyType)}, ${schemaSql(t.valueType)}>`
    case 'struct':
      return `STRUCT<${t.fields.map((f) => `${quoteIfNeeded(f.name)}: ${schemaSql(f.dataType)}`).join(', ')}>`
    default:
      return sqlTypeName(t)
  }
}

const quoteIfNeeded = (name: string) =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replaceAll('`', '``')}\``

/** BigDecimal's precision and scale of a plain or exponent number text. */
function decimalShape(text: string): { precision: number; scale: number } | null {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null
  const digits = `${m[1]}${m[2] ?? ''}`.replace(/^0+(?=\d)/, '')
  const scale = (m[2] ?? '').length - Number(m[3] ?? 0)
  const significant = digits.replace(/^0+/, '') || '0'
  return { precision: Math.max(significant.length, 1), scale }
}

/** Spark's DecimalType for a BigDecimal (precision at least the scale), or undefined past 38 digits. */
function decimalTypeOf(text: string): DataType | undefined {
  const shape = decimalShape(text)
  if (!shape) return undefined
  const scale = Math.max(shape.scale, 0)
  const precision = Math.max(shape.precision + Math.max(-shape.scale, 0), scale)
  return precision <= 38 ? DecimalType(precision, scale) : undefined
}

/** The wider of two inferred types (JsonInferSchema.compatibleType): numbers widen, anything else is a STRING. */
function compatible(a: DataType, b: DataType): DataType {
  if (a.kind === 'null') return b
  if (b.kind === 'null') return a
  if (sqlTypeName(a) === sqlTypeName(b)) return a
  const numeric = (t: DataType) => t.kind === 'long' || t.kind === 'double' || t.kind === 'decimal'
  if (numeric(a) && numeric(b)) {
    if (a.kind === 'double' || b.kind === 'double') return DOUBLE
    const [x, y] = [asDecimal(a), asDecimal(b)]
    const scale = Math.max(x.scale, y.scale)
    const integral = Math.max(x.precision - x.scale, y.precision - y.scale)
    return integral + scale <= 38 ? DecimalType(integral + scale, scale) : DOUBLE
  }
  if (a.kind === 'array' && b.kind === 'array') return ArrayType(compatible(a.elementType, b.elementType), true)
  if (a.kind === 'struct' && b.kind === 'struct') {
    const names = [...new Set([...a.fields, ...b.fields].map((f) => f.name))].sort()
    return StructType(
      names.map((name) => {
        const x = a.fields.find((f) => f.name === name)?.dataType ?? NULL
        const y = b.fields.find((f) => f.name === name)?.dataType ?? NULL
        return StructField(name, compatible(x, y), true)
      }),
    )
  }
  return STRING
}

const asDecimal = (t: DataType) => (t.kind === 'decimal' ? t : DecimalType(20, 0))

/** NULL types (all-null values, empty arrays) become STRING, as Spark's canonicalizeType does. */
function canonical(t: DataType): DataType {
  if (t.kind === 'null') return STRING
  if (t.kind === 'array') return ArrayType(canonical(t.elementType), true)
  if (t.kind === 'struct') return StructType(t.fields.map((f) => StructField(f.name, canonical(f.dataType), true)))
  return t
}

/** A recursive-descent JSON reader that keeps each number's text, which JSON.parse loses (1 vs 1.0). */
class JsonTypeReader {
  private at = 0
  constructor(
    private readonly text: string,
    private readonly options: Options,
  ) {}

  read(): DataType {
    const t = this.value()
    this.space()
    if (this.at !== this.text.length) throw this.malformed()
    return t
  }

  private malformed(): AnalysisException {
    return new AnalysisException(`Cannot infer the schema of malformed JSON: ${this.text}`, {
      errorClass: 'MALFORMED_RECORD_IN_PARSING',
    })
  }

  private space(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++
  }

  private value(): DataType {
    this.space()
    const c = this.text[this.at]
    if (c === '{') return this.object()
    if (c === '[') return this.array()
    if (c === '"') {
      this.string()
      return STRING
    }
    const word = /^(true|false|null)/.exec(this.text.slice(this.at))
    if (word) {
      this.at += word[1]!.length
      if (word[1] === 'null') return NULL
      return booleanOption(this.options, 'primitivesAsString', false) ? STRING : BOOLEAN
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at))
    if (!number) throw this.malformed()
    const text = number[0]
    if (/^-?0\d/.test(text) && !booleanOption(this.options, 'allowNumericLeadingZeros', false)) throw this.malformed()
    this.at += text.length
    return this.numberType(text)
  }

  private numberType(text: string): DataType {
    if (booleanOption(this.options, 'primitivesAsString', false)) return STRING
    if (number.isIntegral(text)) {
      const big = BigInt(text)
      if (big >= -(2n ** 63n) && big < 2n ** 63n) return LONG
      return decimalTypeOf(text) ?? DOUBLE
    }
    if (booleanOption(this.options, 'prefersDecimal', false)) return decimalTypeOf(text) ?? DOUBLE
    return DOUBLE
  }

  private string(): string {
    const start = this.at
    this.at++
    while (this.at < this.text.length && this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1
    if (this.at >= this.text.length) throw this.malformed()
    this.at++
    return JSON.parse(this.text.slice(start, this.at)) as string
  }

  private array(): DataType {
    this.at++
    let element: DataType = NULL
    this.space()
    if (this.text[this.at] === ']') {
      this.at++
      return ArrayType(element, true)
    }
    for (;;) {
      element = compatible(element, this.value())
      this.space()
      const c = this.text[this.at++]
      if (c === ']') return ArrayType(element, true)
      if (c !== ',') throw this.malformed()
    }
  }

  private object(): DataType {
    this.at++
    const fields = new Map<string, DataType>()
    this.space()
    if (this.text[this.at] === '}') {
      this.at++
      return StructType([])
    }
    for (;;) {
      this.space()
      if (this.text[this.at] !== '"') throw this.malformed()
      const name = this.string()
      this.space()
      if (this.text[this.at++] !== ':') throw this.malformed()
      fields.set(name, compatible(fields.get(name) ?? NULL, this.value()))
      this.space()
      const c = this.text[this.at++]
      if (c === '}') break
      if (c !== ',') throw this.malformed()
    }
    const names = [...fields.keys()].sort()
    return StructType(names.map((name) => StructField(name, fields.get(name)!, true)))
  }
}

const number = { isIntegral: (text: string) => /^-?\d+$/.test(text) }

/** schema_of_json's type of one JSON document. */
export function inferJsonType(text: string, options: Options): DataType {
  return canonical(new JsonTypeReader(text, options).read())
}

/** CSVInferSchema's type of one field: INT, BIGINT, DECIMAL(p, 0), DOUBLE, BOOLEAN, else STRING. */
function csvFieldType(field: string | null, options: Options): DataType {
  if (field === null) return NULL
  if (/^[+-]?\d+$/.test(field)) {
    const big = BigInt(field)
    if (big >= -(2n ** 31n) && big < 2n ** 31n) return INTEGER
    if (big >= -(2n ** 63n) && big < 2n ** 63n) return LONG
    return decimalTypeOf(field) ?? DOUBLE
  }
  if (booleanOption(options, 'prefersDecimal', false) && /^[+-]?\d*\.\d+$/.test(field)) {
    return decimalTypeOf(field) ?? DOUBLE
  }
  if (/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?\s*$/.test(field) || /^[+-]?(NaN|Infinity)$/.test(field)) {
    return DOUBLE
  }
  if (/^(true|false)$/i.test(field)) return BOOLEAN
  return STRING
}

/** schema_of_csv's type of one CSV record: a struct of `_c0`, `_c1`, ... */
export function inferCsvType(text: string, options: Options): DataType {
  const fields = splitCsvRecord(text, csvSeparator(options), options)
  return StructType(fields.map((f, i) => StructField(`_c${i}`, canonical(csvFieldType(f, options)), true)))
}
