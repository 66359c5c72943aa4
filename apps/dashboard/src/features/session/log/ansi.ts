import Anser from "anser";
import type { CSSProperties } from "react";

/*
 * ANSI handling for the log view. Agent output is only ever rendered as React text (escaped by
 * React); anser is used to read colours, never to produce HTML.
 */

const ESCAPES =
  // eslint-disable-next-line no-control-regex -- terminal escapes are control characters by definition
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex -- select graphic rendition: ESC [ params m
const SGR = /\x1b\[([0-9;:]*)m/g;

/** The visible text of a line: escapes and other control characters removed (tabs kept). */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPES, "");
}

/** Graphic parameters still in effect (e.g. ["1", "38;5;196"]), so a colour spans lines. */
export type SgrState = readonly string[];

const MAX_SGR_STATE = 12;

/** The state after `text`, starting from `state`: a reset clears it, other codes accumulate. */
export function advanceSgr(state: SgrState, text: string): SgrState {
  let next = [...state];
  for (const match of text.matchAll(SGR)) {
    const codes = (match[1] ?? "").split(/[;:]/);
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i] || "0";
      if (code === "0") {
        next = [];
      } else if ((code === "38" || code === "48" || code === "58") && (codes[i + 1] === "5" || codes[i + 1] === "2")) {
        const length = codes[i + 1] === "5" ? 3 : 5;
        next.push(codes.slice(i, i + length).join(";"));
        i += length - 1;
      } else {
        next.push(code);
      }
    }
  }
  return next.length > MAX_SGR_STATE ? next.slice(-MAX_SGR_STATE) : next;
}

export function sgrPrefix(state: SgrState): string {
  return state.length > 0 ? `\x1b[${state.join(";")}m` : "";
}

export interface Segment {
  text: string;
  style: CSSProperties | undefined;
}

/*
 * anser's basic palette assumes pure black; on the log's dark grey, black and blue text would be
 * unreadable, so the 16 basic foreground colours are swapped for a readable terminal palette.
 */
const READABLE_FG: Record<string, string> = {
  "0, 0, 0": "110, 118, 129",
  "187, 0, 0": "248, 81, 73",
  "0, 187, 0": "63, 185, 80",
  "187, 187, 0": "210, 153, 34",
  "0, 0, 187": "88, 166, 255",
  "187, 0, 187": "188, 140, 255",
  "0, 187, 187": "57, 197, 207",
  "255, 255, 255": "230, 237, 243",
  "85, 85, 85": "139, 148, 158",
  "255, 85, 85": "255, 123, 114",
  "0, 255, 0": "86, 211, 100",
  "255, 255, 85": "227, 179, 65",
  "85, 85, 255": "121, 192, 255",
  "255, 85, 255": "210, 168, 255",
  "85, 255, 255": "86, 212, 221",
};

const rgb = (value: string | null | undefined) => (value ? `rgb(${value})` : undefined);

/** Splits a line into coloured runs of plain text. */
export function toSegments(line: string): Segment[] {
  if (!line.includes("\x1b")) return [{ text: line, style: undefined }];
  return Anser.ansiToJson(line, { remove_empty: true }).map((entry) => {
    const decorations = entry.decorations ?? [];
    const style: CSSProperties = {
      color: rgb(entry.fg_truecolor || (entry.fg && (READABLE_FG[entry.fg] ?? entry.fg))),
      backgroundColor: rgb(entry.bg_truecolor || entry.bg),
      fontWeight: decorations.includes("bold") ? 700 : undefined,
      opacity: decorations.includes("dim") ? 0.7 : undefined,
      fontStyle: decorations.includes("italic") ? "italic" : undefined,
      textDecoration: decorations.includes("underline")
        ? "underline"
        : decorations.includes("strikethrough")
          ? "line-through"
          : undefined,
    };
    const hasStyle = Object.values(style).some((value) => value !== undefined);
    return { text: stripAnsi(entry.content), style: hasStyle ? style : undefined };
  });
}
