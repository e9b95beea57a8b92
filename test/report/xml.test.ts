import { describe, expect, it } from 'vitest';
import { coord, element, escapeXml, textElement } from '../../src/report/xml.ts';

describe('escapeXml', () => {
  it.each([
    ['<script>', '&lt;script&gt;'],
    [`a & "b" 'c'`, 'a &amp; &quot;b&quot; &#39;c&#39;'],
    ['bell\u0007tab\tnew\nline', 'belltab\tnew\nline'],
    ['plain → text', 'plain → text'],
  ])('escapes %j', (text, escaped) => {
    expect(escapeXml(text)).toBe(escaped);
  });
});

describe('coord', () => {
  it.each([
    [1.2345, '1.2'],
    [-0.01, '0'],
    [Number.NaN, '0'],
    [Number.POSITIVE_INFINITY, '0'],
  ])('writes %s as %s', (value, text) => {
    expect(coord(value)).toBe(text);
  });
});

describe('element', () => {
  it('writes attributes in order, escapes strings, rounds numbers and skips undefined', () => {
    expect(element('rect', { x: 1.005, class: 'a"b', hidden: undefined, 'fill-opacity': 0.14 })).toBe(
      '<rect x="1" class="a&quot;b" fill-opacity="0.14"/>',
    );
  });

  it('wraps children', () => {
    expect(element('g', {}, '<a/>', '<b/>')).toBe('<g><a/><b/></g>');
    expect(textElement({ x: 1 }, '<hi>')).toBe('<text x="1">&lt;hi&gt;</text>');
  });
});
