// Splits CSV text into records of fields the way Spark's univocity parser settings do (quotes, escapes, comments).
//
// Field values: an empty unquoted field is `null` (univocity's nullValue), an empty quoted field is `emptyValue`.
// Inside quotes, escape+quote is a quote and escape+escape an escape; a doubled quote is a quote only when the escape
// character is the quote. A quote that closes too early (`"ab"cd`) keeps the text up to the next delimiter
// (univocity's STOP_AT_DELIMITER). Without `multiLine` a line always ends the record, even inside quotes.
import type { CsvOptions } from './csv-options.js'

const isBlank = (code: number) => code <= 32 && code !== 10 && code !== 13

export class CsvTokenizer {
  /** The fields of the current record (reused between records). */
  readonly fields: (string | null)[] = []
  /** 1-based line of the current record's first character. */
  line = 0
  /** The record's raw text range [start, end), without its line ending. */
  start = 0
  end = 0
  private pos = 0
  private nextLine = 1
  private readonly quote: number
  private readonly escape: number
  private readonly comment: number
  private readonly sep: number
  private readonly delimiter0: number

  constructor(
    private readonly text: string,
    private readonly options: CsvOptions,
  ) {
    this.quote = options.quote === '\0' ? -1 : options.quote.charCodeAt(0)
    this.escape = options.escape === '\0' ? -1 : options.escape.charCodeAt(0)
    this.comment = options.comment === '\0' ? -1 : options.comment.charCodeAt(0)
    this.sep = options.lineSep === undefined ? -1 : options.lineSep.charCodeAt(0)
    this.delimiter0 = options.delimiter.charCodeAt(0)
  }

  /** The raw text of the current record (for the corrupt-record column). */
  get raw(): string {
    return this.text.slice(this.start, this.end)
  }

  /** Advances to the next record; false at the end. Empty lines and comment lines are skipped. */
  next(): boolean {
    const text = this.text
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos)
      if (this.isLineEnd(code)) {
        this.consumeLineEnd()
        continue
      }
      if (code === this.comment) {
        while (this.pos < text.length && !this.isLineEnd(text.charCodeAt(this.pos))) this.pos++
        continue
      }
      this.readRecord()
      return true
    }
    return false
  }

  private isLineEnd(code: number): boolean {
    return this.sep === -1 ? code === 10 || code === 13 : code === this.sep
  }

  private consumeLineEnd(): void {
    const code = this.text.charCodeAt(this.pos++)
    if (code === 13 && this.sep === -1 && this.text.charCodeAt(this.pos) === 10) this.pos++
    this.nextLine++
  }

  private atDelimiter(): boolean {
    const { delimiter } = this.options
    return (
      this.text.charCodeAt(this.pos) === this.delimiter0 &&
      (delimiter.length === 1 || this.text.startsWith(delimiter, this.pos))
    )
  }

  private readRecord(): void {
    const text = this.text
    this.fields.length = 0
    this.line = this.nextLine
    this.start = this.pos
    for (;;) {
      this.fields.push(this.readField())
      if (this.pos < text.length && this.atDelimiter()) {
        this.pos += this.options.delimiter.length
        continue
      }
      this.end = this.pos
      if (this.pos < text.length) this.consumeLineEnd()
      return
    }
  }

  private readField(): string | null {
    const { text, options } = this
    if (options.ignoreLeadingWhiteSpace) while (this.pos < text.length && isBlank(text.charCodeAt(this.pos))) this.pos++
    if (this.pos < text.length && text.charCodeAt(this.pos) === this.quote) return this.readQuoted()
    return this.readUnquoted('')
  }

  /** Reads up to the next delimiter or line end; `prefix` is text already taken (after an early closing quote). */
  private readUnquoted(prefix: string): string | null {
    const { text, options } = this
    const from = this.pos
    while (this.pos < text.length && !this.isLineEnd(text.charCodeAt(this.pos)) && !this.atDelimiter()) this.pos++
    let end = this.pos
    if (options.ignoreTrailingWhiteSpace) while (end > from && isBlank(text.charCodeAt(end - 1))) end--
    const value = prefix + text.slice(from, end)
    return value === '' && prefix === '' ? null : value
  }

  private readQuoted(): string {
    const { text, options } = this
    const { quote, escape: escapeChar } = this
    this.pos++
    let value = ''
    let from = this.pos
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos)
      if (code === escapeChar && escapeChar !== quote) {
        const next = text.charCodeAt(this.pos + 1)
        if (next === quote || next === escapeChar) {
          value += text.slice(from, this.pos) + text[this.pos + 1]
          this.pos += 2
          from = this.pos
          continue
        }
      }
      if (code === quote) {
        if (escapeChar === quote && text.charCodeAt(this.pos + 1) === quote) {
          value += text.slice(from, this.pos + 1)
          this.pos += 2
          from = this.pos
          continue
        }
        value += text.slice(from, this.pos)
        this.pos++
        if (options.ignoreTrailingWhiteSpace)
          while (this.pos < text.length && isBlank(text.charCodeAt(this.pos))) this.pos++
        if (this.pos >= text.length || this.isLineEnd(text.charCodeAt(this.pos)) || this.atDelimiter()) {
          return value === '' ? options.emptyValue : value
        }
        return this.readUnquoted(`${value}${options.quote}`) ?? ''
      }
      if (this.isLineEnd(code)) {
        if (!options.multiLine) break
        if (code === 13 && this.sep === -1 && text.charCodeAt(this.pos + 1) === 10) this.pos++
        this.nextLine++
      }
      this.pos++
    }
    // An unclosed quote: the value runs to the end of the line (or of the input in multiLine mode).
    return value + text.slice(from, this.pos)
  }
}
