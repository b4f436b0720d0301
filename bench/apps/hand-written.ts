/**
 * The synth-overhead baseline: the topology of bench/apps/topology.ts written by
 * hand with plain aws-cdk-lib L2 constructs, producing the same resources (and
 * outputs, dependencies and properties) as the L3 app — only without the
 * library's synth-time rule engine.
 */
import * as cdk from 'aws-cdk-lib';
import { App, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { addHandWrittenApis, addHandWrittenClients } from './shared';
import { DOMAIN_PREFIX, RESOURCE_SERVER_IDENTIFIER, SCOPES } from './topology';

export function buildHandWrittenApp(n: number, outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bench');
  const auth = new Construct(stack, 'Auth');

  const pool = new cognito.UserPool(auth, 'UserPool', {
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
  const validations = (cdk as { Validations?: typeof cdk.Validations }).Validations;
  if (validations) {
    validations.of(pool).acknowledge({ id: 'AwsSolutions-COG2', reason: 'cdk-cognito-scopes default: MFA is OPTIONAL with TOTP so users can enrol an authenticator app; set mfa: cognito.Mfa.REQUIRED to enforce it.' });
    validations.of(pool).acknowledge({ id: 'AwsSolutions-COG8', reason: 'cdk-cognito-scopes default: the ESSENTIALS feature plan; threat protection costs money per active user. Set featurePlan: cognito.FeaturePlan.PLUS to enable it (ENFORCED).' });
  }

  const scopes = SCOPES.map((s) => new cognito.ResourceServerScope({ ...s }));
  const scope = (name: string) => scopes.find((s) => s.scopeName === name)!;
  const server = new cognito.UserPoolResourceServer(auth, 'ResourceServer', {
    userPool: pool,
    identifier: RESOURCE_SERVER_IDENTIFIER,
    userPoolResourceServerName: RESOURCE_SERVER_IDENTIFIER,
    scopes,
  });
  const domain = new cognito.UserPoolDomain(auth, 'Domain', {
    userPool: pool,
    cognitoDomain: { domainPrefix: DOMAIN_PREFIX },
  });

  const issuer = `https://cognito-idp.${pool.env.region ?? stack.region}.amazonaws.com/${pool.userPoolId}`;
  const baseUrl = domain.baseUrl();
  new CfnOutput(auth, 'UserPoolIdOutput', { value: pool.userPoolId, description: 'Cognito user pool id' });
  new CfnOutput(auth, 'IssuerOutput', { value: issuer, description: 'Token issuer (iss claim)' });
  new CfnOutput(auth, 'JwksUrlOutput', { value: `${issuer}/.well-known/jwks.json`, description: 'JSON Web Key Set URL' });
  new CfnOutput(auth, 'AuthorizeUrlOutput', { value: `${baseUrl}/oauth2/authorize`, description: 'OAuth 2.0 authorize endpoint' });
  new CfnOutput(auth, 'TokenEndpointOutput', { value: `${baseUrl}/oauth2/token`, description: 'OAuth 2.0 token endpoint' });

  const [web, batch] = addHandWrittenClients(auth, pool, server, scope);

  addHandWrittenApis(stack, n, auth, pool, issuer, [web, batch], RESOURCE_SERVER_IDENTIFIER);
  return app;
}
