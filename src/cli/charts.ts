// Terminal charts for the report: a sparkline of a series and a horizontal bar, drawn
// with block characters (no colour needed, so they read the same with NO_COLOR).

const SPARKS = '▂▃▄▅▆▇█';

/** One character a value, scaled to the series' largest; a zero is the lowest mark `▁`. */
export function sparkline(values: (number | null)[]): string {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return values
    .map((v) => {
      if (v === null) return ' ';
      if (v <= 0 || max === 0) return '▁';
      return SPARKS[Math.min(SPARKS.length - 1, Math.round((v / max) * (SPARKS.length - 1)))];
    })
    .join('');
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar `width` cells long at `max`, in eighths of a cell; a value above zero shows at least a sliver. */
export function bar(value: number, max: number, width: number): string {
  if (value <= 0 || max <= 0) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}
