/**
 * The small amount of XML the report writers need: escaping and element building. Every
 * piece of text that reaches the SVG or the HTML goes through {@link escapeXml}, so a label
 * like `<script>` is shown, never run.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text made safe for XML and HTML, in content and in quoted attributes. Control characters
 * that XML 1.0 forbids are dropped, because a single one makes the whole SVG unreadable.
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    // Tab, line feed and carriage return are the only control characters XML 1.0 allows.
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
    out += ENTITIES[char] ?? char;
  }
  return out;
}

/** An attribute value: a number, a string, or `undefined` to leave the attribute out. */
export type AttributeValue = string | number | undefined;

/**
 * A coordinate or size for an SVG attribute: rounded to 0.1, never `NaN` or `Infinity`
 * (those become 0, so a degenerate input draws nothing instead of breaking the file).
 */
export function coord(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

/** A number attribute: like {@link coord}, with two decimals so opacities like 0.14 survive. */
function numberAttribute(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

function attributes(attrs: Readonly<Record<string, AttributeValue>>): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === 'number' ? numberAttribute(value) : escapeXml(value)}"`;
  }
  return out;
}

/** `<name attrs/>`, or `<name attrs>children</name>` when there are children (already markup). */
export function element(
  name: string,
  attrs: Readonly<Record<string, AttributeValue>>,
  ...children: readonly string[]
): string {
  const open = `<${name}${attributes(attrs)}`;
  return children.length === 0 ? `${open}/>` : `${open}>${children.join('')}</${name}>`;
}

/** A text element whose content is escaped. */
export function textElement(attrs: Readonly<Record<string, AttributeValue>>, text: string): string {
  return element('text', attrs, escapeXml(text));
}
