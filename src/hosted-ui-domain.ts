import type * as acm from 'aws-cdk-lib/aws-certificatemanager';

/**
 * The hosted UI / OAuth 2.0 domain of the user pool.
 *
 * A domain is what serves `/oauth2/authorize` and `/oauth2/token`. Without one, no token
 * ever carries a custom scope, so methods protected with `requireScopes()` cannot be called.
 */
export class HostedUiDomain {
  /**
   * A Cognito-hosted domain: `https://<prefix>.auth.<region>.amazoncognito.com`.
   *
   * The prefix must be 1–63 characters of lowercase letters, digits and inner hyphens,
   * must not contain `aws`, `amazon` or `cognito`, and must be unique in the region.
   * It is checked when the `CognitoApiAuth` is created.
   *
   * @param prefix the domain prefix, e.g. `my-app-auth`
   */
  public static cognitoPrefix(prefix: string): HostedUiDomain {
    return new HostedUiDomain(prefix, undefined, undefined);
  }

  /**
   * A custom domain such as `auth.example.com`.
   *
   * The certificate must be in `us-east-1` (Cognito serves custom domains through CloudFront),
   * and you must point a DNS record at the domain's CloudFront distribution after deployment.
   *
   * @param domainName the fully qualified domain name, without scheme
   * @param certificate an ACM certificate in us-east-1 covering `domainName`
   */
  public static customDomain(domainName: string, certificate: acm.ICertificate): HostedUiDomain {
    return new HostedUiDomain(undefined, domainName, certificate);
  }

  /**
   * The Cognito domain prefix.
   *
   * @default - undefined for a custom domain
   */
  public readonly cognitoDomainPrefix?: string;

  /**
   * The custom domain name.
   *
   * @default - undefined for a Cognito-prefix domain
   */
  public readonly customDomainName?: string;

  /**
   * The certificate of the custom domain.
   *
   * @default - undefined for a Cognito-prefix domain
   */
  public readonly certificate?: acm.ICertificate;

  private constructor(prefix: string | undefined, domainName: string | undefined, certificate: acm.ICertificate | undefined) {
    this.cognitoDomainPrefix = prefix;
    this.customDomainName = domainName;
    this.certificate = certificate;
  }
}
