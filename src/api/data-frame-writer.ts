// DataFrameWriter (`df.write`): format, options and save mode for writing a batch DataFrame. Kafka is the one
// format so far; save() returns a promise, as every call that waits on I/O does in Rivulet.
import { AnalysisException, UnsupportedOperationException } from '../common/errors.js'
import { writeKafkaBatch } from '../connectors/kafka/kafka-batch-write.js'
import { Options } from '../connectors/options.js'
import type { DataFrame } from './data-frame.js'

/** Spark's SaveMode, by the names mode() accepts. */
const saveModes: Readonly<Record<string, string>> = {
  append: 'Append',
  overwrite: 'Overwrite',
  ignore: 'Ignore',
  error: 'ErrorIfExists',
  errorifexists: 'ErrorIfExists',
  default: 'ErrorIfExists',
}

export class DataFrameWriter {
  private formatName = 'parquet'
  private saveMode = 'ErrorIfExists'
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

  /** Writes the DataFrame's rows; resolves once the destination acknowledged them. */
  async save(path?: string): Promise<void> {
    const options = new Options(path === undefined ? this.settings : [...this.settings, ['path', path]])
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
}
