// Spark's parse modes for text-based formats (PERMISSIVE, DROPMALFORMED, FAILFAST) and the corrupt-record column.
import { AnalysisException, SparkRuntimeException } from '../../common/errors.js'
import type { DataType } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import type { FormatContext } from './file-format.js'

export type ParseMode = 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST'

/** `ParseMode.fromString`: case-insensitive; anything else falls back to PERMISSIVE (Spark only logs a warning). */
export function parseModeOf(options: Options): ParseMode {
  const mode = options.get('mode')?.toUpperCase()
  return mode === 'DROPMALFORMED' || mode === 'FAILFAST' ? mode : 'PERMISSIVE'
}

/** How malformed records are handled: the mode, and where the raw record goes (-1: no corrupt-record column). */
export interface MalformedHandling {
  readonly mode: ParseMode
  readonly corruptName: string
  readonly corruptIndex: number
}

/** The corrupt-record column's name: the option, else `spark.sql.columnNameOfCorruptRecord`, else `_corrupt_record`. */
export function corruptRecordName(options: Options, context: FormatContext): string {
  return (
    options.get('columnNameOfCorruptRecord') ?? context.conf('spark.sql.columnNameOfCorruptRecord') ?? '_corrupt_record'
  )
}

/**
 * The option `columnNameOfCorruptRecord`, else `spark.sql.columnNameOfCorruptRecord`, else `_corrupt_record`. The
 * column only exists when the schema names it; it must then be a nullable string (Spark's check).
 */
export function malformedHandling(options: Options, schema: StructType, context: FormatContext): MalformedHandling {
  const corruptName = corruptRecordName(options, context)
  const corruptIndex = schema.fields.findIndex((f) => f.name === corruptName)
  const field = schema.fields[corruptIndex]
  if (field && (field.dataType.kind !== 'string' || !field.nullable)) {
    throw new AnalysisException('The field for corrupt records must be string type and nullable')
  }
  return { mode: parseModeOf(options), corruptName, corruptIndex }
}

/** A value as Spark's `InternalRow.toString` prints it (strings raw, dates as days, timestamps as micros). */
function internalText(value: unknown, type: DataType): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'number') {
    if (type.kind === 'float' || type.kind === 'double') {
      if (Number.isNaN(value)) return 'NaN'
      if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
      return Number.isInteger(value) && Math.abs(value) < 1e7 ? `${value}.0` : String(value)
    }
    return String(value)
  }
  if (value instanceof Uint8Array) return `[B@${value.length.toString(16)}`
  if (Array.isArray(value)) return `[${value.map((v) => internalText(v, type)).join(',')}]`
  return String(value)
}

/** The row of a malformed record as Spark prints it in the FAILFAST message: `[1,null,abc]`. */
export function internalRowText(values: readonly unknown[], schema: StructType): string {
  return `[${schema.fields.map((f, i) => internalText(values[i], f.dataType)).join(',')}]`
}

/**
 * The FAILFAST failure. Spark 3.5's text (MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION, from FailureSafeParser
 * and QueryExecutionErrors.malformedRecordsDetectedInRecordParsingError) wrapped, as Spark 4 does, in
 * FAILED_READ_FILE.NO_HINT naming the file — plus the line number, which Spark does not report.
 */
export function malformedRecordError(path: string, line: number, badRecord: string, cause?: unknown): Error {
  const inner = new SparkRuntimeException(
    `Malformed records are detected in record parsing: ${badRecord}.\n` +
      "Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.",
    { errorClass: 'MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION', cause },
  )
  return new SparkRuntimeException(`Encountered error while reading file ${path}. Line ${line}: ${inner.message}`, {
    errorClass: 'FAILED_READ_FILE.NO_HINT',
    cause: inner,
  })
}

/** Spark's error for a column type a file format cannot read or write (UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE). */
export function unsupportedTypeError(format: string, name: string, type: string): AnalysisException {
  return new AnalysisException(
    `The ${format} datasource doesn't support the column \`${name}\` of the type "${type}".`,
    {
      errorClass: 'UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE',
    },
  )
}
