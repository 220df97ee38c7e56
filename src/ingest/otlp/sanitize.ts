/**
 * Text hygiene at decode time. PostgreSQL text cannot hold NUL (`invalid byte sequence for encoding "UTF8": 0x00`
 * fails the whole batch insert), lone UTF-16 surrogates (from JSON `\ud800` escapes or broken protobuf UTF-8) cannot
 * be encoded as UTF-8, and unbounded names are a memory and cardinality lever. So every string the pipeline keeps
 * passes through `cleanText`: NUL and lone surrogates become U+FFFD, and the result is cut to a length cap (never
 * inside a surrogate pair). Invalid UTF-8 bytes already decode to U+FFFD (Buffer for JSON; protobufjs yields lone
 * surrogates or U+FFFD, both covered here).
 */

/** Service, span, metric and callee names. */
export const MAX_NAME_CHARS = 256;
/** Metric data-point attribute values and severity texts. */
export const MAX_VALUE_CHARS = 1024;
/** Log bodies. */
export const MAX_BODY_CHARS = 8192;

// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** `s` with NUL and lone surrogates replaced by U+FFFD, cut to `max` UTF-16 units without splitting a pair. */
export function cleanText(s: string, max: number): string {
  let out = s;
  if (SUSPECT.test(out)) out = replaceBad(out);
  if (out.length > max) {
    const last = out.charCodeAt(max - 1);
    out = out.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
  }
  return out;
}

function replaceBad(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) {
      out += s.slice(from, i) + '\uFFFD';
      from = i + 1;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else {
        out += s.slice(from, i) + '\uFFFD';
        from = i + 1;
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += s.slice(from, i) + '\uFFFD';
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** `cleanText` for optional names: undefined stays undefined. */
export function cleanName(s: string | undefined): string | undefined {
  return s === undefined ? undefined : cleanText(s, MAX_NAME_CHARS);
}
