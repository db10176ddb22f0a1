// Starts a worker thread from the TypeScript sources (tests, development): tsx's loader first, then the stage worker.
// A built package starts `stage-worker.js` directly.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.entry)
