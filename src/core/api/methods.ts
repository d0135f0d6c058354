// Every method of the LabApi contract (src/shared/api.ts) and the function that implements it,
// in one typed map: go-to-definition on a value lands on the implementation, and a method added
// to the contract without one (or one left over) fails the type check. createLab (lab.ts)
// validates the input with the method's schema and calls the function with the lab context.
import type { MethodName } from '../../shared/api.js';
import { collectGarbage } from '../gc.js';
import * as bisectApi from './bisect-api.js';
import * as changesApi from './changes-api.js';
import * as compareApi from './compare-api.js';
import type { Method } from './impl-types.js';
import * as investigationsApi from './investigations-api.js';
import * as profilesApi from './profiles-api.js';
import * as reposApi from './repos-api.js';
import * as runsApi from './runs-api.js';
import * as workflowApi from './workflow-api.js';

export const METHODS: { readonly [M in MethodName]: Method<M> } = {
  // repositories and their benchmarks
  version: reposApi.version,
  listRepos: reposApi.listRepos,
  addRepo: reposApi.addRepo,
  trustRepo: reposApi.trustRepo,
  removeRepo: reposApi.removeRepo,
  listPackages: reposApi.listPackages,
  listRefs: reposApi.listRefs,
  checkRef: reposApi.checkRef,
  // runs: start, follow, read, import and export
  startRun: runsApi.startRun,
  cancelRun: runsApi.cancelRun,
  listRuns: runsApi.listRuns,
  getRun: runsApi.getRun,
  getResults: runsApi.getResults,
  benchmarkNames: runsApi.benchmarkNames,
  runSnapshot: runsApi.runSnapshot,
  runProgress: runsApi.runProgress,
  relabelRun: runsApi.relabelRun,
  deleteRun: runsApi.deleteRun,
  importBenchfmt: runsApi.importBenchfmt,
  exportRun: runsApi.exportRun,
  // comparisons
  compare: compareApi.compare,
  compareRender: compareApi.compareRender,
  compareSamples: compareApi.compareSamples,
  compareView: compareApi.compareView,
  compareViewRows: compareApi.compareViewRows,
  // profiles
  listProfiles: profilesApi.listProfiles,
  exportProfile: profilesApi.exportProfile,
  profileFlame: profilesApi.profileFlame,
  exportFlame: profilesApi.exportFlame,
  profileTop: profilesApi.profileTop,
  profileSandwich: profilesApi.profileSandwich,
  profileSource: profilesApi.profileSource,
  openProfileTool: profilesApi.openProfileTool,
  closeProfileTool: profilesApi.closeProfileTool,
  findings: profilesApi.findings,
  compilerDiff: profilesApi.compilerDiff,
  // the perf workflow: commit message, gate, baselines, budgets, history
  exportCommit: workflowApi.exportCommit,
  gate: workflowApi.gate,
  baselineSet: workflowApi.baselineSet,
  baselineList: workflowApi.baselineList,
  getBudgets: workflowApi.getBudgets,
  setBudgets: workflowApi.setBudgets,
  history: workflowApi.history,
  // which commit: ranges, change points (of a run and of stored history), statistical bisect
  rangeCommits: changesApi.rangeCommits,
  changes: changesApi.changes,
  historyChanges: workflowApi.historyChanges,
  startBisect: bisectApi.startBisect,
  bisectStatus: bisectApi.bisectStatus,
  listBisects: bisectApi.listBisects,
  cancelBisect: bisectApi.cancelBisect,
  // investigations
  investigationStart: investigationsApi.investigationStart,
  investigationList: investigationsApi.investigationList,
  investigationStatus: investigationsApi.investigationStatus,
  investigationVerify: investigationsApi.investigationVerify,
  investigationCommit: investigationsApi.investigationCommit,
  investigationNote: investigationsApi.investigationNote,
  investigationShowStep: investigationsApi.investigationShowStep,
  // maintenance
  gc: (ctx, { dryRun }) => collectGarbage(ctx, dryRun),
};
