// Splitting `--args 'ARGS'` into an argument vector without a shell: words are separated by
// blanks; single quotes keep everything literally; double quotes keep blanks and take
// backslash escapes of `"`, `\`, `$` and `` ` ``; a backslash outside quotes keeps the next
// character. Nothing is expanded (no $VAR, no globs, no ~): the words go to the user's own
// program as they are, never through a shell and never to one of our commands.
import { fail } from '../../shared/errors.js';

export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const bad = (why: string): never => fail('InvalidInput', { field: 'args', value: text }, why);
  if (/[\0\r\n]/.test(text)) bad('arguments cannot contain NUL or line breaks');
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      if (inWord) {
        out.push(word);
        word = '';
        inWord = false;
      }
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) bad(`unterminated single quote at character ${i + 1}`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= text.length) bad(`unterminated double quote at character ${i + 1}`);
        const d = text[j];
        if (d === '"') break;
        if (d === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1])) {
          word += text[j + 1];
          j += 2;
        } else {
          word += d;
          j++;
        }
      }
      inWord = true;
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 >= text.length) bad('a trailing backslash escapes nothing');
      word += text[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) out.push(word);
  return out;
}
