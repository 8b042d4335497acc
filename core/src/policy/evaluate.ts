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

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Turns a pattern with `*` (any run) and `?` (one character) into a RegExp; variables become their literal values. */
function globRegExp(pattern: string, userId: string, flags: string): RegExp {
  const source = pattern
    .split('${kumo:userId}')
    .map((part) => escape(part).replace(/\\\*/g, '.*').replace(/\\\?/g, '.'))
    .join(escape(userId));
  return new RegExp(`^${source}$`, flags);
}

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/**
 * IAM evaluation: an explicit Deny in any policy wins; otherwise an Allow that matches both the
 * action (case-insensitive, like IAM) and the resource (case-sensitive) allows; otherwise the
 * request is implicitly denied.
 */
export function evaluate(policies: readonly NamedPolicy[], request: AccessRequest): Decision {
  let allow: Decision | undefined;
  for (const { name, document } of policies) {
    for (const statement of document.Statement) {
      const actionMatches = list(statement.Action).some((p) => globRegExp(p, request.userId, 'i').test(request.action));
      if (!actionMatches) continue;
      if (!list(statement.Resource).some((p) => globRegExp(p, request.userId, '').test(request.resource))) continue;
      if (statement.Effect === 'Deny') return { effect: 'explicit_deny', policy: name, sid: statement.Sid };
      allow ??= { effect: 'allow', policy: name, sid: statement.Sid };
    }
  }
  return allow ?? { effect: 'implicit_deny' };
}
