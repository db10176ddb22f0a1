// Spark's number format model (to_number, to_char): a format string of 0/9, ./D, ,/G, $, S/MI and PR compiled to
// tokens once, then used to parse strings into unscaled decimals and to print decimal text, as ToNumberParser does.

/** A run of format digits: `exact` when it starts with 0 before the decimal point (the input must have as many). */
interface Digits {
  readonly kind: 'digits'
  readonly count: number
  readonly exact: boolean
}

/** One format token; `groups` is a run of digits and thousands separators, in format order. */
type Token =
  | Digits
  | { readonly kind: 'groups'; readonly parts: readonly (Digits | { readonly kind: 'comma' })[] }
  | { readonly kind: 'comma' | 'point' | 'dollar' | 'sign' | 'minus' | 'open' | 'close' }
  | { readonly kind: 'invalid'; readonly char: string }

type Groups = Extract<Token, { kind: 'groups' }>

/** A rejected format: Spark's INVALID_FORMAT sub-class and its message (without the `The format is invalid` head). */
export interface FormatProblem {
  readonly subClass: string
  readonly message: string
}

/** A compiled number format: its tokens, the DECIMAL(precision, scale) it reads, and the problem Spark reports. */
export interface NumberFormatModel {
  readonly format: string
  readonly tokens: readonly Token[]
  readonly precision: number
  readonly scale: number
  readonly digitsBefore: number
  readonly digitsAfter: number
  readonly problem: FormatProblem | null
}

/** A digit run's or a token's text in Spark's messages (InputToken.toString). */
function tokenText(t: Token): string {
  switch (t.kind) {
    case 'digits':
    case 'groups':
      return 'digit sequence'
    case 'point':
      return '. or D'
    case 'comma':
      return ', or G'
    case 'dollar':
      return '$'
    case 'sign':
      return 'S'
    case 'minus':
      return 'MI'
    case 'open':
    case 'close':
      return 'PR'
    case 'invalid':
      return `character '${t.char}''`
  }
}

/** The format's tokens with each run of digits and separators combined into one `groups` token. */
function tokenize(format: string): Token[] {
  const raw: Token[] = []
  let afterPoint = false
  for (let i = 0; i < format.length; ) {
    const ch = format[i]!
    if (ch === '0' || ch === '9') {
      const start = i
      do i++
      while (i < format.length && (format[i] === '0' || format[i] === '9'))
      raw.push({ kind: 'digits', count: i - start, exact: ch === '0' && !afterPoint })
      continue
    }
    const pair = format.slice(i, i + 2)
    if (pair === 'MI' || pair === 'PR') {
      if (pair === 'MI') raw.push({ kind: 'minus' })
      else {
        raw.unshift({ kind: 'open' })
        raw.push({ kind: 'close' })
      }
      i += 2
      continue
    }
    if (ch === '.' || ch === 'D') afterPoint = true
    raw.push(
      ch === '.' || ch === 'D'
        ? { kind: 'point' }
        : ch === ',' || ch === 'G'
          ? { kind: 'comma' }
          : ch === '$'
            ? { kind: 'dollar' }
            : ch === 'S'
              ? { kind: 'sign' }
              : { kind: 'invalid', char: ch },
    )
    i++
  }
  const tokens: Token[] = []
  let parts: (Digits | { kind: 'comma' })[] = []
  for (const t of raw) {
    if (t.kind === 'digits' || t.kind === 'comma') {
      parts.push(t as Digits | { kind: 'comma' })
      continue
    }
    if (parts.length > 0) tokens.push({ kind: 'groups', parts })
    parts = []
    tokens.push(t)
  }
  if (parts.length > 0) tokens.push({ kind: 'groups', parts })
  return tokens
}

const digitCount = (t: Token) =>
  t.kind === 'groups' ? t.parts.reduce((n, p) => n + (p.kind === 'digits' ? p.count : 0), 0) : 0

/** The order Spark allows: `[MI|S] [$] [0|9|G|,]* [.|D] [0|9]* [$] [PR|MI|S]` (PR's `<` first). */
const ALLOWED_ORDER: readonly (readonly Token['kind'][])[] = [
  ['open'],
  ['minus', 'sign'],
  ['dollar'],
  ['groups'],
  ['point'],
  ['groups'],
  ['dollar'],
  ['minus', 'sign', 'close'],
]

/** Spark's checkInputDataTypes of a number format, in its order of checks. */
function problemOf(format: string, tokens: readonly Token[]): FormatProblem | null {
  const problem = (subClass: string, message: string) => ({ subClass, message })
  if (format === '') return problem('EMPTY', 'The number format string cannot be empty.')
  if (!tokens.some((t) => t.kind === 'groups'))
    return problem('WRONG_NUM_DIGIT', 'The format string requires at least one number digit.')
  const firstDollar = tokens.findIndex((t) => t.kind === 'dollar')
  const firstDigits = tokens.findIndex((t) => t.kind === 'groups')
  const firstPoint = tokens.findIndex((t) => t.kind === 'point')
  if (firstDigits < firstDollar)
    return problem('CUR_MUST_BEFORE_DIGIT', 'Currency characters must appear before digits in the number format.')
  if (firstPoint !== -1 && firstPoint < firstDollar)
    return problem(
      'CUR_MUST_BEFORE_DEC',
      'Currency characters must appear before any decimal point in the number format.',
    )
  const groups = tokens.map((t, i) => [t, i] as const).filter((e): e is [Groups, number] => e[0].kind === 'groups')
  const before = groups.filter(([, i]) => firstPoint === -1 || i < firstPoint).map(([g]) => g.parts)
  const after = groups.filter(([, i]) => firstPoint !== -1 && i > firstPoint).map(([g]) => g.parts)
  const loneComma = (parts: Groups['parts']) =>
    parts.some(
      (p, j) =>
        p.kind === 'comma' &&
        (j === 0 || j === parts.length - 1 || parts[j - 1]!.kind === 'comma' || parts[j + 1]!.kind === 'comma'),
    )
  if (before.some(loneComma))
    return problem(
      'CONT_THOUSANDS_SEPS',
      'Thousands separators (, or G) must have digits in between them in the number format.',
    )
  if (after.some((parts) => parts.some((p) => p.kind === 'comma')))
    return problem(
      'THOUSANDS_SEPS_MUST_BEFORE_DEC',
      'Thousands separators (, or G) may not appear after the decimal point in the number format.',
    )
  for (const kind of ['point', 'sign', 'minus', 'dollar', 'close'] as const) {
    const once = tokens.filter((t) => t.kind === kind)
    if (once.length > 1)
      return problem('WRONG_NUM_TOKEN', `At most one ${tokenText(once[0]!)} is allowed in the number format.`)
  }
  let k = 0
  for (const allowed of ALLOWED_ORDER) if (k < tokens.length && allowed.includes(tokens[k]!.kind)) k++
  if (k < tokens.length)
    return problem(
      'UNEXPECTED_TOKEN',
      `Found the unexpected ${tokenText(tokens[k]!)} in the format string; the structure of the format string must match: \`[MI|S]\` \`[$]\` \`[0|9|G|,]*\` \`[.|D]\` \`[0|9]*\` \`[$]\` \`[PR|MI|S]\`.`,
    )
  return null
}

/** Compiles a format (upper-cased first, as Spark does). */
export function numberFormatModel(text: string): NumberFormatModel {
  const format = text.toUpperCase()
  const tokens = tokenize(format)
  const firstPoint = tokens.findIndex((t) => t.kind === 'point')
  const precision = tokens.reduce((n, t) => n + digitCount(t), 0)
  const digitsAfter = firstPoint === -1 ? 0 : tokens.slice(firstPoint).reduce((n, t) => n + digitCount(t), 0)
  return {
    format,
    tokens,
    precision,
    scale: digitsAfter,
    digitsBefore: precision - digitsAfter,
    digitsAfter,
    problem: problemOf(format, tokens),
  }
}

/** A parsed input: sign and the digit text of its unscaled value at the model's scale. */
export interface ParsedNumber {
  readonly negative: boolean
  readonly digits: string
}

const isDigit = (c: number) => c >= 48 && c <= 57
const isSpace = (ch: string) => /\s/.test(ch)

/** Parses `input` by the model (ToNumberParser.parse); undefined when it does not match. */
export function parseByModel(model: NumberFormatModel, input: string): ParsedNumber | undefined {
  let before = ''
  let after = ''
  let reachedPoint = false
  let opened = false
  let closed = false
  let negative = false
  let at = 0
  const n = input.length
  for (const token of model.tokens) {
    const ch = at < n ? input[at]! : undefined
    switch (token.kind) {
      case 'groups': {
        // Consume digits, separators and whitespace; group sizes are counted from the right, as the format's are.
        const sizes: number[] = []
        let current = 0
        while (at < n) {
          const c = input[at]!
          if (isDigit(c.charCodeAt(0))) {
            current++
            if (reachedPoint) after += c
            else before += c
          } else if (c === ',') {
            sizes.unshift(current)
            current = 0
          } else if (!isSpace(c)) break
          at++
        }
        sizes.unshift(current)
        const expected = token.parts.filter((p): p is Digits => p.kind === 'digits').reverse()
        if (sizes.length > expected.length) return undefined
        for (let i = 0; i < expected.length; i++) {
          const actual = sizes[i] ?? 0
          const digits = expected[i]!
          if (digits.exact ? actual !== digits.count : actual > digits.count) return undefined
        }
        break
      }
      case 'point':
        if (ch === '.') {
          reachedPoint = true
          at++
        }
        break
      case 'dollar':
        if (ch !== undefined && ch !== '$') return undefined
        if (ch === '$') at++
        break
      case 'sign':
        if (ch === '+') at++
        else if (ch === '-') {
          negative = !negative
          at++
        }
        break
      case 'minus':
        if (ch === '-') {
          negative = !negative
          at++
        }
        break
      case 'open':
        if (ch === '<') {
          if (opened) return undefined
          opened = true
          at++
        }
        break
      case 'close':
        if (ch === '>') {
          if (!opened) return undefined
          closed = true
          negative = !negative
          at++
        }
        break
      default:
        return undefined
    }
  }
  if (at < n || opened !== closed || (before === '' && after === '')) return undefined
  return { negative, digits: before + after.padEnd(model.scale, '0') }
}

/** A reusable character buffer for printing (no per-row arrays). */
class CharBuffer {
  chars: string[] = []
  length = 0
  push(c: string): void {
    this.chars[this.length++] = c
  }
  last(): string | undefined {
    return this.length > 0 ? this.chars[this.length - 1] : undefined
  }
  text(): string {
    let s = ''
    for (let i = 0; i < this.length; i++) s += this.chars[i]
    return s
  }
  /** Appends `c`, then moves it left past the spaces before it (addCharacterCheckingTrailingSpaces). */
  pushBeforeSpaces(c: string): void {
    this.push(c)
    for (let i = this.length - 1; i >= 1 && this.chars[i - 1] === ' ' && this.chars[i] === c; i--) {
      this.chars[i] = ' '
      this.chars[i - 1] = c
    }
  }
  /** Appends a space, then moves it left past any sign or `<` before it (addSpaceCheckingTrailingCharacters). */
  pushSpace(): void {
    this.push(' ')
    for (let i = this.length - 1; i >= 1 && '+-<'.includes(this.chars[i - 1]!) && this.chars[i] === ' '; i--) {
      this.chars[i] = this.chars[i - 1]!
      this.chars[i - 1] = ' '
    }
  }
  /** A decimal point with nothing after it (or only a space) becomes a space. */
  stripLonePoint(): void {
    let i = 0
    while (i < this.length && this.chars[i] !== '.') i++
    if (i < this.length && (i === this.length - 1 || this.chars[i + 1] === ' ')) this.chars[i] = ' '
  }
}

/** Prints decimal text (`-12454.8`) by the model (ToNumberParser.format); digits that do not fit print as `#`. */
export function formatByModel(model: NumberFormatModel, text: string, buffer = new CharBuffer()): string {
  const negative = text.startsWith('-')
  const point = text.indexOf('.')
  let whole = (point === -1 ? text : text.slice(0, point)).replace(/^[-0]+/, '')
  let fraction = point === -1 ? '' : text.slice(point + 1).replace(/0+$/, '')
  if (whole.length > model.digitsBefore || fraction.length > model.digitsAfter) {
    whole = '#'.repeat(model.digitsBefore)
    fraction = '#'.repeat(model.digitsAfter)
  }
  whole = whole.padStart(model.digitsBefore, ' ')
  fraction = fraction.padEnd(model.digitsAfter, '0')
  buffer.length = 0
  let wholeAt = 0
  let fractionAt = 0
  let reachedPoint = false
  for (const token of model.tokens) {
    switch (token.kind) {
      case 'groups':
        for (const part of token.parts) {
          if (part.kind === 'comma') {
            const last = buffer.last()
            if (last !== undefined && last >= '0' && last <= '9') buffer.push(',')
            else buffer.pushSpace()
          } else if (reachedPoint) {
            for (let k = 0; k < part.count; k++) buffer.push(fraction[fractionAt++]!)
          } else {
            for (let k = 0; k < part.count; k++) {
              const c = whole[wholeAt++]!
              if (c !== ' ') buffer.push(c)
              else if (part.exact) buffer.push('0')
              else buffer.pushSpace()
            }
          }
        }
        break
      case 'point':
        if (buffer.last() === ' ') buffer.chars[buffer.length - 1] = '0'
        buffer.push('.')
        reachedPoint = true
        break
      case 'dollar':
        buffer.push('$')
        break
      case 'sign':
        buffer.stripLonePoint()
        buffer.pushBeforeSpaces(negative ? '-' : '+')
        break
      case 'minus':
        if (negative) {
          buffer.stripLonePoint()
          buffer.pushBeforeSpaces('-')
        } else buffer.push(' ')
        break
      case 'open':
        if (negative) buffer.push('<')
        break
      case 'close':
        buffer.stripLonePoint()
        if (negative) buffer.pushBeforeSpaces('>')
        else {
          buffer.push(' ')
          buffer.push(' ')
        }
        break
    }
  }
  buffer.stripLonePoint()
  const out = buffer.text()
  return out === '' || out === '+' || out === '-' ? '0' : out
}

export { CharBuffer }
