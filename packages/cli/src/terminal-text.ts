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
  return new TerminalTextScanner();
}

/** The scanner's state machine; `filter` passes runs of plain text whole and steps through the rest. */
class TerminalTextScanner implements TerminalTextFilter {
  private state: State = "ground";
  private params = "";
  private isSgrCandidate = true;

  filter = (text: string): string => {
    let out = "";
    let runStart = -1;
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      const isPlain = this.state === "ground" && char.charCodeAt(0) >= 0x20 && char !== "\x7f" && !isC1(char);
      if (isPlain) {
        if (runStart < 0) runStart = i;
        continue;
      }
      if (runStart >= 0) out += text.slice(runStart, i);
      runStart = -1;
      out += this.step(char);
    }
    if (runStart >= 0) out += text.slice(runStart);
    return out;
  };

  private step(char: string): string {
    const code = char.charCodeAt(0);
    switch (this.state) {
      case "ground":
        return this.ground(code) ? char : "";
      case "escape":
        return this.escape(code, char);
      case "escape-intermediate":
        this.escapeIntermediate(code);
        return "";
      case "csi":
        return this.csi(code, char);
      case "string":
        this.inString(code);
        return "";
    }
  }

  private ground(code: number): boolean {
    if (code === ESC) this.state = "escape";
    else if (code >= 0x80 && code <= 0x9f) this.startC1(code);
    else return code >= 0x20 ? code !== 0x7f : code === 0x0a || code === 0x09 || code === 0x0d;
    return false;
  }

  private startC1(code: number): void {
    // CSI in its one-byte form is consumed but never passed (only `ESC[…m` is kept).
    if (code === 0x9b) this.startCsi(false);
    else if (code === 0x90 || code === 0x9d || code === 0x98 || code === 0x9e || code === 0x9f) this.state = "string";
  }

  private startCsi(isSgrAllowed: boolean): void {
    this.state = "csi";
    this.params = "";
    this.isSgrCandidate = isSgrAllowed;
  }

  private escape(code: number, char: string): string {
    this.state = "ground";
    if (char === "[") this.startCsi(true);
    else if (char === "]" || char === "P" || char === "X" || char === "^" || char === "_") this.state = "string";
    else if (code === ESC) this.state = "escape";
    else if (code >= 0x20 && code <= 0x2f) this.state = "escape-intermediate";
    else if (code < 0x20 || code > 0x7e) return this.ground(code) ? char : "";
    return "";
  }

  private escapeIntermediate(code: number): void {
    if (code >= 0x30 && code <= 0x7e) this.state = "ground";
    else if (code === ESC) this.state = "escape";
    else if (code < 0x20 || code > 0x7e) this.state = "ground";
  }

  private csi(code: number, char: string): string {
    if (code >= 0x30 && code <= 0x3f) {
      if (!/[0-9;:]/.test(char) || this.params.length >= MAX_SGR_PARAMS) this.isSgrCandidate = false;
      else this.params += char;
      return "";
    }
    if (code >= 0x20 && code <= 0x2f) {
      this.isSgrCandidate = false;
      return "";
    }
    this.state = "ground";
    if (code >= 0x40 && code <= 0x7e) return char === "m" && this.isSgrCandidate ? `\x1b[${this.params}m` : "";
    // A control inside a CSI aborts it; the control itself is judged afresh.
    return this.ground(code) ? char : "";
  }

  /** BEL or ST (0x9C) ends a string; ESC ends it too (ESC \ is the usual ST) and starts an escape. */
  private inString(code: number): void {
    if (code === BEL || code === 0x9c) this.state = "ground";
    else if (code === ESC) this.state = "escape";
  }
}

function isC1(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0x80 && code <= 0x9f;
}
