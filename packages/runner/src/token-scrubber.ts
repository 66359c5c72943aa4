/** What a session's log shows where the agent printed a token. */
export const HIDDEN_TOKEN = "[maestro token hidden]";

/**
 * Replaces tokens in a stream of text, piece by piece: a token split across pieces is found too.
 * Only what could still be the start of a token is held back (at most its length − 1 characters,
 * always a prefix of it), until the next piece or the end.
 */
export interface TokenScrubber {
  /** The text safe to pass on now, tokens replaced; what may begin a token waits for the next piece. */
  push(text: string): string;
  /** The end of the stream: whatever was held back (it was no token). Pushing may start over after it. */
  end(): string;
}

/** KMP's failure function: for each prefix, the length of its longest proper prefix that is also its suffix. */
function failureOf(token: string): Int32Array {
  const failure = new Int32Array(token.length);
  for (let i = 1, k = 0; i < token.length; i++) {
    while (k > 0 && token[i] !== token[k]) k = failure[k - 1]!;
    if (token[i] === token[k]) k++;
    failure[i] = k;
  }
  return failure;
}

/** One token: a Knuth–Morris–Pratt matcher whose state (how much of the token the text ends with) spans pieces. */
function scrubberOf(token: string): TokenScrubber {
  const failure = failureOf(token);
  let matched = 0;
  return {
    push(text) {
      if (!text) return "";
      // The held characters are exactly the token's first `matched`: they are read again with the piece.
      const input = token.slice(0, matched) + text;
      let out = "";
      let from = 0;
      let state = 0;
      for (let i = 0; i < input.length; i++) {
        while (state > 0 && input[i] !== token[state]) state = failure[state - 1]!;
        if (input[i] === token[state]) state++;
        if (state === token.length) {
          out += input.slice(from, i + 1 - token.length) + HIDDEN_TOKEN;
          from = i + 1;
          state = 0;
        }
      }
      matched = state;
      return out + input.slice(from, input.length - matched);
    },
    end() {
      const held = token.slice(0, matched);
      matched = 0;
      return held;
    },
  };
}

/**
 * A scrubber for these tokens (empty ones ignored). Longer tokens are replaced first, so one that
 * holds another is hidden whole. Linear in the text (times the number of tokens); no regex.
 */
export function createTokenScrubber(tokens: readonly (string | undefined)[]): TokenScrubber {
  const distinct = [...new Set(tokens.filter((token): token is string => !!token))];
  const chain = distinct.sort((a, b) => b.length - a.length).map(scrubberOf);
  return {
    push: (text) => chain.reduce((piece, scrubber) => scrubber.push(piece), text),
    end() {
      // Each scrubber's held text goes on through the scrubbers after it, then they let go of theirs.
      return chain.reduce((held, scrubber) => scrubber.push(held) + scrubber.end(), "");
    },
  };
}

/** `text` with these tokens replaced (a whole text, nothing held back). */
export function scrubTokens(tokens: readonly (string | undefined)[], text: string): string {
  const scrubber = createTokenScrubber(tokens);
  return scrubber.push(text) + scrubber.end();
}
