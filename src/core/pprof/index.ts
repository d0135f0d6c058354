// The public face of src/core/pprof: load (in a worker) and decode pprof profiles, and the
// pure transforms the UI and CLI show: call trees, flame data, top tables, diffs, sandwiches,
// source lines, merges and findings. See each module for the details and the pprof
// semantics it follows.
export { loadProfile, decodeProfileSync, workerScriptUrl, type LoadOptions, type ProfileInput } from './load-profile.js';
export { DEFAULT_MAX_COMPRESSED, DEFAULT_MAX_UNCOMPRESSED, type DecodeLimits } from './inflate.js';
export { profileFromData, sampleTypeIndex, type Profile, type ProfileData, type ProfileFamily, type StringTable } from './model.js';
export { ProfileBuilder, type BuilderOptions } from './builder.js';
export { encodeProfile, encodeProfileGzip } from './encode.js';
export { frameTable, type FrameTable } from './frames.js';
export type { FilterOptions } from './filter.js';
export { buildTree, profileTotal, resolveSampleType, type CallTree, type TreeOptions } from './tree.js';
export { flameData, diffFlameData } from './flame.js';
export { topTable, flatCum, treeFlatCum, type TopOptions, type TopSource } from './top.js';
export { diffTrees, type DiffTree } from './diff.js';
export { sandwich } from './sandwich.js';
export { sourceView, type ReadSource } from './source-view.js';
export { mergeProfiles } from './merge.js';
export { scaleProfile } from './scale.js';
export { functionLines, type FunctionLines } from './source-view.js';
export { findingsFromProfiles } from './findings-finish.js';
export { kindInfo, type FindingsInput, type FindingsKind, type FindingsProfile } from './findings.js';
export { formatValue } from './findings-markdown.js';
export { flameSvg } from './flame-svg.js';
export { flameHtml, flameHtmlCsp } from './flame-html.js';
