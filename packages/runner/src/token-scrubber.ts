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

/**
 * One token. Whole tokens are found with the engine's own string search (`indexOf`, which reads
 * agent output at memory speed where a loop over every character here would cost the runner more
 * than the rest of its work); then a Knuth–Morris–Pratt pass over only the last `token.length − 1`
 * characters finds how much of a token the piece ends with, held back for the next piece.
 */
function scrubberOf(token: string): TokenScrubber {
  const failure = failureOf(token);
  let matched = 0;
  return {
    push(text) {
      if (!text) return "";
      // The held characters are exactly the token's first `matched`: they are read again with the piece.
      const input = matched ? token.slice(0, matched) + text : text;
      let out = "";
      let from = 0;
      for (let at = input.indexOf(token); at !== -1; at = input.indexOf(token, from)) {
        out += input.slice(from, at) + HIDDEN_TOKEN;
        from = at + token.length;
      }
      // A token's start at the end of the piece is shorter than the token, so it begins in its last
      // `token.length − 1` characters (and after the last whole token).
      let state = 0;
      for (let i = Math.max(from, input.length - token.length + 1); i < input.length; i++) {
        while (state > 0 && input[i] !== token[state]) state = failure[state - 1]!;
        if (input[i] === token[state]) state++;
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
