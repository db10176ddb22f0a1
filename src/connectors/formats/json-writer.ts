// Writes batches as JSON Lines, each row as Spark's JacksonGenerator writes it, with the writer's options.
import { columnsOf, type JsonTextOptions, jsonObject } from '../../arrow/index.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import type { FileWriter, FormatContext } from './file-format.js'
import { jsonOptions } from './json-options.js'
import { compressedWriter, textOutputCodec } from './output-compression.js'

const encoder = new TextEncoder()

export function jsonWriter(options: Options, schema: StructType, context: FormatContext): FileWriter {
  const opts = jsonOptions(options, context)
  const lineSep = opts.lineSep ?? '\n'
  const textOptions: JsonTextOptions = {
    zone: opts.zone,
    dateFormat: opts.writeDateFormat,
    timestampFormat: opts.writeTimestampFormat,
    timestampNTZFormat: opts.writeTimestampNTZFormat,
    ignoreNullFields: opts.ignoreNullFields,
  }
  const codec = textOutputCodec(options)
  return compressedWriter(
    {
      extension: '.json',
      write(batch) {
        const columns = columnsOf(batch)
        const lines: string[] = []
        for (let i = 0; i < batch.numRows; i++) lines.push(jsonObject(columns, schema, i, textOptions))
        return encoder.encode(lines.length === 0 ? '' : `${lines.join(lineSep)}${lineSep}`)
      },
    },
    codec,
  )
}
