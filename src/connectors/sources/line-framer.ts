// Splits a byte stream into UTF-8 lines as Java's BufferedReader.readLine does (`\n`, `\r\n` or `\r` end a line),
// in time linear in the input: the pieces of an unfinished line are kept as chunks and joined once, and a `\r`
// ending one chunk still pairs with a `\n` starting the next.

export class LineFramer {
  private parts: Uint8Array[] = []
  private partBytes = 0
  /** The last chunk ended with `\r`: a `\n` starting the next one belongs to that line end. */
  private afterCr = false
  private readonly decoder = new TextDecoder()

  /** The bytes held of a line not ended yet. */
  get pendingBytes(): number {
    return this.partBytes
  }

  /** Feeds `chunk`; calls `line` with each line it ends (text, and its length in bytes). */
  push(chunk: Uint8Array, line: (text: string, bytes: number) => void): void {
    let start = 0
    if (this.afterCr && chunk.length > 0) {
      this.afterCr = false
      if (chunk[0] === 10) start = 1
    }
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i]
      if (b !== 10 && b !== 13) continue
      this.emit(chunk, start, i, line)
      if (b === 13) {
        if (i + 1 === chunk.length) this.afterCr = true
        else if (chunk[i + 1] === 10) i++
      }
      start = i + 1
    }
    if (start < chunk.length) {
      this.parts.push(chunk.subarray(start))
      this.partBytes += chunk.length - start
    }
  }

  /** The end of the stream: an unfinished last line is a line (as readLine returns it). */
  end(line: (text: string, bytes: number) => void): void {
    if (this.partBytes > 0) this.emit(new Uint8Array(0), 0, 0, line)
    this.afterCr = false
  }

  private emit(chunk: Uint8Array, from: number, to: number, line: (text: string, bytes: number) => void): void {
    if (this.parts.length === 0) {
      line(this.decoder.decode(chunk.subarray(from, to)), to - from)
      return
    }
    const joined = new Uint8Array(this.partBytes + to - from)
    let at = 0
    for (const part of this.parts) {
      joined.set(part, at)
      at += part.length
    }
    joined.set(chunk.subarray(from, to), at)
    this.parts = []
    this.partBytes = 0
    line(this.decoder.decode(joined), joined.length)
  }
}
