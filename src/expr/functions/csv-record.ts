// One CSV record split into fields, and one written, as Spark's Univocity settings read and write them by default:
// `"` quotes, `\` escapes inside quotes, an unquoted empty field is NULL (nullValue ""), a quoted one is "".
import { csvDelimiter } from '../../common/csv-delimiter.js'
import { optionOf } from './function-options.js'

type Options = Readonly<Record<string, string>>

const charOption = (options: Options, name: string, fallback: string) => {
  const value = optionOf(options, name)
  return value === undefined || value === '' ? fallback : value
}

/** The record separator the `sep` (or `delimiter`) option names, ',' by default. */
export const csvSeparator = (options: Options): string =>
  csvDelimiter(optionOf(options, 'sep') ?? optionOf(options, 'delimiter') ?? ',')

/** The fields of one record into `fields` (reused across rows); `sep` may be several characters (Spark 3+). */
export function splitCsvRecord(
  text: string,
  sep: string,
  options: Options,
  fields: (string | null)[] = [],
): (string | null)[] {
  fields.length = 0
  const quote = charOption(options, 'quote', '"')
  const escapeChar = charOption(options, 'escape', '\\')
  const nullValue = optionOf(options, 'nullValue') ?? ''
  const trimLeading = optionOf(options, 'ignoreLeadingWhiteSpace')?.toLowerCase() === 'true'
  const trimTrailing = optionOf(options, 'ignoreTrailingWhiteSpace')?.toLowerCase() === 'true'
  let i = 0
  for (;;) {
    let value = ''
    let quoted = false
    while (trimLeading && (text[i] === ' ' || text[i] === '\t')) i++
    if (text.startsWith(quote, i)) {
      quoted = true
      i += quote.length
      while (i < text.length) {
        if (text.startsWith(escapeChar, i) && text.startsWith(quote, i + escapeChar.length)) {
          value += quote
          i += escapeChar.length + quote.length
        } else if (text.startsWith(quote + quote, i)) {
          value += quote
          i += 2 * quote.length
        } else if (text.startsWith(quote, i)) {
          i += quote.length
          break
        } else value += text[i++]
      }
      // Anything between the closing quote and the separator stays part of the value, as Univocity keeps it.
      while (i < text.length && !text.startsWith(sep, i)) value += text[i++]
    } else {
      while (i < text.length && !text.startsWith(sep, i)) value += text[i++]
    }
    if (trimTrailing) value = value.replace(/[ \t]+$/, '')
    fields.push(!quoted && value === nullValue ? null : value)
    if (i >= text.length) return fields
    i += sep.length
  }
}

/** One field as written: quoted when it holds the separator, a quote, a line break or leading/trailing space. */
export function csvField(value: string, sep: string, options: Options): string {
  const quote = charOption(options, 'quote', '"')
  const escapeChar = charOption(options, 'escape', '\\')
  const needsQuotes =
    value.includes(sep) || value.includes(quote) || /[\r\n]/.test(value) || (value !== '' && value.trim() !== value)
  if (!needsQuotes) return value
  return `${quote}${value.replaceAll(quote, escapeChar + quote)}${quote}`
}
