/**
 * The platform topology of the synth-overhead benchmark (issue 11): a platform stack owns the user
 * pool (with its hosted-UI domain); S API stacks each put a resource server, a user client, a
 * machine client and an authorizer on that pool and protect N methods of their own REST API and N
 * routes of their own HTTP API (a JWT authorizer with the stack's two clients as audience).
 * References from the API stacks to the pool become CDK exports and imports.
 *
 * Built with the library's L3 (`CognitoApiAuth({ userPool })` in every API stack: one synth-time
 * check of the whole app) and by hand with plain L2 constructs, producing the same templates.
 */
import { App, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { addL3ClientsAndApis } from './l3';
import { addHandWrittenApis, addHandWrittenClients } from './shared';
import { DOMAIN_PREFIX, SCOPES } from './topology';
import { CognitoApiAuth } from '../../src';

/** The resource server identifier of API stack i. */
export const identifierOf = (i: number) => `com.example.api${i}`;

/** The platform stack: the user pool (the L3's secure defaults, written out) and its domain; the same in both apps. */
function platformStack(app: App): cognito.UserPool {
  const stack = new Stack(app, 'Platform');
  const pool = new cognito.UserPool(stack, 'UserPool', {
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    autoVerify: { email: true },
    mfa: cognito.Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(3),
    },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    featurePlan: cognito.FeaturePlan.ESSENTIALS,
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
  });
  pool.addDomain('Domain', { cognitoDomain: { domainPrefix: DOMAIN_PREFIX } });
  return pool;
}

export function buildL3PlatformApp(stacks: number, n: number, outdir: string): App {
  const app = new App({ outdir });
  const pool = platformStack(app);
  for (let i = 0; i < stacks; i++) {
    const stack = new Stack(app, `Api${i}`);
    const auth = new CognitoApiAuth(stack, 'Auth', {
      userPool: pool,
      resourceServerIdentifier: identifierOf(i),
      scopes: SCOPES.map((s) => new cognito.ResourceServerScope({ ...s })),
    });
    addL3ClientsAndApis(stack, n, auth);
  }
  return app;
}

export function buildHandWrittenPlatformApp(stacks: number, n: number, outdir: string): App {
  const app = new App({ outdir });
  const pool = platformStack(app);
  for (let i = 0; i < stacks; i++) {
    const stack = new Stack(app, `Api${i}`);
    const identifier = identifierOf(i);
    const auth = new Construct(stack, 'Auth');
    const scopes = SCOPES.map((s) => new cognito.ResourceServerScope({ ...s }));
    const scope = (name: string) => scopes.find((s) => s.scopeName === name)!;
    const server = new cognito.UserPoolResourceServer(auth, 'ResourceServer', {
      userPool: pool,
      identifier,
      userPoolResourceServerName: identifier,
      scopes,
    });
    const issuer = `https://cognito-idp.${pool.env.region ?? stack.region}.amazonaws.com/${pool.userPoolId}`;
    new CfnOutput(auth, 'UserPoolIdOutput', { value: pool.userPoolId, description: 'Cognito user pool id' });
    new CfnOutput(auth, 'IssuerOutput', { value: issuer, description: 'Token issuer (iss claim)' });
    new CfnOutput(auth, 'JwksUrlOutput', { value: `${issuer}/.well-known/jwks.json`, description: 'JSON Web Key Set URL' });
    const [web, batch] = addHandWrittenClients(auth, pool, server, scope);
    addHandWrittenApis(stack, n, auth, pool, issuer, [web, batch], identifier);
  }
  return app;
}

export type PlatformBuilder = (stacks: number, n: number, outdir: string) => App;
