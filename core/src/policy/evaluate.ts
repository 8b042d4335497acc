import type { PolicyDocument } from './policy-document';

/** A request to authorize: what is done, on what, by whom (for `${kumo:userId}`). */
export interface AccessRequest {
  action: string;
  resource: string;
  userId: string;
}

/** A policy with the name it is stored under. */
export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

/** The outcome: allowed, explicitly denied, or denied because nothing allowed it. */
export interface Decision {
  effect: 'allow' | 'explicit_deny' | 'implicit_deny';
  /** The statement that decided (none for an implicit deny). */
  policy?: string;
  sid?: string;
}

/** One compiled pattern: the runs between `*` wildcards; in each run `ANY` stands for a `?`. */
interface Glob {
  runs: number[][];
  /** Whether the pattern has any `*` (else it must match the whole text as its one run). */
  star: boolean;
}

const ANY = -1;

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/** Compiles a pattern with `*` (any run) and `?` (one character); `${kumo:userId}` becomes the caller's id, literally. */
function compile(pattern: string, userId: string, foldCase: boolean): Glob {
  const runs: number[][] = [[]];
  pattern.split('${kumo:userId}').forEach((part, index) => {
    if (index > 0) for (const char of fold(userId, foldCase)) runs.at(-1)!.push(char.codePointAt(0)!);
    for (const char of fold(part, foldCase)) {
      if (char === '*') runs.push([]);
      else runs.at(-1)!.push(char === '?' ? ANY : char.codePointAt(0)!);
    }
  });
  return { runs, star: runs.length > 1 };
}

const fold = (text: string, foldCase: boolean) => (foldCase ? text.toLowerCase() : text);

/** Whether `run` matches `text` at `at` (ANY matches any one character). */
function runAt(run: number[], text: number[], at: number): boolean {
  for (let i = 0; i < run.length; i++) if (run[i] !== ANY && run[i] !== text[at + i]) return false;
  return true;
}

/**
 * Wildcard match without backtracking: the first run must match at the start, the last at the end,
 * and each run between at its leftmost place after the previous one (leftmost is always safe for
 * `*`). Work is at most text length × pattern length, whatever the input.
 */
function globMatches(glob: Glob, text: number[]): boolean {
  const { runs } = glob;
  if (!glob.star) return runs[0]!.length === text.length && runAt(runs[0]!, text, 0);
  const first = runs[0]!;
  const last = runs.at(-1)!;
  if (first.length + last.length > text.length || !runAt(first, text, 0) || !runAt(last, text, text.length - last.length)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const run of runs.slice(1, -1)) {
    while (at + run.length <= end && !runAt(run, text, at)) at++;
    if (at + run.length > end) return false;
    at += run.length;
  }
  return true;
}

/** Whether any of `patterns` matches `text`. */
function anyMatches(patterns: string | string[], text: string, userId: string, foldCase: boolean): boolean {
  const codes = [...fold(text, foldCase)].map((char) => char.codePointAt(0)!);
  return list(patterns).some((pattern) => globMatches(compile(pattern, userId, foldCase), codes));
}

/**
 * IAM evaluation: an explicit Deny in any policy wins; otherwise an Allow that matches both the
 * action (case-insensitive, like IAM) and the resource (case-sensitive) allows; otherwise the
 * request is implicitly denied. Wildcards are matched without regular expressions or
 * backtracking (at most resource length × pattern length steps per pattern), so no pattern and
 * input can stall the server.
 */
export function evaluate(policies: readonly NamedPolicy[], request: AccessRequest): Decision {
  let allow: Decision | undefined;
  for (const { name, document } of policies) {
    for (const statement of document.Statement) {
      if (!anyMatches(statement.Action, request.action, request.userId, true)) continue;
      if (!anyMatches(statement.Resource, request.resource, request.userId, false)) continue;
      if (statement.Effect === 'Deny') return { effect: 'explicit_deny', policy: name, sid: statement.Sid };
      allow ??= { effect: 'allow', policy: name, sid: statement.Sid };
    }
  }
  return allow ?? { effect: 'implicit_deny' };
}
