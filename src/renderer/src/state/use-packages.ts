// A repository's packages and benchmarks for the views that list them. Once a repository is
// trusted the lab compiles test binaries for their -test.list, which takes seconds on a big
// module; the static scan of the sources answers in a fraction of that. So both are asked:
// the scan's answer shows at once, the binaries' replaces it when it comes (`checking` until
// then). Before trust the scan is the only answer.
import type { PackageInfo } from '../../../shared/models.js';
import { call } from '../api-client.js';
import { useApi, type Loaded } from './use-api.js';

export interface Packages extends Loaded<readonly PackageInfo[]> {
  /** The scan's answer is on show; the test binaries' is still coming. */
  readonly checking: boolean;
}

export function usePackages(repo: { readonly id: number; readonly trusted: boolean }, version?: unknown): Packages {
  const key = [repo.id, repo.trusted, version];
  const quick = useApi(() => (repo.trusted ? call('listPackages', { repo: repo.id, staticOnly: true }) : null), key);
  const full = useApi(() => call('listPackages', { repo: repo.id }), key);
  const checking = full.loading && full.data === undefined && quick.data !== undefined;
  return { data: full.data ?? quick.data, error: full.error, loading: full.loading, reload: full.reload, checking };
}
