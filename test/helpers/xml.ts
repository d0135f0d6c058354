// A strict little XML reader for tests of what Perflab writes (JUnit reports, SVG): elements,
// attributes, text and the XML declaration; it throws on anything not well-formed (an
// unescaped `&` or `<`, a mismatched or unclosed tag, a duplicate attribute, an unknown
// entity, a control character), so a passing test means a real XML parser reads it too.
export interface XmlElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(s: string, where: string): string {
  if (/[<]/.test(s)) throw new Error(`unescaped < in ${where}`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s)) throw new Error(`control character in ${where}`);
  return s.replace(/&([^;]*);|&/g, (m, e: string | undefined) => {
    if (e === undefined) throw new Error(`unescaped & in ${where}`);
    if (e in ENTITIES) return ENTITIES[e];
    if (/^#\d+$/.test(e)) return String.fromCodePoint(Number(e.slice(1)));
    if (/^#x[0-9a-fA-F]+$/.test(e)) return String.fromCodePoint(parseInt(e.slice(2), 16));
    throw new Error(`unknown entity &${e}; in ${where}`);
  });
}

export function parseXml(src: string): XmlElement {
  let pos = 0;
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    pos = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (pos < src.length) {
    const lt = src.indexOf('<', pos);
    const text = lt < 0 ? src.slice(pos) : src.slice(pos, lt);
    if (stack.length) stack[stack.length - 1].text += unescape(text, 'text');
    else if (text.trim() !== '') throw new Error(`text outside the root element: ${JSON.stringify(text.slice(0, 40))}`);
    if (lt < 0) break;
    pos = lt + 1;
    if (src.startsWith('!--', pos)) {
      const end = src.indexOf('-->', pos);
      if (end < 0) throw new Error('unterminated comment');
      pos = end + 3;
      continue;
    }
    if (src[pos] === '/') {
      const m = NAME.exec(src.slice(pos + 1));
      const open = stack.pop();
      if (!m || !open || open.name !== m[0]) throw new Error(`mismatched closing tag </${m?.[0]}> for <${open?.name}>`);
      pos += 1 + m[0].length;
      while (/\s/.test(src[pos] ?? '')) pos++;
      if (src[pos] !== '>') throw new Error(`bad closing tag </${m[0]}`);
      pos++;
      continue;
    }
    const m = NAME.exec(src.slice(pos));
    if (!m) throw new Error(`bad tag at ${pos}`);
    const el: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
    pos += m[0].length;
    for (;;) {
      while (/\s/.test(src[pos] ?? '')) pos++;
      if (src.startsWith('/>', pos) || src[pos] === '>') break;
      const a = /^([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*"([^"]*)"/.exec(src.slice(pos));
      if (!a) throw new Error(`bad attribute in <${el.name}> at ${pos}`);
      if (a[1] in el.attrs) throw new Error(`duplicate attribute ${a[1]} in <${el.name}>`);
      el.attrs[a[1]] = unescape(a[2], `attribute ${a[1]}`);
      pos += a[0].length;
    }
    if (stack.length) stack[stack.length - 1].children.push(el);
    else if (root) throw new Error('a second root element');
    else root = el;
    if (src.startsWith('/>', pos)) pos += 2;
    else {
      pos += 1;
      stack.push(el);
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}
