// What the Compare view asks of the comparison (the view, its text forms, a row's samples and
// the scaling chart's data alike).
import type { Input } from '../../../shared/api.js';

export type CompareRequest = Pick<Input<'compare'>, 'runs' | 'by' | 'filter' | 'holm'>;
