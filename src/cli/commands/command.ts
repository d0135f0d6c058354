// The shape of a CLI command: (lab, context, arguments) => exit code.
import type { Lab } from '../../core/lab.js';
import type { CliContext } from '../io.js';

export type Command = (lab: Lab, ctx: CliContext, args: readonly string[]) => Promise<number>;
