/**
 * Prints what the synthesized example protects and how, read back from cdk.out
 * with the library's own model and caller matrix (the same code as
 * `cognito-scopes matrix`): each route, what it requires, which app clients can
 * obtain a token that passes, and the hosted-UI URLs as far as synth knows them.
 *
 *   tsx example/summary.ts cdk.out
 */
import * as path from 'path';
import { buildMatrix, SIGNED_IN_USER } from '../src/private/matrix';
import { buildModel } from '../src/private/model/build';
import { loadCloudAssembly } from '../src/private/model/load';
import { AppClientModel, AuthModel, isKnown, Val } from '../src/private/model/types';
import { CATALOGUE } from '../src/private/rules/catalogue';
import { safeLine } from '../src/private/safe-text';
import { clientName } from '../src/private/simulator/names';

const UNKNOWN_AT_SYNTH = '<known after deploy>';
const UNRESOLVED = '<unresolved in the template>';

function text(v: Val<string> | undefined, fallback = UNKNOWN_AT_SYNTH): string {
  return isKnown(v) ? v : fallback;
}

/** A list as far as synth knows it: `undefined` (absent) is empty, an unresolved list is `[<unresolved>]`, never shown as empty. */
function list(v: Val<Array<Val<string>>> | undefined): string[] {
  if (v === undefined) return [];
  return isKnown(v) ? v.map((x) => text(x)) : [UNRESOLVED];
}

function requirement(tokenUse: string, scopes: string[]): string {
  switch (tokenUse) {
    case 'none':
      return 'public: no token';
    case 'id':
      return 'an ID token (no scopes on the method)';
    case 'any':
      return 'any ID or access token of a client in the audience (no scopes on the route)';
    case 'access':
      return `an access token with ${scopes.length > 1 ? 'any of ' : ''}${scopes.join(', ')}`;
    case 'unknown':
      return `UNDECIDED: its authorization could not be resolved${scopes.length > 0 ? ` (resolved scopes: ${scopes.join(', ')})` : ''}`;
    case 'not-modelled':
      return 'an authorization type the matrix does not model (AWS_IAM or CUSTOM): who gets in is undecided';
    default:
      return tokenUse;
  }
}

function describeClient(c: AppClientModel): string[] {
  const flows = list(c.allowedOAuthFlows);
  const secret = c.generateSecret === undefined ? 'no client secret' : !isKnown(c.generateSecret) ? `client secret ${UNRESOLVED}` : c.generateSecret ? 'client secret' : 'no client secret';
  const grant = flows.includes('client_credentials')
    ? 'client_credentials (machine to machine), client secret generated (never printed)'
    : `${flows.map((f) => (f === 'code' ? 'authorization code + PKCE' : f)).join(', ') || 'no OAuth flows'}, ${secret}`;
  const lines = [`${clientName(c)}: ${grant}`, `    scopes: ${list(c.allowedOAuthScopes).join(' ') || '(none)'}`];
  const callbacks = list(c.callbackUrls);
  if (callbacks.length > 0) lines.push(`    callback URLs: ${callbacks.join(', ')}`);
  return lines;
}

function hostedUi(model: AuthModel, region: string | undefined): string[] {
  const out: string[] = [];
  for (const pool of model.userPools.filter((p) => !p.external)) {
    const domain = model.domains.find((d) => d.pool === pool.key);
    const issuer = `https://cognito-idp.${region ?? '<region>'}.amazonaws.com/${pool.poolId ?? '<user pool id, known after deploy>'}`;
    out.push(`User pool ${pool.constructPath?.replace(/\/Resource$/, '') ?? pool.logicalId}`);
    if (!domain && model.domains.some((d) => !isKnown(d.pool))) {
      out.push(`  hosted-UI domain ${UNRESOLVED} (a domain's user pool could not be resolved)`);
    } else if (domain && !isKnown(domain.domain)) {
      out.push(`  hosted-UI domain ${UNRESOLVED}`);
    } else if (domain && isKnown(domain.domain)) {
      const base = domain.custom ? `https://${domain.domain}` : `https://${domain.domain}.auth.${region ?? '<region>'}.amazoncognito.com`;
      out.push(`  authorize URL   ${base}/oauth2/authorize`);
      out.push(`  token endpoint  ${base}/oauth2/token`);
    } else {
      out.push('  no hosted-UI domain: no /oauth2/token, so no token can carry a custom scope');
    }
    out.push(`  issuer (iss)    ${issuer}`);
    out.push(`  JWKS            ${issuer}/.well-known/jwks.json`);
  }
  return out;
}

function main(dir: string): void {
  const inputs = loadCloudAssembly(dir);
  const model = buildModel(inputs);
  const matrix = buildMatrix(model);
  const lines: string[] = [];
  for (const input of inputs) {
    lines.push(`${input.name} (${input.region ?? 'region unknown'}): template ${path.relative(process.cwd(), input.file ?? '')}`);
  }
  lines.push('');

  const kindOf = (name: string) => (model.restApis.find((a) => a.name === name || a.logicalId === name)?.apiKind === 'http' ? 'http' : 'rest');
  for (const api of [...new Set(matrix.methods.map((m) => m.api))]) {
    const http = kindOf(api) === 'http';
    lines.push(`${http ? 'HTTP API' : 'REST API'} ${api}`);
    const rows = matrix.methods.filter((m) => m.api === api && m.method !== 'OPTIONS');
    const width = Math.max(...rows.map((r) => `${r.method} ${r.path}`.length)) + 2;
    for (const r of rows) {
      const who = (c: { caller: string }) => (c.caller === SIGNED_IN_USER ? 'any signed-in user (InitiateAuth/SRP)' : c.caller);
      const allowed = r.callers.filter((c) => c.allowed === true).map(who);
      const undecided = r.callers.filter((c) => c.allowed === null);
      // "nobody" only when every caller's answer is a decided no; an undecided answer is never shown as a no.
      const callers = r.requires.tokenUse === 'none' ? 'anyone'
        : allowed.length > 0 ? allowed.join(', ')
          : undecided.length > 0 ? 'none decided yes' : 'nobody';
      lines.push(`  ${`${r.method} ${r.path}`.padEnd(width)}requires ${requirement(r.requires.tokenUse, r.requires.scopes)}`);
      lines.push(`  ${''.padEnd(width)}callers that can get a passing token: ${callers}`);
      for (const c of undecided) lines.push(`  ${''.padEnd(width)}UNDECIDED for ${who(c)}: ${c.why.replace(/^unknown: /, '')}`);
    }
    const preflights = matrix.methods.filter((m) => m.api === api && m.method === 'OPTIONS');
    if (preflights.length > 0) {
      const undecided = preflights.filter((p) => p.requires.tokenUse === 'unknown').length;
      const guarded = preflights.filter((p) => p.requires.tokenUse !== 'none' && p.requires.tokenUse !== 'unknown').length;
      const parts = [
        ...(guarded > 0 ? [`BEHIND THE AUTHORIZER on ${guarded}`] : []),
        ...(undecided > 0 ? [`UNDECIDED on ${undecided} (authorization unresolved)`] : []),
      ];
      const state = parts.length === 0 ? 'public (never behind the authorizer)' : parts.join(', ');
      lines.push(`  OPTIONS on ${preflights.length} paths: CORS preflight, ${state}`);
    }
    const corsResponses = model.gatewayResponses
      .filter((g) => isKnown(g.responseParameters) && Object.keys(g.responseParameters).some((k) => /access-control-allow-origin/i.test(k)))
      .map((g) => text(g.responseType));
    if (!http && corsResponses.length > 0) lines.push(`  gateway responses with CORS headers (browsers see the 401): ${corsResponses.join(', ')}`);
    if (http) {
      const a = model.restApis.find((x) => x.name === api || x.logicalId === api);
      lines.push(a?.corsConfiguration === true ? '  CorsConfiguration: API Gateway answers CORS preflights itself' : '  no CorsConfiguration');
      for (const authz of model.authorizers.filter((x) => x.restApi === a?.key && x.jwt)) {
        const aud = isKnown(authz.jwt!.audience) ? authz.jwt!.audience.map((e) => (e.client ? model.clients.find((c) => c.key === e.client) : undefined)).map((c) => (c ? clientName(c) : UNRESOLVED)) : [UNRESOLVED];
        // The model renders a deploy-time pool id or region in the issuer as `${LogicalId}` / `${AWS::Region}`.
        const issuer = text(authz.jwt!.issuer, UNRESOLVED).replace(/\$\{AWS::Region\}/g, '<region>').replace(/\$\{[^}]+\}/g, '<user pool id, known after deploy>');
        const exact = authz.jwt!.issuerMatch === 'exact' ? " (exactly the user pool's issuer)" : '';
        lines.push(`  JWT authorizer: issuer ${issuer}${exact}; audience ${aud.join(', ')}`);
      }
    }
    lines.push('');
  }

  lines.push('App clients');
  for (const c of model.clients) lines.push(...describeClient(c).map((l) => `  ${l}`));
  lines.push('');
  lines.push(...hostedUi(model, inputs[0]?.region));
  lines.push('');
  lines.push(`cdk synth ran the cdk-cognito-scopes rule catalogue (${CATALOGUE.length} rules) on this stack: no errors.`);
  console.log(lines.map(safeLine).join('\n'));
}

main(process.argv[2] ?? 'cdk.out');
