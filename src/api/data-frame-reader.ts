// DataFrameReader (`spark.read`): format, options and schema, resolved by reading the files (or a checkpoint's state)
// into a static DataFrame.
import { IllegalArgumentException, UnsupportedOperationException } from '../common/errors.js'
import { fileFormat } from '../connectors/formats/index.js'
import { readKafkaRelation } from '../connectors/kafka/kafka-batch-reader.js'
import { scanStatic } from '../connectors/sources/file-scan.js'
import { attributesFor, localRelation } from '../logical/plan.js'
import { readStateMetadataTable, readStateStore, type StateRows } from '../state/state-source.js'
import type { StructType } from '../types/struct-type.js'
import { DataFrame } from './data-frame.js'
import { type OptionValue, Reader, type ReaderState } from './reader.js'

/** Spark's state data sources: a checkpoint's state as rows (`load(checkpointLocation)` or the `path` option). */
const stateReaders: Readonly<Record<string, (get: (key: string) => string | undefined) => StateRows>> = {
  statestore: readStateStore,
  'state-metadata': readStateMetadataTable,
}

/** Each method returns a new reader; files are read (synchronously) at load() or a format shortcut. */
export class DataFrameReader extends Reader<DataFrameReader> {
  protected create(state: ReaderState): DataFrameReader {
    return new DataFrameReader(this.session, state)
  }

  /** Reads the files at `path` (a file, a directory, or several paths) in the reader's format. */
  load(path?: string | readonly string[]): DataFrame {
    const format = this.formatName
    const stateReader = stateReaders[format.toLowerCase()]
    if (stateReader) {
      const options = typeof path === 'string' ? this.state.options.with('path', path) : this.state.options
      const { schema, batch } = stateReader((key) => options.get(key))
      return new DataFrame(this.session, localRelation(attributesFor(schema), [batch]))
    }
    if (format.toLowerCase() === 'kafka') return this.loadKafka()
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
    const conf = this.session.conf.getAll()
    const options = this.state.options
    const { schema, batch, signature } = scanStatic(format, options, this.state.schema, paths, {
      conf: (key) => conf[key],
    })
    const files = {
      format,
      options: Object.fromEntries(options.entries()),
      paths,
      schema,
      columns: schema.fields.map((_, i) => i),
      conf,
      signature,
    }
    return new DataFrame(this.session, localRelation(attributesFor(schema), [batch], files))
  }

  /** Kafka in batch (startingOffsets to endingOffsets), read before load() returns, as files are. */
  private loadKafka(): DataFrame {
    if (this.state.schema) {
      throw new IllegalArgumentException(
        'requirement failed: Kafka source has a fixed schema and cannot be set with a custom one',
      )
    }
    const { schema, batch } = readKafkaRelation(this.state.options)
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
}
