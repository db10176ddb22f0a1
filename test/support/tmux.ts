// A program in a real terminal for tests: a tmux pane on a private tmux server, driven with send-keys and read with
// capture-pane, waiting for screen content (never for fixed times).
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

let servers = 0

export interface TerminalOptions {
  readonly cwd: string
  readonly env?: Readonly<Record<string, string>>
  readonly columns?: number
  readonly rows?: number
  /** A directory for the tmux server's configuration file. */
  readonly dir: string
}

export class TmuxTerminal {
  private constructor(private readonly socket: string) {}

  /** Starts `command` (an argv) in a fresh pane; the pane stays after the program exits, so its last screen reads. */
  static start(command: readonly string[], options: TerminalOptions): TmuxTerminal {
    const socket = `rivulet-test-${process.pid}-${++servers}`
    const config = join(options.dir, `${socket}.conf`)
    writeFileSync(config, 'set -g remain-on-exit on\nset -g history-limit 10000\nset -g status off\n')
    const env = Object.entries({ TERM: 'xterm-256color', ...options.env }).flatMap(([k, v]) => ['-e', `${k}=${v}`])
    const size = ['-x', String(options.columns ?? 160), '-y', String(options.rows ?? 45)]
    execFileSync('tmux', [
      '-L',
      socket,
      '-f',
      config,
      'new-session',
      '-d',
      '-s',
      'test',
      ...size,
      '-c',
      options.cwd,
      ...env,
      ...command,
    ])
    return new TmuxTerminal(socket)
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' })
  }

  /** Types text as it is (no key names). */
  type(text: string): void {
    // tmux reads an argument ending in `;` as a command separator; `\;` is a literal semicolon.
    this.tmux('send-keys', '-t', 'test', '-l', text.endsWith(';') ? `${text.slice(0, -1)}\\;` : text)
  }

  /** Presses keys by tmux's names: `Enter`, `C-c`, `Up`, `Tab`, `q`. */
  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'test', ...keys)
  }

  /** Types a line and presses Enter. */
  line(text: string): void {
    this.type(text)
    this.press('Enter')
  }

  /** What the pane shows now (the alternate screen while a program uses it). */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'test')
  }

  /** The pane's whole output: its scrollback and screen, wrapped lines joined. */
  history(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'test')
  }

  /** Polls until `check` holds for the screen (or, with `scrollback`, for the whole output); returns that text. */
  async waitFor(
    check: string | RegExp | ((text: string) => boolean),
    { timeoutMs = 30_000, scrollback = false } = {},
  ): Promise<string> {
    const holds =
      typeof check === 'string'
        ? (t: string) => t.includes(check)
        : check instanceof RegExp
          ? (t: string) => check.test(t)
          : check
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const text = scrollback ? this.history() : this.screen()
      if (holds(text)) return text
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${String(check)}; the terminal's whole output:\n${this.history()}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  /** Ends the pane's program and the tmux server. */
  kill(): void {
    try {
      this.tmux('kill-server')
    } catch {
      // Already gone.
    }
  }
}
