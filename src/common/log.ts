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

export function logInfo(component: string, message: string): void {
  writer(`INFO ${component}: ${message}`)
}
