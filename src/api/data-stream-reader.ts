// DataStreamReader (`spark.readStream`): format, options and schema, resolved into a streaming DataFrame at load().
import { IllegalArgumentException } from '../common/errors.js'
import { sourceProvider } from '../connectors/registry.js'
import { streamingRelation } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import { DataFrame } from './data-frame.js'
import { type OptionValue, Reader, type ReaderState } from './reader.js'

/** Each method returns a new reader; nothing happens until load(). */
export class DataStreamReader extends Reader<DataStreamReader> {
  protected create(state: ReaderState): DataStreamReader {
    return new DataStreamReader(this.session, state)
  }

  /** Resolves the source (validating its options) and returns the streaming DataFrame. */
  load(path?: string): DataFrame {
    if (path !== undefined && path.trim() === '') {
      throw new IllegalArgumentException(`Value for \`path\` must be a non-empty string, got '${path}'.`, {
        errorClass: 'VALUE_NOT_NON_EMPTY_STR',
      })
    }
    const format = this.formatName
    const target = path ?? this.state.options.get('path')
    // Sources read session confs at load() (file sources: spark.sql.streaming.schemaInference, the time zone).
    const described = sourceProvider(format).describe(this.state.options, this.state.schema, target, (key) =>
      this.session.conf.getOption(key),
    )
    return new DataFrame(this.session, streamingRelation(described))
  }

  /** New CSV files in a directory (a schema is required unless spark.sql.streaming.schemaInference is on). */
  csv(path: string, schema?: StructType | string, options: Readonly<Record<string, OptionValue>> = {}): DataFrame {
    return this.withSchema(schema).options(options).format('csv').load(path)
  }

  /** New JSON Lines files in a directory. */
  json(path: string, schema?: StructType | string, options: Readonly<Record<string, OptionValue>> = {}): DataFrame {
    return this.withSchema(schema).options(options).format('json').load(path)
  }

  /** New text files in a directory, one `value` row per line (`wholetext`, `lineSep`). */
  text(path: string, options: Readonly<Record<string, OptionValue>> = {}): DataFrame {
    return this.options(options).format('text').load(path)
  }

  /** New Parquet files in a directory. */
  parquet(path: string, options: Readonly<Record<string, OptionValue>> = {}): DataFrame {
    return this.options(options).format('parquet').load(path)
  }
}
