/**
 * The chart's look in one place: colours, type, and the stylesheet embedded in the SVG.
 * Colours that carry meaning (blue, green, failure red) are fixed; the neutrals switch with
 * `prefers-color-scheme`, so the same file reads well on a light or a dark page.
 */

export const COLOURS = {
  blue: '#2563eb',
  green: '#16a34a',
  failure: '#dc2626',
  rollback: '#b91c1c',
  restore: '#d97706',
  unknown: '#7c3aed',
} as const;

/** Local fonts only: the report must render offline and identically every time. */
export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** Font sizes in pixels. */
export const FONT = { small: 11.5, body: 12.5, title: 16 } as const;

/**
 * An estimate of the rendered width of `text` at `fontSize`, used to keep labels from
 * overlapping. There is no layout engine here, so it errs on the wide side.
 */
export function textWidth(text: string, fontSize: number = FONT.small): number {
  return [...text].length * fontSize * 0.58;
}

/**
 * The embedded stylesheet. Class names carry a `gl-` prefix so the SVG can be inlined in a
 * page without clashing with the page's own styles.
 */
export const SVG_STYLE = `
.gl-surface{fill:#ffffff}
.gl-text{fill:#334155;font-family:${FONT_FAMILY};font-size:${FONT.small}px;font-variant-numeric:tabular-nums}
.gl-strong{fill:#0f172a;font-weight:600}
.gl-heading{fill:#0f172a;font-size:${FONT.title}px;font-weight:700}
.gl-panel-title{fill:#0f172a;font-size:${FONT.body}px;font-weight:600}
.gl-muted{fill:#64748b}
.gl-grid{stroke:#e2e8f0;stroke-width:1}
.gl-axis{stroke:#94a3b8;stroke-width:1}
.gl-frame{fill:none;stroke:#cbd5e1;stroke-width:1}
.gl-state{stroke:#64748b;stroke-width:1;stroke-dasharray:3 3}
.gl-outcome{stroke:#0f172a;stroke-width:1.25;stroke-dasharray:6 3}
.gl-alarm-line{stroke:${COLOURS.failure};stroke-width:1.5;stroke-dasharray:5 3}
.gl-rollback-line{stroke:${COLOURS.rollback};stroke-width:3}
.gl-alarm-text{fill:${COLOURS.failure}}
.gl-rollback-text{fill:${COLOURS.rollback};font-weight:800}
.gl-halo{paint-order:stroke;stroke:#ffffff;stroke-width:4px;stroke-linejoin:round}
@media (prefers-color-scheme: dark){
.gl-surface{fill:#0f172a}
.gl-text{fill:#cbd5e1}
.gl-strong,.gl-heading,.gl-panel-title{fill:#f1f5f9}
.gl-muted{fill:#94a3b8}
.gl-grid{stroke:#1e293b}
.gl-axis{stroke:#475569}
.gl-frame{stroke:#334155}
.gl-state{stroke:#94a3b8}
.gl-outcome{stroke:#e2e8f0}
.gl-halo{stroke:#0f172a}
.gl-alarm-line{stroke:#f87171}
.gl-rollback-line{stroke:#ef4444}
.gl-alarm-text{fill:#f87171}
.gl-rollback-text{fill:#fca5a5}
}`;
