/**
 * A small XML well-formedness checker for the report tests, so they need no DOM library:
 * tags balance, attributes are quoted and unique, `&` only starts a known entity, and no
 * raw `<` appears in text. Returns the problems found (empty when the document is fine)
 * and the element names in document order.
 */

export interface XmlCheck {
  readonly problems: readonly string[];
  readonly elements: readonly string[];
}

const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

function checkText(text: string, at: number, problems: string[]): void {
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
    if (!ENTITY.test(text.slice(i))) problems.push(`bare '&' at ${at + i}`);
  }
  // `>` is legal in text, except in the sequence that would close a CDATA section.
  if (text.includes(']]>')) problems.push(`']]>' in text at ${at}`);
}

function checkAttributes(source: string, at: number, problems: string[]): void {
  const seen = new Set<string>();
  let rest = source.trim();
  while (rest.length > 0) {
    const match = /^([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"<]*)"|'([^'<]*)')\s*/.exec(rest);
    if (match === null) {
      problems.push(`malformed attributes near ${at}: ${rest.slice(0, 40)}`);
      return;
    }
    const name = match[1]!;
    if (seen.has(name)) problems.push(`duplicate attribute ${name} at ${at}`);
    seen.add(name);
    checkText(match[3] ?? match[4] ?? '', at, problems);
    rest = rest.slice(match[0].length);
  }
}

/** Checks `xml` (one root element, no prolog needed). */
export function checkXml(xml: string): XmlCheck {
  const problems: string[] = [];
  const elements: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt === -1 ? xml.slice(i) : xml.slice(i, lt);
    checkText(text, i, problems);
    if (stack.length === 0 && text.trim() !== '') problems.push(`text outside the root at ${i}`);
    if (lt === -1) break;
    const gt = xml.indexOf('>', lt);
    if (gt === -1) {
      problems.push(`unterminated tag at ${lt}`);
      break;
    }
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> at ${lt} closes <${open ?? 'nothing'}>`);
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const name = /^[A-Za-z_][-A-Za-z0-9_:.]*/.exec(body)?.[0];
      if (name === undefined) {
        problems.push(`bad tag name at ${lt}: <${tag.slice(0, 20)}`);
      } else {
        if (stack.length === 0) roots++;
        elements.push(name);
        checkAttributes(body.slice(name.length), lt, problems);
        if (!selfClosing) stack.push(name);
      }
    }
    i = gt + 1;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return { problems, elements };
}
