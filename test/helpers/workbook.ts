// Excel workbooks for import tests: written with exceljs as a spreadsheet program would, or
// laid out by hand where a test needs a workbook no program would write.
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

export type Cell = string | number | Date | null | { value: string | number | Date; numFmt: string };

/** Writes a workbook of the sheets given (name → rows), cells with an optional number format. */
export async function writeWorkbook(path: string, sheets: Record<string, Cell[][]>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    rows.forEach((cells, r) => {
      cells.forEach((c, i) => {
        if (c === null) return;
        const cell = ws.getCell(r + 1, i + 1);
        if (typeof c === 'object' && !(c instanceof Date)) {
          cell.value = c.value;
          cell.numFmt = c.numFmt;
        } else cell.value = c;
      });
    });
  }
  await wb.xlsx.writeFile(path);
}

/** A zip of these parts, deflated, written with no library: for workbooks made by hand, such as crafted ones. */
export function writeZip(path: string, parts: Record<string, string>): void {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc32(data), 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(data), 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(head, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, dir, end]));
}

/** A one-sheet workbook of this sheet XML (`<row>`s) and shared strings XML (`<si>`s), as Excel lays one out. */
export function writeCraftedWorkbook(path: string, rows: string, sharedStrings?: string): void {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  writeZip(path, {
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ...(sharedStrings === undefined ? {} : { 'xl/sharedStrings.xml': `<?xml version="1.0"?><sst xmlns="${ns}">${sharedStrings}</sst>` }),
    'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet xmlns="${ns}"><sheetData>${rows}</sheetData></worksheet>`,
  });
}
