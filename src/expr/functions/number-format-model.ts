// Spark's number format model (to_number, to_char): a format string of 0/9, ./D, ,/G, $, S/MI and PR compiled to
// tokens once, with Spark's format checks, and the parsing of strings into unscaled decimals (ToNumberParser.parse).

/** A run of format digits: `exact` when it starts with 0 before the decimal point (the input must have as many). */
interface Digits {
  readonly kind: 'digits'
  readonly count: number
  readonly exact: boolean
}

/** One format token; `groups` is a run of digits and thousands separators, in format order. */
type Token =
  | Digits
  | {
      readonly kind: 'groups'
      readonly parts: readonly (Digits | { readonly kind: 'comma' })[]
      /** The digit runs from the right, as input groups are compared. */
      readonly fromRight: readonly Digits[]
    }
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

const groupsOf = (parts: (Digits | { kind: 'comma' })[]): Token => ({
  kind: 'groups',
  parts,
  fromRight: parts.filter((p): p is Digits => p.kind === 'digits').reverse(),
})

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
    if (parts.length > 0) tokens.push(groupsOf(parts))
    parts = []
    tokens.push(t)
  }
  if (parts.length > 0) tokens.push(groupsOf(parts))
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

/** Digit counts of the input's groups, left to right (reused across rows). */
const sizes: number[] = []

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
        let groups = 0
        let current = 0
        while (at < n) {
          const c = input[at]!
          if (isDigit(c.charCodeAt(0))) {
            current++
            if (reachedPoint) after += c
            else before += c
          } else if (c === ',') {
            sizes[groups++] = current
            current = 0
          } else if (!isSpace(c)) break
          at++
        }
        sizes[groups++] = current
        const expected = token.fromRight
        if (groups > expected.length) return undefined
        for (let i = 0; i < expected.length; i++) {
          const actual = i < groups ? sizes[groups - 1 - i]! : 0
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
