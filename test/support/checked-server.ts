// Test helper (Node, vitest): closes a Harbor-faithful test server after checking that nothing the
// test sent broke Harbor's contract (swagger) and that the server itself raised no error.
import { expect } from 'vitest';
import type { HarborServer } from './harbor-server/index.js';

export async function closeCheckedServer(server: HarborServer | null): Promise<void> {
  if (!server) return;
  expect(server.contractProblems).toEqual([]);
  expect(server.serverErrors).toEqual([]);
  await server.close();
}
