// The contract every file format (text, csv, json, parquet) implements: read a file's bytes, infer a schema, write.
import type { RecordBatch } from '../../arrow/index.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'

/** What a format needs from the session: its confs (time zone, corrupt-record column name). */
export interface FormatContext {
  readonly conf: (key: string) => string | undefined
}

/** One input file: its display path (`file:/...`, used in errors) and contents. */
export interface FileData {
  readonly path: string
  readonly bytes: Uint8Array
}

/** Reads one file into a batch of the reader's data schema (options were validated when it was made). */
export type FileReader = (file: FileData) => RecordBatch

export interface FileWriter {
  /** Spark's file name extension, e.g. `.csv`, `.snappy.parquet`. */
  readonly extension: string
  /** The bytes of one output file holding `batch`. */
  write(batch: RecordBatch): Uint8Array
}

export interface FileFormat {
  /** The short name (`csv`), also used in Spark's messages in upper case (`CSV`). */
  readonly name: string
  /** Spark's display name in error messages (`CSV`, `JSON`, `Text`, `Parquet`). */
  readonly displayName: string
  /** The schema the format always has (text: `value string`), so streaming reads need no user schema. */
  readonly fixedSchema?: StructType
  /** A reader of files with `schema` (data columns only); throws Spark's errors for bad options or types. */
  reader(options: Options, schema: StructType, context: FormatContext): FileReader
  /** The data schema inferred from `files`, or undefined when there is nothing to infer from. */
  inferSchema(files: readonly FileData[], options: Options, context: FormatContext): StructType | undefined
  /** A writer of batches of `schema`; throws Spark's error for a type the format cannot hold. */
  writer(options: Options, schema: StructType, context: FormatContext): FileWriter
}

/** The session time zone Spark formats and parses datetimes in. */
export function sessionZone(context: FormatContext): string {
  return context.conf('spark.sql.session.timeZone') ?? 'UTC'
}
