import { Json, baseline, brief, changed, check } from './fixtures';
import { checkResourceServerIdentifier, checkResourceServerName, checkScopeDescription, checkScopeName } from '../../src/private/construct-checks';

const rs = (props: Json) => ({ Type: 'AWS::Cognito::UserPoolResourceServer', Properties: { UserPoolId: { Ref: 'Pool' }, ...props } });

describe('InvalidResourceServerIdentifier', () => {
  test('an identifier with a space', () => {
    const t = changed({ Rs: { Properties: { Identifier: 'com example api' } } });
    expect(brief(check('InvalidResourceServerIdentifier', t))).toEqual([
      {
        ruleId: 'InvalidResourceServerIdentifier',
        severity: 'error',
        logicalId: 'Rs',
        message: `Resource server T/Rs: ${checkResourceServerIdentifier('com example api', 'Identifier')}`,
      },
    ]);
    expect(checkResourceServerIdentifier('com example api', 'Identifier')).toMatch(/^Identifier must match .*got 'com example api'/);
  });

  test('near miss: a URL identifier; an unknown identifier', () => {
    expect(check('InvalidResourceServerIdentifier', changed({ Rs: { Properties: { Identifier: 'https://api.example.com/v1' } } }))).toEqual([]);
    const t = changed({ Rs: { Properties: { Identifier: { Ref: 'Id' } } } });
    t.Parameters = { Id: { Type: 'String' } };
    expect(check('InvalidResourceServerIdentifier', t)).toEqual([]);
  });
});

describe('InvalidResourceServerName', () => {
  test('a URL as Name', () => {
    const t = changed({ Rs: { Properties: { Name: 'https://api.example.com' } } });
    expect(brief(check('InvalidResourceServerName', t))).toEqual([
      {
        ruleId: 'InvalidResourceServerName',
        severity: 'error',
        logicalId: 'Rs',
        message: `Resource server T/Rs: ${checkResourceServerName('https://api.example.com', 'Name')}`,
      },
    ]);
    expect(checkResourceServerName('https://api.example.com', 'Name')).toMatch(/a URL is not a valid Name\): got 'https:\/\/api.example.com'/);
  });

  test('a missing Name', () => {
    expect(brief(check('InvalidResourceServerName', changed({ Rs: { Properties: { Name: undefined } } })))).toEqual([
      { ruleId: 'InvalidResourceServerName', severity: 'error', logicalId: 'Rs', message: 'Resource server T/Rs has no Name (required).' },
    ]);
  });

  test('near miss: a friendly name', () => {
    expect(check('InvalidResourceServerName', changed({ Rs: { Properties: { Name: 'Items API, v2 @example.com' } } }))).toEqual([]);
  });
});

describe('InvalidScopeName and InvalidScopeDescription', () => {
  test('a scope name with a slash, a missing and an empty description', () => {
    const t = changed({
      Rs: {
        Properties: {
          Scopes: [
            { ScopeName: 'items/read', ScopeDescription: 'Read' },
            { ScopeName: 'write' },
            { ScopeName: 'delete', ScopeDescription: '' },
          ],
        },
      },
      GetItems: { Properties: { AuthorizationScopes: ['com.example.api/write'] } },
      PostItems: null,
      Machine: { Properties: { AllowedOAuthScopes: ['com.example.api/write'] } },
      Web: { Properties: { AllowedOAuthScopes: ['openid'] } },
    });
    expect(brief(check('InvalidScopeName', t))).toEqual([
      { ruleId: 'InvalidScopeName', severity: 'error', logicalId: 'Rs', message: `Resource server T/Rs: ${checkScopeName('items/read', 'Scopes[0].ScopeName')}` },
    ]);
    expect(brief(check('InvalidScopeDescription', t))).toEqual([
      { ruleId: 'InvalidScopeDescription', severity: 'error', logicalId: 'Rs', message: "Resource server T/Rs: scope 'write' has no ScopeDescription (required)." },
      { ruleId: 'InvalidScopeDescription', severity: 'error', logicalId: 'Rs', message: `Resource server T/Rs: ${checkScopeDescription('', 'Scopes[2].ScopeDescription')}` },
    ]);
  });

  test('near miss: the baseline scopes; an unknown description', () => {
    expect(check('InvalidScopeName', baseline())).toEqual([]);
    expect(check('InvalidScopeDescription', baseline())).toEqual([]);
    const t = changed({ Rs: { Properties: { Scopes: [{ ScopeName: 'read', ScopeDescription: { Ref: 'D' } }, { ScopeName: 'write', ScopeDescription: 'w' }] } } });
    t.Parameters = { D: { Type: 'String' } };
    expect(check('InvalidScopeDescription', t)).toEqual([]);
  });
});

describe('TooManyScopes and DuplicateScopeName', () => {
  test('101 scopes', () => {
    const scopes = Array.from({ length: 101 }, (_, i) => ({ ScopeName: i === 0 ? 'read' : i === 1 ? 'write' : `s${i}`, ScopeDescription: 'x' }));
    expect(brief(check('TooManyScopes', changed({ Rs: { Properties: { Scopes: scopes } } })))).toEqual([
      { ruleId: 'TooManyScopes', severity: 'error', logicalId: 'Rs', message: 'Resource server T/Rs defines 101 scopes (at most 100).' },
    ]);
    expect(check('TooManyScopes', changed({ Rs: { Properties: { Scopes: scopes.slice(1) } } }))).toEqual([]);
  });

  test('a scope name defined twice', () => {
    const t = changed({ Rs: { Properties: { Scopes: [{ ScopeName: 'read', ScopeDescription: 'a' }, { ScopeName: 'write', ScopeDescription: 'b' }, { ScopeName: 'read', ScopeDescription: 'c' }] } } });
    expect(brief(check('DuplicateScopeName', t))).toEqual([
      { ruleId: 'DuplicateScopeName', severity: 'error', logicalId: 'Rs', message: "Resource server T/Rs defines scope 'read' more than once." },
    ]);
    expect(check('DuplicateScopeName', baseline())).toEqual([]);
  });
});

describe('DuplicateResourceServerIdentifier and TooManyResourceServers', () => {
  test('two resource servers of one pool with the same identifier', () => {
    const t = changed({ Rs2: rs({ Identifier: 'com.example.api', Name: 'again', Scopes: [{ ScopeName: 'admin', ScopeDescription: 'Admin' }] }) });
    expect(brief(check('DuplicateResourceServerIdentifier', t))).toEqual([
      {
        ruleId: 'DuplicateResourceServerIdentifier',
        severity: 'error',
        logicalId: 'Rs2',
        message: "Resource server T/Rs2 has Identifier 'com.example.api', already used by resource server T/Rs of user pool T/Pool.",
      },
    ]);
  });

  test('near miss: the same identifier in another pool', () => {
    const t = changed({ Pool2: { Type: 'AWS::Cognito::UserPool', Properties: {} }, Rs2: rs({ UserPoolId: { Ref: 'Pool2' }, Identifier: 'com.example.api', Name: 'again' }) });
    expect(check('DuplicateResourceServerIdentifier', t)).toEqual([]);
  });

  test('26 resource servers in one pool', () => {
    const extra: Record<string, Json> = {};
    for (let i = 0; i < 25; i++) extra[`Extra${i}`] = rs({ Identifier: `api${i}`, Name: `api${i}` });
    const findings = brief(check('TooManyResourceServers', changed(extra)));
    expect(findings).toEqual([
      {
        ruleId: 'TooManyResourceServers',
        severity: 'warning',
        logicalId: 'Pool',
        message: 'User pool T/Pool has 26 resource servers (default quota: 25): T/Rs, T/Extra0, T/Extra1 and 23 more.',
      },
    ]);
    delete extra.Extra24;
    expect(check('TooManyResourceServers', changed(extra))).toEqual([]);
  });
});
