// The CSV format: records tokenized, fields converted per column into Arrow builders, Spark's parse modes applied.
import { SparkRuntimeException } from '../../common/errors.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import { columnBuilder, finishBatch } from './column-builder.js'
import { csvInferSchema } from './csv-infer.js'
import { csvOptions, decodeText, verifyCsvSchema } from './csv-options.js'
import { CsvTokenizer } from './csv-tokenizer.js'
import { csvWriter } from './csv-writer.js'
import { type FileFormat, type FileReader, type FormatContext, textRecordSplit } from './file-format.js'
import { internalRowText, malformedHandling, malformedRecordError } from './parse-mode.js'
import { MALFORMED, textConverter } from './text-values.js'

function csvReader(options: Options, schema: StructType, context: FormatContext): FileReader {
  verifyCsvSchema(schema)
  const opts = csvOptions(options, context, false)
  const { mode, corruptIndex } = malformedHandling(options, schema, context)
  // Tokens map, in order, to the schema's fields other than the corrupt-record column.
  const dataIndexes = schema.fields.map((_, i) => i).filter((i) => i !== corruptIndex)
  const converters = dataIndexes.map((i) => textConverter(schema.fields[i]!.dataType, opts))
  const width = dataIndexes.length
  const { nullValue } = opts

  return (file) => {
    const tokenizer = new CsvTokenizer(decodeText(file.bytes, opts.encoding), opts)
    const builders = schema.fields.map((f) => columnBuilder(f.dataType, 1024))
    const row: unknown[] = new Array(schema.fields.length).fill(null)
    let rows = 0
    const lineOffset = (file.firstLine ?? 1) - 1
    // Only the file's first piece starts with the header.
    let first = !file.continuation
    while (tokenizer.next()) {
      if (first && opts.header) {
        first = false
        continue
      }
      first = false
      const tokens = tokenizer.fields
      // A record with more or fewer tokens than columns is malformed, but its fields are still parsed.
      let malformed = tokens.length !== width
      for (let k = 0; k < width; k++) {
        const datum = k < tokens.length ? tokens[k]! : null
        let value: unknown = null
        if (datum !== null && datum !== nullValue) {
          value = converters[k]!(datum)
          if (value === MALFORMED) {
            value = null
            malformed = true
          }
        }
        row[dataIndexes[k]!] = value
      }
      if (corruptIndex >= 0) row[corruptIndex] = malformed ? tokenizer.raw : null
      if (malformed) {
        if (mode === 'DROPMALFORMED') continue
        if (mode === 'FAILFAST') {
          throw malformedRecordError(
            file.path,
            tokenizer.line + lineOffset,
            internalRowText(row, schema),
            malformedCsv(tokenizer.raw),
          )
        }
      }
      for (let i = 0; i < row.length; i++) {
        const value = row[i]
        if (value === null) builders[i]!.appendNull()
        else builders[i]!.append(value)
      }
      rows++
    }
    return finishBatch(schema, builders, rows)
  }
}

/** Spark's cause of a FAILFAST CSV failure (MALFORMED_CSV_RECORD). */
function malformedCsv(record: string): Error {
  return new SparkRuntimeException(`Malformed CSV record: ${record}`, { errorClass: 'MALFORMED_CSV_RECORD' })
}

export const csvFormat: FileFormat = {
  name: 'csv',
  displayName: 'CSV',
  reader: csvReader,
  inferSchema: csvInferSchema,
  writer: csvWriter,
  recordSplit: textRecordSplit,
}
