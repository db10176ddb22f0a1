// Writes batches as CSV like Spark's UnivocityGenerator: values trimmed and quoted as needed, nulls as `nullValue`.
import { type Column, cellText, columnsOf, isNullAt, numbersOf } from '../../arrow/index.js'
import { formatWithPattern } from '../../common/datetime-pattern.js'
import type { DataType } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import { type CsvOptions, csvOptions, verifyCsvSchema } from './csv-options.js'
import type { FileWriter, FormatContext } from './file-format.js'

const encoder = new TextEncoder()

/** Renders one non-null value as text (Java number formats, the configured datetime patterns). */
function valueText(column: Column, type: DataType, i: number, options: CsvOptions): string {
  switch (type.kind) {
    case 'date':
      return formatWithPattern(numbersOf(column)[i]! * 86_400_000_000, options.writeDateFormat, 'UTC')
    case 'timestamp':
      return formatWithPattern(numbersOf(column)[i]!, options.writeTimestampFormat, options.zone)
    case 'timestamp_ntz':
      return formatWithPattern(numbersOf(column)[i]!, options.writeTimestampNTZFormat, 'UTC')
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      return new TextDecoder().decode((column.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!))
    }
    default:
      return cellText(column, type, i, { zone: options.zone, nullText: '' })
  }
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
  return {
    extension: '.csv',
    write(batch) {
      const columns = columnsOf(batch)
      const lines: string[] = []
      if (opts.header) lines.push(schema.fields.map((f) => csvField(f.name, opts)).join(opts.delimiter))
      const fields = new Array<string>(schema.fields.length)
      for (let i = 0; i < batch.numRows; i++) {
        for (let k = 0; k < fields.length; k++) {
          const column = columns[k]!
          fields[k] = isNullAt(column, i)
            ? opts.nullValue
            : csvField(valueText(column, schema.fields[k]!.dataType, i, opts), opts)
        }
        lines.push(fields.join(opts.delimiter))
      }
      return encoder.encode(lines.length === 0 ? '' : `${lines.join(lineSep)}${lineSep}`)
    },
  }
}
