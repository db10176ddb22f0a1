// Warnings the engine reports without failing a query, and the few facts it announces (the live UI's address),
// printed to stderr in Spark's log4j shape (`WARN <Component>: <message>`); tests and embedding applications may
// redirect them.

export type LogWriter = (line: string) => void

let writer: LogWriter = (line) => {
  process.stderr.write(`${line}\n`)
}

/** Replaces where log lines go; returns the previous writer (so a test can restore it). */
export function setLogWriter(next: LogWriter): LogWriter {
  const previous = writer
  writer = next
  return previous
}

export function logWarning(component: string, message: string): void {
  writer(`WARN ${component}: ${message}`)
}

/** An error the engine survives (a listener that threw): the message, then the error's stack. */
export function logError(component: string, message: string, error?: unknown): void {
  const detail = error === undefined ? '' : `\n${(error as Error)?.stack ?? String(error)}`
  writer(`ERROR ${component}: ${message}${detail}`)
}

export function logInfo(component: string, message: string): void {
  writer(`INFO ${component}: ${message}`)
}
