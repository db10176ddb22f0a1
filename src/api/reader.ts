// What spark.read and spark.readStream share: an immutable builder of a format, options and a schema.
import { Options } from '../connectors/options.js'
import { parseSchemaString } from '../types/ddl.js'
import type { StructType } from '../types/struct-type.js'
import type { SparkSession } from './session.js'

export type OptionValue = string | number | boolean | null | undefined

/** Spark stringifies option values: booleans as `true`/`false`; null values are ignored. */
export function optionText(value: OptionValue): string | undefined {
  if (value === null || value === undefined) return undefined
  return String(value)
}

export interface ReaderState {
  readonly format: string | undefined
  readonly options: Options
  readonly schema: StructType | undefined
}

/** Each method returns a new reader of the same kind (`R`); what loading means is the subclass's. */
export abstract class Reader<R extends Reader<R>> {
  constructor(
    protected readonly session: SparkSession,
    protected readonly state: ReaderState = { format: undefined, options: new Options(), schema: undefined },
  ) {}

  /** A reader of this kind over `state`. */
  protected abstract create(state: ReaderState): R

  format(source: string): R {
    return this.with({ format: source })
  }

  option(key: string, value: OptionValue): R {
    const text = optionText(value)
    return text === undefined ? this.self() : this.with({ options: this.state.options.with(key, text) })
  }

  options(options: Readonly<Record<string, OptionValue>>): R {
    return Object.entries(options).reduce<R>((reader, [k, v]) => reader.option(k, v), this.self())
  }

  /** The schema as a StructType or a DDL string (`'id INT, name STRING'`). */
  schema(schema: StructType | string): R {
    return this.with({ schema: typeof schema === 'string' ? parseSchemaString(schema) : schema })
  }

  /** The format set, else the session's `spark.sql.sources.default`. */
  protected get formatName(): string {
    return this.state.format ?? this.session.conf.get('spark.sql.sources.default')
  }

  protected withSchema(schema: StructType | string | undefined): R {
    return schema === undefined ? this.self() : this.schema(schema)
  }

  private with(changes: Partial<ReaderState>): R {
    return this.create({ ...this.state, ...changes })
  }

  private self(): R {
    return this as unknown as R
  }
}
