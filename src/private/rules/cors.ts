/**
 * CORS (DESIGN.md §1 causes 9, 10): the browser's preflight must not need a
 * token, and a 401 must carry CORS headers or browser code sees a CORS error
 * instead of the 401.
 */
import { Rule, finding, where } from './rule';
import { COGNITO, methodLabel, q } from './util';
import { ModelIndex } from '../model/model-index';
import { Finding, GatewayResponseModel, MethodModel, isKnown } from '../model/types';

export const PREFLIGHT_BEHIND_AUTHORIZER: Rule = {
  id: 'PreflightBehindAuthorizer',
  severity: 'error',
  summary: 'An OPTIONS method (CORS preflight) requires authorization.',
  why: 'Browsers send the preflight without the Authorization header: it gets 401 and the browser reports a CORS error.',
  fix: 'Set AuthorizationType NONE on OPTIONS methods (in CDK: defaultCorsPreflightOptions, or addMethod(\'OPTIONS\', ..., { authorizationType: AuthorizationType.NONE })).',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const m of index.model.methods) {
      if (m.httpMethod !== 'OPTIONS' || !isKnown(m.authorizationType) || m.authorizationType === 'NONE') continue;
      // An HTTP API with a CorsConfiguration answers preflight requests itself (DESIGN.md §8).
      if (m.apiKind === 'http' && isKnown(m.restApi) && index.apisByKey.get(m.restApi)?.corsConfiguration !== false) continue;
      out.push(
        finding(
          this,
          m,
          `CORS preflight method ${methodLabel(m)} has AuthorizationType ${q(m.authorizationType)}: ` +
            'browsers send the preflight without a token, so it gets 401 and the browser reports a CORS error.',
        ),
      );
    }
    return out;
  },
};

const ACAO = 'gatewayresponse.header.access-control-allow-origin';

/** undefined when unknown; otherwise whether the response sets Access-Control-Allow-Origin. */
function setsAllowOrigin(g: GatewayResponseModel): boolean | undefined {
  if (g.responseParameters === undefined) return false;
  if (!isKnown(g.responseParameters)) return undefined;
  for (const k of Object.keys(g.responseParameters)) if (k.toLowerCase() === ACAO) return true;
  return false;
}

export const CORS_WITHOUT_UNAUTHORIZED_HEADERS: Rule = {
  id: 'CorsWithoutUnauthorizedHeaders',
  severity: 'warning',
  summary: 'A REST API with CORS and Cognito-protected methods has no UNAUTHORIZED (or DEFAULT_4XX) gateway response with Access-Control-Allow-Origin.',
  why: "API Gateway's 401 carries no CORS headers: browser code sees a CORS error instead of the 401 and cannot refresh the token.",
  fix: "Add a gateway response for UNAUTHORIZED (or DEFAULT_4XX) whose responseParameters set gatewayresponse.header.Access-Control-Allow-Origin (in CDK: api.addGatewayResponse('Unauthorized', { type: ResponseType.UNAUTHORIZED, responseHeaders: { 'Access-Control-Allow-Origin': \"'*'\" } })).",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const api of index.model.restApis) {
      if (!api.defined) continue; // gateway responses may be defined where the API is
      const methods: MethodModel[] = index.methodsByApi.get(api.key) ?? [];
      let cognito: MethodModel | undefined;
      let cors: MethodModel | undefined;
      for (const m of methods) {
        if (!cognito && m.authorizationType === COGNITO) cognito = m;
        if (!cors && (m.httpMethod === 'OPTIONS' || m.corsHeaders)) cors = m;
      }
      if (!cognito || !cors) continue;
      let unauthorized: GatewayResponseModel | undefined;
      let default4xx: GatewayResponseModel | undefined;
      let unknown = false;
      for (const g of index.gatewayResponsesByApi.get(api.key) ?? []) {
        if (!isKnown(g.responseType)) unknown = true;
        else if (g.responseType === 'UNAUTHORIZED') unauthorized = g;
        else if (g.responseType === 'DEFAULT_4XX') default4xx = g;
      }
      const effective = unauthorized ?? default4xx;
      const sets = effective ? setsAllowOrigin(effective) : false;
      if (sets !== false || (unknown && !unauthorized)) continue;
      const seen = effective
        ? `its ${effective.responseType} gateway response ${where(effective)} sets no gatewayresponse.header.Access-Control-Allow-Origin`
        : 'it has no UNAUTHORIZED or DEFAULT_4XX gateway response';
      out.push(
        finding(
          this,
          api,
          `REST API ${where(api)} uses CORS (e.g. ${methodLabel(cors)}) and a Cognito authorizer (e.g. ${methodLabel(cognito)}), but ${seen}: ` +
            'a 401 reaches browser code as a CORS error.',
        ),
      );
    }
    return out;
  },
};

export const CORS_RULES: Rule[] = [PREFLIGHT_BEHIND_AUTHORIZER, CORS_WITHOUT_UNAUTHORIZED_HEADERS];
