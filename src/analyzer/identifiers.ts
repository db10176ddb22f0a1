// Column identifiers: splitting `a.b` / `` `a.b`.c `` into parts, quoting them back, and "did you mean" suggestions.
import { AnalysisException } from '../common/errors.js'

/** Spark's `UnresolvedAttribute.parseAttributeName`: dots separate parts; backquotes quote (`` `` `` escapes one). */
export function parseAttributeName(name: string): string[] {
  const parts: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!
    if (quoted) {
      if (c === '`') {
        if (name[i + 1] === '`') {
          current += '`'
          i++
        } else quoted = false
      } else current += c
    } else if (c === '`') {
      quoted = true
    } else if (c === '.') {
      parts.push(current)
      current = ''
    } else current += c
  }
  if (quoted || (name.endsWith('.') && !name.endsWith('`.'))) {
    throw new AnalysisException(`[INVALID_ATTRIBUTE_NAME_SYNTAX] Syntax error in the attribute name: \`${name}\`.`)
  }
  parts.push(current)
  return parts
}

/** `` `a`.`b` ``: each part backquoted, as Spark's `toSQLId` prints identifiers in messages. */
export function quoteNameParts(parts: readonly string[]): string {
  return parts.map((p) => `\`${p.replace(/`/g, '``')}\``).join('.')
}

function levenshtein(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return previous[b.length]!
}

/**
 * Candidate identifiers ordered by similarity to `name` (Spark's `orderSuggestedIdentifiersBySimilarity`): a
 * qualifier shared by all candidates is dropped, then candidates sort by Levenshtein distance to the name.
 */
export function suggestIdentifiers(name: string, candidates: readonly (readonly string[])[]): string[] {
  const baseParts = parseAttributeName(name)
  const distinctPrefixes = (drop: number) => new Set(candidates.map((c) => c.slice(0, -drop).join('\u0000'))).size
  const stripped =
    baseParts.length === 1 && distinctPrefixes(1) <= 1
      ? candidates.map((c) => c.slice(-1))
      : baseParts.length <= 2 && distinctPrefixes(2) <= 1
        ? candidates.map((c) => c.slice(-2))
        : candidates
  return stripped
    .map(quoteNameParts)
    .map((text, index) => ({ text, index, distance: levenshtein(text, name) }))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .map((c) => c.text)
}

/** Spark's UNRESOLVED_COLUMN error, with up to five suggestions. */
export function unresolvedColumn(name: string, candidates: readonly (readonly string[])[]): AnalysisException {
  const quoted = quoteNameParts(parseAttributeName(name))
  if (candidates.length === 0) {
    return new AnalysisException(`A column or function parameter with name ${quoted} cannot be resolved.`, {
      errorClass: 'UNRESOLVED_COLUMN.WITHOUT_SUGGESTION',
    })
  }
  const suggestions = suggestIdentifiers(name, candidates).slice(0, 5)
  return new AnalysisException(
    `A column or function parameter with name ${quoted} cannot be resolved. Did you mean one of the following? [${suggestions.join(', ')}].`,
    { errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION' },
  )
}
