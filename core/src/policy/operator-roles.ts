import { DEFAULT_PLAYER_DOCUMENT, DEFAULT_PLAYER_POLICY, POLICY_VERSION, type PolicyDocument, type PolicyStatement } from './policy-document';

/** Reading a player's account and the catalogs an operator needs beside it (every admin list route). */
const READ_PLAYERS: PolicyStatement = { Sid: 'ReadPlayers', Effect: 'Allow', Action: ['*:AdminList*', 'policy:ListUserPolicies', 'audit:ListAuditEntries'], Resource: '*' };

/**
 * The built-in operator roles, as policy documents assigned to operators by name (a role is a
 * policy: any stored policy can be a role too). Storing a document under one of these names
 * replaces the built-in; deleting it restores it.
 * - `kumo-role-support`: reads players and sends them inbox gifts; never credits currency.
 * - `kumo-role-finance`: reads players, credits currency, reads the paid-currency report and purchase claims.
 * - `kumo-role-admin`: everything, operators and policies included.
 */
export const OPERATOR_ROLES: Readonly<Record<string, PolicyDocument>> = {
  'kumo-role-support': {
    Version: POLICY_VERSION,
    Statement: [READ_PLAYERS, { Sid: 'SendGifts', Effect: 'Allow', Action: 'inbox:SendMessage', Resource: 'kumo:inbox:user/*' }],
  },
  'kumo-role-finance': {
    Version: POLICY_VERSION,
    Statement: [READ_PLAYERS, { Sid: 'CreditAndReport', Effect: 'Allow', Action: ['wallet:*', 'purchases:Get*', 'purchases:List*'], Resource: '*' }],
  },
  'kumo-role-admin': {
    Version: POLICY_VERSION,
    Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }],
  },
};

/** The policy name under which the admin key's bootstrap scope is reported when it refuses a request. */
export const BOOTSTRAP_POLICY = 'kumo-bootstrap';

/**
 * What the admin key may do when its scope is `bootstrap` (`PolicySettings.adminKey`): set up
 * operators and their roles (operators and policies) and read the audit trail; nothing on players.
 */
export const BOOTSTRAP_DOCUMENT: PolicyDocument = {
  Version: POLICY_VERSION,
  Statement: [{ Sid: 'SetUpOperators', Effect: 'Allow', Action: ['operators:*', 'policy:*', 'audit:*'], Resource: '*' }],
};

/** Every built-in policy by name: the default player policy and the operator roles. */
export const BUILT_IN_POLICIES: Readonly<Record<string, PolicyDocument>> = { [DEFAULT_PLAYER_POLICY]: DEFAULT_PLAYER_DOCUMENT, ...OPERATOR_ROLES };

/** The built-in document of a policy name, if it names one. */
export const builtInPolicy = (name: string): PolicyDocument | undefined => (Object.hasOwn(BUILT_IN_POLICIES, name) ? BUILT_IN_POLICIES[name] : undefined);
