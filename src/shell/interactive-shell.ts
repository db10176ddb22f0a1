// The shell at a terminal: a readline prompt that gathers lines into statements ending in `;`, runs them one at a
// time, keeps whole statements as history (saved to a file), completes with Tab, and hands the keyboard to a running
// query's result view (Ctrl-C, Q) by closing the prompt until the query ends.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createInterface, emitKeypressEvents, type Interface } from 'node:readline'
import { CONF_DEFAULTS } from '../api/runtime-config.js'
import type { SparkSession } from '../api/session.js'
import { setLogWriter } from '../common/log.js'
import { aggregateNames } from '../expr/aggregates/registry.js'
import { functionNames } from '../expr/functions/registry.js'
import { ERROR_HEADER, errorText } from './error-text.js'
import { RESULT_MODE_KEY, ShellExecutor } from './shell-executor.js'
import { completeSql } from './sql-completer.js'
import { isBlank, splitStatements, stripComments } from './statement-splitter.js'
import type { Key } from './streaming-select.js'

const PROMPT = 'rivulet> '
const CONTINUATION = '       > '
const HISTORY_SIZE = 1000

export interface InteractiveOptions {
  readonly version: string
  readonly historyFile: string
}

export class InteractiveShell {
  private rl: Interface | undefined
  /** Whole statements, newest first (readline's order). */
  private readonly history: string[]
  /** The lines of the statement being typed. */
  private buffer = ''
  private readonly lines: (string | null)[] = []
  private busy = false
  private quitting = false
  private finish!: () => void
  private readonly executor: ShellExecutor
  private functions: string[] | undefined

  constructor(
    spark: SparkSession,
    private readonly options: InteractiveOptions,
  ) {
    this.history = loadHistory(options.historyFile)
    const { stdout } = process
    this.executor = new ShellExecutor(spark, {
      screen: {
        write: (text) => stdout.write(text),
        get columns() {
          return stdout.columns ?? 120
        },
        get rows() {
          return stdout.rows ?? 40
        },
      },
      keys: { listen: (handler) => this.listen(handler) },
      interactive: true,
      notify: (text) => this.notify(text),
    })
  }

  /** Runs until QUIT or Ctrl-D, then stops the background queries. */
  async run(): Promise<void> {
    emitKeypressEvents(process.stdin)
    process.stdout.write(
      `Rivulet ${this.options.version} SQL shell. End each statement with ';'. ` +
        `HELP; lists the statements; QUIT; or Ctrl-D leaves.\n\n`,
    )
    const finished = new Promise<void>((resolve) => {
      this.finish = resolve
    })
    // Log lines (the live UI's address, warnings) print above the prompt instead of through it.
    const previousWriter = setLogWriter((line) => this.notify(`${line}\n`))
    this.attach()
    await finished
    await this.executor.stopAll()
    setLogWriter(previousWriter)
    process.stdout.write('Goodbye.\n')
  }

  private attach(): void {
    const rl = createInterface({
      input: process.stdin,
      output: process.stdout,
      prompt: PROMPT,
      terminal: true,
      // The shell adds whole statements to the history itself, not each line typed.
      historySize: 0,
      completer: (line: string) =>
        completeSql(line, {
          tables: () => this.executor.tableNames(),
          functions: () => (this.functions ??= [...new Set([...functionNames(), ...aggregateNames()])]),
          settings: () => [RESULT_MODE_KEY, ...Object.keys(CONF_DEFAULTS)],
        }),
    })
    ;(rl as unknown as { history: string[] }).history = this.history
    rl.on('line', (line) => this.accept(line))
    rl.on('SIGINT', () => this.interrupt(rl))
    // Ctrl-D (end of input) leaves; a close by detach() does not.
    rl.on('close', () => {
      if (this.rl === rl) {
        this.rl = undefined
        this.accept(null)
      }
    })
    this.rl = rl
    this.prompt()
  }

  /** Closes the prompt, so a running query's view has the keyboard. */
  private detach(): void {
    const rl = this.rl
    this.rl = undefined
    rl?.close()
  }

  private prompt(): void {
    if (!this.rl) return
    this.rl.setPrompt(this.buffer === '' ? PROMPT : CONTINUATION)
    this.rl.prompt()
  }

  /** Queues a line (null: end of input) and runs what is queued, one statement at a time. */
  private accept(line: string | null): void {
    this.lines.push(line)
    void this.pump()
  }

  private async pump(): Promise<void> {
    if (this.busy || this.quitting) return
    this.busy = true
    while (this.lines.length > 0 && !this.quitting) {
      const line = this.lines.shift()!
      if (line === null || !(await this.runLine(line))) this.quit()
    }
    this.busy = false
    if (this.quitting) return
    if (this.rl) this.prompt()
    else this.attach()
  }

  /** Adds a line to the statement being typed and runs the statements it completes; false after QUIT. */
  private async runLine(line: string): Promise<boolean> {
    this.buffer += `${line}\n`
    const { statements, rest } = splitStatements(this.buffer)
    this.buffer = isBlank(rest) ? '' : rest
    for (const raw of statements) {
      const statement = raw.trim()
      this.remember(statement)
      try {
        if (!(await this.executor.execute(statement))) return false
      } catch (error) {
        process.stdout.write(`${ERROR_HEADER}\n${errorText(error, statement)}\n\n`)
      }
    }
    return true
  }

  private quit(): void {
    this.quitting = true
    this.detach()
    this.finish()
  }

  /** Ctrl-C at the prompt drops the statement being typed, as in psql and Flink's client. */
  private interrupt(rl: Interface): void {
    this.buffer = ''
    rl.write(null, { ctrl: true, name: 'e' })
    process.stdout.write('^C\n')
    rl.write(null, { ctrl: true, name: 'u' })
    this.prompt()
  }

  /** Prints a message between prompts, redrawing the line being typed under it. */
  private notify(text: string): void {
    if (this.rl && !this.busy) {
      process.stdout.write(`\r\x1b[K${text}`)
      this.rl.prompt(true)
    } else process.stdout.write(text)
  }

  /** Hands the keys to a result view: raw keypresses, with the prompt closed until the statement ends. */
  private listen(handler: (key: Key) => void): () => void {
    this.detach()
    const input = process.stdin
    input.setRawMode(true)
    input.resume()
    const onKey = (_text: string, key: Key | undefined) => {
      if (key) handler(key)
    }
    input.on('keypress', onKey)
    return () => {
      input.off('keypress', onKey)
    }
  }

  /** Keeps a statement as one history line (comments dropped, lines joined), and saves the history. */
  private remember(statement: string): void {
    const entry = `${stripComments(statement)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join(' ')};`
    if (entry === ';' || this.history[0] === entry) return
    this.history.unshift(entry)
    this.history.splice(HISTORY_SIZE)
    try {
      writeFileSync(this.options.historyFile, `${[...this.history].reverse().join('\n')}\n`)
    } catch {
      // An unwritable history file costs the next session its history, not this one its statement.
    }
  }
}

function loadHistory(file: string): string[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .reverse()
    .slice(0, HISTORY_SIZE)
}
