// The text format: one `value` string per line (or per file with `wholetext`), built straight from the bytes.
import { bitAt, type Column, columnsOf, copyBytes, makeBatch, Utf8Builder, validityOf } from '../../arrow/index.js'
import { AnalysisException, IllegalArgumentException } from '../../common/errors.js'
import { STRING, sqlTypeName } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import type { FileFormat, FileReader, FileWriter, RecordSplit } from './file-format.js'
import { compressedWriter, textOutputCodec } from './output-compression.js'
import { unsupportedTypeError } from './parse-mode.js'

const SCHEMA = StructType([StructField('value', STRING)])
const encoder = new TextEncoder()

/** Spark's check: exactly one column, of type string. */
function verifyTextSchema(schema: StructType): void {
  if (schema.fields.length !== 1) {
    throw new AnalysisException(
      `Text data source supports only a single column, and you have ${schema.fields.length} columns.`,
    )
  }
  const field = schema.fields[0]!
  if (field.dataType.kind !== 'string') throw unsupportedTypeError('Text', field.name, sqlTypeName(field.dataType))
}

/** The option `lineSep` (Spark: must not be empty), as bytes; undefined means any of `\n`, `\r\n`, `\r`. */
export function lineSeparatorBytes(options: Options): Uint8Array | undefined {
  const sep = options.get('lineSep')
  if (sep === undefined) return undefined
  if (sep === '') throw new IllegalArgumentException("requirement failed: 'lineSep' cannot be an empty string.")
  return encoder.encode(sep)
}

/**
 * Appends each line of `bytes` to `out` as raw UTF-8 (no decoding): lines end at `sep`, or at `\n`, `\r\n` or `\r`
 * when `sep` is undefined (Hadoop's LineRecordReader). A final separator does not start an empty line.
 */
export function appendLines(bytes: Uint8Array, sep: Uint8Array | undefined, out: Utf8Builder): void {
  const n = bytes.length
  let start = 0
  if (sep === undefined) {
    for (let i = 0; i < n; i++) {
      const b = bytes[i]!
      if (b === 10 || b === 13) {
        out.appendBytes(bytes, start, i)
        if (b === 13 && bytes[i + 1] === 10) i++
        start = i + 1
      }
    }
  } else {
    const first = sep[0]!
    outer: for (let i = 0; i <= n - sep.length; i++) {
      if (bytes[i] !== first) continue
      for (let k = 1; k < sep.length; k++) if (bytes[i + k] !== sep[k]) continue outer
      out.appendBytes(bytes, start, i)
      i += sep.length - 1
      start = i + 1
    }
  }
  if (start < n) out.appendBytes(bytes, start, n)
}

export const textFormat: FileFormat = {
  name: 'text',
  displayName: 'Text',
  fixedSchema: SCHEMA,

  reader(options: Options, schema: StructType): FileReader {
    verifyTextSchema(schema)
    const wholetext = options.getBoolean('wholetext', false)
    const sep = lineSeparatorBytes(options)
    return ({ bytes }) => {
      const out = new Utf8Builder(1024, bytes.length)
      if (wholetext) out.appendBytes(bytes)
      else appendLines(bytes, sep, out)
      return makeBatch(schema, [out.finish()])
    }
  },

  inferSchema: () => SCHEMA,

  recordSplit(options: Options): RecordSplit {
    if (options.getBoolean('wholetext', false)) return { kind: 'whole', binary: false }
    const sep = lineSeparatorBytes(options)
    return sep === undefined ? { kind: 'lines' } : { kind: 'separator', bytes: sep }
  },

  writer(options: Options, schema: StructType): FileWriter {
    verifyTextSchema(schema)
    const sep = encoder.encode(options.get('lineSep') ?? '\n')
    const codec = textOutputCodec(options)
    return compressedWriter(
      {
        extension: '.txt',
        write(batch) {
          const column = columnsOf(batch)[0] as Column
          const offsets = column.valueOffsets as Int32Array
          const values = column.values as Uint8Array
          const bits = validityOf(column)
          const out = new Uint8Array(offsets[batch.numRows]! - offsets[0]! + batch.numRows * sep.length)
          let pos = 0
          for (let i = 0; i < batch.numRows; i++) {
            // A null value writes an empty line, as Spark's TextOutputWriter does.
            if (bits === null || bitAt(bits, i)) {
              copyBytes(values, offsets[i]!, offsets[i + 1]!, out, pos)
              pos += offsets[i + 1]! - offsets[i]!
            }
            copyBytes(sep, 0, sep.length, out, pos)
            pos += sep.length
          }
          return out.subarray(0, pos)
        },
      },
      codec,
    )
  },
}
