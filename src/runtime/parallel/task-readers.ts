// The source providers a worker thread reads tasks with, loaded on first use: a worker imports only the provider its
// query reads (not the registry of every connector and its client libraries), which keeps a worker's start cheap.
import { UnsupportedOperationException } from '../../common/errors.js'
import type { SourceProvider } from '../../connectors/source.js'

const fileFormat = async (format: string) =>
  (await import('../../connectors/sources/file-source.js')).fileSourceProvider(format)

/** The formats whose sources hand out read tasks (`Source.getTasks`), and where their providers live. */
const LOADERS: Readonly<Record<string, (format: string) => Promise<SourceProvider>>> = {
  nexmark: async () => (await import('../../connectors/sources/nexmark.js')).nexmarkProvider,
  text: fileFormat,
  csv: fileFormat,
  json: fileFormat,
  parquet: fileFormat,
}

const loaded = new Map<string, Promise<SourceProvider>>()

/** The provider of `format`, to carry out read tasks with. */
export function taskReader(format: string): Promise<SourceProvider> {
  const name = format.toLowerCase()
  const load = LOADERS[name]
  if (!load) return Promise.reject(new UnsupportedOperationException(`Source format ${format} cannot read tasks`))
  let provider = loaded.get(name)
  if (!provider) loaded.set(name, (provider = load(name)))
  return provider
}
