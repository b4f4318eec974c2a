// Text beyond WinAnsi on the printed batches: which Noto font file holds each letter, and
// a line cut into runs of one font and one direction, in the order they are seen.
//
// The fonts are Google's Noto as the @fontsource packages ship them (SIL Open Font
// License): one WOFF file per script subset of a family, with the Unicode ranges of each
// in the package's unicode.json. A file is read only when a line needs one of its letters,
// so a batch of Latin names never opens the Chinese ones. Noto Sans holds Latin, Greek,
// Cyrillic, Vietnamese and Devanagari; the others one script each; Noto Sans SC holds the
// Chinese characters and Japanese kana, Noto Sans KR the Korean hangul. A subset's ranges
// may name letters its file lacks (the CJK ones are sliced alike): the file is asked. Shaping (Arabic joining, Indic
// conjuncts, Thai marks) is fontkit's, through pdfkit; the order of right-to-left runs is
// the Unicode bidirectional algorithm's (bidi-js).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { Bidi } from 'bidi-js';

const require = createRequire(import.meta.url);

/** The families, in the order a letter is looked for (the first that has it draws it). */
const FAMILIES = ['noto-sans', 'noto-sans-arabic', 'noto-sans-hebrew', 'noto-sans-thai', 'noto-sans-sc', 'noto-sans-kr'];

export type Weight = 400 | 700;

/** A font file: one subset of one family, in one weight. */
export interface FontFile {
  /** a short name unique in the document (`noto-sans-sc-116-700`) */
  key: string;
  path: string;
  data?: Buffer;
  glyphs?: { hasGlyphForCodePoint(cp: number): boolean };
}

interface Range {
  from: number;
  to: number;
  /** the file's path without its weight: `.../noto-sans-sc-116-` */
  stem: string;
}

let ranges: Range[][] | undefined;

/** Each family's ranges, sorted, from its unicode.json (`{"latin": "U+0000-00FF,U+0131,..."}`). */
function loadRanges(): Range[][] {
  return FAMILIES.map((family) => {
    const dir = dirname(require.resolve(`@fontsource/${family}/unicode.json`));
    const subsets = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
    const out: Range[] = [];
    for (const [subset, list] of Object.entries(subsets)) {
      // numbered subsets of the Chinese font are keyed `[116]`, their files `...-116-400-normal.woff`
      const stem = join(dir, 'files', `${family}-${subset.replace(/^\[(\d+)\]$/, '$1')}-`);
      for (const item of list.split(',')) {
        const m = /^U\+([0-9A-F]+)(?:-([0-9A-F]+))?$/i.exec(item.trim());
        if (m) out.push({ from: parseInt(m[1], 16), to: parseInt(m[2] ?? m[1], 16), stem });
      }
    }
    return out.sort((a, b) => a.from - b.from);
  });
}

const fileOf = new Map<number, FontFile | null>();

/** The first family's file that has a glyph for this code point, or null when no Noto font here does. */
function fontFor(cp: number, weight: Weight): FontFile | null {
  const cached = fileOf.get(cp * 2 + (weight === 700 ? 1 : 0));
  if (cached !== undefined) return cached;
  let found: FontFile | null = null;
  search: for (const list of (ranges ??= loadRanges())) {
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].to < cp) lo = mid + 1;
      else hi = mid - 1;
    }
    // ranges may overlap: every range from the first ending at or after cp, while they start at or before it
    for (let i = lo; i < list.length && list[i].from <= cp; i++) {
      if (list[i].to < cp) continue;
      const f = file(list[i].stem, weight);
      if (hasGlyph(f, cp)) {
        found = f;
        break search;
      }
    }
  }
  fileOf.set(cp * 2 + (weight === 700 ? 1 : 0), found);
  return found;
}

const files = new Map<string, FontFile>();

function file(stem: string, weight: Weight): FontFile {
  const path = `${stem}${weight}-normal.woff`;
  let f = files.get(path);
  if (!f) files.set(path, (f = { key: `${basename(stem)}${weight}`, path }));
  return f;
}

/** The bytes of a font file, read once for the three documents of a batch. */
export function fontData(f: FontFile): Buffer {
  return (f.data ??= readFileSync(f.path));
}

type Fontkit = { create(data: Buffer): { hasGlyphForCodePoint(cp: number): boolean } };
let fontkit: Fontkit | undefined;

/** Whether a font file has a glyph for a code point (fontkit's reading of it, apart from any document). */
function hasGlyph(f: FontFile, cp: number): boolean {
  fontkit ??= require('fontkit') as Fontkit;
  return (f.glyphs ??= fontkit.create(fontData(f))).hasGlyphForCodePoint(cp);
}

let bidi: Bidi | undefined;

/** A piece of a line in one font and one direction, its text in logical order. */
export interface Run {
  font: FontFile;
  text: string;
  rtl: boolean;
}

/**
 * A line cut into runs in the order they are seen, left to right, and whether the line
 * reads right to left (to be aligned to the right).
 * A space, digit or sign stays in the font of the letter before it when that font has it,
 * so that a word is shaped whole.
 */
export function visualRuns(line: string, weight: Weight): { runs: Run[]; rtl: boolean } {
  const text = line.normalize('NFC');
  bidi ??= (require('bidi-js') as () => Bidi)();
  const levels = bidi.getEmbeddingLevels(text);
  const mirrored = bidi.getMirroredCharactersMap(text, levels.levels);
  // each UTF-16 unit's font (the low half of a pair takes its high half's)
  const fonts: FontFile[] = [];
  let prev: FontFile | null = null;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    // a letter no Noto font here has (an emoji, a script not shipped) is drawn as the font's
    // empty box, never left out: the reader sees something is missing
    const f: FontFile = prev && isCommon(cp) && hasGlyph(prev, cp) ? prev : (fontFor(cp, weight) ?? fontFor(0x41, weight)!);
    fonts.push(f);
    if (cp > 0xffff) {
      fonts.push(f);
      i++;
    }
    prev = f;
  }
  // the units in the order they are seen
  const order = Array.from({ length: text.length }, (_, i) => i);
  for (const [start, end] of bidi.getReorderSegments(text, levels)) {
    const reversed = order.slice(start, end + 1).reverse();
    order.splice(start, reversed.length, ...reversed);
  }
  const runs: Run[] = [];
  let run: { font: FontFile; units: number[]; rtl: boolean } | null = null;
  const flush = () => {
    if (!run) return;
    // back in logical order (a pair of UTF-16 units stays whole), for the shaper to lay out in its direction
    const units = run.units.sort((a, b) => a - b);
    runs.push({ font: run.font, rtl: run.rtl, text: units.map((u) => mirrored.get(u) ?? text[u]).join('') });
    run = null;
  };
  for (const u of order) {
    const f = fonts[u];
    const rtl = (levels.levels[u] & 1) === 1;
    if (!run || run.font !== f || run.rtl !== rtl) {
      flush();
      run = { font: f, units: [], rtl };
    }
    run.units.push(u);
  }
  flush();
  return { runs, rtl: (levels.paragraphs[0]?.level ?? 0) === 1 };
}

/** Spaces, digits, punctuation and marks common to every script: they may stay in the font of their neighbour. */
function isCommon(cp: number): boolean {
  return cp < 0x80 ? !((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) : (cp >= 0x2000 && cp <= 0x206f) || cp === 0xa0;
}
