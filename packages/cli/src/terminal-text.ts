/**
 * Agent output made safe for a terminal: colours (SGR, `ESC[…m`) pass, every other escape or
 * control sequence is dropped — cursor moves, OSC (title, hyperlink, clipboard), DCS and other
 * strings, C1 controls, bare ESC, C0 controls except \n, \t and \r. One pass, constant work per
 * character. State carries over between calls, so a sequence split across chunks is still caught.
 */
type State = "ground" | "escape" | "escape-intermediate" | "csi" | "string";

const ESC = 0x1b;
const BEL = 0x07;
/** Parameters of an SGR longer than this are not colours anyone needs; the sequence is dropped. */
const MAX_SGR_PARAMS = 64;

export interface TerminalTextFilter {
  filter(text: string): string;
}

export function createTerminalTextFilter(): TerminalTextFilter {
  let state: State = "ground";
  let params = "";
  let isSgrCandidate = true;

  function ground(code: number): boolean {
    if (code === ESC) state = "escape";
    else if (code >= 0x80 && code <= 0x9f) startC1(code);
    else return code >= 0x20 ? code !== 0x7f : code === 0x0a || code === 0x09 || code === 0x0d;
    return false;
  }

  function startC1(code: number): void {
    // CSI in its one-byte form is consumed but never passed (only `ESC[…m` is kept).
    if (code === 0x9b) startCsi(false);
    else if (code === 0x90 || code === 0x9d || code === 0x98 || code === 0x9e || code === 0x9f) state = "string";
  }

  function startCsi(isSgrAllowed: boolean): void {
    state = "csi";
    params = "";
    isSgrCandidate = isSgrAllowed;
  }

  function escape(code: number, char: string): string {
    state = "ground";
    if (char === "[") startCsi(true);
    else if (char === "]" || char === "P" || char === "X" || char === "^" || char === "_") state = "string";
    else if (code === ESC) state = "escape";
    else if (code >= 0x20 && code <= 0x2f) state = "escape-intermediate";
    else if (code < 0x20 || code > 0x7e) return ground(code) ? char : "";
    return "";
  }

  function csi(code: number, char: string): string {
    if (code >= 0x30 && code <= 0x3f) {
      if (!/[0-9;:]/.test(char) || params.length >= MAX_SGR_PARAMS) isSgrCandidate = false;
      else params += char;
      return "";
    }
    if (code >= 0x20 && code <= 0x2f) {
      isSgrCandidate = false;
      return "";
    }
    state = "ground";
    if (code >= 0x40 && code <= 0x7e) return char === "m" && isSgrCandidate ? `\x1b[${params}m` : "";
    // A control inside a CSI aborts it; the control itself is judged afresh.
    return ground(code) ? char : "";
  }

  function step(char: string): string {
    const code = char.charCodeAt(0);
    switch (state) {
      case "ground":
        return ground(code) ? char : "";
      case "escape":
        return escape(code, char);
      case "escape-intermediate":
        if (code >= 0x30 && code <= 0x7e) state = "ground";
        else if (code === ESC) state = "escape";
        else if (code < 0x20 || code > 0x7e) state = "ground";
        return "";
      case "csi":
        return csi(code, char);
      case "string":
        // BEL or ST (0x9C) ends it; ESC ends it too (ESC \ is the usual ST) and starts an escape.
        if (code === BEL || code === 0x9c) state = "ground";
        else if (code === ESC) state = "escape";
        return "";
    }
  }

  return {
    filter(text: string): string {
      let out = "";
      let runStart = -1;
      for (let i = 0; i < text.length; i++) {
        const char = text[i]!;
        const isPlain = state === "ground" && char.charCodeAt(0) >= 0x20 && char !== "\x7f" && !isC1(char);
        if (isPlain) {
          if (runStart < 0) runStart = i;
          continue;
        }
        if (runStart >= 0) out += text.slice(runStart, i);
        runStart = -1;
        out += step(char);
      }
      if (runStart >= 0) out += text.slice(runStart);
      return out;
    },
  };
}

function isC1(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0x80 && code <= 0x9f;
}
