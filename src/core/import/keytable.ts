// Phones and emails already seen in an import, in flat typed arrays: a million rows take
// about 16 MB here where a Map of strings would take well over 100 MB. Each entry is a
// 32-bit fingerprint of the key and a reference (a lead id, or an earlier row of the file);
// a fingerprint can collide, so every hit is checked against the lead itself (dedupe.ts).

/** A 32-bit fingerprint of a string (FNV-1a, finished by a mix), never 0 (0 marks an empty slot). */
export function hashKey(s: string): number {
  let a = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  return a | 1;
}

/** Where an entry goes, from its fingerprint alone, so the table can grow without its keys. */
function placeOf(fp: number): number {
  let x = Math.imul(fp ^ (fp >>> 16), 0x45d9f3b);
  x ^= x >>> 16;
  return x >>> 0;
}

export class KeyTable {
  private fps: Int32Array;
  private refs: Int32Array;
  private size = 0;

  constructor(expected = 1024) {
    const cap = Math.max(1024, Math.ceil(expected / 0.7));
    this.fps = new Int32Array(cap);
    this.refs = new Int32Array(cap);
  }

  get count(): number {
    return this.size;
  }

  /** Adds a key → ref entry (a key may have several refs). */
  add(key: string, ref: number): void {
    if (this.size + 1 > this.fps.length * 0.7) this.grow();
    this.put(hashKey(key), ref);
  }

  private put(fp: number, ref: number): void {
    const cap = this.fps.length;
    let i = placeOf(fp) % cap;
    while (this.fps[i] !== 0) {
      if (this.fps[i] === fp && this.refs[i] === ref) return;
      i = i + 1 === cap ? 0 : i + 1;
    }
    this.fps[i] = fp;
    this.refs[i] = ref;
    this.size++;
  }

  /** Refs of entries with this key's fingerprint, pushed onto `out` (each once). */
  find(key: string, out: number[]): void {
    const fp = hashKey(key);
    const cap = this.fps.length;
    let i = placeOf(fp) % cap;
    while (this.fps[i] !== 0) {
      if (this.fps[i] === fp && !out.includes(this.refs[i])) out.push(this.refs[i]);
      i = i + 1 === cap ? 0 : i + 1;
    }
  }

  private grow(): void {
    const oldF = this.fps;
    const oldR = this.refs;
    this.fps = new Int32Array(oldF.length * 2);
    this.refs = new Int32Array(oldF.length * 2);
    this.size = 0;
    for (let i = 0; i < oldF.length; i++) if (oldF[i] !== 0) this.put(oldF[i], oldR[i]);
  }
}
