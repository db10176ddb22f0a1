// A JSON tokenizer with Jackson's options as Spark sets them (single quotes, NaN/Infinity, comments...), over a
// range of a string. It never builds objects: callers read values straight into columns or types.
import { javaDoubleText } from '../../arrow/index.js'

/** JSONOptions' parser features (Spark's defaults in parentheses). */
export interface JsonSyntax {
  readonly allowComments: boolean // false
  readonly allowUnquotedFieldNames: boolean // false
  readonly allowSingleQuotes: boolean // true
  readonly allowNumericLeadingZeros: boolean // false
  readonly allowNonNumericNumbers: boolean // true
  readonly allowBackslashEscapingAnyCharacter: boolean // false
  readonly allowUnquotedControlChars: boolean // false
}

/** Malformed JSON text (Jackson's JsonParseException). */
export class JsonSyntaxError extends Error {
  constructor(message: string, position: number) {
    super(`${message} at position ${position}`)
    this.name = 'JsonParseException'
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}
const NON_NUMERIC = /^(NaN|[+-]?Infinity|[+-]?INF)/

/** Jackson's StreamReadConstraints.DEFAULT_MAX_DEPTH (Spark 3.5 ships Jackson 2.15): deeper documents are malformed. */
export const MAX_NESTING_DEPTH = 1000

export class JsonScanner {
  pos: number
  /** The span and kind of the last number read by `readNumber`. */
  numberStart = 0
  numberEnd = 0
  numberIsInt = true
  /** Whether the last number was NaN/Infinity text (a float token). */
  numberNonNumeric = false
  /** How many objects and arrays enclose the position (callers `enter` and `leave` them). */
  depth = 0

  constructor(
    readonly text: string,
    start: number,
    public end: number,
    private readonly syntax: JsonSyntax,
  ) {
    this.pos = start
  }

  /** Points the scanner at another range of the same text (one scanner serves every record of a file). */
  reset(start: number, end: number): void {
    this.pos = start
    this.end = end
    this.depth = 0
  }

  /**
   * Steps into an object or array: past Jackson's nesting limit the record is malformed (so a hostile document
   * fails as one bad record instead of overflowing the stack of the recursive readers).
   */
  enter(): void {
    if (++this.depth > MAX_NESTING_DEPTH) {
      this.fail(
        `Document nesting depth (${this.depth}) exceeds the maximum allowed (${MAX_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`,
      )
    }
  }

  leave(): void {
    this.depth--
  }

  fail(message: string): never {
    throw new JsonSyntaxError(message, this.pos)
  }

  /** Skips whitespace (and comments when allowed); returns the next character code, or -1 at the end. */
  peek(): number {
    const { text, end } = this
    while (this.pos < end) {
      const code = text.charCodeAt(this.pos)
      if (code === 32 || code === 9 || code === 10 || code === 13) this.pos++
      else if (code === 47 && this.syntax.allowComments) this.skipComment()
      else return code
    }
    return -1
  }

  private skipComment(): void {
    const next = this.text[this.pos + 1]
    if (next === '/') {
      while (this.pos < this.end && this.text[this.pos] !== '\n') this.pos++
    } else if (next === '*') {
      const close = this.text.indexOf('*/', this.pos + 2)
      if (close < 0 || close >= this.end) this.fail('Unexpected end-of-input in a comment')
      this.pos = close + 2
    } else this.fail("Unexpected character ('/')")
  }

  expect(code: number): void {
    if (this.peek() !== code) this.fail(`Expected '${String.fromCharCode(code)}'`)
    this.pos++
  }

  /** Reads a quoted string (double, or single quotes when allowed) and returns its unescaped text. */
  readString(): string {
    const { text, end } = this
    const quote = text.charCodeAt(this.pos)
    if (quote !== 34 && !(quote === 39 && this.syntax.allowSingleQuotes)) this.fail('Expected a string')
    let from = ++this.pos
    let out = ''
    while (this.pos < end) {
      const code = text.charCodeAt(this.pos)
      if (code === quote) {
        out += text.slice(from, this.pos++)
        return out
      }
      if (code === 92) {
        out += text.slice(from, this.pos)
        const escaped = text[this.pos + 1] ?? ''
        if (escaped === 'u') {
          const hex = text.slice(this.pos + 2, this.pos + 6)
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Illegal unicode escape')
          out += String.fromCharCode(Number.parseInt(hex, 16))
          this.pos += 6
        } else {
          const mapped = ESCAPES[escaped]
          if (mapped === undefined || (escaped === "'" && quote === 34)) {
            if (!this.syntax.allowBackslashEscapingAnyCharacter) this.fail(`Unrecognized character escape '${escaped}'`)
            out += escaped
          } else out += mapped
          this.pos += 2
        }
        from = this.pos
        continue
      }
      if (code < 32 && !this.syntax.allowUnquotedControlChars) this.fail('Illegal unquoted character in a string')
      this.pos++
    }
    return this.fail('Unexpected end-of-input in a string')
  }

  /** A field name: a string, or a bare identifier when unquoted names are allowed. */
  readFieldName(): string {
    const code = this.peek()
    if (code === 34 || code === 39) return this.readString()
    if (!this.syntax.allowUnquotedFieldNames)
      this.fail('Unexpected character, was expecting double-quote to start field name')
    const from = this.pos
    while (this.pos < this.end && /[\w$]/.test(this.text[this.pos]!)) this.pos++
    if (this.pos === from) this.fail('Expected a field name')
    return this.text.slice(from, this.pos)
  }

  /** Reads a number (or NaN/Infinity when allowed) and records its span and kind; returns its value. */
  readNumber(): number {
    const { text, end } = this
    const from = this.pos
    this.numberNonNumeric = false
    const first = text.charCodeAt(from)
    if (first === 78 || first === 73 || first === 43 || (first === 45 && text.charCodeAt(from + 1) === 73)) {
      const special = NON_NUMERIC.exec(text.slice(from, Math.min(end, from + 9)))
      if (!special) this.fail('Unrecognized token')
      if (!this.syntax.allowNonNumericNumbers) this.fail('Non-standard token')
      this.pos += special[0].length
      this.numberStart = from
      this.numberEnd = this.pos
      this.numberIsInt = false
      this.numberNonNumeric = true
      const word = special[0]
      return word.endsWith('NaN') ? Number.NaN : word.startsWith('-') ? -Infinity : Infinity
    }
    const negative = text.charCodeAt(this.pos) === 45
    if (negative) this.pos++
    const intStart = this.pos
    let whole = 0
    while (this.pos < end) {
      const digit = text.charCodeAt(this.pos) - 48
      if (digit < 0 || digit > 9) break
      whole = whole * 10 + digit
      this.pos++
    }
    const intDigits = this.pos - intStart
    if (intDigits === 0) this.fail('Unexpected character in a number')
    if (intDigits > 1 && text.charCodeAt(intStart) === 48 && !this.syntax.allowNumericLeadingZeros) {
      this.fail('Invalid numeric value: Leading zeroes not allowed')
    }
    let isInt = true
    if (text.charCodeAt(this.pos) === 46) {
      isInt = false
      this.pos++
      const fracStart = this.pos
      while (this.pos < end && isDigit(text.charCodeAt(this.pos))) this.pos++
      if (this.pos === fracStart) this.fail('Decimal point not followed by a digit')
    }
    const e = text.charCodeAt(this.pos)
    if (e === 101 || e === 69) {
      isInt = false
      this.pos++
      const sign = text.charCodeAt(this.pos)
      if (sign === 43 || sign === 45) this.pos++
      const expStart = this.pos
      while (this.pos < end && isDigit(text.charCodeAt(this.pos))) this.pos++
      if (this.pos === expStart) this.fail('Exponent indicator not followed by a digit')
    }
    this.numberStart = from
    this.numberEnd = this.pos
    this.numberIsInt = isInt
    // Integers of up to 15 digits are exact as accumulated; anything else goes through Number().
    if (isInt && intDigits <= 15) return negative ? -whole : whole
    return Number(text.slice(from, this.pos))
  }

  /** Reads `true`, `false` or `null`. */
  readLiteral(): true | false | null {
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.pos) && this.pos + word.length <= this.end) {
        this.pos += word.length
        return value
      }
    }
    return this.fail('Unrecognized token')
  }

  /** Skips one value of any kind. */
  skipValue(): void {
    this.rawValue(false)
  }

  /**
   * Reads one value of any kind; returns it re-serialized compactly when `keep` is set, as Jackson's
   * `copyCurrentStructure` does for a string column given a number, boolean, object or array.
   */
  rawValue(keep = true): string {
    const code = this.peek()
    if (code === 123 || code === 91) {
      const close = code === 123 ? 125 : 93
      this.enter()
      this.pos++
      const parts: string[] = []
      if (this.peek() === close) {
        this.pos++
        this.leave()
        return code === 123 ? '{}' : '[]'
      }
      for (;;) {
        let key = ''
        if (code === 123) {
          const name = this.readFieldName()
          if (keep) key = `${JSON.stringify(name)}:`
          this.expect(58)
        }
        const value = this.rawValue(keep)
        if (keep) parts.push(key + value)
        const next = this.peek()
        this.pos++
        if (next === close) break
        if (next !== 44) this.fail('Unexpected character, was expecting comma')
      }
      this.leave()
      if (!keep) return ''
      return code === 123 ? `{${parts.join(',')}}` : `[${parts.join(',')}]`
    }
    if (code === 34 || code === 39) {
      const value = this.readString()
      return keep ? JSON.stringify(value) : ''
    }
    if (code === 116 || code === 102 || code === 110) return String(this.readLiteral())
    if (code === -1) return this.fail('Unexpected end-of-input')
    const value = this.readNumber()
    if (!keep) return ''
    return this.numberIsInt ? this.text.slice(this.numberStart, this.numberEnd) : javaDoubleText(value)
  }
}

const LITERALS: readonly [string, true | false | null][] = [
  ['true', true],
  ['false', false],
  ['null', null],
]

const isDigit = (code: number) => code >= 48 && code <= 57
