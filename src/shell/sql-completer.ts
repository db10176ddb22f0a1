// Tab completion for the shell: the word before the cursor completed to a keyword, a table or view name, a function
// name or a setting key, in the case the user is typing in (keywords in lower case after a lower-case start); after
// FROM, JOIN, INTO or DESCRIBE only table and view names, after SHOW and STOP only what those statements take.

const KEYWORDS = [
  'ADD',
  'ALL',
  'AND',
  'AS',
  'ASC',
  'BETWEEN',
  'BY',
  'CASE',
  'CAST',
  'CREATE',
  'CROSS',
  'DESC',
  'DESCRIBE',
  'DISTINCT',
  'ELSE',
  'END',
  'EXCEPT',
  'EXISTS',
  'EXIT',
  'EXPLAIN',
  'EXTENDED',
  'FALSE',
  'FROM',
  'FULL',
  'FUNCTIONS',
  'GROUP',
  'HAVING',
  'HELP',
  'IN',
  'INNER',
  'INSERT',
  'INTERSECT',
  'INTERVAL',
  'INTO',
  'IS',
  'JOIN',
  'LATERAL',
  'LEFT',
  'LIKE',
  'LIMIT',
  'NOT',
  'NULL',
  'ON',
  'OPTIONS',
  'OR',
  'ORDER',
  'OUTER',
  'QUERIES',
  'QUERY',
  'QUIT',
  'REPLACE',
  'RESET',
  'RIGHT',
  'SELECT',
  'SET',
  'SHOW',
  'STOP',
  'TABLE',
  'TABLES',
  'TEMPORARY',
  'THEN',
  'TRUE',
  'UNION',
  'USING',
  'VIEW',
  'WHEN',
  'WHERE',
  'WITH',
]

/** What completion offers besides keywords; read on each Tab, so new views show at once. */
export interface CompletionNames {
  tables(): readonly string[]
  functions(): readonly string[]
  settings(): readonly string[]
}

/** Words after which only a table or view name can follow. */
const BEFORE_TABLE = new Set(['FROM', 'JOIN', 'DESCRIBE', 'DESC', 'INTO', 'TABLE', 'EXISTS'])

/** The words the shell's statements allow after these. */
const FOLLOWING: Readonly<Record<string, readonly string[]>> = {
  SHOW: ['FUNCTIONS', 'QUERIES', 'TABLES'],
  STOP: ['QUERY'],
}

/** readline's completer result: the candidates, and the text they replace. */
export function completeSql(line: string, names: CompletionNames): [string[], string] {
  const word = /(?:'[\w.-]*|[A-Za-z_][\w.-]*)$/.exec(line)?.[0] ?? ''
  if (word === '') return [[], '']
  const lower = word.toLowerCase()
  const upperCase = word === word.toUpperCase() && /[A-Z]/.test(word)
  const keywordCase = (k: string) => (upperCase ? k : k.toLowerCase())
  const previous = /([A-Za-z_]+)\s+$/.exec(line.slice(0, line.length - word.length))?.[1]?.toUpperCase()
  const following = previous === undefined ? undefined : FOLLOWING[previous]
  const candidates = word.startsWith("'")
    ? names.settings().map((s) => `'${s}'`)
    : following
      ? following.map(keywordCase)
      : previous !== undefined && BEFORE_TABLE.has(previous)
        ? names.tables()
        : [...KEYWORDS.map(keywordCase), ...names.tables(), ...names.functions(), ...names.settings()]
  const hits = [...new Set(candidates.filter((c) => c.toLowerCase().startsWith(lower)))].sort()
  return [hits, word]
}
