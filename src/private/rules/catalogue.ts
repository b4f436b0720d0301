import { ACKNOWLEDGEMENT_RULES } from './acknowledgement';
import { AUTHORIZER_RULES } from './authorizer';
import { CALLABLE_RULES } from './callable';
import { CLIENT_RULES } from './client';
import { CORS_RULES } from './cors';
import { DOMAIN_RULES } from './domain';
import { HTTP_JWT_RULES } from './http-jwt';
import { METHOD_AUTH_RULES } from './method-auth';
import { METHOD_SCOPE_RULES } from './method-scopes';
import { NOT_ANALYSED_RULES } from './not-analysed';
import { REDIRECT_URL_RULES } from './redirect-urls';
import { RESOURCE_SERVER_RULES } from './resource-server';
import { Rule } from './rule';
import { TOKEN_VALIDITY_RULES } from './token-validity';

/** Every rule, in catalogue order (README table order). Each family lives in its own file. */
export const CATALOGUE: Rule[] = [
  ...METHOD_SCOPE_RULES,
  ...CALLABLE_RULES,
  ...METHOD_AUTH_RULES,
  ...AUTHORIZER_RULES,
  ...HTTP_JWT_RULES,
  ...CORS_RULES,
  ...DOMAIN_RULES,
  ...CLIENT_RULES,
  ...REDIRECT_URL_RULES,
  ...TOKEN_VALIDITY_RULES,
  ...RESOURCE_SERVER_RULES,
  ...NOT_ANALYSED_RULES,
  ...ACKNOWLEDGEMENT_RULES,
];
