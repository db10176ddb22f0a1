// Writes batches as CSV like Spark's UnivocityGenerator: values trimmed and quoted as needed, nulls as `nullValue`.
import { bitAt, type Column, cellText, columnsOf, decodeUtf8, numbersOf, validityOf } from '../../arrow/index.js'
import { formatWithPattern } from '../../common/datetime-pattern.js'
import { MICROS_PER_DAY } from '../../common/interval.js'
import type { DataType } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import { type CsvOptions, csvOptions, verifyCsvSchema } from './csv-options.js'
import type { FileWriter, FormatContext } from './file-format.js'
import { compressedWriter, textOutputCodec } from './output-compression.js'

const encoder = new TextEncoder()

/** Renders row i's (non-null) value as text (Java number formats, the configured datetime patterns). */
function valueText(column: Column, type: DataType, options: CsvOptions): (i: number) => string {
  switch (type.kind) {
    case 'date': {
      const days = numbersOf(column)
      return (i) => formatWithPattern(days[i]! * MICROS_PER_DAY, options.writeDateFormat, 'UTC')
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      const micros = numbersOf(column)
      const [pattern, zone] =
        type.kind === 'timestamp'
          ? [options.writeTimestampFormat, options.zone]
          : [options.writeTimestampNTZFormat, 'UTC']
      return (i) => formatWithPattern(micros[i]!, pattern, zone)
    }
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      const bytes = column.values as Uint8Array
      return (i) => decodeUtf8(bytes, offsets[i]!, offsets[i + 1]!)
    }
    default: {
      const cellOptions = { zone: options.zone, nullText: '' }
      return (i) => cellText(column, type, i, cellOptions)
    }
  }
}

/** Row i of a column as its CSV field; the column's arrays are read once per batch. */
function fieldWriter(column: Column, type: DataType, options: CsvOptions): (i: number) => string {
  const valid = validityOf(column)
  const text = valueText(column, type, options)
  return (i) => (valid !== null && !bitAt(valid, i) ? options.nullValue : csvField(text(i), options))
}

const isBlank = (code: number) => code <= 32

/** A field as univocity writes it: trimmed (by default), quoted when it holds a delimiter, quote or line break. */
export function csvField(text: string, options: CsvOptions): string {
  let value = text
  if (options.ignoreLeadingWhiteSpace || options.ignoreTrailingWhiteSpace) {
    let start = 0
    let end = value.length
    if (options.ignoreLeadingWhiteSpace) while (start < end && isBlank(value.charCodeAt(start))) start++
    if (options.ignoreTrailingWhiteSpace) while (end > start && isBlank(value.charCodeAt(end - 1))) end--
    value = value.slice(start, end)
  }
  if (value === '') return options.emptyValue
  const { quote, escape: escapeChar, delimiter } = options
  const hasQuote = quote !== '\0' && value.includes(quote)
  const mustQuote =
    options.quoteAll ||
    value.includes(delimiter) ||
    value.includes('\n') ||
    value.includes('\r') ||
    (hasQuote && options.escapeQuotes) ||
    (options.lineSep !== undefined && value.includes(options.lineSep))
  if (!mustQuote || quote === '\0') return value
  const escaped = hasQuote ? value.replaceAll(quote, `${escapeChar === '\0' ? quote : escapeChar}${quote}`) : value
  return `${quote}${escaped}${quote}`
}

export function csvWriter(options: Options, schema: StructType, context: FormatContext): FileWriter {
  verifyCsvSchema(schema)
  const opts = csvOptions(options, context, true)
  const lineSep = opts.lineSep ?? '\n'
  const codec = textOutputCodec(options)
  return compressedWriter(
    {
      extension: '.csv',
      write(batch) {
        const writers = columnsOf(batch).map((column, k) => fieldWriter(column, schema.fields[k]!.dataType, opts))
        const lines: string[] = []
        if (opts.header) lines.push(schema.fields.map((f) => csvField(f.name, opts)).join(opts.delimiter))
        const fields = new Array<string>(writers.length)
        for (let i = 0; i < batch.numRows; i++) {
          for (let k = 0; k < fields.length; k++) fields[k] = writers[k]!(i)
          lines.push(fields.join(opts.delimiter))
        }
        return encoder.encode(lines.length === 0 ? '' : `${lines.join(lineSep)}${lineSep}`)
      },
    },
    codec,
  )
}
