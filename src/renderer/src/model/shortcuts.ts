// Keyboard shortcuts as data: what each key does (the help overlay lists exactly this table),
// and which shortcut a key event means. Keys typed into a text field are never shortcuts,
// except Escape (close) and Ctrl/Cmd+Enter (submit).

export type ShortcutAction =
  | 'help'
  | 'go-repos'
  | 'go-new'
  | 'go-runs'
  | 'go-compare'
  | 'go-profile'
  | 'go-investigation'
  | 'go-bisect'
  | 'go-export'
  | 'focus-search'
  | 'escape'
  | 'submit'
  | 'toggle-significant'
  | 'toggle-diff'
  | 'toggle-icicle'
  | 'zoom-out'
  | 'next-row'
  | 'prev-row';

export interface Shortcut {
  readonly keys: string;
  /** 'focused': handled by the focused element itself (the flame graph, a row), listed for help. */
  readonly action: ShortcutAction | 'focused';
  readonly what: string;
  readonly where: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: '?', action: 'help', what: 'Show or hide this help', where: 'everywhere' },
  { keys: 'r', action: 'go-repos', what: 'Repositories', where: 'everywhere' },
  { keys: 'n', action: 'go-new', what: 'New run (matrix builder)', where: 'everywhere' },
  { keys: 'h', action: 'go-runs', what: 'History of runs', where: 'everywhere' },
  { keys: 'c', action: 'go-compare', what: 'Compare', where: 'everywhere' },
  { keys: 'p', action: 'go-profile', what: 'Profile', where: 'everywhere' },
  { keys: 'i', action: 'go-investigation', what: 'Investigations', where: 'everywhere' },
  { keys: 'b', action: 'go-bisect', what: 'Bisect (which commit made it worse)', where: 'everywhere' },
  { keys: 'e', action: 'go-export', what: 'Export', where: 'everywhere' },
  { keys: '/', action: 'focus-search', what: 'Focus the filter or search box', where: 'everywhere' },
  { keys: 'Esc', action: 'escape', what: 'Close a dialog, clear the search, zoom out', where: 'everywhere' },
  { keys: 'Ctrl+Enter', action: 'submit', what: 'Start the run', where: 'New run' },
  { keys: 's', action: 'toggle-significant', what: 'Only significant rows', where: 'Compare' },
  { keys: 'j / k', action: 'next-row', what: 'Next / previous row', where: 'Compare' },
  { keys: 'd', action: 'toggle-diff', what: 'Diff mode on or off', where: 'Profile' },
  { keys: 'f', action: 'toggle-icicle', what: 'Flame or icicle', where: 'Profile' },
  { keys: 'u', action: 'zoom-out', what: 'Zoom out one level', where: 'Profile' },
  { keys: 'Tab', action: 'focused', what: 'Reach the flame graph, then the top table', where: 'Profile' },
  {
    keys: '← ↑ → ↓',
    action: 'focused',
    what: 'Select a frame: up/down to caller or callee as drawn, left/right along the row',
    where: 'Profile (flame graph)',
  },
  { keys: 'Enter / Backspace', action: 'focused', what: 'Zoom to the selected frame / zoom out', where: 'Profile (flame graph)' },
  { keys: 'Wheel / drag / + -', action: 'focused', what: 'Zoom around the pointer / pan / zoom the view', where: 'Profile (flame graph)' },
  { keys: 'Enter / Shift+Enter', action: 'focused', what: 'Next / previous search match', where: 'Profile (search box)' },
  { keys: 'Enter / c', action: 'focused', what: 'Open Source / Callers and callees of the row', where: 'Profile (top table row)' },
];

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  /** The event target is a text input, textarea, select or contenteditable. */
  readonly inField: boolean;
}

export function shortcutFor(e: KeyLike): ShortcutAction | null {
  if (e.key === 'Escape') return 'escape';
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) return 'submit';
  if (e.inField || e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case '?':
      return 'help';
    case 'r':
      return 'go-repos';
    case 'n':
      return 'go-new';
    case 'h':
      return 'go-runs';
    case 'c':
      return 'go-compare';
    case 'b':
      return 'go-bisect';
    case 'p':
      return 'go-profile';
    case 'i':
      return 'go-investigation';
    case 'e':
      return 'go-export';
    case '/':
      return 'focus-search';
    case 's':
      return 'toggle-significant';
    case 'd':
      return 'toggle-diff';
    case 'f':
      return 'toggle-icicle';
    case 'u':
      return 'zoom-out';
    case 'j':
      return 'next-row';
    case 'k':
      return 'prev-row';
    default:
      return null;
  }
}
