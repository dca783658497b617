// Runs in Node.
/**
 * Which certificates a connection trusts: Node's bundled roots, the operating system's bundle when one is
 * found, and a custom CA file; or nothing at all when the user explicitly switched verification off.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { badInput } from '../../../shared/errors.js';

/** Where common Linux distributions keep the system trust bundle. */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

export interface TlsSettings {
  /** PEM file with extra CA certificates (a private registry's CA). */
  caFile?: string | null;
  /** Skip certificate verification. Shown loudly wherever the connection is shown. */
  insecure?: boolean;
}

export interface ConnectOptions {
  ca?: string[];
  rejectUnauthorized: boolean;
}

function systemBundle(): string | null {
  for (const path of SYSTEM_BUNDLES) {
    if (existsSync(path)) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        // An unreadable bundle is the same as none: the bundled roots still apply.
      }
    }
  }
  return null;
}

export function connectOptions(settings: TlsSettings): ConnectOptions {
  if (settings.insecure) return { rejectUnauthorized: false };
  const ca = [...rootCertificates];
  const system = systemBundle();
  if (system) ca.push(system);
  if (settings.caFile) {
    let pem: string;
    try {
      pem = readFileSync(settings.caFile, 'utf8');
    } catch (error) {
      throw badInput(`cannot read CA file ${settings.caFile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw badInput(`CA file ${settings.caFile} holds no PEM certificate`);
    ca.push(pem);
  }
  return { ca, rejectUnauthorized: true };
}
