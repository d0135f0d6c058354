// benchunit: Go benchmark units (tidying, binary vs decimal class) and Go-identical number
// formatting and scaling. A leaf module: benchfmt, stats and compare build on it.
export { tidyUnit, tidyValue, unitClass } from './tidy.js';
export { formatGoFloat, formatGoFloatSigned, formatGoV } from './go-format.js';
export { commonScale, formatScaled, scaleValue } from './scale.js';
export type { Scaler } from './scale.js';
