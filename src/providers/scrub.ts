import type { Secret } from "../config/secret";

const REDACTED = "[redacted]";
/** An Authorization value of either scheme, whoever's it is: `Basic …` / `Bearer …` and its token68. */
const AUTHORIZATION_VALUE = /\b(Basic|Bearer)(\s+|%20|\+)[A-Za-z0-9\-._~+/%]+=*/gi;
/** Access tokens kept after they are replaced: an upstream may echo one it has just refused. */
const REMEMBERED_TOKENS = 16;

/**
 * Removes every form of every credential this server holds for one provider from text that came
 * from that provider, before the text goes anywhere (an error message, a log line). An upstream
 * that echoes a credential in an error body must not make this server leak it, in whatever form
 * it echoes it: the raw value, its base64 (as in a Basic header, with and without the colon),
 * URL- or JSON-encoded, or inside any `Basic …` / `Bearer …` value.
 */
export class CredentialScrubber {
  /** Every form of every credential, longest first, so a longer form is never half-replaced by a shorter one. */
  private forms: string[] = [];
  private readonly fixed: string[];
  private tokens: string[] = [];

  /** `credentials`: the provider's secrets, and any value built from them that goes on the wire (e.g. `id:secret`). */
  constructor(credentials: readonly (Secret | string)[]) {
    this.fixed = credentials.map((c) => (typeof c === "string" ? c : c.reveal())).filter((c) => c.length > 0);
    this.rebuild();
  }

  /** A credential obtained at run time (an access token); the last few are kept, since one may be echoed after it is replaced. */
  remember(value: string): void {
    if (value.length === 0 || this.tokens.includes(value)) return;
    this.tokens = [value, ...this.tokens].slice(0, REMEMBERED_TOKENS);
    this.rebuild();
  }

  scrub(text: string): string {
    let clean = text;
    for (const form of this.forms) {
      if (clean.includes(form)) clean = clean.split(form).join(REDACTED);
    }
    return clean.replace(AUTHORIZATION_VALUE, (_match, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
  }

  private rebuild(): void {
    const forms = new Set<string>();
    for (const value of [...this.fixed, ...this.tokens]) for (const form of formsOf(value)) forms.add(form);
    this.forms = [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
  }
}

/** The ways a credential can appear in an upstream's text. */
function formsOf(value: string): string[] {
  const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  const base64Forms = [value, `${value}:`].flatMap((text) => {
    const standard = base64(text);
    // Without padding, and URL-safe: an echo may have dropped the "=" or re-encoded the value.
    const unpadded = standard.replace(/=+$/, "");
    return [standard, unpadded, unpadded.replace(/\+/g, "-").replace(/\//g, "_")];
  });
  return [
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, "+"),
    JSON.stringify(value).slice(1, -1),
    ...base64Forms,
    ...base64Forms.map(encodeURIComponent),
  ];
}
