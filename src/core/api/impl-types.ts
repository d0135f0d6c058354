// The shape of the lab's method implementations: parsed (validated, defaulted) input in,
// the contract's output out. createLab validates with the shared schemas before calling.
import type { MethodName, Outputs, Parsed } from '../../shared/api.js';

export type Impl<M extends MethodName> = (input: Parsed<M>) => Promise<Outputs[M]>;
export type ApiImpl = { [M in MethodName]: Impl<M> };
