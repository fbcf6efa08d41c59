import { inspect } from "node:util";

const REDACTED = "[redacted]";

/**
 * A credential that cannot be printed by accident: logging, JSON-encoding or string
 * interpolation of the config shows "[redacted]". Only `reveal()` gives the value, at the one
 * place that puts it on the wire.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
