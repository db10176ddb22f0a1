// Spark's CSVExprUtils.toDelimiterStr: a CSV `sep`/`delimiter` option as the separator it stands for, shared by the
// CSV reader/writer and the from_csv/to_csv/schema_of_csv functions.
import { IllegalArgumentException } from './errors.js'

/** The delimiter with `\t`, `\\` and `\uXXXX` escapes resolved; an empty one or a lone backslash is refused. */
export function csvDelimiter(text: string): string {
  if (text === '') throw new IllegalArgumentException('Delimiter cannot be empty string')
  if (text === '\\') {
    throw new IllegalArgumentException(
      'Single backslash is prohibited. It has special meaning as beginning of an escape sequence. To get the backslash character, pass a string with two backslashes as the delimiter.',
    )
  }
  return text.replace(/\\(t|r|b|f|"|'|\\|u([0-9a-fA-F]{4}))/g, (_, c: string, hex?: string) => {
    if (hex !== undefined) return String.fromCharCode(Number.parseInt(hex, 16))
    return ({ t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' } as Record<string, string>)[c]!
  })
}
