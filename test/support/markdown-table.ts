/** A Markdown text with its tables as plain text, whatever padding the formatter gave their cells and rules. */
export const normalisedMarkdown = (markdown: string): string =>
  markdown
    .trim()
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) => cell.trim().replace(/^(:?)-+(:?)$/, '$1-$2'))
            .join('|')
        : line.trim(),
    )
    .join('\n');

/** The part of a generated doc between `<!-- table -->` and `<!-- /table -->`. */
export const generatedTable = (doc: string): string =>
  /<!-- table -->\n([\s\S]*?)<!-- \/table -->/.exec(doc)?.[1] ?? '';
