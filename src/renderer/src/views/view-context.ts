// What every view gets from the shell: the repositories, the one picked, and navigation.
import type { Repo } from '../../../shared/models.js';
import { formatRoute, type Route } from '../model/route.js';

export interface ViewContext {
  readonly repos: readonly Repo[];
  readonly repo: Repo | null;
  readonly reposLoaded: boolean;
  setRepo(id: number): void;
  reloadRepos(): void;
}

export function go(r: Route): void {
  const h = formatRoute(r);
  if (window.location.hash !== h) window.location.hash = h;
}

export function href(r: Route): string {
  return formatRoute(r);
}
