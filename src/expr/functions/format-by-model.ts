// to_char's printing of decimal text by a compiled number format (ToNumberParser.format): digits padded with spaces or
// zeros, signs and brackets moved next to the digits, and '#' for every digit of a value that does not fit.
import type { NumberFormatModel } from './number-format-model.js'

/** A reusable character buffer for printing (no per-row arrays). */
export class CharBuffer {
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
