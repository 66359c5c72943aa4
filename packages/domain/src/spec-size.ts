/**
 * The largest spec document the parsers read. Disk files are refused past 256 KB by the server;
 * this bounds what arrives any other way, so no document can stall a parse.
 */
export const MAX_SPEC_DOCUMENT_CHARS = 256 * 1024;

export function oversizeMessage(name: string, text: string): string {
  return `${name} is ${Math.ceil(text.length / 1024)} KB, over the ${MAX_SPEC_DOCUMENT_CHARS / 1024} KB limit for a spec document`;
}
