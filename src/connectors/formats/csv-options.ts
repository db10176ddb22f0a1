// Spark's CSVOptions: delimiter, quote/escape characters, header, null/empty/NaN texts, datetime patterns, whitespace.
import { defaultJsonText } from '../../arrow/index.js'
import { csvDelimiter } from '../../common/csv-delimiter.js'
import { IllegalArgumentException, SparkRuntimeException } from '../../common/errors.js'
import { sqlTypeName } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import type { FormatContext } from './file-format.js'
import { sessionZone } from './file-format.js'
import { unsupportedTypeError } from './parse-mode.js'
import type { TextValueOptions } from './text-values.js'

/** Spark's write-side datetime patterns (the same defaults as to_json). */
const WRITE_DEFAULTS = defaultJsonText('UTC')

export interface CsvOptions extends TextValueOptions {
  readonly delimiter: string
  /** `\0` when quoting is disabled (`quote` set to the empty string). */
  readonly quote: string
  readonly escape: string
  /** `\0` when comments are disabled (the default). */
  readonly comment: string
  readonly header: boolean
  readonly inferSchema: boolean
  readonly ignoreLeadingWhiteSpace: boolean
  readonly ignoreTrailingWhiteSpace: boolean
  readonly nullValue: string
  readonly emptyValue: string
  readonly multiLine: boolean
  /** Undefined: any of `\n`, `\r\n`, `\r` when reading, `\n` when writing. */
  readonly lineSep: string | undefined
  readonly encoding: string
  readonly quoteAll: boolean
  readonly escapeQuotes: boolean
  readonly writeDateFormat: string
  readonly writeTimestampFormat: string
  readonly writeTimestampNTZFormat: string
}

/** `CSVOptions.getChar`: one character; the empty string means `\0` (disabled). */
function charOption(options: Options, key: string, fallback: string): string {
  const value = options.get(key)
  if (value === undefined) return fallback
  if (value === '') return '\0'
  if (value.length === 1) return value
  throw new SparkRuntimeException(`${key} cannot be more than one character`)
}

/** The options as read (`write` false) or as written: whitespace trimming and `emptyValue` differ by direction. */
export function csvOptions(options: Options, context: FormatContext, write: boolean): CsvOptions {
  const bool = (key: string, fallback: boolean) => options.getBoolean(key, fallback)
  const lineSep = options.get('lineSep')
  if (lineSep !== undefined) {
    if (lineSep === '') throw new IllegalArgumentException("requirement failed: 'lineSep' cannot be an empty string.")
    if (lineSep.length > 1 && !write) {
      throw new IllegalArgumentException("requirement failed: 'lineSep' can contain only 1 character.")
    }
  }
  const timestampFormat = options.get('timestampFormat')
  return {
    delimiter: csvDelimiter(options.get('sep') ?? options.get('delimiter') ?? ','),
    quote: charOption(options, 'quote', '"'),
    escape: charOption(options, 'escape', '\\'),
    comment: charOption(options, 'comment', '\0'),
    header: bool('header', false),
    inferSchema: bool('inferSchema', false),
    ignoreLeadingWhiteSpace: bool('ignoreLeadingWhiteSpace', write),
    ignoreTrailingWhiteSpace: bool('ignoreTrailingWhiteSpace', write),
    nullValue: options.get('nullValue') ?? '',
    emptyValue: options.get('emptyValue') ?? (write ? '""' : ''),
    nanValue: options.get('nanValue') ?? 'NaN',
    positiveInf: options.get('positiveInf') ?? 'Inf',
    negativeInf: options.get('negativeInf') ?? '-Inf',
    multiLine: bool('multiLine', false),
    lineSep,
    encoding: options.get('encoding') ?? options.get('charset') ?? 'UTF-8',
    quoteAll: bool('quoteAll', false),
    escapeQuotes: bool('escapeQuotes', true),
    zone: options.get('timeZone') ?? sessionZone(context),
    dateFormat: options.get('dateFormat'),
    timestampFormat,
    timestampNTZFormat: options.get('timestampNTZFormat'),
    writeDateFormat: options.get('dateFormat') ?? WRITE_DEFAULTS.dateFormat,
    writeTimestampFormat: timestampFormat ?? WRITE_DEFAULTS.timestampFormat,
    writeTimestampNTZFormat: options.get('timestampNTZFormat') ?? WRITE_DEFAULTS.timestampNTZFormat,
  }
}

/** CSV holds atomic values only (Spark's CSVFileFormat.supportDataType). */
export function verifyCsvSchema(schema: StructType): void {
  for (const f of schema.fields) {
    const kind = f.dataType.kind
    if (kind === 'array' || kind === 'map' || kind === 'struct' || kind === 'interval') {
      throw unsupportedTypeError('CSV', f.name, sqlTypeName(f.dataType))
    }
  }
}

/** Decodes file bytes in the `encoding` option (UTF-8 by default; a leading BOM is dropped). */
export function decodeText(bytes: Uint8Array, encoding: string): string {
  try {
    return new TextDecoder(encoding).decode(bytes)
  } catch (error) {
    throw new IllegalArgumentException(`Unsupported encoding: ${encoding}`, { cause: error })
  }
}
