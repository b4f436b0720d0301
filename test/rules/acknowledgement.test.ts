import { changed, check, checkAll } from './fixtures';

const short = () => changed({ GetItems: { Properties: { AuthorizationScopes: ['read'] } } });

describe('acknowledgements in template Metadata (cdk-cognito-scopes.acknowledge)', () => {
  test('resource level, with the bare or the prefixed id: the finding stays, marked acknowledged with its reason', () => {
    for (const id of ['ShortMethodScope', 'cdk-cognito-scopes::ShortMethodScope']) {
      const t = short();
      t.Resources.GetItems.Metadata = { 'cdk-cognito-scopes': { acknowledge: [{ id, reason: 'legacy clients' }] } };
      const found = check('ShortMethodScope', t);
      expect(found.map((f) => [f.ruleId, f.logicalId, f.acknowledged])).toEqual([['ShortMethodScope', 'GetItems', { reason: 'legacy clients' }]]);
    }
  });

  test('template level acknowledges the rule on every resource; a resource\'s own acknowledgement wins', () => {
    const t: any = short();
    t.Metadata = { 'cdk-cognito-scopes': { acknowledge: [{ id: 'ShortMethodScope', reason: 'template' }] } };
    expect(check('ShortMethodScope', t).map((f) => f.acknowledged)).toEqual([{ reason: 'template' }]);
    t.Resources.GetItems.Metadata = { 'cdk-cognito-scopes': { acknowledge: [{ id: 'ShortMethodScope', reason: 'resource' }] } };
    expect(check('ShortMethodScope', t).map((f) => f.acknowledged)).toEqual([{ reason: 'resource' }]);
  });

  test('another rule, another resource or another template: not acknowledged; malformed entries are ignored', () => {
    const t: any = short();
    t.Resources.Api.Metadata = { 'cdk-cognito-scopes': { acknowledge: [{ id: 'ShortMethodScope', reason: 'wrong resource' }] } };
    t.Resources.GetItems.Metadata = { 'cdk-cognito-scopes': { acknowledge: [{ id: 'PreflightBehindAuthorizer', reason: 'other rule' }, 'ShortMethodScope', { id: 7 }, null] } };
    const other: any = short();
    other.Metadata = { 'cdk-cognito-scopes': { acknowledge: [{ id: 'ShortMethodScope', reason: 'other template' }] } };
    const found = check('ShortMethodScope', t, ['Other', short()]);
    expect(found.map((f) => [f.template, f.acknowledged])).toEqual([['Other', undefined], ['T', undefined]]);
    expect(check('ShortMethodScope', t, ['Other', other]).map((f) => [f.template, f.acknowledged])).toEqual([['Other', { reason: 'other template' }], ['T', undefined]]);
  });

  test('without a reason: acknowledged (reason \'\'), and reported as AcknowledgementWithoutReason (warning)', () => {
    const t: any = short();
    t.Resources.GetItems.Metadata = { 'cdk-cognito-scopes': { acknowledge: [{ id: 'ShortMethodScope' }, { id: 'PreflightBehindAuthorizer', reason: '  ' }] } };
    t.Metadata = { 'cdk-cognito-scopes': { acknowledge: [{ id: 'NoDomainForCustomScopes' }] } };
    const all = checkAll(t);
    expect(all.filter((f) => f.ruleId === 'ShortMethodScope').map((f) => f.acknowledged)).toEqual([{ reason: '' }]);
    expect(all.filter((f) => f.ruleId === 'AcknowledgementWithoutReason').map((f) => [f.severity, f.logicalId, f.message, f.acknowledged])).toEqual([
      ['warning', 'GetItems', "The acknowledgement of 'ShortMethodScope' in the Metadata of GetItems has no reason.", undefined],
      ['warning', 'GetItems', "The acknowledgement of 'PreflightBehindAuthorizer' in the Metadata of GetItems has no reason.", undefined],
      ['warning', 'Metadata', "The acknowledgement of 'NoDomainForCustomScopes' in the template's Metadata has no reason.", undefined],
    ]);
    expect(check('AcknowledgementWithoutReason', t)[0]).toMatchObject({ ruleId: 'AcknowledgementWithoutReason', template: 'T' });
  });
});

describe('UnknownAcknowledgement', () => {
  test('a misspelled id acknowledges nothing, and is reported with the nearest rule id', () => {
    const t: any = short();
    t.Resources.GetItems.Metadata = { 'cdk-cognito-scopes': { acknowledge: [{ id: 'cdk-cognito-scopes::ShortMethodScop', reason: 'legacy clients' }] } };
    t.Metadata = { 'cdk-cognito-scopes': { acknowledge: [{ id: 'AwsSolutions-APIG4', reason: 'not ours' }] } };
    const all = checkAll(t);
    expect(all.filter((f) => f.ruleId === 'ShortMethodScope').map((f) => f.acknowledged)).toEqual([undefined]);
    const unknown = all.filter((f) => f.ruleId === 'UnknownAcknowledgement');
    expect(unknown.map((f) => [f.severity, f.logicalId, f.message, f.fix])).toEqual([
      [
        'warning',
        'GetItems',
        "The acknowledgement of 'ShortMethodScop' in the Metadata of GetItems names no cdk-cognito-scopes rule: it acknowledges nothing.",
        "Did you mean 'cdk-cognito-scopes::ShortMethodScope'? Use a rule id of the catalogue ('cdk-cognito-scopes::RuleId' or 'RuleId'), or remove the acknowledgement.",
      ],
      [
        'warning',
        'Metadata',
        "The acknowledgement of 'AwsSolutions-APIG4' in the template's Metadata names no cdk-cognito-scopes rule: it acknowledges nothing.",
        "Use a rule id of the catalogue ('cdk-cognito-scopes::RuleId' or 'RuleId'), or remove the acknowledgement.",
      ],
    ]);
  });

  test('near miss: every catalogue id is known; it cannot acknowledge itself away', () => {
    const t: any = short();
    t.Metadata = { 'cdk-cognito-scopes': { acknowledge: [{ id: 'ShortMethodScope', reason: 'r' }, { id: 'UnknownAcknowledgement', reason: 'r' }, { id: 'Nope', reason: 'r' }] } };
    const unknown = checkAll(t).filter((f) => f.ruleId === 'UnknownAcknowledgement');
    expect(unknown.map((f) => [f.message, f.acknowledged])).toEqual([
      ["The acknowledgement of 'Nope' in the template's Metadata names no cdk-cognito-scopes rule: it acknowledges nothing.", undefined],
    ]);
  });
});
