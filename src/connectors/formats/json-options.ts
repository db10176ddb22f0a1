// Spark's JSONOptions: Jackson parser features, datetime patterns, multiLine/lineSep/encoding, writer settings.
import { defaultJsonText } from '../../arrow/index.js'
import type { Options } from '../options.js'
import { decodeText } from './csv-options.js'
import { type FormatContext, sessionZone } from './file-format.js'
import type { JsonSyntax } from './json-scanner.js'
import type { TextValueOptions } from './text-values.js'

/** Spark's write-side datetime patterns (the same defaults as to_json). */
const WRITE_DEFAULTS = defaultJsonText('UTC')

export interface JsonOptions extends TextValueOptions {
  readonly syntax: JsonSyntax
  readonly multiLine: boolean
  readonly lineSep: string | undefined
  readonly encoding: string
  readonly primitivesAsString: boolean
  readonly prefersDecimal: boolean
  readonly dropFieldIfAllNull: boolean
  readonly ignoreNullFields: boolean
  readonly writeDateFormat: string
  readonly writeTimestampFormat: string
  readonly writeTimestampNTZFormat: string
}

export function jsonOptions(options: Options, context: FormatContext): JsonOptions {
  const bool = (key: string, fallback: boolean) => options.getBoolean(key, fallback)
  const ignoreNullsConf = context.conf('spark.sql.jsonGenerator.ignoreNullFields') ?? 'true'
  return {
    syntax: {
      allowComments: bool('allowComments', false),
      allowUnquotedFieldNames: bool('allowUnquotedFieldNames', false),
      allowSingleQuotes: bool('allowSingleQuotes', true),
      allowNumericLeadingZeros: bool('allowNumericLeadingZeros', false),
      allowNonNumericNumbers: bool('allowNonNumericNumbers', true),
      allowBackslashEscapingAnyCharacter: bool('allowBackslashEscapingAnyCharacter', false),
      allowUnquotedControlChars: bool('allowUnquotedControlChars', false),
    },
    multiLine: bool('multiLine', false),
    lineSep: options.get('lineSep'),
    encoding: options.get('encoding') ?? options.get('charset') ?? 'UTF-8',
    primitivesAsString: bool('primitivesAsString', false),
    prefersDecimal: bool('prefersDecimal', false),
    dropFieldIfAllNull: bool('dropFieldIfAllNull', false),
    ignoreNullFields: bool('ignoreNullFields', ignoreNullsConf.toLowerCase() !== 'false'),
    zone: options.get('timeZone') ?? sessionZone(context),
    dateFormat: options.get('dateFormat'),
    timestampFormat: options.get('timestampFormat'),
    timestampNTZFormat: options.get('timestampNTZFormat'),
    nanValue: 'NaN',
    positiveInf: 'Infinity',
    negativeInf: '-Infinity',
    writeDateFormat: options.get('dateFormat') ?? WRITE_DEFAULTS.dateFormat,
    writeTimestampFormat: options.get('timestampFormat') ?? WRITE_DEFAULTS.timestampFormat,
    writeTimestampNTZFormat: options.get('timestampNTZFormat') ?? WRITE_DEFAULTS.timestampNTZFormat,
  }
}

/**
 * Calls `record(start, end, line)` for each JSON record of `text`: each line (JSON Lines; `\n`, `\r\n`, `\r` or
 * `lineSep`), or the whole text with `multiLine`. Lines are 1-based.
 */
export function forEachJsonRecord(
  text: string,
  options: JsonOptions,
  record: (start: number, end: number, line: number) => void,
): void {
  if (options.multiLine) {
    record(0, text.length, 1)
    return
  }
  const sep = options.lineSep
  let line = 1
  let start = 0
  if (sep !== undefined && sep !== '') {
    for (let at = text.indexOf(sep); at >= 0; at = text.indexOf(sep, start)) {
      record(start, at, line++)
      start = at + sep.length
    }
  } else {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === 10 || code === 13) {
        record(start, i, line++)
        if (code === 13 && text.charCodeAt(i + 1) === 10) i++
        start = i + 1
      }
    }
  }
  if (start < text.length) record(start, text.length, line)
}

export function decodeJson(bytes: Uint8Array, options: JsonOptions): string {
  return decodeText(bytes, options.encoding)
}
