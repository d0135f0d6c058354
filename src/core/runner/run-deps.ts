// What the runner needs from the lab: the store, the data dir layout, the tools, the go
// environment read once, and an event sink. Built by createLab (src/core/lab.ts).
import type { LabEvent } from '../../shared/api.js';
import type { GoEnvInfo } from '../go/go-env.js';
import type { GoTool } from '../go/go-version.js';
import type { GitTool } from '../git/index.js';
import type { DataPaths } from '../store/data-dir.js';
import type { OpenedDb } from '../store/open-db.js';

export interface RunDeps {
  readonly store: OpenedDb;
  readonly paths: DataPaths;
  readonly go: GoTool;
  readonly goEnv: GoEnvInfo;
  readonly git: GitTool;
  readonly processEnv: NodeJS.ProcessEnv;
  readonly lockDir: string;
  readonly perflabVersion: string;
  readonly nativeBinding?: string;
  emit(e: LabEvent): void;
}
