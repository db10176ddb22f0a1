// Splits shell input into SQL statements at semicolons outside string literals, quoted identifiers and comments, so
// a statement may span lines and a line may hold several statements.

export interface SplitInput {
  /** Complete statements, each without its terminating `;` (blank statements dropped). */
  readonly statements: readonly string[]
  /** What follows the last `;`: the start of a statement still being typed. */
  readonly rest: string
}

export function splitStatements(text: string): SplitInput {
  const statements: string[] = []
  let start = 0
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === "'" || c === '"' || c === '`') i = skipQuoted(text, i, c)
    else if (c === '-' && text[i + 1] === '-') i = skipTo(text, i, '\n')
    else if (c === '/' && text[i + 1] === '*') i = skipBlockComment(text, i)
    else if (c === ';') {
      const statement = text.slice(start, i)
      if (!isBlank(statement)) statements.push(statement)
      start = ++i
    } else i++
  }
  return { statements, rest: text.slice(start) }
}

/** Whether the text holds nothing but whitespace and comments. */
export function isBlank(text: string): boolean {
  return stripComments(text).trim() === ''
}

/** The text with comments replaced by spaces (so positions stay where they were). */
export function stripComments(text: string): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    let end: number
    if (c === "'" || c === '"' || c === '`') {
      end = skipQuoted(text, i, c)
      out += text.slice(i, end)
    } else if ((c === '-' && text[i + 1] === '-') || (c === '/' && text[i + 1] === '*')) {
      end = c === '-' ? skipTo(text, i, '\n') : skipBlockComment(text, i)
      out += text.slice(i, end).replace(/[^\n]/g, ' ')
    } else {
      end = i + 1
      out += c
    }
    i = end
  }
  return out
}

/** The index after a quoted run starting at `i` (backslash escapes inside; unclosed runs to the end). */
function skipQuoted(text: string, i: number, quote: string): number {
  let j = i + 1
  while (j < text.length) {
    if (text[j] === '\\' && quote !== '`') j += 2
    else if (text[j] === quote) {
      if (text[j + 1] === quote) j += 2
      else return j + 1
    } else j++
  }
  return text.length
}

function skipTo(text: string, i: number, end: string): number {
  const at = text.indexOf(end, i)
  return at === -1 ? text.length : at
}

function skipBlockComment(text: string, i: number): number {
  const at = text.indexOf('*/', i + 2)
  return at === -1 ? text.length : at + 2
}
