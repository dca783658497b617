// Test helper (Node): OCI clients for the registry tests, closed together at the end of a file.
import { expect } from 'vitest';
import { HttpClient, type Credentials } from '../../../../../electron/services/http/http-client.js';
import { HttpError } from '../../../../../electron/services/http/http-error.js';
import { OciRegistryClient } from '../../../../../electron/services/registry/oci/oci-client.js';

/** `allowedTokenRealms`: token services on another port that the connection allows (read when a client is made). */
export function ociClients(retries: number, allowedTokenRealms: () => readonly string[] = () => []) {
  const clients: HttpClient[] = [];
  return {
    clientFor(url: string, credentials?: Credentials): OciRegistryClient {
      const http = new HttpClient({
        baseUrl: url,
        credentials: credentials ?? null,
        proxyFromEnvironment: false,
        allowedTokenRealms: allowedTokenRealms(),
        // A realm elsewhere over plain http also needs the connection marked insecure.
        insecure: allowedTokenRealms().some((realm) => realm.startsWith('http:')),
        retry: { retries, baseDelayMs: retries > 0 ? 10 : 1, maxDelayMs: retries > 0 ? 50 : 1 },
      });
      clients.push(http);
      return new OciRegistryClient(http);
    },
    /** A client made by hand (e.g. with its own clock), closed with the others. */
    track(http: HttpClient): HttpClient {
      clients.push(http);
      return http;
    },
    closeAll: () => Promise.all(clients.map((c) => c.close())),
  };
}

/** The HttpError a promise rejects with (the test fails if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  }
  throw new Error('expected the promise to reject');
}
