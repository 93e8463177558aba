import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { sha256 } from '../bundle/bagit.js';

/** Signature and public key beside SHA256SUMS in a signed pack. */
export const SIG_FILE = 'SHA256SUMS.sig';
export const PUB_FILE = 'SHA256SUMS.pub';

export interface KeyPairFiles {
  privateKey: string;
  publicKey: string;
  fingerprint: string;
}

/**
 * Writes a new Ed25519 key pair as `<prefix>.key` (PKCS#8 PEM, mode 0600) and `<prefix>.pub`
 * (SPKI PEM). Refuses to overwrite either file: losing a signing key silently is worse than an error.
 */
export async function writeKeyPair(prefix: string): Promise<KeyPairFiles> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const priv = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const pub = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const files = { privateKey: `${prefix}.key`, publicKey: `${prefix}.pub` };
  for (const path of Object.values(files)) {
    if (existsSync(path)) throw Object.assign(new Error(`${path}: already exists`), { code: 'EEXIST', path });
  }
  await writeFile(files.privateKey, priv, { mode: 0o600, flag: 'wx' });
  await writeFile(files.publicKey, pub, { mode: 0o644, flag: 'wx' });
  return { ...files, fingerprint: fingerprint(publicKey) };
}

/** sha256 (hex) of the DER-encoded SubjectPublicKeyInfo: `openssl pkey -pubin -outform DER | sha256sum`. */
export function fingerprint(key: KeyObject): string {
  return sha256(key.export({ type: 'spki', format: 'der' }));
}

export async function loadPrivateKey(file: string): Promise<KeyObject> {
  const key = createPrivateKey(await readFile(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file}: not an Ed25519 private key (${key.asymmetricKeyType})`);
  return key;
}

export function parsePublicKey(pem: string | Buffer, file: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file}: not an Ed25519 public key (${key.asymmetricKeyType})`);
  return key;
}

/** The public half of a private key as SPKI PEM, with its fingerprint. */
export function publicKeyPem(key: KeyObject): { pem: string; fingerprint: string } {
  const pub = createPublicKey(key);
  return { pem: pub.export({ type: 'spki', format: 'pem' }) as string, fingerprint: fingerprint(pub) };
}

/** Signs the SHA256SUMS bytes (pure Ed25519); returns the signature file text (base64 + LF) and the public key PEM. */
export function signSums(sums: Buffer, key: KeyObject): { sig: string; pub: string; fingerprint: string } {
  const pub = createPublicKey(key);
  return {
    sig: `${sign(null, sums, key).toString('base64')}\n`,
    pub: pub.export({ type: 'spki', format: 'pem' }) as string,
    fingerprint: fingerprint(pub),
  };
}

/** True when `sigText` (base64) is a valid Ed25519 signature of `sums` by `pub`. */
export function verifySums(sums: Buffer, sigText: string, pub: KeyObject): boolean {
  const sig = Buffer.from(sigText.trim(), 'base64');
  if (sig.length !== 64) return false;
  return verify(null, sums, pub, sig);
}
