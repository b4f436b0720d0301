import { baseline, brief, changed, check } from './fixtures';
import { checkRedirectUrl, checkRedirectUrlCount } from '../../src/private/construct-checks';

describe('InvalidCallbackUrl', () => {
  test('plain http to a public host', () => {
    const t = changed({ Web: { Properties: { CallbackURLs: ['https://app.example.com/callback', 'http://app.example.com/cb'], DefaultRedirectURI: undefined } } });
    expect(brief(check('InvalidCallbackUrl', t))).toEqual([
      {
        ruleId: 'InvalidCallbackUrl',
        severity: 'error',
        logicalId: 'Web',
        message: `App client T/Web: ${checkRedirectUrl('http://app.example.com/cb', 'CallbackURLs[1]')}`,
      },
    ]);
    expect(checkRedirectUrl('http://app.example.com/cb', 'CallbackURLs[1]')).toMatch(/^CallbackURLs\[1\] must use HTTPS .*got 'http:\/\/app.example.com\/cb'/);
  });

  test('a fragment, a relative URL, too long, too many', () => {
    const long = 'https://app.example.com/' + 'a'.repeat(1001);
    const t = changed({ Web: { Properties: { CallbackURLs: ['https://app.example.com/#/cb', '/callback', long], DefaultRedirectURI: undefined } } });
    const messages = check('InvalidCallbackUrl', t).map((f) => f.message);
    expect(messages).toEqual([
      `App client T/Web: ${checkRedirectUrl('https://app.example.com/#/cb', 'CallbackURLs[0]')}`,
      `App client T/Web: ${checkRedirectUrl('/callback', 'CallbackURLs[1]')}`,
      `App client T/Web: ${checkRedirectUrl(long, 'CallbackURLs[2]')}`,
    ]);
    const many = Array.from({ length: 101 }, (_, i) => `https://app.example.com/cb${i}`);
    const tooMany = check('InvalidCallbackUrl', changed({ Web: { Properties: { CallbackURLs: many, DefaultRedirectURI: undefined } } }));
    expect(tooMany.map((f) => f.message)).toEqual([`App client T/Web: ${checkRedirectUrlCount(101, 'CallbackURLs')}`]);
  });

  test('near miss: https, http://localhost, 127.0.0.1, [::1], app schemes; unknown URLs', () => {
    const ok = ['https://app.example.com/cb', 'http://localhost:3000/cb', 'http://127.0.0.1/cb', 'http://[::1]:8080/cb', 'exampleapp://auth/login'];
    expect(check('InvalidCallbackUrl', changed({ Web: { Properties: { CallbackURLs: ok, DefaultRedirectURI: undefined } } }))).toEqual([]);
    const t = changed({ Web: { Properties: { CallbackURLs: [{ 'Fn::Sub': 'https://${Host}/cb' }], DefaultRedirectURI: undefined } } });
    t.Parameters = { Host: { Type: 'String' } };
    expect(check('InvalidCallbackUrl', t)).toEqual([]);
    expect(check('InvalidCallbackUrl', baseline())).toEqual([]);
  });
});

describe('InvalidLogoutUrl', () => {
  test('a logout URL with a fragment', () => {
    const t = changed({ Web: { Properties: { LogoutURLs: ['https://app.example.com/#signed-out'] } } });
    expect(brief(check('InvalidLogoutUrl', t))).toEqual([
      {
        ruleId: 'InvalidLogoutUrl',
        severity: 'error',
        logicalId: 'Web',
        message: `App client T/Web: ${checkRedirectUrl('https://app.example.com/#signed-out', 'LogoutURLs[0]')}`,
      },
    ]);
  });

  test('near miss: valid logout URLs', () => {
    expect(check('InvalidLogoutUrl', baseline())).toEqual([]);
  });
});

describe('DefaultRedirectNotInCallbacks', () => {
  test('a default redirect that is not a callback URL', () => {
    const t = changed({ Web: { Properties: { DefaultRedirectURI: 'https://app.example.com/other' } } });
    expect(brief(check('DefaultRedirectNotInCallbacks', t))).toEqual([
      {
        ruleId: 'DefaultRedirectNotInCallbacks',
        severity: 'error',
        logicalId: 'Web',
        message:
          "App client T/Web has DefaultRedirectURI 'https://app.example.com/other', which is not in CallbackURLs " +
          "('https://app.example.com/callback', 'http://localhost:3000/callback', 'exampleapp://auth/login').",
      },
    ]);
    const none = check('DefaultRedirectNotInCallbacks', changed({ Web: { Properties: { CallbackURLs: undefined } } }));
    expect(none[0].message).toBe("App client T/Web has DefaultRedirectURI 'https://app.example.com/callback', which is not in CallbackURLs (none).");
  });

  test('near miss: a listed default redirect; callback URLs not all known', () => {
    expect(check('DefaultRedirectNotInCallbacks', baseline())).toEqual([]);
    const t = changed({ Web: { Properties: { CallbackURLs: [{ Ref: 'Cb' }] } } });
    t.Parameters = { Cb: { Type: 'String' } };
    expect(check('DefaultRedirectNotInCallbacks', t)).toEqual([]);
  });
});
