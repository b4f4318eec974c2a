// A zip archive written as it goes, for a workbook of a million rows: each entry's text
// is deflated a piece at a time and written at once, its sizes and checksum in a data
// descriptor after it, so nothing of it is held beyond the piece being compressed. ZIP64 is not written: an archive that would pass 4 GiB is
// refused (a spreadsheet of that size would not open anyway).
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** The most a plain zip's sizes and offsets can say. */
const ZIP32_MAX = 0xffff_ffff;
/** Text gathered before it is compressed: large enough that cutting the deflate stream here costs nothing worth saying. */
const PIECE = 1024 * 1024;
/** Bit 3: sizes and checksum follow the data; bit 11: the name is UTF-8. */
const FLAGS = 0x0808;
const DEFLATED = 8;

/** The archive passed what a zip without ZIP64 can hold. */
export class ZipTooLarge extends Error {}

/** An entry being written: its text in order, then `end()`. */
export interface ZipEntry {
  /** adds text; returns true when a piece was compressed and written (a moment to let other work in) */
  write(text: string): boolean;
  end(): void;
}

export class ZipWriter {
  private offset = 0;
  private readonly directory: Buffer[] = [];
  private entries = 0;
  private readonly time: number;
  private readonly date: number;

  /** `out` writes all it is given or throws (a checked new file) */
  constructor(private readonly out: { write(bytes: Uint8Array): void }, now = new Date()) {
    this.time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
    this.date = ((Math.max(now.getFullYear(), 1980) - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  }

  /** Starts an entry; the previous one must have ended. */
  entry(name: string): ZipEntry {
    const nameBytes = Buffer.from(name);
    const start = this.offset;
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(FLAGS, 6);
    head.writeUInt16LE(DEFLATED, 8);
    head.writeUInt16LE(this.time, 10);
    head.writeUInt16LE(this.date, 12);
    head.writeUInt16LE(nameBytes.length, 26);
    this.put(head);
    this.put(nameBytes);
    let crc = 0;
    let size = 0;
    let packed = 0;
    let pending: string[] = [];
    let pendingLength = 0;
    // each piece is deflated on its own and ended with a sync flush (no final block): pieces
    // laid end to end are one deflate stream, closed by the empty final block of `end`
    const compress = (last: boolean) => {
      const data = Buffer.from(pending.join(''));
      pending = [];
      pendingLength = 0;
      crc = crc32(data, crc);
      size += data.length;
      const out = deflateRawSync(data, last ? {} : { finishFlush: constants.Z_SYNC_FLUSH });
      this.put(out);
      packed += out.length;
      if (size > ZIP32_MAX) throw new ZipTooLarge();
    };
    return {
      write: (text) => {
        pending.push(text);
        pendingLength += text.length;
        if (pendingLength < PIECE) return false;
        compress(false);
        return true;
      },
      end: () => {
        compress(true);
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(crc, 4);
        descriptor.writeUInt32LE(packed, 8);
        descriptor.writeUInt32LE(size, 12);
        this.put(descriptor);
        const record = Buffer.alloc(46);
        record.writeUInt32LE(0x02014b50, 0);
        record.writeUInt16LE(20, 4);
        record.writeUInt16LE(20, 6);
        record.writeUInt16LE(FLAGS, 8);
        record.writeUInt16LE(DEFLATED, 10);
        record.writeUInt16LE(this.time, 12);
        record.writeUInt16LE(this.date, 14);
        record.writeUInt32LE(crc, 16);
        record.writeUInt32LE(packed, 20);
        record.writeUInt32LE(size, 24);
        record.writeUInt16LE(nameBytes.length, 28);
        record.writeUInt32LE(start, 42);
        this.directory.push(record, nameBytes);
        this.entries++;
      },
    };
  }

  /** Writes a whole entry at once. */
  add(name: string, text: string): void {
    const e = this.entry(name);
    e.write(text);
    e.end();
  }

  /** The central directory and its end record: the archive is complete. */
  finish(): void {
    const start = this.offset;
    for (const part of this.directory) this.put(part);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries, 8);
    end.writeUInt16LE(this.entries, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.put(end);
  }

  /** Writes all of `bytes` (a failure throws). */
  private put(bytes: Uint8Array): void {
    if (this.offset + bytes.length > ZIP32_MAX) throw new ZipTooLarge();
    this.out.write(bytes);
    this.offset += bytes.length;
  }
}
