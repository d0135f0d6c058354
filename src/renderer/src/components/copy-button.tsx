// Copy to clipboard with the native bridge, else the browser's clipboard, else a select-all
// textarea so the text can be copied by hand.
import { useState } from 'react';
import { copyText } from '../native.js';

export function CopyButton({ text, label = 'Copy', className }: { text: string; label?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  return (
    <span className="copy-wrap">
      <button
        type="button"
        className={className}
        onClick={async () => {
          const ok = await copyText(text);
          setState(ok ? 'copied' : 'manual');
          if (ok) setTimeout(() => setState('idle'), 1500);
        }}
      >
        {state === 'copied' ? 'Copied ✓' : label}
      </button>
      {state === 'manual' && (
        <span className="manual-copy">
          <span className="muted">No clipboard access here: press Ctrl+C (⌘C) to copy the selected text.</span>
          <textarea
            readOnly
            value={text}
            rows={Math.min(12, text.split('\n').length + 1)}
            ref={(el) => {
              el?.focus();
              el?.select();
            }}
            onBlur={() => setState('idle')}
          />
        </span>
      )}
    </span>
  );
}
