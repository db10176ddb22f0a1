// The golden-file format of test/sql/*.slt (after sqllogictest), and reading it.
//
// A file is a list of records separated by blank lines; lines starting with `#` outside a record are comments.
//
//   statement ok                  a statement that must succeed (CREATE TEMPORARY VIEW, …)
//   <sql, one or more lines>
//
//   query [rowsort]               a statement whose result is compared as text: `----`, then the column names
//   <sql>                         joined by ` | `, then one line per row (cells as show() prints them, NULL for
//   ----                          null, timestamps in UTC). `rowsort` compares the rows sorted. A value with
//                                 line breaks (EXPLAIN's plan) takes several lines, an empty one written `~`.
//   name | n
//   Alice | 1
//
//   error <message fragment>      a statement that must fail with a ParseException or AnalysisException whose
//   <sql>                         message contains the fragment and that carries its position in the text.
//
// Setting SLT_UPDATE=1 rewrites each file with the results it produced (review the diff before committing).

interface Span {
  /** 1-based line of the record's first line. */
  readonly line: number
  /** 0-based index of the line after the record. */
  readonly end: number
}

export type SltRecord =
  | (Span & { readonly kind: 'statement'; readonly sql: string })
  | (Span & {
      readonly kind: 'query'
      readonly sql: string
      readonly rowsort: boolean
      readonly expected: readonly string[]
    })
  | (Span & { readonly kind: 'error'; readonly sql: string; readonly fragment: string })

/** The records of an .slt file; a malformed record throws with its line number. */
export function parseSlt(text: string, file: string): SltRecord[] {
  const lines = text.split('\n')
  const records: SltRecord[] = []
  let i = 0
  const fail = (message: string): never => {
    throw new Error(`${file}:${i + 1}: ${message}`)
  }
  while (i < lines.length) {
    const head = lines[i]!.trimEnd()
    if (head === '' || head.startsWith('#')) {
      i++
      continue
    }
    const line = i + 1
    i++
    const sql: string[] = []
    while (i < lines.length && lines[i]!.trim() !== '' && lines[i]!.trim() !== '----') sql.push(lines[i++]!)
    if (sql.length === 0) fail(`record "${head}" has no SQL`)
    if (head === 'statement ok') records.push({ kind: 'statement', line, end: i, sql: sql.join('\n') })
    else if (head.startsWith('error ')) {
      records.push({ kind: 'error', line, end: i, sql: sql.join('\n'), fragment: head.slice('error '.length) })
    } else if (head === 'query' || head === 'query rowsort') {
      if (lines[i]?.trim() !== '----') fail('a query needs a ---- line and its expected result')
      i++
      const expected: string[] = []
      while (i < lines.length && lines[i]!.trim() !== '') expected.push(lines[i++]!.trimEnd())
      records.push({ kind: 'query', line, end: i, sql: sql.join('\n'), rowsort: head === 'query rowsort', expected })
    } else fail(`unknown record "${head}"`)
  }
  return records
}

/** The file's text with some records' results replaced (for SLT_UPDATE): `query` results, `error` fragments. */
export function rewriteSlt(text: string, updates: ReadonlyMap<SltRecord, readonly string[] | string>): string {
  const lines = text.split('\n')
  const sorted = [...updates].sort(([a], [b]) => b.line - a.line)
  for (const [record, actual] of sorted) {
    const body =
      record.kind === 'query' && typeof actual !== 'string'
        ? [`query${record.rowsort ? ' rowsort' : ''}`, ...record.sql.split('\n'), '----', ...actual]
        : record.kind === 'error' && typeof actual === 'string'
          ? [`error ${actual}`, ...record.sql.split('\n')]
          : undefined
    if (body) lines.splice(record.line - 1, record.end - record.line + 1, ...body)
  }
  return lines.join('\n')
}
