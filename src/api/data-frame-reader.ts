// DataFrameReader (`spark.read`): format, options and schema, resolved by reading the files into a static DataFrame.
import { IllegalArgumentException, UnsupportedOperationException } from '../common/errors.js'
import { fileFormat } from '../connectors/formats/index.js'
import { Options } from '../connectors/options.js'
import { scanStatic } from '../connectors/sources/file-scan.js'
import { attributesFor, localRelation } from '../logical/plan.js'
import { parseSchemaString } from '../types/ddl.js'
import type { StructType } from '../types/struct-type.js'
import { DataFrame } from './data-frame.js'
import { type OptionValue, optionText } from './data-stream-reader.js'
import type { SparkSession } from './session.js'

interface ReaderState {
  readonly format: string | undefined
  readonly options: Options
  readonly schema: StructType | undefined
}

/** Each method returns a new reader; files are read (synchronously) at load() or a format shortcut. */
export class DataFrameReader {
  constructor(
    private readonly session: SparkSession,
    private readonly state: ReaderState = { format: undefined, options: new Options(), schema: undefined },
  ) {}

  format(source: string): DataFrameReader {
    return this.with({ format: source })
  }

  option(key: string, value: OptionValue): DataFrameReader {
    const text = optionText(value)
    return text === undefined ? this : this.with({ options: this.state.options.with(key, text) })
  }

  options(options: Readonly<Record<string, OptionValue>>): DataFrameReader {
    return Object.entries(options).reduce<DataFrameReader>((reader, [k, v]) => reader.option(k, v), this)
  }

  /** The schema as a StructType or a DDL string (`'id INT, name STRING'`). */
  schema(schema: StructType | string): DataFrameReader {
    return this.with({ schema: typeof schema === 'string' ? parseSchemaString(schema) : schema })
  }

  /** Reads the files at `path` (a file, a directory, or several paths) in the reader's format. */
  load(path?: string | readonly string[]): DataFrame {
    const format = this.state.format ?? this.session.conf.get('spark.sql.sources.default')
    if (!fileFormat(format)) {
      throw new UnsupportedOperationException(`Data source ${format} does not support batch read.`)
    }
    const given = path ?? this.state.options.get('path')
    const paths = given === undefined ? [] : typeof given === 'string' ? [given] : [...given]
    if (paths.length === 0) throw new IllegalArgumentException("'path' is not specified")
    for (const p of paths) {
      if (p.trim() === '') {
        throw new IllegalArgumentException(`Value for \`path\` must be a non-empty string, got '${p}'.`, {
          errorClass: 'VALUE_NOT_NON_EMPTY_STR',
        })
      }
    }
    const { schema, batch } = scanStatic(format, this.state.options, this.state.schema, paths, {
      conf: (key) => this.session.conf.getOption(key),
    })
    return new DataFrame(this.session, localRelation(attributesFor(schema), [batch]))
  }

  /** CSV files (`header`, `sep`, `inferSchema`, `mode`, ... as options). */
  csv(
    path: string | readonly string[],
    schema?: StructType | string,
    options: Readonly<Record<string, OptionValue>> = {},
  ): DataFrame {
    return this.withSchema(schema).options(options).format('csv').load(path)
  }

  /** JSON Lines files (or one document per file with `multiLine`). */
  json(
    path: string | readonly string[],
    schema?: StructType | string,
    options: Readonly<Record<string, OptionValue>> = {},
  ): DataFrame {
    return this.withSchema(schema).options(options).format('json').load(path)
  }

  /** Text files: one `value` row per line (`wholetext`, `lineSep`). */
  text(path: string | readonly string[], options: Readonly<Record<string, OptionValue>> = {}): DataFrame {
    return this.options(options).format('text').load(path)
  }

  /** Parquet files. */
  parquet(...paths: string[]): DataFrame {
    return this.format('parquet').load(paths)
  }

  private withSchema(schema: StructType | string | undefined): DataFrameReader {
    return schema === undefined ? this : this.schema(schema)
  }

  private with(changes: Partial<ReaderState>): DataFrameReader {
    return new DataFrameReader(this.session, { ...this.state, ...changes })
  }
}
