// Runs a SQL script without a terminal (`rivulet sql -f file.sql`, `-e`, or stdin): its statements in order, streaming
// SELECTs in tableau mode, stopping at the first error (exit code 1); then waits for the queries INSERT INTO started.
// On a terminal, a progress bar on stderr shows which statement runs.
import type { SparkSession } from '../api/session.js'
import { ConsoleProgress } from '../runtime/console-progress.js'
import { ERROR_HEADER, errorText } from './error-text.js'
import { ShellExecutor } from './shell-executor.js'
import { isBlank, splitStatements } from './statement-splitter.js'
import type { Key } from './streaming-select.js'

export class ScriptRunner {
  private readonly executor: ShellExecutor
  /** On a terminal: which statement of how many runs (spark.ui.showConsoleProgress). */
  private readonly bar: ConsoleProgress | undefined

  constructor(spark: SparkSession) {
    this.bar = ConsoleProgress.create((key) => spark.conf.getOption(key))
    const write = (text: string) => {
      this.bar?.hide()
      process.stdout.write(text)
      this.bar?.redraw()
    }
    this.executor = new ShellExecutor(spark, {
      screen: {
        write,
        get columns() {
          return process.stdout.columns ?? 120
        },
        get rows() {
          return process.stdout.rows ?? 40
        },
      },
      // Without a keyboard, Ctrl-C arrives as a signal: it ends the running SELECT as the key would.
      keys: {
        listen(handler: (key: Key) => void) {
          const onSignal = () => handler({ ctrl: true, name: 'c' })
          process.on('SIGINT', onSignal)
          return () => process.off('SIGINT', onSignal)
        },
      },
      interactive: false,
      notify: (text) => process.stderr.write(text),
    })
  }

  /** Resolves to the exit code: 0, or 1 after the first failing statement. */
  async run(script: string): Promise<number> {
    const { statements, rest } = splitStatements(script)
    // The last statement of a script may omit its `;`.
    const all = isBlank(rest) ? statements : [...statements, rest]
    const started = Date.now()
    for (const [i, raw] of all.entries()) {
      const statement = raw.trim()
      this.bar?.show({
        label: `statement ${i + 1}/${all.length}`,
        backlog: { done: i, total: all.length, unit: 'statements' },
        elapsedMs: Date.now() - started,
      })
      try {
        if (!(await this.executor.execute(statement))) break
      } catch (error) {
        this.bar?.finish()
        process.stdout.write(`${ERROR_HEADER}\n${errorText(error, statement)}\n`)
        await this.executor.stopAll()
        return 1
      }
    }
    this.bar?.finish()
    const running = this.executor.activeQueries
    await Promise.allSettled(running.map((query) => query.awaitTermination()))
    return running.some((query) => query.exception() !== null) ? 1 : 0
  }
}
