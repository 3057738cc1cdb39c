// cdnsign/compat/aws-cloudfront-signer: the option names and output types of
// @aws-sdk/cloudfront-signer, over cdnsign's CloudFront signer.

/** The hash algorithm used for signing. */
export type CloudfrontSignerAlgorithm = 'SHA1' | 'SHA256'

export type CloudfrontSignerCredentials = {
  /** The ID of the CloudFront key pair (public key id). */
  keyPairId: string
  /** The CloudFront private key (PEM or DER; parsed once and cached). */
  privateKey: string | Buffer
  /** The passphrase of an encrypted PKCS#8 key. */
  passphrase?: string
  /** "SHA1" (default) or "SHA256" (adds Hash-Algorithm=SHA256). */
  algorithm?: CloudfrontSignerAlgorithm
}

export type CloudfrontSignInputWithParameters = CloudfrontSignerCredentials & {
  /** The URL string to sign. */
  url: string
  /** When the URL or cookie stops working: anything the Date constructor takes (a number is milliseconds). */
  dateLessThan: string | number | Date
  /** When it starts working (custom policy). */
  dateGreaterThan?: string | number | Date
  /** An IPv4 address or CIDR to restrict access to (custom policy). */
  ipAddress?: string
  policy?: never
}

export type CloudfrontSignInputWithPolicy = CloudfrontSignerCredentials & {
  /** The URL to sign; optional with a policy (then taken from its first resource). */
  url?: string
  /** The JSON policy, signed exactly as given. */
  policy: string
  dateLessThan?: never
  dateGreaterThan?: never
  ipAddress?: never
}

export type CloudfrontSignInput = CloudfrontSignInputWithParameters | CloudfrontSignInputWithPolicy

export interface CloudfrontSignedCookiesOutput {
  'CloudFront-Key-Pair-Id': string
  'CloudFront-Signature': string
  'CloudFront-Expires'?: number
  'CloudFront-Policy'?: string
  'CloudFront-Hash-Algorithm'?: string
}

/** Creates a signed URL string using a canned or custom policy. */
export declare function getSignedUrl(input: CloudfrontSignInput): string

/** Creates signed cookies using a canned or custom policy. */
export declare function getSignedCookies(input: CloudfrontSignInput): CloudfrontSignedCookiesOutput
