import 'reflect-metadata';
import { createPrivateKey, sign, webcrypto, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import * as x509 from '@peculiar/x509';

/** OID Apple puts on the App Store signing leaf; the verifier requires it. */
const LEAF_OID = '1.2.840.113635.100.6.11.1';
/** OID Apple puts on its WWDR intermediate; the verifier requires it. */
const INTERMEDIATE_OID = '1.2.840.113635.100.6.2.1';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DER_NULL = new Uint8Array([5, 0]);
const DAY = 86_400_000;

/** Fields of a test transaction; those left out get defaults of a consumable bought now. */
export interface TestTransaction {
  transactionId: string;
  productId: string;
  bundleId: string;
  environment?: 'Sandbox' | 'Production';
  quantity?: number;
  revocationDate?: number;
  [field: string]: unknown;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * Signs App Store data the way Apple does, for tests and the local journey only: a root CA, an
 * intermediate and a leaf (P-256, with the OIDs Apple's verifier checks), and ES256 JWS with the
 * x5c chain. Configure `rootCertificate` as the deployment's only Apple root and the real
 * `SignedDataVerifier` accepts what this signs. Never part of a deployment.
 */
export class AppleTestSigner {
  private constructor(
    private readonly chain: string[],
    private readonly key: KeyObject,
  ) {}

  /** Base64 DER of the test root; put it in `AppleSettings.rootCertificates`. */
  get rootCertificate(): string {
    return this.chain[2]!;
  }

  /** Makes a fresh root, intermediate and leaf. */
  static async create(name = 'Kumo Test'): Promise<AppleTestSigner> {
    x509.cryptoProvider.set(webcrypto as never);
    const keys = () => webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
    const [rootKeys, intermediateKeys, leafKeys] = await Promise.all([keys(), keys(), keys()]);
    const validity = { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 3650 * DAY), signingAlgorithm: ALGORITHM };
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      ...validity,
      serialNumber: '01',
      name: `CN=${name} Root CA`,
      keys: rootKeys,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
    });
    const intermediate = await x509.X509CertificateGenerator.create({
      ...validity,
      serialNumber: '02',
      subject: `CN=${name} Intermediate CA`,
      issuer: root.subject,
      publicKey: intermediateKeys.publicKey,
      signingKey: rootKeys.privateKey,
      extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.Extension(INTERMEDIATE_OID, false, DER_NULL)],
    });
    const leaf = await x509.X509CertificateGenerator.create({
      ...validity,
      serialNumber: '03',
      subject: `CN=${name} App Store Signing`,
      issuer: intermediate.subject,
      publicKey: leafKeys.publicKey,
      signingKey: intermediateKeys.privateKey,
      extensions: [new x509.BasicConstraintsExtension(false), new x509.Extension(LEAF_OID, false, DER_NULL)],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey));
    const chain = [leaf, intermediate, root].map((cert) => Buffer.from(cert.rawData).toString('base64'));
    return new AppleTestSigner(chain, createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
  }

  /**
   * The signer kept in `file` (a JSON with the chain and the leaf's key), made and saved there if
   * the file does not exist, so a local server and a script that signs transactions share it.
   */
  static async shared(file: string): Promise<AppleTestSigner> {
    const saved = await readFile(file, 'utf8').then((text) => JSON.parse(text) as { chain: string[]; key: string }, () => undefined);
    if (saved) return new AppleTestSigner(saved.chain, createPrivateKey({ key: Buffer.from(saved.key, 'base64'), format: 'der', type: 'pkcs8' }));
    const signer = await AppleTestSigner.create();
    const key = signer.key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    await writeFile(file, JSON.stringify({ chain: signer.chain, key }), { mode: 0o600 });
    return signer;
  }

  /** A StoreKit 2 signed transaction (JWSTransaction) of a consumable. */
  transaction(fields: TestTransaction): string {
    const now = Date.now();
    return this.sign({
      originalTransactionId: fields.transactionId,
      purchaseDate: now,
      originalPurchaseDate: now,
      quantity: 1,
      type: 'Consumable',
      inAppOwnershipType: 'PURCHASED',
      environment: 'Sandbox',
      storefront: 'JPN',
      currency: 'JPY',
      signedDate: now,
      ...fields,
    });
  }

  /** An App Store Server Notification V2 `signedPayload` about a signed transaction. */
  notification(notificationType: string, signedTransactionInfo: string, app: { bundleId: string; environment?: 'Sandbox' | 'Production'; appAppleId?: number }): string {
    return this.sign({
      notificationType,
      notificationUUID: webcrypto.randomUUID(),
      version: '2.0',
      signedDate: Date.now(),
      data: { bundleId: app.bundleId, environment: app.environment ?? 'Sandbox', appAppleId: app.appAppleId, signedTransactionInfo },
    });
  }

  /** ES256 JWS of `payload` with the x5c chain in the header. */
  private sign(payload: Record<string, unknown>): string {
    const input = `${base64url(JSON.stringify({ alg: 'ES256', x5c: this.chain }))}.${base64url(JSON.stringify(payload))}`;
    return `${input}.${base64url(sign('sha256', Buffer.from(input), { key: this.key, dsaEncoding: 'ieee-p1363' }))}`;
  }
}
