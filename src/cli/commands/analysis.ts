// Commands over the analysis methods (compare, profiles, workflow), keyed by command word.
import type { Lab } from '../../core/lab.js';
import type { CliContext } from '../io.js';
import { compareCommand } from './compare.js';
import { findingsCommand, profileCommand } from './profile.js';
import { exportCommand, gateCommand, historyCommand, investigateCommand } from './workflow.js';

export type Command = (lab: Lab, ctx: CliContext, args: readonly string[]) => Promise<number>;

export const analysisCommands: Readonly<Record<string, Command>> = {
  compare: compareCommand,
  profile: profileCommand,
  findings: findingsCommand,
  export: exportCommand,
  gate: gateCommand,
  history: historyCommand,
  investigate: investigateCommand,
};
