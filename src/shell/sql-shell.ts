// `rivulet sql`: the interactive streaming SQL shell on a terminal (prompt, multi-line statements ending in `;`,
// history kept across runs, Tab completion), or a script run non-interactively with `-f file.sql` / `-e 'sql'` or
// piped into stdin.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { SparkSession } from '../api/session.js'
import { InteractiveShell } from './interactive-shell.js'
import { ScriptRunner } from './script-runner.js'

const usage = `Usage: rivulet sql [options]

Runs SQL over streams: interactively on a terminal, or the statements of a file, of -e, or piped into stdin.

Options:
  -f, --file FILE        Run the statements in FILE, then wait for the queries INSERT INTO started
  -e, --execute SQL      Run the statements in SQL the same way
  --conf KEY=VALUE       Set a session setting (repeatable), e.g. --conf spark.sql.shuffle.partitions=2
  -h, --help             Print this help

Environment:
  RIVULET_SQL_HISTORY    The history file (default ~/.rivulet_sql_history)
`

interface ShellArgs {
  readonly script?: { readonly text: string; readonly name: string }
  readonly conf: readonly [string, string][]
}

/** Parses the command line; throws a message for the user on bad arguments. */
function parseArgs(argv: readonly string[]): ShellArgs | 'help' {
  let script: ShellArgs['script']
  const conf: [string, string][] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const value = () => {
      const next = argv[++i]
      if (next === undefined) throw new Error(`option '${arg}' needs a value`)
      return next
    }
    if (arg === '-h' || arg === '--help') return 'help'
    else if (arg === '-f' || arg === '--file') {
      const file = value()
      script = { text: readFileSync(file, 'utf8'), name: file }
    } else if (arg === '-e' || arg === '--execute') script = { text: value(), name: '-e' }
    else if (arg === '--conf') {
      const setting = value()
      const at = setting.indexOf('=')
      if (at <= 0) throw new Error(`--conf expects KEY=VALUE, got '${setting}'`)
      conf.push([setting.slice(0, at).trim(), setting.slice(at + 1).trim()])
    } else throw new Error(`unknown option '${arg}'`)
  }
  return script === undefined ? { conf } : { script, conf }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Runs the shell with the command's arguments (after `sql`); resolves to the process's exit code. */
export async function runSqlShell(argv: readonly string[], version: string): Promise<number> {
  let args: ShellArgs | 'help'
  try {
    args = parseArgs(argv)
  } catch (error) {
    process.stderr.write(`rivulet sql: ${(error as Error).message}\n\n${usage}`)
    return 2
  }
  if (args === 'help') {
    process.stdout.write(usage)
    return 0
  }
  const builder = SparkSession.builder.appName('rivulet-sql')
  for (const [key, value] of args.conf) builder.config(key, value)
  const spark = builder.getOrCreate()
  try {
    if (args.script) return await new ScriptRunner(spark).run(args.script.text)
    if (!process.stdin.isTTY) return await new ScriptRunner(spark).run(await readStdin())
    const historyFile = process.env.RIVULET_SQL_HISTORY ?? join(homedir(), '.rivulet_sql_history')
    await new InteractiveShell(spark, { version, historyFile }).run()
    return 0
  } finally {
    await spark.stop()
  }
}
