#!/usr/bin/env node
// The `rivulet` command: its version, its help, the streaming SQL shell, and a demo of a streaming query over lines
// typed into the terminal.
import { readFileSync } from 'node:fs'

const usage = `Usage: rivulet <command>

Commands:
  sql            The streaming SQL shell: interactive on a terminal, or a script with -f FILE
                 (rivulet sql --help lists its options).
  demo           Run the quick-start program: read lines from the socket at HOST:PORT (environment
                 variables; default localhost:9999) and print each micro-batch. When nothing listens
                 there, serve the lines typed into this terminal (or piped in) there; Ctrl-D ends the
                 input and the query once every line is printed. Ctrl-C stops the query.

Options:
  -h, --help     Print this help
  -v, --version  Print Rivulet's version
`

/** The package's version, read from the package.json beside this file's folder (bin/ in the repository, dist/ when
 * installed). */
function version(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  return (manifest as { version: string }).version
}

const [command, ...rest] = process.argv.slice(2)
if (command === '-v' || command === '--version') {
  console.log(version())
} else if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
  process.stdout.write(usage)
} else if (command === 'sql') {
  const { runSqlShell } = await import('../src/index.js')
  process.exitCode = await runSqlShell(rest, version())
} else if (command === 'demo' && rest.length === 0) {
  await import('../examples/socket_streaming.js')
} else {
  const what = command === 'demo' ? `unexpected argument '${rest[0]}'` : `unknown command '${command}'`
  process.stderr.write(`rivulet: ${what}\n\n${usage}`)
  process.exitCode = 2
}
