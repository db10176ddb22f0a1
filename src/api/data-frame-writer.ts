// DataFrameWriter (`df.write`): format, options, save mode and partitionBy for writing a batch DataFrame as files
// (parquet, json, csv, text) or to Kafka; save() returns a promise, as every call that waits on I/O does in Rivulet.
import { AnalysisException, IllegalArgumentException, UnsupportedOperationException } from '../common/errors.js'
import { fileFormat } from '../connectors/formats/index.js'
import { writeKafkaBatch } from '../connectors/kafka/kafka-batch-write.js'
import { Options } from '../connectors/options.js'
import { type SaveMode, writeFileBatch } from '../connectors/sinks/file-batch-write.js'
import type { DataFrame } from './data-frame.js'

type OptionValue = string | number | boolean

/**
 * PySpark's keyword arguments of `parquet()`, `json()`, `csv()` and `text()`: `mode`, `partitionBy`, and any
 * data source option (`compression`, `header`, `sep`, ...). Undefined values are ignored, as PySpark's None.
 */
export interface WriteKeywords {
  readonly mode?: string
  readonly partitionBy?: string | readonly string[]
  readonly [option: string]: OptionValue | readonly string[] | undefined
}

/** Spark's SaveMode, by the names mode() accepts. */
const saveModes: Readonly<Record<string, SaveMode>> = {
  append: 'Append',
  overwrite: 'Overwrite',
  ignore: 'Ignore',
  error: 'ErrorIfExists',
  errorifexists: 'ErrorIfExists',
  default: 'ErrorIfExists',
}

export class DataFrameWriter {
  private formatName = 'parquet'
  private saveMode: SaveMode = 'ErrorIfExists'
  private partitionColumns: readonly string[] = []
  private readonly settings = new Map<string, string>()

  constructor(private readonly df: DataFrame) {}

  format(source: string): this {
    this.formatName = source
    return this
  }

  option(key: string, value: string | number | boolean): this {
    this.settings.set(key, String(value))
    return this
  }

  options(options: Readonly<Record<string, string | number | boolean>>): this {
    for (const [key, value] of Object.entries(options)) this.option(key, value)
    return this
  }

  /** Writes files under Hive-style `col=value/` directories by these columns' values (file formats only). */
  partitionBy(...cols: (string | readonly string[])[]): this {
    this.partitionColumns = cols.flat()
    return this
  }

  /** `append`, `overwrite`, `ignore`, `error` / `errorifexists` / `default` (case-insensitive). */
  mode(saveMode: string): this {
    const mode = saveModes[saveMode.toLowerCase()]
    if (mode === undefined) {
      throw new AnalysisException(
        `The specified save mode "${saveMode}" is invalid. Valid save modes include "append", "overwrite", "ignore", "error", "errorifexists", and "default".`,
        { errorClass: 'INVALID_SAVE_MODE' },
      )
    }
    this.saveMode = mode
    return this
  }

  /** Writes the DataFrame's rows; resolves once the destination acknowledged them (files: written and moved). */
  async save(path?: string): Promise<void> {
    if (path !== undefined && this.settings.has('path')) {
      throw new AnalysisException(
        "There is a 'path' option set and save() is called with a path parameter. Either remove the path option, or call save() without the parameter. To ignore this check, set 'spark.sql.legacy.pathOptionBehavior.enabled' to 'true'.",
        { errorClass: '_LEGACY_ERROR_TEMP_1307' },
      )
    }
    const options = new Options(path === undefined ? this.settings : [...this.settings, ['path', path]])
    const format = fileFormat(this.formatName)
    if (format) {
      const target = options.get('path')
      if (target === undefined) {
        throw new IllegalArgumentException('Expected exactly one path to be specified, but got: ', {
          errorClass: '_LEGACY_ERROR_TEMP_2050',
        })
      }
      const conf = this.df.sparkSession.conf.getAll()
      const context = { conf: (key: string) => conf[key] }
      const { schema } = this.df
      writeFileBatch(schema, this.df.toArrow(), {
        format,
        path: target,
        mode: this.saveMode,
        partitionBy: this.partitionColumns,
        options,
        context,
      })
      return
    }
    if (this.formatName.toLowerCase() !== 'kafka') {
      throw new UnsupportedOperationException(`Data source ${this.formatName} does not support batch write.`)
    }
    if (this.saveMode === 'Overwrite' || this.saveMode === 'Ignore') {
      throw new AnalysisException(
        `Save mode ${this.saveMode} not allowed for Kafka. Allowed save modes are Append and ErrorIfExists (default).`,
        { errorClass: '_LEGACY_ERROR_TEMP_3080' },
      )
    }
    await writeKafkaBatch(this.df.schema, this.df.toArrow(), options)
  }

  /** Parquet files (`compression`: snappy by default, none, gzip, brotli); the second argument is `mode`. */
  parquet(path: string, mode?: string | WriteKeywords): Promise<void> {
    return this.formatted('parquet', path, 'mode', mode)
  }

  /** JSON Lines files; the second argument is `mode`, or keyword options (`compression`, `dateFormat`, ...). */
  json(path: string, mode?: string | WriteKeywords): Promise<void> {
    return this.formatted('json', path, 'mode', mode)
  }

  /** CSV files; the second argument is `mode`, or keyword options (`header`, `sep`, `quote`, `nullValue`, ...). */
  csv(path: string, mode?: string | WriteKeywords): Promise<void> {
    return this.formatted('csv', path, 'mode', mode)
  }

  /** Text files of the one string column; the second argument is `compression`, as in PySpark. */
  text(path: string, compression?: string | WriteKeywords): Promise<void> {
    return this.formatted('text', path, 'compression', compression)
  }

  /** A format shortcut: PySpark's keyword arguments applied as mode, partitionBy and options, then save(path). */
  private formatted(
    name: string,
    path: string,
    positional: string,
    argument: string | WriteKeywords | undefined,
  ): Promise<void> {
    const keywords: WriteKeywords = typeof argument === 'string' ? { [positional]: argument } : (argument ?? {})
    for (const [key, value] of Object.entries(keywords)) {
      if (value === undefined) continue
      if (key === 'mode') this.mode(value as string)
      else if (key === 'partitionBy') this.partitionBy(value as string | readonly string[])
      else this.option(key, value as OptionValue)
    }
    return this.format(name).save(path)
  }
}
