import Table from "cli-table3";
import { createColors } from "picocolors";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (colours, widths). */
  isTTY: boolean;
  columns?: number;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  isTTY: Boolean(process.stdout.isTTY),
  columns: process.stdout.columns,
};

export interface Column<T> {
  header: string;
  value(row: T): string;
  /** Longest width before the cell is cut with an ellipsis. */
  max?: number;
}

export type Colors = ReturnType<typeof createColors>;

function clip(text: string, max: number | undefined): string {
  const oneLine = text.replace(/\s+/g, " ");
  return max && oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

const TABLE_PADDING = 2;
const TABLE_CHUNK = 500;
const NO_BORDERS = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: "",
};

// eslint-disable-next-line no-control-regex -- ANSI colour sequences take no columns
const visibleLength = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "").length;

function renderTable(head: string[], cells: string[][], colWidths?: number[]): string {
  const table = new Table({
    head,
    ...(colWidths ? { colWidths } : {}),
    style: { head: [], border: [], compact: true, "padding-left": 0, "padding-right": TABLE_PADDING },
    chars: NO_BORDERS,
  });
  for (const row of cells) table.push(row);
  return table.toString();
}

/** The one formatter: `--json` prints only JSON on stdout, otherwise readable text. */
export class Output {
  readonly colors: Colors;

  constructor(
    readonly io: Io,
    readonly json: boolean,
    color: boolean,
  ) {
    this.colors = createColors(color && io.isTTY && !json);
  }

  /** Prints `value` as JSON, or `human()` for people. */
  result(value: unknown, human: () => string): void {
    this.io.out(this.json ? JSON.stringify(value, null, 2) : human());
  }

  table<T>(rows: readonly T[], columns: Column<T>[], empty: string): string {
    if (rows.length === 0) return this.colors.dim(empty);
    const head = columns.map((column) => this.colors.bold(column.header));
    const cells = rows.map((row) => columns.map((column) => clip(column.value(row), column.max)));
    if (cells.length <= TABLE_CHUNK) return renderTable(head, cells);
    // cli-table3 lays out a table in time that grows faster than its rows (16,000 take seconds):
    // a long listing is laid out a chunk at a time, every chunk with the same column widths.
    const colWidths = head.map(
      (header, i) =>
        cells.reduce((widest, row) => Math.max(widest, visibleLength(row[i]!)), visibleLength(header)) + TABLE_PADDING,
    );
    const chunks: string[] = [];
    for (let start = 0; start < cells.length; start += TABLE_CHUNK) {
      const chunk = cells.slice(start, start + TABLE_CHUNK);
      chunks.push(renderTable(start === 0 ? head : [], chunk, colWidths));
    }
    return chunks.join("\n");
  }

  /** `label  value` lines, labels aligned. */
  details(pairs: ReadonlyArray<readonly [string, string]>): string {
    const width = Math.max(...pairs.map(([label]) => label.length));
    return pairs.map(([label, value]) => `${this.colors.dim(label.padEnd(width))}  ${value}`).join("\n");
  }

  success(text: string): string {
    return `${this.colors.green("✓")} ${text}`;
  }
}
