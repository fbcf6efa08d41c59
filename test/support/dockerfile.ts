import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** One instruction of a Dockerfile: its keyword (upper case) and the rest of its (joined) lines. */
export interface Instruction {
  keyword: string;
  rest: string;
}

/** The repository's Dockerfile, its continuation lines joined and its comments left out. */
export function dockerfileInstructions(path = join(ROOT, "Dockerfile")): Instruction[] {
  const joined = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const keyword = line.split(/\s+/)[0] ?? "";
      return { keyword: keyword.toUpperCase(), rest: line.slice(keyword.length).trim() };
    });
}

/**
 * The `-e KEY=value` variables of the `docker run` line in the Dockerfile's opening comment that
 * ends `# demo…`: what the comment tells a reader to pass for a demo container.
 */
export function demoRunEnvironment(path = join(ROOT, "Dockerfile")): Record<string, string> {
  const header = readFileSync(path, "utf8").split("\n");
  const opening = header.slice(0, header.findIndex((line) => !line.startsWith("#")));
  const demo = opening.find((line) => /\bdocker run\b/.test(line) && /#\s*demo\b/.test(line));
  if (demo === undefined) throw new Error("the Dockerfile's opening comment has no `docker run … # demo` line");
  return Object.fromEntries([...demo.matchAll(/\s-e\s+([A-Z0-9_]+)=(\S+)/g)].map(([, key = "", value = ""]) => [key, value]));
}

/** The last stage's instructions: what the image runs (a multi-stage build's earlier stages only build). */
export function finalStage(instructions: readonly Instruction[]): Instruction[] {
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf("FROM");
  return instructions.slice(lastFrom);
}

/**
 * An exec-form command (`["node", "x.js"]`) as its argv. The shell form (`node x.js`) is refused:
 * it runs under `/bin/sh -c`, which would be PID 1 and would not pass SIGTERM on.
 */
export function execForm(text: string): string[] {
  const argv: unknown = JSON.parse(text);
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((word) => typeof word === "string")) {
    throw new Error(`not an exec-form command (a JSON array of strings): ${text}`);
  }
  return argv as string[];
}

/** The one instruction of a stage with this keyword (the last, as Docker takes the last CMD); undefined when none. */
export function lastOf(stage: readonly Instruction[], keyword: string): Instruction | undefined {
  return [...stage].reverse().find((i) => i.keyword === keyword);
}

/** The stage's ENV, in its `KEY=value KEY2=value2` form (values without spaces or quotes). */
export function environmentOf(stage: readonly Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { rest } of stage.filter((i) => i.keyword === "ENV")) {
    for (const pair of rest.split(/\s+/)) {
      const [key, ...value] = pair.split("=");
      if (!key || value.length === 0) throw new Error(`ENV ${rest}: only the KEY=value form is read here`);
      env[key] = value.join("=");
    }
  }
  return env;
}

/** HEALTHCHECK's command: what follows its options' `CMD`. */
export function healthcheckCommand(instruction: Instruction): string[] {
  const at = instruction.rest.indexOf("CMD ");
  if (at === -1) throw new Error(`HEALTHCHECK without CMD: ${instruction.rest}`);
  return execForm(instruction.rest.slice(at + "CMD ".length));
}
