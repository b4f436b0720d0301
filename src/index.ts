export * from './cognito-api-auth';
export * from './app-client-options';
export * from './hosted-ui-domain';
export * from './method-access';
export * from './cognito-scopes-checks';
export * from './testing';
export * from './http-route-access';
