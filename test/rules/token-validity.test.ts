import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { baseline, brief, changed, check, checkStack } from './fixtures';

describe('InvalidTokenValidity', () => {
  test('a raw number read in the default unit (hours for access tokens)', () => {
    const t = changed({ Web: { Properties: { AccessTokenValidity: 60 } } });
    expect(brief(check('InvalidTokenValidity', t))).toEqual([
      {
        ruleId: 'InvalidTokenValidity',
        severity: 'error',
        logicalId: 'Web',
        message:
          'App client T/Web: AccessTokenValidity is 60 (hours, the default unit when TokenValidityUnits.AccessToken is not set), ' +
          'which must be between 5 minutes and 1 day (at most 24 hours).',
      },
    ]);
  });

  test('explicit units: ID token too short, refresh token too long', () => {
    const t = changed({
      Web: { Properties: { IdTokenValidity: 4, RefreshTokenValidity: 11, TokenValidityUnits: { IdToken: 'minutes', RefreshToken: 'days' } } },
      Machine: { Properties: { RefreshTokenValidity: 3651 } },
    });
    expect(check('InvalidTokenValidity', t).map((f) => f.message)).toEqual([
      'App client T/Machine: RefreshTokenValidity is 3651 (days, the default unit when TokenValidityUnits.RefreshToken is not set), which must be between 60 minutes and 10 years (3650 days) (at most 3650 days).',
      'App client T/Web: IdTokenValidity is 4 (TokenValidityUnits.IdToken: minutes), which must be between 5 minutes and 1 day (at least 5 minutes).',
    ]);
    const refresh = check('InvalidTokenValidity', changed({ Web: { Properties: { RefreshTokenValidity: 59, TokenValidityUnits: { RefreshToken: 'minutes' } } } }));
    expect(refresh[0].message).toContain('RefreshTokenValidity is 59 (TokenValidityUnits.RefreshToken: minutes)');
  });

  test('near miss: values in range in various units; unknown value or unit', () => {
    expect(check('InvalidTokenValidity', baseline())).toEqual([]);
    const ok = changed({ Web: { Properties: { AccessTokenValidity: 86400, IdTokenValidity: 300, RefreshTokenValidity: 3650, TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds' } } } });
    expect(check('InvalidTokenValidity', ok)).toEqual([]);
    // a refresh token validity of 0 means "the default" (30 days)
    expect(check('InvalidTokenValidity', changed({ Web: { Properties: { RefreshTokenValidity: 0 } } }))).toEqual([]);
    const unknownUnit = changed({ Web: { Properties: { AccessTokenValidity: 60, TokenValidityUnits: { AccessToken: { Ref: 'U' } } } } });
    unknownUnit.Parameters = { U: { Type: 'String' } };
    expect(check('InvalidTokenValidity', unknownUnit)).toEqual([]);
    const unknownValue = changed({ Web: { Properties: { AccessTokenValidity: { Ref: 'V' } } } });
    unknownValue.Parameters = { V: { Type: 'Number' } };
    expect(check('InvalidTokenValidity', unknownValue)).toEqual([]);
  });

  test('from a CDK stack: CDK writes minutes, so Duration.days(2) is caught', () => {
    const build = (d: Duration) => {
      const stack = new Stack(new App(), 'S');
      new cognito.UserPool(stack, 'Pool').addClient('Web', { accessTokenValidity: d, oAuth: { flows: { authorizationCodeGrant: true } } });
      return checkStack('InvalidTokenValidity', stack);
    };
    expect(build(Duration.hours(2))).toEqual([]);
    // CDK validates the range itself, so go through the escape hatch for an out-of-range value
    const stack = new Stack(new App(), 'S');
    const client = new cognito.UserPool(stack, 'Pool').addClient('Web', { oAuth: { flows: { authorizationCodeGrant: true } } });
    const cfn = client.node.defaultChild as cognito.CfnUserPoolClient;
    cfn.accessTokenValidity = 2880;
    cfn.tokenValidityUnits = { accessToken: 'minutes' };
    const [f] = checkStack('InvalidTokenValidity', stack);
    expect(f.message).toMatch(/AccessTokenValidity is 2880 \(TokenValidityUnits.AccessToken: minutes\), which must be between 5 minutes and 1 day \(at most 1440 minutes\)\.$/);
  });
});
