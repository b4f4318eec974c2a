// Excel workbooks for import tests, written with exceljs (the library the import reads them with).
import ExcelJS from 'exceljs';

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
