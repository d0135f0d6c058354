// A strict XML 1.0 well-formedness check, enough for the SVG files we write: one root element,
// balanced tags, quoted attributes without '<' or a raw '&', unique attribute names, text with
// only the five named entities and character references, no characters XML cannot carry.
// Returns the list of problems (empty when the document is well formed) and the elements seen.

export interface XmlCheck {
  readonly errors: string[];
  readonly elements: { name: string; attrs: Record<string, string>; text: string }[];
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;
const BAD_CHAR =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g, (_, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

function checkText(s: string, where: string, errors: string[]): void {
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1))
    if (!ENTITY.test(s.slice(i))) errors.push(`${where}: raw '&' at ${JSON.stringify(s.slice(i, i + 12))}`);
  if (BAD_CHAR.test(s)) errors.push(`${where}: a character XML cannot carry`);
}

export function checkXml(doc: string): XmlCheck {
  const errors: string[] = [];
  const elements: XmlCheck['elements'] = [];
  const stack: number[] = [];
  let roots = 0;
  let i = 0;
  if (doc.startsWith('<?xml')) {
    const e = doc.indexOf('?>');
    if (e < 0) return { errors: ['unterminated XML declaration'], elements };
    i = e + 2;
  }
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const text = doc.slice(i, lt < 0 ? doc.length : lt);
    checkText(text, `text at ${i}`, errors);
    if (stack.length) elements[stack[stack.length - 1]].text += decode(text);
    else if (text.trim()) errors.push(`text outside the root element at ${i}`);
    if (lt < 0) break;
    i = lt;
    if (doc.startsWith('<!--', i)) {
      const e = doc.indexOf('-->', i + 4);
      if (e < 0) {
        errors.push('unterminated comment');
        break;
      }
      i = e + 3;
      continue;
    }
    if (doc.startsWith('</', i)) {
      const m = NAME.exec(doc.slice(i + 2));
      const close = doc.indexOf('>', i);
      if (!m || close < 0 || doc.slice(i + 2 + m[0].length, close).trim()) {
        errors.push(`bad end tag at ${i}`);
        break;
      }
      const open = stack.pop();
      if (open === undefined || elements[open].name !== m[0]) {
        errors.push(`</${m[0]}> at ${i} does not close ${open === undefined ? 'anything' : `<${elements[open].name}>`}`);
        break;
      }
      i = close + 1;
      continue;
    }
    const m = NAME.exec(doc.slice(i + 1));
    if (!m) {
      errors.push(`'<' not starting a tag at ${i}`);
      break;
    }
    const el = { name: m[0], attrs: {} as Record<string, string>, text: '' };
    if (!stack.length) roots++;
    i += 1 + m[0].length;
    for (;;) {
      const ws = /^\s*/.exec(doc.slice(i))![0];
      i += ws.length;
      if (doc.startsWith('/>', i)) {
        i += 2;
        elements.push(el);
        break;
      }
      if (doc[i] === '>') {
        i += 1;
        elements.push(el);
        stack.push(elements.length - 1);
        break;
      }
      const a = NAME.exec(doc.slice(i));
      if (!a || !ws) {
        errors.push(`bad attribute in <${el.name}> at ${i}`);
        return { errors, elements };
      }
      i += a[0].length;
      const q = /^\s*=\s*(["'])/.exec(doc.slice(i));
      if (!q) {
        errors.push(`attribute ${a[0]} of <${el.name}> is not quoted`);
        return { errors, elements };
      }
      i += q[0].length;
      const e = doc.indexOf(q[1], i);
      if (e < 0) {
        errors.push(`unterminated attribute ${a[0]}`);
        return { errors, elements };
      }
      const v = doc.slice(i, e);
      if (v.includes('<')) errors.push(`'<' in attribute ${a[0]} of <${el.name}>`);
      checkText(v, `attribute ${a[0]}`, errors);
      if (a[0] in el.attrs) errors.push(`duplicate attribute ${a[0]} in <${el.name}>`);
      el.attrs[a[0]] = decode(v);
      i = e + 1;
    }
  }
  if (stack.length) errors.push(`unclosed <${elements[stack[stack.length - 1]].name}>`);
  if (roots !== 1) errors.push(`${roots} root elements`);
  return { errors, elements };
}
