// The JSON format (JSON Lines, or one document per file with `multiLine`): records read field by field into Arrow
// builders, with Spark's parse modes. Field names are looked up in a Map and nested objects become positional
// values, so keys such as `__proto__` or `constructor` are data and never touch a prototype.
import { sqlTypeName } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import { columnBuilder, finishBatch } from './column-builder.js'
import { type FileFormat, type FileReader, type FormatContext, textRecordSplit } from './file-format.js'
import { jsonInferSchema } from './json-infer.js'
import { decodeJson, forEachJsonRecord, jsonOptions } from './json-options.js'
import { JsonScanner, JsonSyntaxError } from './json-scanner.js'
import { type JsonValueReader, jsonValueReader, readObject } from './json-values.js'
import { jsonWriter } from './json-writer.js'
import { internalRowText, malformedHandling, malformedRecordError, unsupportedTypeError } from './parse-mode.js'

/** JSON holds every type but intervals. */
function verifyJsonSchema(schema: StructType): void {
  for (const f of schema.fields) {
    if (f.dataType.kind === 'interval') throw unsupportedTypeError('JSON', f.name, sqlTypeName(f.dataType))
  }
}

function jsonReader(options: Options, schema: StructType, context: FormatContext): FileReader {
  verifyJsonSchema(schema)
  const opts = jsonOptions(options, context)
  const { mode, corruptIndex } = malformedHandling(options, schema, context)
  const index = new Map<string, number>()
  const readers: JsonValueReader[] = schema.fields.map((f, i) => {
    if (i !== corruptIndex) index.set(f.name, i)
    return jsonValueReader(f.dataType, opts)
  })
  const width = schema.fields.length

  return (file) => {
    const text = decodeJson(file.bytes, opts)
    const builders = schema.fields.map((f) => columnBuilder(f.dataType, 1024))
    const row: unknown[] = new Array(width).fill(null)
    const lineOffset = (file.firstLine ?? 1) - 1
    let rows = 0
    const append = (values: readonly unknown[]) => {
      for (let i = 0; i < width; i++) {
        const value = values[i]
        if (value === null || value === undefined) builders[i]!.appendNull()
        else builders[i]!.append(value)
      }
      rows++
    }
    const malformed = (start: number, end: number, line: number, cause: unknown) => {
      if (mode === 'DROPMALFORMED') return
      if (corruptIndex >= 0) row[corruptIndex] = text.slice(start, end)
      if (mode === 'FAILFAST') {
        throw malformedRecordError(file.path, line + lineOffset, internalRowText(row, schema), cause)
      }
      append(row)
    }

    const scanner = new JsonScanner(text, 0, text.length, opts.syntax)
    forEachJsonRecord(text, opts, (start, end, line) => {
      scanner.reset(start, end)
      row.fill(null)
      try {
        const code = scanner.peek()
        if (code === -1) return
        if (code === 123) {
          if (readObject(scanner, index, readers, row)) append(row)
          else malformed(start, end, line, undefined)
          return
        }
        if (code !== 91) scanner.fail('Root value is not an object or an array of objects')
        // A top-level array of objects is one row per element.
        const records: unknown[][] = []
        scanner.enter()
        scanner.pos++
        if (scanner.peek() === 93) return
        for (;;) {
          if (scanner.peek() !== 123) scanner.fail('Array element is not an object')
          const values: unknown[] = new Array(width).fill(null)
          if (!readObject(scanner, index, readers, values)) scanner.fail('Array element has a malformed field')
          records.push(values)
          const next = scanner.peek()
          scanner.pos++
          if (next === 93) break
          if (next !== 44) scanner.fail('Unexpected character, was expecting comma')
        }
        for (const values of records) append(values)
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error
        row.fill(null)
        malformed(start, end, line, error)
      }
    })
    return finishBatch(schema, builders, rows)
  }
}

export const jsonFormat: FileFormat = {
  name: 'json',
  displayName: 'JSON',
  reader: jsonReader,
  inferSchema: jsonInferSchema,
  writer: jsonWriter,
  recordSplit: textRecordSplit,
}
