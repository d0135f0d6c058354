// The shape of the lab's method implementations: the lab context and the parsed (validated,
// defaulted) input in, the contract's output out. createLab validates with the shared schemas
// before calling; api/methods.ts maps every method name to its implementation.
import type { MethodName, Outputs, Parsed } from '../../shared/api.js';
import type { LabContext } from '../lab-context.js';

export type Method<M extends MethodName> = (ctx: LabContext, input: Parsed<M>) => Promise<Outputs[M]>;
