/**
 * Token validity of app clients (DESIGN.md §4): raw numbers are read in
 * TokenValidityUnits, whose defaults are hours (access, ID) and days (refresh).
 */
import {
  MAX_ACCESS_ID_TOKEN_VALIDITY_SECONDS,
  MAX_REFRESH_TOKEN_VALIDITY_SECONDS,
  MIN_ACCESS_ID_TOKEN_VALIDITY_SECONDS,
  MIN_REFRESH_TOKEN_VALIDITY_SECONDS,
} from '../construct-checks';
import { Rule, finding, where } from './rule';
import { ModelIndex } from '../model/model-index';
import { Finding, Val, isKnown } from '../model/types';

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

interface Kind {
  readonly prop: string;
  readonly unitProp: string;
  readonly defaultUnit: string;
  readonly min: number;
  readonly max: number;
  readonly range: string;
}

const ACCESS: Kind = {
  prop: 'AccessTokenValidity',
  unitProp: 'AccessToken',
  defaultUnit: 'hours',
  min: MIN_ACCESS_ID_TOKEN_VALIDITY_SECONDS,
  max: MAX_ACCESS_ID_TOKEN_VALIDITY_SECONDS,
  range: '5 minutes and 1 day',
};
const ID: Kind = { ...ACCESS, prop: 'IdTokenValidity', unitProp: 'IdToken' };
const REFRESH: Kind = {
  prop: 'RefreshTokenValidity',
  unitProp: 'RefreshToken',
  defaultUnit: 'days',
  min: MIN_REFRESH_TOKEN_VALIDITY_SECONDS,
  max: MAX_REFRESH_TOKEN_VALIDITY_SECONDS,
  range: '60 minutes and 10 years (3650 days)',
};

function inUnit(seconds: number, unit: string): string {
  const n = seconds / UNIT_SECONDS[unit];
  return `${Number.isInteger(n) ? n : n.toFixed(2)} ${unit}`;
}

/** The problem of one validity value, or undefined (also when the value or the unit is unknown). */
function problem(kind: Kind, value: Val<number> | undefined, unitVal: Val<string> | undefined): string | undefined {
  if (!isKnown(value)) return undefined;
  // Cognito reads a refresh token validity of 0 as "the default" (30 days) rather than rejecting it.
  if (kind === REFRESH && value === 0) return undefined;
  if (unitVal !== undefined && !isKnown(unitVal)) return undefined;
  const unit = unitVal ?? kind.defaultUnit;
  const perUnit = UNIT_SECONDS[unit];
  if (perUnit === undefined) return undefined; // an invalid unit is rejected by CloudFormation schema validation
  const seconds = value * perUnit;
  if (seconds >= kind.min && seconds <= kind.max) return undefined;
  const unitText = unitVal === undefined ? `${unit}, the default unit when TokenValidityUnits.${kind.unitProp} is not set` : `TokenValidityUnits.${kind.unitProp}: ${unit}`;
  const asRange = seconds < kind.min ? inUnit(kind.min, unit) : inUnit(kind.max, unit);
  return `${kind.prop} is ${value} (${unitText}), which must be between ${kind.range} (${seconds < kind.min ? 'at least' : 'at most'} ${asRange}).`;
}

export const INVALID_TOKEN_VALIDITY: Rule = {
  id: 'InvalidTokenValidity',
  severity: 'error',
  summary: 'Access/ID token validity outside 5 minutes – 1 day, or refresh token validity outside 60 minutes – 10 years (read in TokenValidityUnits).',
  why: 'Cognito rejects the client: the deployment fails. Raw numbers are easy to misread: without TokenValidityUnits they mean hours (access, ID) and days (refresh).',
  fix: 'Use a value in range, and set TokenValidityUnits explicitly (CDK: accessTokenValidity: Duration.minutes(60)).',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      const v = c.tokenValidity;
      const units = v.units;
      for (const [kind, value, unit] of [
        [ACCESS, v.accessToken, units.accessToken],
        [ID, v.idToken, units.idToken],
        [REFRESH, v.refreshToken, units.refreshToken],
      ] as const) {
        const p = problem(kind, value, unit);
        if (p) out.push(finding(this, c, `App client ${where(c)}: ${p}`));
      }
    }
    return out;
  },
};

export const TOKEN_VALIDITY_RULES: Rule[] = [INVALID_TOKEN_VALIDITY];
